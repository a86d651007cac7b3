"""Office adapter: finding LibreOffice, one-shot conversions, and a UNO session.

Nothing here imports `uno` at import time; only OfficeSession.start() does.
"""
from .soffice import MIN_VERSION, convert, find_soffice, office_version, require_office
from .session import OfficeSession

__all__ = ["MIN_VERSION", "OfficeSession", "convert", "find_soffice", "office_version",
           "require_office"]
