"""tokki-odf inside LibreOffice: the thin layer between Writer and the engine.

Why this package name: LibreOffice appends every extension's pythonpath/ to one
shared sys.path (and on Linux the system Python's site-packages come first), so
a top-level `tokki_odf` could be shadowed by, or shadow, a pip-installed
tokki-odf of another version or another extension's module of the same name.
Everything of the extension therefore lives under `org_tokki_odf` (the
extension identifier org.tokki.odf), and the engine is packaged as the
sub-package `org_tokki_odf.tokki_odf`, a copy of src/tokki_odf made by
`python3 build.py oxt` (its imports are all relative, so the copy works under
any parent name). core.py is the only module that names the engine.

Modules, and whether they need LibreOffice (`uno`):
    urls, i18n, form, core, store  pure Python (tested without LibreOffice)
    log                            standard library; finds the profile via uno
    unoutil, document, dialog, results, commands   UNO side
"""
