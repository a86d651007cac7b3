"""Adapter: a document file -> the validate core's input (paragraphs, metadata).

.odt/.ott/.fodt are read with the safe ODF reader (odf.package.load_flat):
size, zip-bomb, path and DTD checks happen there. .docx is first checked the
same way (it is a zip of XML too) and then converted to .odt by headless
LibreOffice in a temporary folder; without LibreOffice that is a clear error.

Paragraph texts are what a reader sees: hidden text, hidden paragraphs and
hidden sections are left out of them and listed in the metadata instead
(with the position where they sit), as are comments and tracked changes.
"""
import json
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile

from ..errors import TokkiError, UnsafeDocument
from ..core.odf.namespaces import clark, q, P, H, SECTION, S, TAB, LINE_BREAK, ANNOTATION
from .package import load_flat, read_bytes
from .safe import SafeZip, nesting_guard, parse_xml
from ..core.odf import lists, active
from ..core.odf.document import FlatDocument
from ..core.odf.styles import Styles

DOCX_MIMETYPE_PART = "[Content_Types].xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"   # Compound File: encrypted OOXML, or an old .doc

_DISPLAY = q("text:display")
_STYLE_NAME = q("text:style-name")
_IS_HIDDEN = q("text:is-hidden")
_LIST, _LIST_ITEMS = q("text:list"), (q("text:list-item"), q("text:list-header"))
_HIDDEN_PARAGRAPH, _HIDDEN_TEXT = q("text:hidden-paragraph"), q("text:hidden-text")
_NOT_BODY = {q("text:tracked-changes"), q("text:sequence-decls"), q("text:variable-decls"),
             q("text:user-field-decls"), q("office:forms"), q("text:user-index-source"),
             q("text:table-of-content-source"), q("text:alphabetical-index-source")}
# Inline elements whose content is not running text of the paragraph.
_INLINE_SKIP = {q("text:note"), q("draw:frame"), q("draw:a"), q("text:bookmark"),
                q("text:bookmark-start"), q("text:bookmark-end"), q("text:reference-mark"),
                q("text:reference-mark-start"), q("text:reference-mark-end"),
                q("office:annotation-end"), q("text:soft-page-break"), q("text:change-end"),
                q("loext:list-item"), q("text:ruby-text")}
_CHANGE_MARKS = {q("text:change"), q("text:change-start")}
# Word's docProps/app.xml values that LibreOffice turns into user-defined properties:
# facts about the software, never about a person.
OOXML_TECHNICAL_PROPERTIES = {"AppVersion", "DocSecurity", "HyperlinksChanged",
                              "LinksUpToDate", "ScaleCrop", "ShareDoc"}


def read_document(path: str, mask=False):
    """(paragraphs, metadata) of .odt/.ott/.fodt/.docx/.txt; TokkiError if unreadable."""
    if path.lower().endswith(".txt"):
        return read_text(path), {}
    flat = load_document(path)
    with nesting_guard(path):
        paragraphs, meta = extract(flat, mask=mask)
    if path.lower().endswith((".docx", ".docm", ".dotx")):
        from .docx import merge, read_metadata
        meta = merge(meta, read_metadata(path))   # before conversion stripped it
    else:
        meta["versions"] = stored_versions(path)
    return paragraphs, meta


# -- what is not running text of the body (F9, F10) ---------------------------------

_UNSEEN_PLACES = {q("text:note-body"): None, q("draw:text-box"): "frame",
                  q("style:header"): "header", q("style:footer"): "footer",
                  q("style:header-left"): "header", q("style:footer-left"): "footer",
                  q("style:header-first"): "header", q("style:footer-first"): "footer"}


def unseen_places(flat):
    """-> (texts, annotations) of footnotes, endnotes, text frames, headers and footers:
    the body reader leaves them out of the paragraphs, validate still checks them."""
    texts, notes, seen = [], [], set()
    parents = {c: p for p in flat.iter() for c in p}
    for el in flat.iter():
        if el.tag not in _UNSEEN_PLACES:
            continue
        place = _UNSEEN_PLACES[el.tag]
        if place is None:
            note = parents.get(el)
            place = "endnote" if note is not None and \
                note.get(q("text:note-class")) == "endnote" else "footnote"
        for ann in el.iter(ANNOTATION):
            if id(ann) not in seen:
                seen.add(id(ann))
                record = _annotation(ann)
                record["place"] = place
                notes.append(record)
        for p in el.iter():
            if p.tag in (P, H):
                text = "".join(_text_without_annotations(p))
                if text.strip():
                    texts.append({"place": place, "text": text})
    return texts, notes


