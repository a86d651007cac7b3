"""The open Writer document, over UNO: what it is, what it says, and changing it.

Every change goes through one undo context (undo_step), so one Ctrl+Z restores
the document as it was. The text that goes in is always an .odt the engine
wrote, inserted with XDocumentInsertable.insertDocumentFromURL: the engine is
the only place that knows clause text, numbers and references.

Limits of undo: document properties (tokki:*, the title) are not part of
Writer's undo stack; after Ctrl+Z the text is back but the recorded answers
are those of the undone assembly. The next 作成・更新 then starts from them.
"""
import contextlib
import os
import shutil
import tempfile

import uno

from . import core
from .unoutil import file_url, props

TEMPLATE, EDITABLE, PLAIN = "template", "editable", "plain"
UNDO_TITLE = "個人情報特記事項"
FLAT_FILTER = "OpenDocument Text Flat XML"


def model_of(frame):
    controller = frame.getController() if frame is not None else None
    return controller.getModel() if controller is not None else None


def is_writer(doc):
    return doc is not None and doc.supportsService("com.sun.star.text.TextDocument")


# -- what the document is ----------------------------------------------------------

def section_names(doc):
    try:
        return list(doc.getTextSections().getElementNames())
    except Exception:
        return []


def is_template(doc):
    """A tokki template: it has article sections art:ID (docs/template-format.md)."""
    return any(name.strip().startswith("art:") for name in section_names(doc))


def user_properties(doc):
    """{name: value} of the document's user-defined properties."""
    container = doc.getDocumentProperties().getUserDefinedProperties()
    out = {}
    for prop in container.getPropertySetInfo().getProperties():
        try:
            out[prop.Name] = container.getPropertyValue(prop.Name)
        except Exception:
            continue
    return out


def tokki_properties(doc):
    return {k: v for k, v in user_properties(doc).items() if k.startswith("tokki:")}


def recorded(doc):
    """(template name, answers, start) recorded by an earlier assembly, or None."""
    props_ = {k: v if isinstance(v, str) else str(v) for k, v in tokki_properties(doc).items()}
    return core.parse_properties(props_)


def has_record(doc):
    """Whether 比較 can compare the document with what its recorded answers assemble to:
    the whole document's (tokki:* properties) or those of provisions inserted by 挿入."""
    return recorded(doc) is not None or bool(find_blocks(doc))


def classify(doc):
    """TEMPLATE (assemble it in place), EDITABLE (assembled earlier: re-assemble in
    place from its template and recorded answers) or PLAIN (insert at the cursor)."""
    if is_template(doc):
        return TEMPLATE
    if recorded(doc) is not None:
        return EDITABLE
    return PLAIN


def template_url_path(doc):
    """System path of the template the document was created from (File > New), or ''."""
    try:
        url = doc.getDocumentProperties().TemplateURL
        if url and url.startswith("file:"):
            return uno.fileUrlToSystemPath(url)
    except Exception:
        pass
    return ""


def template_name_of(doc):
    """The name tokki records for a template document: the .ott it came from, else its
    own file name, else 'template'."""
    for path in (template_url_path(doc), _doc_path(doc)):
        if path:
            return os.path.splitext(os.path.basename(path))[0]
    return "template"


def _doc_path(doc):
    try:
        url = doc.getURL()
        return uno.fileUrlToSystemPath(url) if url.startswith("file:") else ""
    except Exception:
        return ""


def read_template(doc, workdir):
    """The open tokki template as the engine's Template (it may have been edited)."""
    path = os.path.join(workdir, "template.fodt")
    doc.storeToURL(file_url(path), props(FilterName=FLAT_FILTER, Overwrite=True))
    return core.template_from_file(path, template_name_of(doc))


def store_copy(doc, workdir, name="document.odt"):
    """Store a copy of the document as .odt in workdir (the document itself keeps its
    own location, modified flag and format); returns the copy's path."""
    path = os.path.join(workdir, name)
    doc.storeToURL(file_url(path), props(FilterName="writer8", Overwrite=True))
    return path


