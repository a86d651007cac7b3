"""Cross-references in a line of text: the parser of core/drafting/pointers.py.

Kept as the validate rules' import point; the grammar itself (and the renderer
that assembly uses) lives in core/drafting/pointers.py, so what tokki writes is
what it reads. Resolution against the document is in refcheck.py.
"""
from ..drafting.pointers import (AFTER_ITEM, CITATION, LAW_SUFFIX, LIST_JOIN, POINTER,  # noqa: F401
                                 RANGE_FROM, RANGE_TO, SAME_BARE, Pointer, find,
                                 instrument_before, is_external_context)

__all__ = ["Pointer", "find", "is_external_context", "instrument_before", "POINTER"]
