"""tokki-odf: assemble and check 個人情報特記事項 (personal-information special provisions).

Layering (see docs/architecture.md):
- functional core, standard library only, no I/O: numerals, conditions, template,
  answers, assemble, numbering, references, validate rules;
- adapters: odf (package reading/writing), office (UNO / soffice), batch;
- entry points: cli, and the LibreOffice extension in extension/.
"""

__version__ = "0.1.0"
