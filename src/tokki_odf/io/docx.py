"""What a .docx carries besides its text, read from the DOCX itself (no conversion).

LibreOffice converts .docx for validate with a profile that removes personal
information, so after conversion the Word author is gone and comment/change
authors read 「Author1」. This module reads the package directly, before any
conversion (the same safe zip and XML checks as every input):

    docProps/core.xml   dc:creator (作成者), cp:lastModifiedBy (最終更新者)
    docProps/app.xml    Company, Manager
    docProps/custom.xml user-defined properties
    word/comments.xml   comment authors, dates and texts
    word/document.xml   w:ins / w:del authors, dates and (deleted) texts
    word/settings.xml   w:trackRevisions (recording of changes switched on)

read_metadata(path) returns the validate metadata dict (see
core/validate/metadata.py); merge(converted, own) keeps the positions found in
the converted document and takes names and texts from the DOCX.
"""
import xml.etree.ElementTree as ET

from .package import read_bytes
from .safe import SafeZip, parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W,
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/",
      "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
      "cup": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"}
# DOCX fields under the names validate already knows for ODF (same meaning).
CORE_FIELDS = (("dc:creator", "meta:initial-creator"), ("cp:lastModifiedBy", "dc:creator"))
APP_FIELDS = ("Company", "Manager")


def _w(name):
    return "{%s}%s" % (W, name)


def _text(el):
    out = []
    for node in el.iter():
        if node.tag in (_w("t"), _w("delText")) and node.text:
            out.append(node.text)
    return "".join(out)


def _part(z, name, where):
    if not z.has(name):
        return None
    return parse_xml(z.read(name), "%s:%s" % (where, name))


def read_metadata(path: str) -> dict:
    z = SafeZip(read_bytes(path), path)
    meta = {"authors": [], "user_defined": [], "annotations": [], "tracked_changes": [],
            "track_changes_on": False, "hidden": []}
    core = _part(z, "docProps/core.xml", path)
    if core is not None:
        for field, as_field in CORE_FIELDS:
            el = core.find(field, NS)
            if el is not None and (el.text or "").strip():
                meta["authors"].append({"field": as_field, "value": el.text.strip(),
                                        "source": "docx:" + field})
    app = _part(z, "docProps/app.xml", path)
    if app is not None:
        for field in APP_FIELDS:
            el = app.find("ep:" + field, NS)
            if el is not None and (el.text or "").strip():
                meta["authors"].append({"field": "app:" + field, "value": el.text.strip(),
                                        "source": "docx:app:" + field})
    custom = _part(z, "docProps/custom.xml", path)
    if custom is not None:
        for prop in custom.findall("cup:property", NS):
            meta["user_defined"].append({"name": prop.get("name") or "",
                                         "value": "".join(prop.itertext()).strip()})
    comments = _part(z, "word/comments.xml", path)
    if comments is not None:
        for c in comments.findall("w:comment", NS):
            meta["annotations"].append({"author": c.get(_w("author")) or "",
                                        "date": c.get(_w("date")) or "",
                                        "text": "\n".join(_text(p) for p in c.iter(_w("p"))),
                                        "index": None})
    document = _part(z, "word/document.xml", path)
    if document is not None:
        for el in document.iter():
            if el.tag in (_w("ins"), _w("del")):
                meta["tracked_changes"].append(
                    {"kind": "insertion" if el.tag == _w("ins") else "deletion",
                     "author": el.get(_w("author")) or "", "date": el.get(_w("date")) or "",
                     "text": _text(el) if el.tag == _w("del") else "", "index": None})
    settings = _part(z, "word/settings.xml", path)
    if settings is not None and settings.find("w:trackRevisions", NS) is not None:
        value = settings.find("w:trackRevisions", NS).get(_w("val"), "true")
        meta["track_changes_on"] = value not in ("false", "0", "off")
    return meta


def merge(converted: dict, own: dict) -> dict:
    """The converted document's metadata with the names and texts of the DOCX itself.

    Authors, Company/Manager and custom properties come from the DOCX (the
    conversion strips them); comments and changes keep the positions found in
    the converted document, in order, and take their authors from the DOCX.
    """
    out = dict(converted)
    out["authors"] = own["authors"]
    # LibreOffice turns app.xml's Company/Manager into user-defined properties: they are
    # reported once, from app.xml, as authors.
    out["user_defined"] = own["user_defined"] or [
        u for u in converted.get("user_defined", []) if u.get("name") not in APP_FIELDS]
    out["annotations"] = _zip_records(converted.get("annotations", []), own["annotations"])
    out["tracked_changes"] = _zip_records(converted.get("tracked_changes", []),
                                          own["tracked_changes"])
    out["track_changes_on"] = own["track_changes_on"] or converted.get("track_changes_on",
                                                                       False)
    return out


def _zip_records(converted, own):
    out = []
    for i, record in enumerate(own):
        merged = dict(record)
        if i < len(converted):
            merged["index"] = converted[i].get("index")
            if not merged.get("text"):
                merged["text"] = converted[i].get("text", "")
        out.append(merged)
    if not own:
        out = list(converted)
    return out


__all__ = ["read_metadata", "merge", "ET"]