def find_template_for(doc, name):
    """Path of the template an editable document was assembled from, or None."""
    return core.find_template(name, [template_url_path(doc)])


# -- reading text ----------------------------------------------------------------------

def paragraphs(doc):
    """[(text, paragraph)] of the body in reading order, table cells included
    (the same paragraphs, in the same order, as the engine's body_paragraph_texts)."""
    out = []
    _collect(doc.getText(), out)
    return out


def _collect(text, out):
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append((element.getString(), element))
        elif element.supportsService("com.sun.star.text.TextTable"):
            for name in _cell_names_in_order(element):
                _collect(element.getCellByName(name), out)


def _cell_names_in_order(table):
    names = list(table.getCellNames())
    import re

    def key(name):
        m = re.match(r"([A-Za-z]+)(\d+)", name)
        if not m:
            return (0, 0, name)
        col = 0
        for ch in m.group(1):
            col = col * 52 + (ord(ch) - (65 if ch.isupper() else 71))
        return (int(m.group(2)), col, name)
    return sorted(names, key=key)


def paragraph_texts(doc):
    return [text for text, _ in paragraphs(doc)]


def text_before_cursor(doc):
    """Body text from the start of the document to the view cursor ('' if elsewhere)."""
    body = doc.getText()
    cursor_range = doc.getCurrentController().getViewCursor().getStart()
    try:
        cursor = body.createTextCursorByRange(body.getStart())
        cursor.gotoRange(cursor_range, True)
        return cursor.getString()
    except Exception:
        return ""


def metadata(doc):
    """The metadata dict the validate rules read (validate/metadata.py), from UNO.

    tokki's own tokki:* properties are left out: they are what 確定 removes, and
    the validation dialog says so separately."""
    meta = {"authors": [], "user_defined": [], "annotations": [], "tracked_changes": [],
            "hidden": []}
    dp = doc.getDocumentProperties()
    for field, value in (("meta:initial-creator", dp.Author), ("dc:creator", dp.ModifiedBy),
                         ("meta:printed-by", dp.PrintedBy)):
        if value:
            meta["authors"].append({"field": field, "value": value})
    for name, value in sorted(user_properties(doc).items()):
        if not name.startswith("tokki:"):
            meta["user_defined"].append({"name": name, "value": str(value)})
    try:
        meta["track_changes_on"] = bool(doc.getPropertyValue("RecordChanges"))
    except Exception:
        pass
    try:
        redlines = doc.getRedlines().createEnumeration()
        while redlines.hasMoreElements():
            r = redlines.nextElement()
            kind = {"Delete": "deletion", "Insert": "insertion",
                    "Format": "format-change"}.get(r.getPropertyValue("RedlineType"),
                                                   "change")
            meta["tracked_changes"].append({"kind": kind,
                                            "author": r.getPropertyValue("RedlineAuthor"),
                                            "text": _safe_string(r), "index": None})
    except Exception:
        pass
    try:
        fields = doc.getTextFields().createEnumeration()
        while fields.hasMoreElements():
            f = fields.nextElement()
            if f.supportsService("com.sun.star.text.textfield.Annotation"):
                meta["annotations"].append({"author": f.getPropertyValue("Author"),
                                            "text": f.getPropertyValue("Content"),
                                            "index": None})
    except Exception:
        pass
    try:
        sections = doc.getTextSections()
        for name in sections.getElementNames():
            section = sections.getByName(name)
            if not section.getPropertyValue("IsVisible"):
                meta["hidden"].append({"kind": "section", "name": name,
                                       "text": _safe_string(section.getAnchor()),
                                       "index": None})
    except Exception:
        pass
    return meta


def _safe_string(obj):
    try:
        return obj.getString()
    except Exception:
        return ""


# -- changing it ----------------------------------------------------------------------

@contextlib.contextmanager
def undo_step(doc, title=UNDO_TITLE):
    """Everything inside is one entry on Writer's undo stack; controllers locked."""
    manager = doc.getUndoManager()
    manager.enterUndoContext(title)
    doc.lockControllers()
    try:
        yield
    finally:
        try:
            doc.unlockControllers()
        finally:
            manager.leaveUndoContext()


