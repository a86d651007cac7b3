"""Checks on every output before it counts as made.

- ODT: the written bytes reopened with the safe ODF reader, then validated with
  tokki validate's rules (`validate_flat`); a validation *error* fails the row.
- PDF: a complete PDF (header, end marker), page count, and no author or other
  personal metadata (Info dictionary and XMP).
- DOCX: a complete Word package whose core properties name nobody.

Pure functions on bytes/paths; no LibreOffice needed.
"""
import hashlib
import io
import re
import zipfile

from ..errors import TokkiError
from ..io.safe import parse_xml


class OutputError(TokkiError):
    """An output that must not be delivered (broken, or carries personal data)."""


# -- validation (issue 3) ---------------------------------------------------------------

def validator():
    """tokki validate's checker as flat document tree -> Report (the rules `tokki validate`
    runs on a file, minus reading it), or None when it is not in this build. The one place
    to change if its API moves."""
    try:
        from ..core.validate import validate
        from ..io.contract import extract
        from ..io.recognition import bundled_recognition
    except ImportError:
        return None

    def check(flat, answers=None):
        paragraphs, meta = extract(flat, answers)
        return validate(paragraphs, meta, bundled_recognition())
    return check


def validate_flat(flat, answers=None):
    """-> (available, findings as dicts). Findings with severity "error" fail the row.

    flat should be the written bytes read back (reopen_odt), so that what is checked is
    what is delivered. available is False when no validator is installed: the caller
    records the document as not validated; it never counts as a pass."""
    check = validator()
    if check is None:
        return False, []
    return True, [f.to_dict() for f in check(flat, answers).findings]


def errors_of(findings):
    return [f for f in findings if f.get("severity") == "error"]


# -- ODT ----------------------------------------------------------------------------------

def reopen_odt(data, where):
    """The ODT bytes read back with the safe reader (zip + XML) -> flat tree."""
    from ..io.package import flat_from_bytes
    try:
        return flat_from_bytes(data, where)
    except TokkiError as exc:
        raise OutputError("the ODT does not reopen: %s" % exc) from None


# -- the fast path used by the batch (issue 16) ---------------------------------------

# What ElementTree writes as is but an XML reader would refuse (characters XML 1.0
# cannot hold) or read back differently (a CR in text becomes LF): if none of these is
# in the serialised parts, reading the bytes back gives the tree that was serialised.
# (ElementTree escapes &, <, > and, in attributes, quotes, tab, CR and LF itself.)
_NOT_ROUND_TRIP = bytes(range(0x00, 0x09)) + b"\x0b\x0c\x0d" + bytes(range(0x0e, 0x20))
_ALL_BUT = bytes(b for b in range(256) if b not in _NOT_ROUND_TRIP)
_NONCHARS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")      # U+FFFE, U+FFFF in UTF-8


