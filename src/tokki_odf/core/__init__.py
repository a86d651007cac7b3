"""The pure engine: standard library only, no I/O, Python 3.8 syntax.

Everything here ships in the LibreOffice extension (tools/oxt.py copies this
folder as a whole). Rule, checked by tests/test_layout.py: nothing in core/
imports anything outside core/, tokki_odf.errors, the package's __version__ and
the standard library.

    drafting/   the Japanese drafting grammar: numerals, labels, pointers
    odf/        ElementTree over a flat ODF document: namespaces, tree, text, lists,
                styles (the style-chain walk), document (FlatDocument: body, meta, tokki:*)
    template/   conditions, the one template reader, the template model
    assembly/   answers, assemble (delete unchosen, fill, number, render references)
    validate/   rules over the paragraphs of any contract
    findings.py one Finding / Report type
    lint.py     template checks; compliance.py the 別紙2 report
"""
