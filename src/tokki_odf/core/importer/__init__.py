"""`tokki import`: a municipality's own ひな型 (its paragraph texts) -> a tokki template.

Pure (standard library, no I/O): api.import_template reads the file and writes
the result. See docs/template-format.md, "Importing a ひな型".
"""
from .convert import import_paragraphs, norm, ImportError_  # noqa: F401