@contextlib.contextmanager
def workdir():
    path = tempfile.mkdtemp(prefix="tokki-ext-")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def check_writable(doc):
    try:
        return not doc.isReadonly()
    except Exception:
        return True


def new_sentinel_name():
    import uuid
    return "tokki-end-" + uuid.uuid4().hex[:12]


def replace_body(doc, odt_path, sentinel=None):
    """Replace the whole body (sections, content controls and all) by the .odt."""
    body = doc.getText()
    cursor = body.createTextCursor()
    cursor.gotoStart(False)
    cursor.gotoEnd(True)
    cursor.insertDocumentFromURL(file_url(odt_path), ())
    if sentinel:
        remove_sentinel(doc, sentinel)
    try:
        doc.getCurrentController().getViewCursor().gotoStart(False)
    except Exception:
        pass


def remove_sentinel(doc, name):
    """Delete the extra last paragraph (holding bookmark name) that an inserted
    document brought (core.Assembled.write_odt), joining it to the paragraph
    before it: that paragraph keeps its own attributes."""
    bookmarks = doc.getBookmarks()
    if not bookmarks.hasByName(name):
        return
    mark = bookmarks.getByName(name)
    anchor = mark.getAnchor()
    text = anchor.getText()
    cursor = text.createTextCursorByRange(anchor.getStart())
    text.removeTextContent(mark)
    cursor.gotoStartOfParagraph(False)
    if cursor.goLeft(1, True):          # the paragraph break before it
        cursor.gotoEndOfParagraph(True)
        cursor.setString("")


class NotInBody(Exception):
    pass


def insert_at_cursor(doc, odt_path, sentinel=None, keep_empty=False):
    """Insert the .odt as whole paragraphs at the view cursor; the text around the
    cursor stays in its own paragraphs. Returns the index of the first inserted
    paragraph among the body's top-level paragraphs (None when unknown); raises
    NotInBody when the cursor is in a table, frame, header or footnote.

    keep_empty: the cursor on an empty paragraph that has text after it (the clerk's
    blank line before the signature): the blank line stays, after the provisions
    (d-4), instead of being taken by the title."""
    from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK
    body = doc.getText()
    view_cursor = doc.getCurrentController().getViewCursor()
    try:
        cursor = body.createTextCursorByRange(view_cursor.getEnd())
    except Exception:
        raise NotInBody() from None
    if cursor.getText() != body or _in_table(cursor):
        raise NotInBody()
    if keep_empty and cursor.isStartOfParagraph() and cursor.isEndOfParagraph():
        probe = body.createTextCursorByRange(cursor)
        if probe.gotoNextParagraph(False):
            body.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
            cursor.gotoPreviousParagraph(False)
    if not cursor.isStartOfParagraph():
        body.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
    if not cursor.isEndOfParagraph():
        body.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        cursor.gotoPreviousParagraph(False)
    # cursor is now in an empty paragraph of its own
    index = top_index_of(doc, cursor)
    cursor.insertDocumentFromURL(file_url(odt_path), ())
    if sentinel:
        remove_sentinel(doc, sentinel)
    return index


def remove_new_tokki_bookmarks(doc, before):
    """Remove the p: bookmarks an insertion brought in (names not in before)."""
    bookmarks = doc.getBookmarks()
    for name in list(bookmarks.getElementNames()):
        if name.startswith("p:") and name not in before:
            mark = bookmarks.getByName(name)
            mark.getAnchor().getText().removeTextContent(mark)


def cursor_in_body(doc):
    """True when the view cursor is in the body text (not a table, frame, header or
    footnote): checked before the 挿入 dialog opens, not after the clerk has answered."""
    body = doc.getText()
    try:
        cursor = body.createTextCursorByRange(
            doc.getCurrentController().getViewCursor().getEnd())
    except Exception:
        return False
    return cursor.getText() == body and not _in_table(cursor)


