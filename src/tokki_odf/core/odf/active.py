"""What a contract must never carry: active content, external references, and the
unseen data of the file it was made from (docs/security.md, "Outputs").

One table, two uses: find() lists what a document holds (validate and check-template
report it, codes SEC_* and META_SETTINGS), strip() removes it from a tree that is
about to be written (assemble, report, batch, scrub). Pure, standard library only.

- scripts: office:scripts (Basic, JavaScript, Python libraries, document event
  bindings), office:event-listeners anywhere, text:script, links and fields that run
  a macro (vnd.sun.star.script:, macro:, javascript:, text:execute-macro), forms;
- embedded objects: draw:object, draw:object-ole, applets, plug-ins, floating frames
  (an OLE object runs its own program when opened; a draw:object may be fetched);
- DDE: text:dde-connection-decls and fields, office:dde-source (live links to other
  programs' data);
- linked sections: text:section-source (a section that is re-read from a file or URL);
- external pictures and links: a picture whose bytes are not inside the document
  (http:, file:, a path), hyperlinks out of the document (the text stays, the link
  goes), external font files. Embedded pictures (office:binary-data, which
  io/pictures.py makes of a package's Pictures/) are kept;
- settings: printer name and setup (computer and driver names), data source,
  the change-recording password, and the view settings (window positions).
"""
import re

from .namespaces import clark, q
from . import tree

HREF = q("xlink:href")
BINARY = q("office:binary-data")
_PICTURES = (q("draw:image"), q("draw:fill-image"), q("style:background-image"))
_MACRO_URL = re.compile(r"^\s*(?:vnd\.sun\.star\.(?:script|basic|uno|tdoc)|macro|javascript|"
                        r"vbscript|service|slot|\.uno|private:)", re.I)
_OBJECTS = (q("draw:object"), q("draw:object-ole"), q("draw:applet"), q("draw:plugin"),
            q("draw:floating-frame"))
_LINKS = (q("text:a"), q("draw:a"))
_DDE_FIELDS = (q("text:dde-connection"),)
_DATABASE_FIELDS = tuple(q("text:" + n) for n in (
    "database-display", "database-next", "database-row-select", "database-row-number",
    "database-name"))
# config items that name a person, a computer, a printer or a database, or hold a key.
# Only text values count: Writer saves PrinterPaperFromSetup=false or
# CurrentDatabaseCommandType=0 in every document, which name nobody.
_PERSONAL_SETTINGS = re.compile(r"^(?:PrinterName|PrinterSetup|PrintFaxName|"
                                r"CurrentDatabase(?:DataSource|Command)|RedlineProtectionKey|"
                                r"ModifyPasswordInfo|EmbeddedDatabaseName|\w*DataSource\w*)$")
_TEXT_TYPES = ("string", "base64Binary", None)

LABELS = {
    "SEC_SCRIPT": ("マクロ・スクリプト", "macros or scripts"),
    "SEC_EVENT": ("イベント（マクロの自動実行の設定）", "event bindings (macros run on events)"),
    "SEC_MACRO_LINK": ("マクロを実行するリンク・フィールド", "links or fields that run a macro"),
    "SEC_FORM": ("フォーム（入力欄・ボタン）", "form controls"),
    "SEC_OLE": ("埋め込みオブジェクト（OLE など）", "embedded objects (OLE and others)"),
    "SEC_DDE": ("DDE リンク", "DDE links"),
    "SEC_LINKED_SECTION": ("外部ファイルにリンクしたセクション", "sections linked to a file or URL"),
    "SEC_EXTERNAL_IMAGE": ("外部の画像（リンク）", "pictures linked from outside the document"),
    "SEC_EXTERNAL_LINK": ("外部へのハイパーリンク", "hyperlinks out of the document"),
    "SEC_DATA_SOURCE": ("データベースのフィールド", "database fields"),
    "META_SETTINGS": ("設定に残るプリンタ名・データソースなど",
                      "printer, computer or data source names in the settings"),
}


# Every tag find() and strip() look at: a document holds a few thousand elements and
# none of these in the usual case, so one set lookup per element decides (issue 16:
# the chain of comparisons below was ~1 ms per batch row).
_DROPPED = (q("office:scripts"), q("office:event-listeners"), q("text:script"),
            q("text:dde-connection-decls"), q("text:section-source"), q("office:dde-source"),
            q("office:forms"))
_TO_TEXT = (q("text:execute-macro"),) + _DDE_FIELDS + _DATABASE_FIELDS
_WATCHED = frozenset(_DROPPED + _TO_TEXT + _OBJECTS + _PICTURES + _LINKS
                     + (q("svg:font-face-uri"),))


def _watched(flat):
    """The elements with a watched tag, in document order."""
    return [el for el in flat.iter() if el.tag in _WATCHED]


def _is_external_href(href):
    return bool(href) and not href.startswith("#")


def _parents(root):
    return {child: parent for parent in root.iter() for child in parent}


def _picture_external(el):
    return el.find(clark("office:binary-data")) is None and bool(el.get(HREF))


def _has_code(script):
    """Writer saves an empty Basic container (and an empty Standard library) in every
    .fodt: that is no script. A module, a linked library or anything else is."""
    empty = (q("ooo:libraries"), q("ooo:library-embedded"))
    for el in script.iter():
        if el is not script and el.tag not in empty:
            return True
        if (el.text or "").strip():
            return True
    return False


def _setting_items(flat):
    settings = flat.find(clark("office:settings"))
    if settings is None:
        return []
    out = []
    for item in settings.iter(q("config:config-item")):
        name = item.get(q("config:name")) or ""
        if _PERSONAL_SETTINGS.match(name) and (item.text or "").strip() and \
                item.get(q("config:type")) in _TEXT_TYPES:
            out.append(item)
    return out


