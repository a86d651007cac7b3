"""`tokki scrub`: a copy of a document without what travels unseen with it.

Removed: the names in the properties (creator, initial creator, printed by), the
template path, user-defined properties, comments, tracked changes — insertions
accepted and deletions dropped, so the text that shows is the text that stays —,
hidden text, hidden paragraphs and hidden sections. The input is never touched;
the output is written atomically.
"""
import os
import xml.etree.ElementTree as ET

from ..errors import TokkiError, UnsafeDocument
from ..core.odf import tree, active
from ..core.odf.document import FlatDocument
from ..core.odf.namespaces import clark, q, P, H, SPAN, SECTION, ANNOTATION, ANNOTATION_END
from ..core.assembly.merge import BOOKMARK_PREFIX
from .package import write_document
from .input import same_file
from .safe import nesting_guard
from .contract import hidden_styles, load_document

META_REMOVED = ("dc:creator", "meta:initial-creator", "meta:printed-by", "meta:template",
                # free-text properties hold names as often as not (F25)
                "dc:description", "meta:keyword", "dc:subject")
# Fields whose cached text is a person's name (F25): removed with their text.
NAME_FIELDS = {q("text:" + n) for n in (
    "author-name", "author-initials", "initial-creator", "creator", "printed-by",
    "sender-firstname", "sender-lastname", "sender-initials", "sender-title",
    "sender-position", "sender-email", "sender-phone-private", "sender-fax",
    "sender-company", "sender-phone-work", "sender-street", "sender-city",
    "sender-postal-code", "sender-country", "sender-state-or-province")}
_CHANGE_MARKS = {q("text:change"), q("text:change-start"), q("text:change-end")}
_DISPLAY = q("text:display")
_STYLE_NAME = q("text:style-name")
_IS_HIDDEN = q("text:is-hidden")

LABELS = {"names in properties": "プロパティの個人名", "user-defined properties":
          "ユーザー定義プロパティ", "comments": "コメント", "tracked changes": "変更履歴",
          "hidden text": "非表示の文字", "hidden paragraphs": "非表示の段落",
          "hidden sections": "非表示のセクション", "name fields": "人名のフィールド",
          "settings": "設定（プリンタ名・データソースなど）",
          "active content": "マクロ・埋め込みオブジェクト・外部リンクなど",
          "tokki bookmarks": "挿入した特記事項の範囲の印"}
_BOOKMARKS = {q("text:bookmark"), q("text:bookmark-start"), q("text:bookmark-end")}


def scrub_tree(flat: ET.Element) -> dict:
    """Remove the unseen content from a flat document in place; -> what was removed."""
    counts = dict.fromkeys(LABELS, 0)
    meta = flat.find(clark("office:meta"))
    if meta is not None:
        for child in list(meta):
            if child.tag in {q(n) for n in META_REMOVED}:
                meta.remove(child)
                counts["names in properties"] += 1
            elif child.tag == q("meta:user-defined"):
                meta.remove(child)
                counts["user-defined properties"] += 1
    body = FlatDocument(flat).body(TokkiError)
    tracked = body.find(clark("text:tracked-changes"))
    if tracked is not None:
        counts["tracked changes"] += len(tracked.findall(clark("text:changed-region")))
        body.remove(tracked)
    if q("text:track-changes") in body.attrib:
        del body.attrib[q("text:track-changes")]
    scrubber = _Scrubber(hidden_styles(flat), counts)
    scrubber.block(body)
    masters = flat.find(clark("office:master-styles"))
    if masters is not None:              # headers and footers (F7)
        scrubber.block(masters)
    for code, n in active.strip(flat).items():     # F7 settings, F10 active content
        counts["settings" if code == "META_SETTINGS" else "active content"] += n
    counts["comments"] += active.strip_annotations(flat)
    return {k: v for k, v in counts.items() if v}


class _Scrubber:
    def __init__(self, hidden, counts):
        self.hidden = hidden
        self.counts = counts

    def block(self, container):
        for child in list(container):
            tag = child.tag
            if tag == SECTION and child.get(_DISPLAY) in ("none", "condition"):
                tree.remove(container, child)
                self.counts["hidden sections"] += 1
            elif tag in (P, H):
                if child.get(_STYLE_NAME) in self.hidden or any(
                        f.get(_IS_HIDDEN) == "true"
                        for f in child.iter(q("text:hidden-paragraph"))):
                    tree.remove(container, child)
                    self.counts["hidden paragraphs"] += 1
                else:
                    self.inline(child)
            elif tag in (ANNOTATION, ANNOTATION_END):
                tree.remove(container, child)
                if tag == ANNOTATION:
                    self.counts["comments"] += 1
            else:
                self.block(child)

    def inline(self, el):
        for child in list(el):
            tag = child.tag
            if tag in (ANNOTATION, ANNOTATION_END):
                tree.remove(el, child)
                if tag == ANNOTATION:
                    self.counts["comments"] += 1
            elif tag in _CHANGE_MARKS:
                tree.remove(el, child)   # the change's text (if any) is outside the mark
            elif tag == q("text:hidden-paragraph"):
                tree.remove(el, child)   # a condition that could hide the paragraph later
            elif tag == q("text:hidden-text"):
                if child.get(_IS_HIDDEN) == "true":
                    tree.remove(el, child)
                    self.counts["hidden text"] += 1
                else:
                    tree.replace_with_text(el, child, child.get(q("text:string-value"))
                                           or "".join(child.itertext()))
            elif tag in NAME_FIELDS:
                tree.remove(el, child)
                self.counts["name fields"] += 1
            elif tag in _BOOKMARKS and (child.get(q("text:name")) or "").startswith(
                    BOOKMARK_PREFIX):
                # the range of provisions inserted by 挿入 (its record went with the
                # user-defined properties): nothing to update any more
                tree.remove(el, child)
                if tag != q("text:bookmark-end"):
                    self.counts["tokki bookmarks"] += 1
            elif child.get(_STYLE_NAME) in self.hidden and tag == SPAN:
                tree.remove(el, child)
                self.counts["hidden text"] += 1
            else:
                self.inline(child)


def scrub_file(src: str, out: str) -> dict:
    """Read src (.odt/.ott/.fodt/.docx), write the scrubbed copy to out (.odt/.fodt)."""
    if not out.lower().endswith((".odt", ".fodt")):
        raise TokkiError("%s: the output must end in .odt or .fodt" % out)
    if same_file(out, src):
        raise TokkiError("%s: the output must be a new file; scrub never overwrites its "
                         "input" % out)
    flat = load_document(src)
    with nesting_guard(src):
        removed = scrub_tree(flat)
    write_document(flat, out)
    return removed