def cursor_mid_paragraph(doc):
    """True when the view cursor has text before and after it in its paragraph: there
    the insertion splits the paragraph in two (d-14), so the clerk is asked first."""
    try:
        view = doc.getCurrentController().getViewCursor()
        cursor = view.getText().createTextCursorByRange(view.getStart())
        return not cursor.isStartOfParagraph() and not cursor.isEndOfParagraph()
    except Exception:
        return False


def _in_table(cursor):
    try:
        return cursor.getPropertyValue("TextTable") is not None
    except Exception:
        return False


def set_tokki_properties(doc, values):
    """Create or update the tokki:* user-defined properties (text values)."""
    from com.sun.star.beans.PropertyAttribute import REMOVEABLE
    container = doc.getDocumentProperties().getUserDefinedProperties()
    existing = {p.Name for p in container.getPropertySetInfo().getProperties()}
    for name, value in values.items():
        if name in existing:
            container.setPropertyValue(name, value)
        else:
            container.addProperty(name, REMOVEABLE, value)


def remove_tokki_properties(doc):
    container = doc.getDocumentProperties().getUserDefinedProperties()
    removed = 0
    for prop in container.getPropertySetInfo().getProperties():
        if prop.Name.startswith("tokki:"):
            container.removeProperty(prop.Name)
            removed += 1
    return removed


def set_title(doc, title):
    if title:
        doc.getDocumentProperties().Title = title


def goto_paragraph(doc, paragraph):
    """Select the start of a paragraph in the view (and scroll to it)."""
    view_cursor = doc.getCurrentController().getViewCursor()
    view_cursor.gotoRange(paragraph.getStart(), False)
    view_cursor.gotoRange(paragraph.getEnd(), True)


# -- finalise: tokki markup in any document -------------------------------------------

def strip_markup(doc):
    """Remove tokki's markup left in a document: content controls whose tag is a tokki
    key or if:/ref: (their text stays), art:/if: sections (text stays), p: bookmarks
    and the bookmark of an inserted block (core.BLOCK_PREFIX; its record is a tokki:
    property, which remove_tokki_properties removes). Returns counts {controls, sections, bookmarks}."""
    counts = {"controls": 0, "sections": 0, "bookmarks": 0}
    sections = doc.getTextSections()
    for name in list(sections.getElementNames()):
        if name.strip().startswith(("art:", "if:")):
            sections.getByName(name).dispose()    # the section goes, its text stays
            counts["sections"] += 1
    bookmarks = doc.getBookmarks()
    for name in list(bookmarks.getElementNames()):
        if name.startswith("p:") or name.startswith(core.BLOCK_PREFIX):
            bookmark = bookmarks.getByName(name)
            bookmark.getAnchor().getText().removeTextContent(bookmark)
            counts["bookmarks"] += 1
    controls = _content_controls(doc)
    if controls:
        view_cursor = doc.getCurrentController().getViewCursor()
        here = view_cursor.getText().createTextCursorByRange(view_cursor.getStart())
        for control in controls:
            if _unwrap_control(doc, control):
                counts["controls"] += 1
        try:
            view_cursor.gotoRange(here, False)
        except Exception:
            pass
    return counts


def _content_controls(doc):
    found = []
    for _text, para in paragraphs(doc):
        portions = para.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            try:
                if portion.getPropertyValue("TextPortionType") == "ContentControl":
                    found.append(portion.getPropertyValue("ContentControl"))
            except Exception:
                continue
    return found


def _unwrap_control(doc, control):
    """Remove a content control, keeping its text (a check box keeps its symbol).

    Writer has no UNO method for this: removeTextContent deletes the text too. The
    Form ▸ Content Controls ▸ Delete command (.uno:DeleteContentControl) does it for
    the control the view cursor is in; True when the control is gone."""
    anchor = control.getAnchor()
    view_cursor = doc.getCurrentController().getViewCursor()
    view_cursor.gotoRange(anchor.getStart(), False)
    view_cursor.goRight(1, False)                 # inside the control
    ctx = uno.getComponentContext()
    helper = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", ctx)
    helper.executeDispatch(doc.getCurrentController().getFrame(),
                           ".uno:DeleteContentControl", "", 0, ())
    try:
        control.getAnchor()
    except Exception:
        return True                               # disposed: gone
    return not any(c == control for c in _content_controls(doc))