def _text_without_annotations(el):
    if el.text:
        yield el.text
    for child in el:
        if child.tag not in (ANNOTATION, q("text:note"), q("draw:frame")):
            for t in _text_without_annotations(child):
                yield t
        if child.tail:
            yield child.tail


def stored_versions(path):
    """Stored versions of an .odt (VersionList.xml, Versions/*): [{author, comment, date}]."""
    try:
        data = read_bytes(path)
    except TokkiError:
        return []
    if data[:2] != b"PK":
        return []
    z = SafeZip(data, path)
    names = z.names()
    out = []
    if "VersionList.xml" in names:
        root = parse_xml(z.read("VersionList.xml"), path + ":VersionList.xml")
        vl = "{http://openoffice.org/2001/versions-list}"
        for entry in root.iter(vl + "version-entry"):
            out.append({"author": entry.get(q("dc:creator")) or "",
                        "comment": entry.get(vl + "comment") or "",
                        "date": entry.get(q("dc:date-time")) or ""})
    extra = [n for n in names if n.startswith("Versions/") and not n.endswith("/")]
    if len(extra) > len(out):
        out.extend({"author": "", "comment": "", "date": ""} for _ in extra[len(out):])
    return out


def load_document(path: str) -> ET.Element:
    """Flat office:document tree of .odt/.ott/.fodt/.docx; TokkiError if unreadable."""
    lower = path.lower()
    try:
        with nesting_guard(path):
            if lower.endswith((".docx", ".docm", ".dotx")):
                return _load_docx(path)
            return load_flat(path)
    except (MemoryError, ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        if isinstance(exc, TokkiError):
            raise
        raise TokkiError("%s: cannot be read (%s)" % (path, exc)) from None


# -- .txt (text pasted from a PDF or a web page) ---------------------------------

def read_text(path):
    """One paragraph per line of a UTF-8 (BOM allowed) or CP932 text file."""
    data = read_bytes(path)
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TokkiError("%s: a text file, but neither UTF-8 nor CP932 (Shift_JIS); save it "
                         "as UTF-8" % path)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# -- .docx ---------------------------------------------------------------------

def _load_docx(path):
    data = read_bytes(path)
    if data[:4] == OLE_MAGIC:
        raise UnsafeDocument("%s: password-protected (encrypted) Word file, or an old .doc "
                             "renamed; save it as .docx without a password first" % path)
    z = SafeZip(data, path)   # size, bomb, ../ and zip-encryption checks
    if not z.has(DOCX_MIMETYPE_PART) or not z.has("word/document.xml"):
        raise TokkiError("%s: a zip file, but not a Word document (no word/document.xml)"
                         % path)
    for name in z.names():   # LibreOffice must never see a DTD either
        if name.endswith((".xml", ".rels")):
            parse_xml(z.read(name), "%s:%s" % (path, name))
    from ..office.soffice import convert, require_office
    require_office("reading .docx files (they are converted to .odt first)")
    work = tempfile.mkdtemp(prefix="tokki-validate-")
    try:
        odt = os.path.join(work, "converted.odt")
        convert(path, odt, "odt", timeout=120)
        return load_flat(odt)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- ODF -----------------------------------------------------------------------

def hidden_styles(flat: ET.Element) -> set:
    """Names of styles whose characters are hidden (text:display="none"), with inheritance."""
    styles = Styles(flat)
    own = {}
    for name, style in styles.all:
        props = style.find(clark("style:text-properties"))
        if props is not None and props.get(_DISPLAY):
            own[name] = props.get(_DISPLAY) in ("none", "condition")
    return {name for name in styles.parents if styles.first(name, own.get)}


class _Reader:
    def __init__(self, flat):
        self.hidden_styles = hidden_styles(flat)
        self.labels = lists.ListLabels(flat)
        self.paragraphs = []
        self.meta = {"authors": [], "user_defined": [], "annotations": [],
                     "tracked_changes": [], "track_changes_on": False, "hidden": []}
        self.change_at = {}

    def here(self):
        """Index of the last visible paragraph (where hidden things sit)."""
        return max(len(self.paragraphs) - 1, 0)

    # block level
    def block(self, container, section=None):
        for child in container:
            tag = child.tag
            if tag in (P, H):
                self.paragraph(child, section)
            elif tag == SECTION:
                display = child.get(_DISPLAY)
                if section is None and display in ("none", "condition"):
                    record = {"kind": "section", "name": child.get(q("text:name")) or "",
                              "index": self.here(), "text": ""}
                    self.meta["hidden"].append(record)
                    self.block(child, record)
                else:
                    self.block(child, section)
            elif tag == _LIST:
                self.labels.enter_list(child)
                self.block(child, section)
                self.labels.leave_list(child)
            elif tag in _LIST_ITEMS:
                self.labels.enter_item(child)
                self.block(child, section)
            elif tag in _NOT_BODY or tag == ANNOTATION:
                continue
            else:
                self.block(child, section)

    def paragraph(self, p, section):
        if section is None and not len(p) and p.get(_STYLE_NAME) not in self.hidden_styles:
            # text only, nothing hidden: what the general path below gives (most
            # paragraphs of an assembled document; issue 16)
            self.paragraphs.append(self.labels.label_for(p) + (p.text or ""))
            return
        out, hidden = [], []
        state = {"hidden_paragraph": False, "annotations": [], "changes": []}
        style_hidden = p.get(_STYLE_NAME) in self.hidden_styles
        self.inline(p, out, hidden, style_hidden, state)
        label = self.labels.label_for(p)
        text = label + "".join(out)
        if section is not None or style_hidden or state["hidden_paragraph"]:
            full = label + "".join(out) + "".join(hidden)
            if section is not None:
                section["text"] += ("\n" if section["text"] else "") + full
            elif full.strip():
                self.meta["hidden"].append({"kind": "paragraph", "text": full,
                                            "index": self.here()})
            index = self.here()
        else:
            self.paragraphs.append(text)
            index = len(self.paragraphs) - 1
            if "".join(hidden).strip():
                self.meta["hidden"].append({"kind": "text", "text": "".join(hidden),
                                            "index": index})
        for record in state["annotations"]:
            record["index"] = index
            self.meta["annotations"].append(record)
        for change_id in state["changes"]:
            self.change_at.setdefault(change_id, index)

    def inline(self, el, out, hidden_out, hidden, state):
        if el.text:
            (hidden_out if hidden else out).append(el.text)
        for child in el:
            tag = child.tag
            sink = hidden_out if hidden else out
            if tag == S:
                sink.append(" " * int(child.get(q("text:c"), "1") or 1))
            elif tag == TAB:
                sink.append("\t")
            elif tag == LINE_BREAK:
                sink.append("\n")
            elif tag == ANNOTATION:
                state["annotations"].append(_annotation(child))
            elif tag in _CHANGE_MARKS:
                state["changes"].append(child.get(q("text:change-id")))
            elif tag == _HIDDEN_PARAGRAPH:
                if child.get(_IS_HIDDEN) == "true":
                    state["hidden_paragraph"] = True
            elif tag == _HIDDEN_TEXT:
                value = child.get(q("text:string-value")) or "".join(child.itertext())
                if child.get(_IS_HIDDEN) == "true" or hidden:
                    hidden_out.append(value)
                else:
                    out.append(value)
            elif tag in _INLINE_SKIP:
                pass
            else:
                self.inline(child, out, hidden_out,
                            hidden or child.get(_STYLE_NAME) in self.hidden_styles, state)
            if child.tail:
                (hidden_out if hidden else out).append(child.tail)

    def tracked_changes(self, body):
        tracked = body.find(clark("text:tracked-changes"))
        if body.get(q("text:track-changes")) == "true":
            self.meta["track_changes_on"] = True
        if tracked is None:
            return
        for region in tracked.findall(clark("text:changed-region")):
            rid = region.get(q("text:id")) or region.get("{http://www.w3.org/XML/1998/namespace}id")
            for change in region:
                kind = change.tag.split("}")[-1]
                info = change.find(clark("office:change-info"))
                author = date = ""
                if info is not None:
                    author = (info.findtext(clark("dc:creator"), "") or "").strip()
                    date = (info.findtext(clark("dc:date"), "") or "").strip()
                text = ""
                if kind == "deletion":
                    text = "\n".join(_plain(p) for p in change.iter()
                                     if p.tag in (P, H))
                self.meta["tracked_changes"].append(
                    {"kind": kind, "author": author, "date": date, "text": text,
                     "index": self.change_at.get(rid)})

    def metadata(self, flat):
        meta = flat.find(clark("office:meta"))
        if meta is None:
            return
        for field in ("meta:initial-creator", "dc:creator", "meta:printed-by"):
            for el in meta.findall(clark(field)):
                if (el.text or "").strip():
                    self.meta["authors"].append({"field": field, "value": el.text.strip()})
        template = meta.find(clark("meta:template"))
        if template is not None:
            href = template.get(q("xlink:href")) or ""
            if href:
                self.meta["authors"].append({"field": "meta:template", "value": href})
        for el in meta.findall(clark("meta:user-defined")):
            if el.get(q("meta:name")) in OOXML_TECHNICAL_PROPERTIES:
                continue
            self.meta["user_defined"].append({"name": el.get(q("meta:name")) or "",
                                              "value": el.text or ""})


def _plain(el):
    return "".join(el.itertext())


def _annotation(el):
    author = (el.findtext(clark("dc:creator"), "") or "").strip()
    date = (el.findtext(clark("dc:date"), "") or "").strip()
    text = "\n".join(_plain(p) for p in el.findall(clark(".//text:p")))
    return {"author": author, "date": date, "text": text, "index": None}


# -- text that came from the answers (F22) --------------------------------------------

_REFERENCE_LIKE = re.compile(r"[条項号]|前|次|同")
ANSWER_FILLER = "業"


def answer_texts(flat, answers=None):
    """Texts the answers put into a tokki output: the given answers (the batch knows
    them), else those recorded in an editable output (tokki:answers), else the business
    name tokki writes into the title of a final output."""
    texts = []
    if answers is None:
        meta = flat.find(clark("office:meta"))
        if meta is None or not (meta.findtext(clark("meta:generator"), "") or "").startswith(
                "tokki-odf/"):
            return []
        answers = {}
        for el in meta.findall(clark("meta:user-defined")):
            if el.get(q("meta:name")) == "tokki:answers":
                try:
                    answers = json.loads(el.text or "{}")
                except ValueError:
                    answers = {}
        title = meta.findtext(clark("dc:title"), "") or ""
        m = re.search(r"（(.+)）$", title)
        if m:
            texts.append(m.group(1))
    for value in (answers or {}).values():
        for v in (value if isinstance(value, list) else [value]):
            if isinstance(v, str):
                texts.append(v)
    return sorted({t for t in texts if len(t) >= 4 and _REFERENCE_LIKE.search(t)},
                  key=len, reverse=True)


def mask_answers(paragraphs, texts):
    """Reference-like wording inside an answer (「第25条第3項各号に定める業務」 as a business
    name) is not a reference of the contract: the reference rules must not read it."""
    if not texts:
        return paragraphs
    out = []
    for p in paragraphs:
        for t in texts:
            if t in p:
                p = p.replace(t, ANSWER_FILLER * len(t))
        out.append(p)
    return out


def extract(flat: ET.Element, answers=None, mask=False):
    """(paragraphs, metadata) of a flat office:document tree — see validate.metadata.
    With answers given or mask set, the answers' reference-like text is masked for the
    reference rules (F22: mask_answers); what compare, import and text read is the
    document as it is."""
    body = FlatDocument(flat).body(TokkiError)
    reader = _Reader(flat)
    reader.block(body)
    reader.tracked_changes(body)
    reader.metadata(flat)
    reader.meta["active"] = active.find(flat)
    reader.meta["unseen"], reader.meta["unseen_annotations"] = unseen_places(flat)
    if answers is None and not mask:
        return reader.paragraphs, reader.meta
    return mask_answers(reader.paragraphs, answer_texts(flat, answers)), reader.meta