def round_trips(data):
    """True when every XML part of the ODT bytes reads back as what was written (see
    _NOT_ROUND_TRIP). Checks the bytes, not the tree: inflating is cheap, parsing is not."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return all(_part_round_trips(zf.read(name)) for name in zf.namelist()
                       if name.endswith(".xml"))
    except zipfile.BadZipFile:
        return False


def _part_round_trips(part):
    # bytes.translate deleting every allowed byte leaves only the bad ones
    return not part.translate(None, _ALL_BUT) and not any(n in part for n in _NONCHARS)


def checked_odt(flat, where, serialise, full=False, answers=None, compress=True):
    """-> (bytes, validated, findings) for an assembled document tree.

    The tree in memory is validated, then serialised with serialise (io.package.odt_bytes:
    deterministic, fixed timestamps): the bytes delivered are by construction the
    serialisation of the tree that was checked (validation does not change the tree; a
    test holds it to that), and round_trips() shows that reading them back gives that
    tree. So re-parsing them would check the same thing again: it is skipped, except with
    full=True (the batch does it for its first document and compares the findings), which
    reopens the bytes and validates what was read. compress=False: a package only the
    conversion reads (io.package.odt_package)."""
    validated, findings = validate_flat(flat, answers)
    from ..io import package
    if serialise is package.odt_bytes:
        # the members as zipped (deflate is lossless): no need to inflate them again
        data, members = package.odt_package(flat, compress=compress)
        ok = all(_part_round_trips(part) for name, part in members.items()
                 if name.endswith(".xml"))
    else:
        data = serialise(flat)            # (a writer of its own: compress does not apply)
        ok = round_trips(data)
    if not ok:
        raise OutputError("the ODT would not read back as written (a character XML "
                          "cannot hold)")
    if full:
        again_ok, again = validate_flat(reopen_odt(data, where), answers)
        if again_ok != validated or again != findings:
            raise OutputError("internal check: validating the reopened ODT gave other "
                              "findings than validating it before writing")
    return data, validated, findings


# -- PDF ----------------------------------------------------------------------------------

_AUTHOR_OR_PAGE = re.compile(rb"/(?:Author\s*[(<]|Type\s*/Page(?![a-zA-Z]))")
_XMP_PERSON = re.compile(rb"<(?:dc:creator|pdf:Author)\b")


def check_pdf(path):
    """-> number of pages. Raises OutputError for a truncated PDF or personal metadata."""
    with open(path, "rb") as fh:
        return pdf_pages(fh.read())


def pdf_pages(data):
    """check_pdf on the bytes already read."""
    if not data.startswith(b"%PDF-"):
        raise OutputError("not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-1024:]:
        raise OutputError("the PDF is incomplete (no %%EOF at the end)")
    # one pass over the file for both (issue 16): a PDF is ~150 KB of fonts
    marks = _AUTHOR_OR_PAGE.findall(data)
    if any(m.startswith(b"/A") for m in marks):
        raise OutputError("the PDF names an author in its metadata")
    start = data.find(b"<x:xmpmeta")
    end = data.find(b"</x:xmpmeta>", start) if start >= 0 else -1
    if end >= 0 and _XMP_PERSON.search(data, start, end):
        raise OutputError("the PDF's XMP metadata names a creator")
    pages = len(marks)
    if pages < 1:
        raise OutputError("the PDF has no pages")
    return pages


def is_pdfa(path):
    """'2B' etc. when the PDF declares PDF/A conformance in its XMP, else None."""
    with open(path, "rb") as fh:
        data = fh.read()
    part = re.search(rb"pdfaid:part\s*=\s*\"(\d)\"|<pdfaid:part>(\d)</pdfaid:part>", data)
    conf = re.search(rb"pdfaid:conformance\s*=\s*\"(\w)\"|<pdfaid:conformance>(\w)<", data)
    if not part:
        return None
    p = (part.group(1) or part.group(2)).decode()
    c = (conf.group(1) or conf.group(2)).decode() if conf else ""
    return p + c.upper()


# -- DOCX ---------------------------------------------------------------------------------

_DC = "{http://purl.org/dc/elements/1.1/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"


def check_docx(path):
    """path: a file name or a binary file object. Raises OutputError."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise OutputError("the DOCX has no word/document.xml")
            if zf.testzip() is not None:
                raise OutputError("the DOCX package is damaged")
            if "docProps/core.xml" in names:
                core = parse_xml(zf.read("docProps/core.xml"), "docProps/core.xml")
                for tag in (_DC + "creator", _CP + "lastModifiedBy"):
                    el = core.find(tag)
                    if el is not None and (el.text or "").strip():
                        raise OutputError("the DOCX names a person in %s: %r"
                                          % (tag.split("}")[1], el.text))
    except zipfile.BadZipFile:
        raise OutputError("the DOCX is not a complete zip package") from None


def check_output(fmt, path):
    """-> facts to record: sha256 and bytes of the file (read once, here on the checks'
    thread rather than again by the batch's main thread), pages for PDF. Raises
    OutputError."""
    with open(path, "rb") as fh:
        data = fh.read()
    facts = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    if fmt == "pdf":
        facts["pages"] = pdf_pages(data)
    elif fmt == "docx":
        check_docx(io.BytesIO(data))
    return facts