# -- personal data: what `tokki scrub` removes, in the open document ------------------------

SCRUB_IN_WRITER = ("names in properties", "user-defined properties", "comments",
                   "tracked changes")


def remove_personal_data(doc, kinds):
    """Remove from the open document the kinds (keys of the engine's scrub list,
    core.scrub_labels) that Writer can remove over UNO: the names and the template link
    in the properties, user-defined properties other than tokki:*, comments, tracked
    changes (accepted, and recording switched off). -> {kind: count}."""
    counts = dict.fromkeys(kinds, 0)
    dp = doc.getDocumentProperties()
    if "names in properties" in counts:
        for name in ("Author", "ModifiedBy", "PrintedBy", "TemplateName", "TemplateURL"):
            if getattr(dp, name, ""):
                setattr(dp, name, "")
                counts["names in properties"] += 1
        try:
            settings = doc.createInstance("com.sun.star.text.DocumentSettings")
            if settings.getPropertyValue("PrinterName"):
                settings.setPropertyValue("PrinterName", "")
                counts["names in properties"] += 1
        except Exception:
            pass
    if "user-defined properties" in counts:
        container = dp.getUserDefinedProperties()
        for prop in container.getPropertySetInfo().getProperties():
            if not prop.Name.startswith("tokki:"):
                try:
                    container.removeProperty(prop.Name)
                    counts["user-defined properties"] += 1
                except Exception:
                    continue
    if "comments" in counts:
        fields = doc.getTextFields().createEnumeration()
        found = []
        while fields.hasMoreElements():
            f = fields.nextElement()
            if f.supportsService("com.sun.star.text.textfield.Annotation"):
                found.append(f)
        for f in found:
            f.getAnchor().getText().removeTextContent(f)
            counts["comments"] += 1
    if "tracked changes" in counts:
        redlines = doc.getRedlines().createEnumeration()
        n = 0
        while redlines.hasMoreElements():
            redlines.nextElement()
            n += 1
        try:
            doc.setPropertyValue("RecordChanges", False)
        except Exception:
            pass
        if n:
            ctx = uno.getComponentContext()
            helper = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", ctx)
            helper.executeDispatch(doc.getCurrentController().getFrame(),
                                   ".uno:AcceptAllTrackedChanges", "", 0, ())
            counts["tracked changes"] = n
    return counts


# -- 比較 and ひな形に変換 ------------------------------------------------------------------

def labelled_texts(paras):
    """The paragraph texts with each paragraph's list label (Word heading numbering
    「第1条」, list numbers 「2」「(1)」 that are not typed) in front, separated by a
    full-width space as the engine's readers do (core/odf/lists): what `tokki import`
    reads from the saved file."""
    out = []
    for text, paragraph in paras:
        label = ""
        try:
            label = paragraph.getPropertyValue("ListLabelString") or ""
        except Exception:
            pass
        out.append(label + "\u3000" + text if label.strip() else text)
    return out


def folder_of(doc):
    """The folder of the document's file, or None (a new document)."""
    path = _doc_path(doc)
    return os.path.dirname(path) if path else None


def file_stem(doc):
    """The document's file name without extension, else its title, else ''."""
    path = _doc_path(doc)
    if path:
        return os.path.splitext(os.path.basename(path))[0]
    try:
        return doc.getDocumentProperties().Title or ""
    except Exception:
        return ""

# -- an inserted block of provisions that stays updatable (issue 13, item 3) ----------------
#
# The block is a bookmark spanning its paragraphs, named core.BLOCK_PREFIX + id, and a
# user-defined property core.RECORD_PREFIX + id with what re-assembles it (template,
# answers, start, omitted articles). Both survive saving as .odt and .docx (a Word
# bookmark name, a custom property); 確定 removes both (strip_markup,
# remove_tokki_properties). A new id per assembly: after Ctrl+Z the bookmark of the
# block that came back still finds its own record (older records are kept a while).

