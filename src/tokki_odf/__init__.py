"""tokki-odf: assemble and check 個人情報特記事項 (personal-information special provisions).

Layers, one folder each (docs/architecture.md; tests/test_layout.py checks the rules):
- core/   the pure engine, standard library only, no I/O (ships whole in the .oxt):
          drafting/ (numerals, pointers), odf/ (tree, text, lists, styles, FlatDocument),
          template/ (conditions, the one reader, the model), assembly/ (answers, assemble),
          validate/ (contract rules), findings (one Finding), lint (check-template),
          compliance (the 別紙2 report);
- io/     files and hostile input: safe reading, packages, contracts (.docx), scrub;
- office/ LibreOffice (soffice, the one OfficeSession launcher); batch/ many contracts;
- api     the facade every face uses: cli/ (the `tokki` commands) and the LibreOffice
          extension (extension/pythonpath/org_tokki_odf);
- errors  TokkiError (exit 2) with the answer key and place; templates/ (package data).
"""

__version__ = "0.1.0"