def find(flat, watched=None):
    """[(code, detail)] of every such thing in the tree (document order); watched:
    _watched(flat) when the caller has it."""
    out = []

    def add(code, detail=""):
        out.append((code, detail[:80]))

    for el in _watched(flat) if watched is None else watched:
        tag = el.tag
        if tag == q("office:scripts"):
            scripts = [c for c in el if c.tag == q("office:script") and _has_code(c)]
            if scripts:
                add("SEC_SCRIPT", ", ".join(sorted({c.get(q("script:language")) or "?"
                                                    for c in scripts})))
        elif tag == q("office:event-listeners"):
            for lst in el:
                add("SEC_EVENT", lst.get(q("script:event-name")) or "")
        elif tag == q("text:script"):
            add("SEC_SCRIPT", el.get(q("script:language")) or "text:script")
        elif tag == q("text:execute-macro"):
            add("SEC_MACRO_LINK", el.get(q("text:name")) or "text:execute-macro")
        elif tag == q("office:forms") and len(el):
            add("SEC_FORM", "%d form(s)" % len(el))
        elif tag in _OBJECTS:
            add("SEC_OLE", el.get(HREF) or tag.split("}")[1])
        elif tag in (q("text:dde-connection-decls"),) and len(el):
            add("SEC_DDE", ", ".join(d.get(q("office:name")) or "" for d in el))
        elif tag in _DDE_FIELDS or tag == q("office:dde-source"):
            add("SEC_DDE", el.get(q("text:connection-name")) or el.get(q("office:name")) or "")
        elif tag == q("text:section-source"):
            add("SEC_LINKED_SECTION", el.get(HREF) or "")
        elif tag in _PICTURES and _picture_external(el):
            add("SEC_EXTERNAL_IMAGE", el.get(HREF))
        elif tag in _LINKS and _is_external_href(el.get(HREF)):
            href = el.get(HREF)
            add("SEC_MACRO_LINK" if _MACRO_URL.match(href) else "SEC_EXTERNAL_LINK", href)
        elif tag == q("svg:font-face-uri") and _is_external_href(el.get(HREF)):
            add("SEC_EXTERNAL_LINK", el.get(HREF))
        elif tag in _DATABASE_FIELDS:
            add("SEC_DATA_SOURCE", el.get(q("text:database-name")) or "")
    for item in _setting_items(flat):
        add("META_SETTINGS", "%s=%s" % (item.get(q("config:name")), (item.text or "").strip()))
    return out


def strip(flat):
    """Remove all of it from the tree, in place; -> {code: count}."""
    counts = {}

    def count(code, n=1):
        counts[code] = counts.get(code, 0) + n

    watched = _watched(flat)
    for code, _detail in find(flat, watched):
        count(code)
    items = _setting_items(flat)
    # parents only when something may go (a dict of every element: ~0.3 ms a document)
    parents = _parents(flat) if watched or items else {}

    def drop(el):
        parent = parents.get(el)
        if parent is not None and el in list(parent):
            tree.remove(parent, el)

    def unwrap(el):
        parent = parents.get(el)
        if parent is not None and el in list(parent):
            for child in list(el):
                parents[child] = parent
            tree.unwrap(parent, el)

    def to_text(el):
        parent = parents.get(el)
        if parent is not None and el in list(parent):
            tree.replace_with_text(parent, el, "".join(el.itertext()))

    for el in watched:
        tag = el.tag
        if tag in _DROPPED:
            drop(el)
        elif tag in _TO_TEXT:
            to_text(el)
        elif tag in _OBJECTS:
            frame = parents.get(el)
            drop(el)
            _drop_empty_frame(frame, parents, drop)
        elif tag in _PICTURES and _picture_external(el):
            frame = parents.get(el)
            drop(el)
            if tag == q("draw:image"):
                _drop_empty_frame(frame, parents, drop)
        elif tag in _LINKS and _is_external_href(el.get(HREF)):
            unwrap(el)
        elif tag == q("svg:font-face-uri") and _is_external_href(el.get(HREF)):
            drop(el)
    for item in items:
        drop(item)
    settings = flat.find(clark("office:settings"))
    if settings is not None:
        for box in list(settings):
            if box.get(q("config:name")) == "ooo:view-settings" or not len(box):
                settings.remove(box)
        if not len(settings):
            flat.remove(settings)
    return counts


def _drop_empty_frame(frame, parents, drop):
    """A draw:frame left with nothing to show (no picture, no text box) goes too."""
    if frame is None or frame.tag != q("draw:frame"):
        return
    keep = [c for c in frame if c.tag not in (q("svg:title"), q("svg:desc"),
                                              q("draw:contour-polygon"))]
    if not keep:
        drop(frame)


def strip_annotations(flat):
    """Comments anywhere in the tree (body, headers and footers, notes, frames)."""
    n = 0
    if all(next(flat.iter(tag), None) is None for tag in _ANNOTATION_TAGS):
        return n          # the usual case, found without a Python loop over every element
    for parent in list(flat.iter()):
        for child in list(parent):
            if child.tag in _ANNOTATION_TAGS:
                if child.tag == _ANNOTATION:
                    n += 1
                tree.remove(parent, child)
    return n


_ANNOTATION = q("office:annotation")
_ANNOTATION_TAGS = (_ANNOTATION, q("office:annotation-end"))


def hidden_section(el):
    """A section a reader does not see: deleted from outputs, never unwrapped (F3)."""
    return el.get(q("text:display")) in ("none", "condition") or \
        el.get(q("text:condition")) is not None