KEEP_RECORDS = 5


def new_block_id():
    import uuid
    return uuid.uuid4().hex[:12]


def _records(doc):
    """{id: record} of the tokki:inserted:<id> properties that can be read."""
    out = {}
    for name, value in tokki_properties(doc).items():
        if name.startswith(core.RECORD_PREFIX):
            record = core.parse_record(value if isinstance(value, str) else str(value))
            if record is not None:
                out[name[len(core.RECORD_PREFIX):]] = record
    return out


class Block:
    """An inserted block found in the document: its bookmark and its record."""

    def __init__(self, ident, bookmark, record, doc=None):
        self.id, self.bookmark, self.record, self.doc = ident, bookmark, record, doc

    def anchor(self):
        """The block's range: the bookmark's, reaching back to the block's title when
        the bookmark no longer starts there (Writer's .docx export writes a bookmark
        over several formatted paragraphs as a second start in its last paragraph, and
        reading the file back keeps only that one)."""
        anchor = self.bookmark.getAnchor()
        title = self.record.get("title")
        if not title or self.doc is None:
            return anchor
        body = self.doc.getText()
        paras = _top_paragraphs(self.doc)
        start = None
        for i, para in enumerate(paras):
            try:
                if body.compareRegionStarts(para.getStart(), anchor.getStart()) >= 0:
                    start = i            # paragraphs starting at or before the bookmark
                else:
                    break
            except Exception:
                continue
        if start is None or paras[start].getString() == title:
            return anchor
        for i in range(start, -1, -1):
            if paras[i].getString() == title:
                cursor = body.createTextCursorByRange(paras[i].getStart())
                cursor.gotoRange(anchor.getEnd(), True)
                return cursor
        return anchor


def find_blocks(doc):
    """[Block] of the inserted blocks whose bookmark and record are both there."""
    records = _records(doc)
    bookmarks = doc.getBookmarks()
    out = []
    for name in bookmarks.getElementNames():
        if name.startswith(core.BLOCK_PREFIX):
            ident = name[len(core.BLOCK_PREFIX):]
            if ident in records:
                out.append(Block(ident, bookmarks.getByName(name), records[ident], doc))
    return out


def cursor_in_block(doc, block):
    """True when the view cursor is inside (or at either end of) the block."""
    body = doc.getText()
    try:
        here = doc.getCurrentController().getViewCursor().getStart()
        anchor = block.anchor()
        # compareRegionStarts(a, b): 1 when a starts before b, 0 same, -1 after
        return body.compareRegionStarts(anchor.getStart(), here) >= 0 and \
            body.compareRegionStarts(here, anchor.getEnd()) >= 0
    except Exception:
        return False


def record_block(doc, ident, record_text):
    """Write the block's record; forget records of blocks no longer in the document
    beyond the KEEP_RECORDS newest (an undo brings an older block back)."""
    set_tokki_properties(doc, {core.RECORD_PREFIX + ident: record_text})
    records = _records(doc)
    present = {b.id for b in find_blocks(doc)}
    old = sorted((r["seq"], i) for i, r in records.items() if i not in present)
    container = doc.getDocumentProperties().getUserDefinedProperties()
    for _seq, i in old[:max(0, len(old) - KEEP_RECORDS)]:
        try:
            container.removeProperty(core.RECORD_PREFIX + i)
        except Exception:
            continue


def next_seq(doc):
    return max([r["seq"] for r in _records(doc).values()] + [0]) + 1


def _paragraphs_of(enum):
    """The paragraphs an enumeration of text content yields (tables skipped)."""
    out = []
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append(element)
    return out


def _top_paragraphs(doc):
    """[paragraph] of the body's top level (tables skipped)."""
    return _paragraphs_of(doc.getText().createEnumeration())


def top_index_of(doc, text_range):
    """Index in _top_paragraphs of the paragraph where text_range starts (or None)."""
    body = doc.getText()
    for i, para in enumerate(_top_paragraphs(doc)):
        try:
            if body.compareRegionStarts(para.getStart(), text_range) >= 0 and \
                    body.compareRegionStarts(text_range, para.getEnd()) >= 0:
                return i
        except Exception:
            continue
    return None


def inserted_paragraphs(doc, first_index, texts):
    """The inserted paragraphs: those from first_index (the insertion point) whose
    texts are texts; [] when they are not there as expected."""
    paras = _top_paragraphs(doc)
    for i in range(max(0, first_index - 1), min(len(paras), first_index + 2)):
        if [p.getString() for p in paras[i:i + len(texts)]] == list(texts):
            return paras[i:i + len(texts)]
    return []


def mark_block(doc, paras, ident):
    """Put the block's bookmark over the paragraphs (after their formatting is final)."""
    if not paras:
        return
    body = doc.getText()
    cursor = body.createTextCursorByRange(paras[0].getStart())
    cursor.gotoRange(paras[-1].getEnd(), True)
    mark = doc.createInstance("com.sun.star.text.Bookmark")
    mark.setName(core.BLOCK_PREFIX + ident)
    body.insertTextContent(cursor, mark, True)


def block_paragraphs(doc, block):
    anchor = block.anchor()
    return _paragraphs_of(anchor.getText().createTextCursorByRange(anchor).createEnumeration())


def texts_outside(doc, block):
    """Paragraph texts of the document without the block's (the contract itself)."""
    body = doc.getText()
    anchor = block.anchor()
    out = []
    for text, para in paragraphs(doc):
        try:
            inside = body.compareRegionStarts(anchor.getStart(), para.getStart()) >= 0 and \
                body.compareRegionStarts(para.getStart(), anchor.getEnd()) >= 0
        except Exception:
            inside = False            # a table cell: not in the block
        if not inside:
            out.append(text)
    return out


def text_before(doc, text_range):
    body = doc.getText()
    try:
        cursor = body.createTextCursorByRange(body.getStart())
        cursor.gotoRange(text_range.getStart(), True)
        return cursor.getString()
    except Exception:
        return ""


def clear_block(doc, block):
    """Empty the block: its bookmark goes and its paragraphs become one empty
    paragraph, where the cursor is put (insert_at_cursor then fills it). The empty
    paragraph takes the style of the block's first paragraph's predecessor's article
    body (style_reference) when there is one, so that nothing of the title remains."""
    anchor = block.anchor()
    body = doc.getText()
    cursor = body.createTextCursorByRange(anchor.getStart())
    cursor.gotoRange(anchor.getEnd(), True)
    body.removeTextContent(block.bookmark)
    cursor.setString("")
    cursor.collapseToStart()
    try:
        cursor.setPropertyValue("ParaStyleName", "Standard")
        cursor.setPropertyToDefault("ParaTopMargin")
    except Exception:
        pass
    doc.getCurrentController().getViewCursor().gotoRange(cursor, False)


# -- house style: the contract's paragraph style and spacing on the inserted text ----------

TITLE, CAPTION, ARTICLE, PARAGRAPH, ITEM = "title", "caption", "article", "paragraph", "item"
TEMPLATE_ROLES = {"特記事項表題": TITLE, "Tokki_Title": TITLE,
                  "特記事項見出し": CAPTION, "Tokki_Caption": CAPTION,
                  "特記事項条": ARTICLE, "Tokki_Article": ARTICLE,
                  "特記事項項": PARAGRAPH, "Tokki_Paragraph": PARAGRAPH,
                  "特記事項号": ITEM, "Tokki_Item": ITEM,
                  "特記事項号細分": ITEM, "Tokki_SubItem": ITEM}
SPACING = ("ParaLineSpacing", "ParaTopMargin", "ParaBottomMargin")
INDENT = ("ParaLeftMargin", "ParaFirstLineIndent")
FONT = ("CharFontName", "CharFontNameAsian", "CharHeight", "CharHeightAsian")
CAPTION_FONT = FONT + ("CharWeight", "CharWeightAsian")
TITLE_SPACE_ABOVE = 600          # 1/100 mm: the title's own space below (0.6 cm)


def _is_caption_text(text):
    text = (text or "").strip()
    return text.startswith(("（", "(")) and text.endswith(("）", ")")) and len(text) <= 30


def style_reference(doc, before_index):
    """(article paragraph, caption paragraph or None) of the contract: the last top-level
    paragraph before before_index that starts 第N条, and the caption just above it."""
    paras = _top_paragraphs(doc)[:before_index]
    for i in range(len(paras) - 1, -1, -1):
        if core.is_article_head(paras[i].getString()):
            caption = paras[i - 1] if i and _is_caption_text(paras[i - 1].getString()) \
                else None
            return paras[i], caption
    return None, None


def _values(obj, names):
    out = {}
    for name in names:
        try:
            out[name] = obj.getPropertyValue(name)
        except Exception:
            continue
    return out


def _char_values(para, names):
    """Character properties where the paragraph's text starts (its portions' own,
    direct formatting included: a .docx contract has little else)."""
    try:
        cursor = para.getText().createTextCursorByRange(para.getStart())
        cursor.goRight(1, True)
        return _values(cursor, names)
    except Exception:
        return _values(para, names)


def _apply(obj, values):
    for name, value in values.items():
        try:
            obj.setPropertyValue(name, value)
        except Exception:
            continue


def _apply_chars(para, values):
    """Character properties over the whole paragraph (and as its own attributes)."""
    _apply(para, values)
    try:
        cursor = para.getText().createTextCursorByRange(para.getStart())
        cursor.gotoRange(para.getEnd(), True)
        _apply(cursor, values)
    except Exception:
        pass


def apply_house_style(doc, paras, reference, caption_reference=None):
    """Give the inserted paragraphs the contract's house style (issue 13, D-M8):
    articles and 項 take the paragraph style, spacing, indent and font of the contract's
    article body (reference); 号 the same style, spacing and font with their own
    indents; captions those of the contract's caption when it has one (else its
    spacing and font); the title keeps its look with the contract's line spacing and
    font, and space above it (d-4: no longer glued to the article before)."""
    if reference is None:
        return
    ref_style = reference.getPropertyValue("ParaStyleName")
    spacing = _values(reference, SPACING)
    indent = _values(reference, INDENT)
    font = _char_values(reference, FONT)
    cap = None
    if caption_reference is not None:
        cap = (caption_reference.getPropertyValue("ParaStyleName"),
               _values(caption_reference, SPACING + INDENT),
               _char_values(caption_reference, CAPTION_FONT))
    for para in paras:
        role = TEMPLATE_ROLES.get(para.getPropertyValue("ParaStyleName"))
        if role in (ARTICLE, PARAGRAPH):
            para.setPropertyValue("ParaStyleName", ref_style)
            _apply(para, spacing)
            _apply(para, indent)
            _apply_chars(para, font)
        elif role == ITEM:
            own = _values(para, INDENT)
            para.setPropertyValue("ParaStyleName", ref_style)
            _apply(para, spacing)
            _apply(para, own)
            _apply_chars(para, font)
        elif role == CAPTION and cap is not None:
            para.setPropertyValue("ParaStyleName", cap[0])
            _apply(para, cap[1])
            _apply_chars(para, cap[2])
        elif role == CAPTION:
            _apply(para, {k: v for k, v in spacing.items() if k == "ParaLineSpacing"})
            _apply_chars(para, {k: v for k, v in font.items() if "Name" in k})
        elif role == TITLE:
            _apply(para, {k: v for k, v in spacing.items() if k == "ParaLineSpacing"})
            _apply_chars(para, {k: v for k, v in font.items() if "Name" in k})
            try:
                if para.getPropertyValue("ParaTopMargin") < TITLE_SPACE_ABOVE:
                    para.setPropertyValue("ParaTopMargin", TITLE_SPACE_ABOVE)
            except Exception:
                pass
