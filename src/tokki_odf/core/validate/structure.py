"""Recognise articles, paragraphs (項), items (号) and sub-items from plain text.

Input is one string per document paragraph, as a reader sees it. Nothing here
relies on styles or list numbering, so documents tokki did not make (edited by
hand, copied from last year's, converted from Word) are read the same way.

Layout recognised (the labels are those of core/drafting/labels.py):
    （見出し）                     caption, alone, just before its article
    第N条　本文                    article head; also 第N条（見出し）本文, 第N条の2,
                                   第N (別記 style), 第N　見出し (caption without
                                   brackets, body on the next line), 「1　見出し」
    2　本文 / ２ / ② / 2. / a bare 「2」 line   paragraph (項) 2, 3 … (the first is
                                   unnumbered, or 「1.」)
    (1)　本文 / （１） / ⑴ / (一) / 一　本文    item (号); ア　本文 is a 号 when the
                                   項 has no (1)-style 号 above it
    ア　本文 / イ ロ ハ (いろは)     sub-item (号の細分)
    (ア)　本文, (a), a             the level below
Any other paragraph continues the element before it. Several numbering domains
(parts) may follow each other: a 第1 after a run of articles, or after articles
of another label style (a contract's 第N条, then a 別記 numbered 第1, 第2 …),
starts a new part; the title lines between them are the new part's title.
"""
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from . import patterns as P
from ..drafting import labels as L


class cached_property:  # noqa: N801 (functools' name, functools' meaning)
    """functools.cached_property without its lock: up to Python 3.11 that one takes a
    lock on every first read, which the rules do thousands of times a document
    (issue 16); parsed documents are not shared between threads while being read."""

    def __init__(self, fn):
        self.fn, self.name, self.__doc__ = fn, fn.__name__, fn.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


BLANK, CAPTION, ARTICLE, PARAGRAPH, ITEM, SUBITEM, SUBSUBITEM, TEXT = (
    "blank", "caption", "article", "paragraph", "item", "subitem", "subsubitem", "text")


@dataclass
class Line:
    index: int            # position in the input list of paragraphs
    text: str             # NFC text of the line
    kind: str = TEXT
    number: Optional[int] = None
    branch: Optional[int] = None
    label: str = ""       # the label as written: 第２条, 2, （１）, ア
    body_start: int = 0   # offset of the text after the label
    caption: Optional[str] = None  # inline caption of 第N条（見出し）
    style: Optional[str] = None    # article label style: jou / dai / heading
    alt: Optional[object] = None   # another reading of the line (a heading, a kana item)

    @property
    def body(self) -> str:
        return self.text[self.body_start:]


@dataclass
class Item:
    number: int
    label: str
    index: int
    lines: List[Line] = field(default_factory=list)
    children: List["Item"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(l.body for l in self.lines)


@dataclass
class Paragraph:
    number: int
    index: int
    article: "Article"
    lines: List[Line] = field(default_factory=list)        # every line of the 項
    label: str = ""                                         # 2, ２, ②, 2. ("" for the first)
    items: List[Item] = field(default_factory=list)
    loose_subitems: List[Item] = field(default_factory=list)  # ア… with no (1) above

    @cached_property
    def text(self) -> str:
        """All the text of the 項 (read only once parsing is done)."""
        return "".join(l.body for l in self.lines)


@dataclass
class Article:
    number: int
    branch: Optional[int]
    index: int                      # input index of the 第N条 line
    part: int
    position: int                   # 0-based position inside its part
    caption: Optional[str] = None
    caption_index: Optional[int] = None
    paragraphs: List[Paragraph] = field(default_factory=list)
    label: str = ""                 # the label as written: 第２条, 第 1, 1
    style: str = L.JOU              # jou (第N条), dai (第N), heading (「1　見出し」)


    @property
    def no(self):
        """JSON form of the number: 5, or "5の2" for a branch article."""
        return self.number if self.branch is None else "%dの%d" % (self.number, self.branch)

    @property
    def key(self) -> Tuple[int, int]:
        return (self.number, self.branch or 0)

    @property
    def name(self) -> str:
        """第5条 (第5 in a 別記 numbered without 条, 「5」 for 「5　見出し」 headings)."""
        if self.style == L.DAI:
            return "第%s" % self.no
        if self.style == L.HEADING:
            return "「%s」" % self.no
        return "第%s条" % self.no

    @cached_property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs)

    @cached_property
    def squeezed(self) -> str:
        """Caption and text without spaces: what keyword rules search."""
        return P.squeeze((self.caption or "") + self.text)

    @property
    def titled(self) -> str:
        """第7条（複写又は複製の禁止） — how a clerk recognises the article."""
        return self.name + ("（%s）" % self.caption if self.caption else "")


@dataclass
class Location:
    article: Optional[Article] = None
    paragraph: Optional[Paragraph] = None
    item: Optional[Item] = None


@dataclass
class Document:
    lines: List[Line]
    parts: List[List[Article]]
    where: Dict[int, Location]     # input index -> where that paragraph is (first line)
    by_key: List[Dict[Tuple[int, int], Article]] = field(default_factory=list)  # per part
    titles: List[str] = field(default_factory=list)  # per part: the title lines before it

    def find(self, part: int, key: Tuple[int, int]) -> Optional[Article]:
        """The first article of a part with that (number, branch)."""
        return self.by_key[part].get(key)

    @property
    def articles(self) -> List[Article]:
        return [a for part in self.parts for a in part]

    def locate(self, index: Optional[int]) -> Location:
        if index is None:
            return Location()
        loc = self.where.get(index)
        if loc is not None:
            return loc
        # An index between recognised lines (hidden content, a blank): the last one before.
        best = None
        for i in self.where:
            if i <= index and (best is None or i > best):
                best = i
        return self.where[best] if best is not None else Location()


_CLASSIFIED: Dict[str, Line] = {}


def classify(index: int, text: str) -> Line:
    """The Line of one line of text. Memoised by text (a fresh Line each time, parsing
    changes it): a batch classifies the same template lines for every row (issue 16)."""
    seen = _CLASSIFIED.get(text)
    if seen is None:
        seen = _classify(text)
        if len(_CLASSIFIED) < 8192:
            _CLASSIFIED[text] = seen
    return Line(index, text, kind=seen.kind, number=seen.number, branch=seen.branch,
                label=seen.label, body_start=seen.body_start, caption=seen.caption,
                style=seen.style, alt=seen.alt)


def _classify(text: str) -> Line:
    line = Line(0, text)
    if not text.strip():
        line.kind = BLANK
        return line
    lab = L.read_article(text)
    if lab is not None:
        line.kind, line.number, line.branch = ARTICLE, lab.number, lab.branch
        line.caption, line.style = lab.caption, lab.style
        line.label, line.body_start = lab.written, lab.end
        return line
    heading = L.read_heading_article(text)
    lab = L.read_paragraph(text)
    if lab is not None:
        line.kind, line.number = PARAGRAPH, lab.number
        line.label, line.body_start = lab.written, lab.end
        line.alt = heading
        return line
    lab = L.read_item(text)
    if lab is not None:
        line.kind, line.number = ITEM, lab.number
        line.label, line.body_start = lab.written, lab.end
        line.alt = heading
        return line
    for reader, kind in ((L.read_kana, SUBITEM), (L.read_paren_kana, SUBSUBITEM),
                         (L.read_latin, SUBSUBITEM)):
        lab = reader(text)
        if lab is not None:
            line.kind, line.number = kind, lab.number
            line.label, line.body_start = lab.written, lab.end
            line.style = lab.kind
            return line
    cap = L.read_caption(text)
    if cap is not None:
        line.kind, line.caption = CAPTION, cap
        return line
    return line


def split_lines(paragraphs) -> List[Line]:
    """One Line per text line; a paragraph with line breaks gives several Lines."""
    lines = []
    for index, para in enumerate(paragraphs):
        text = unicodedata.normalize("NFC", para or "")
        for piece in text.split("\n"):
            lines.append(classify(index, piece))
    _bare_captions(lines)
    _captions_only_before_heads(lines)
    return lines


def _next_content(lines, i):
    j = i + 1
    while j < len(lines) and lines[j].kind == BLANK:
        j += 1
    return lines[j] if j < len(lines) else None


def _bare_captions(lines: List[Line]) -> None:
    """第1　趣旨 / 第1条　目的 with the body on the next line: the rest is a caption."""
    for i, line in enumerate(lines):
        if line.kind != ARTICLE or line.caption:
            continue
        rest = line.body.strip()
        if not rest or not L.is_bare_caption(rest):
            continue
        nxt = _next_content(lines, i)
        if nxt is not None and nxt.kind not in (ARTICLE, CAPTION):
            line.caption, line.body_start = rest, len(line.text)


def _captions_only_before_heads(lines: List[Line]) -> None:
    # "（左記のように…記入する。）" has a caption's shape but no article follows it.
    for i, line in enumerate(lines):
        if line.kind != CAPTION:
            continue
        nxt = _next_content(lines, i)
        if nxt is None or (nxt.kind != ARTICLE and nxt.alt is None):
            line.kind, line.caption = TEXT, None


def _starts_heading_article(line, article, pending_caption):
    """「1　趣旨」 starts an article when no 第N article is open and the count fits."""
    h = line.alt
    if h is None:
        return False
    if article is None:
        return h.number == 1
    return article.style == L.HEADING and h.number == article.number + 1


def _title_tail(article):
    """Title lines at the end of an article, just before the next part (別記, 特記事項…)."""
    para = article.paragraphs[-1]
    tail = []
    for line in reversed(para.lines):
        if line.kind != TEXT or line is para.lines[0]:
            break
        body = line.text.strip()
        if not body or len(body) > 60 or body.endswith(("。", "、")):
            break
        tail.append(line)
    return list(reversed(tail))


def _kana(item: Item) -> bool:
    """Is this 号 labelled ア, イ … (so that the next ア-line is a 号 too)?"""
    return item.label[:1] in L.KATAKANA_ITEMS


def _iroha(items: List[Item]) -> None:
    """イ, ロ, ハ …: いろは order (kagawa style), renumbered 1, 2, 3."""
    if len(items) >= 2 and items[0].label.strip("()（）") == "イ" \
            and items[1].label.strip("()（）") == "ロ":
        for it in items:
            try:
                it.number = L.kana_number(it.label, iroha=True)
            except ValueError:
                pass
    for it in items:
        _iroha(it.children)


def parse(paragraphs) -> Document:
    lines = split_lines(paragraphs)
    parts: List[List[Article]] = []
    titles: List[str] = []
    where: Dict[int, Location] = {}
    article = para = item = sub = None
    pending_caption = None
    pre: List[Line] = []   # lines before the first article (title, preamble)

    for line in lines:
        if line.kind == BLANK:
            continue
        if line.kind == CAPTION:
            pending_caption = line
            continue
        heading = line.kind in (PARAGRAPH, ITEM) and _starts_heading_article(
            line, article, pending_caption)
        if heading:
            h = line.alt
            line.kind, line.number, line.branch = ARTICLE, h.number, None
            line.caption, line.style, line.label = h.caption, L.HEADING, h.written
            line.body_start = len(line.text)
        if line.kind == ARTICLE:
            style = line.style or L.JOU
            new_part = not parts
            if parts and line.number == 1 and line.branch is None and parts[-1]:
                prev_style = parts[-1][-1].style
                new_part = len(parts[-1]) >= 2 or prev_style != style
            title = []
            if new_part and parts and parts[-1]:
                tail = _title_tail(parts[-1][-1])
                last_para = parts[-1][-1].paragraphs[-1]
                for t in tail:
                    last_para.lines.remove(t)
                    where.pop(t.index, None)
                    t.kind = TEXT
                title = [t.text.strip() for t in tail]
            elif new_part:
                title = [t.text.strip() for t in pre if len(t.text.strip()) <= 60
                         and not t.text.strip().endswith("。")]
            if new_part:
                parts.append([])
                titles.append(" ".join(title))
            article = Article(line.number, line.branch, line.index, len(parts) - 1,
                              len(parts[-1]), label=line.label, style=style)
            if line.caption:
                article.caption, article.caption_index = line.caption.strip(), line.index
            elif pending_caption is not None:
                article.caption = pending_caption.caption
                article.caption_index = pending_caption.index
                where.setdefault(pending_caption.index, Location(article))
            parts[-1].append(article)
            para = Paragraph(1, line.index, article, [line])
            article.paragraphs.append(para)
            item = sub = None
        elif article is None:
            if pending_caption is not None:
                pre.append(pending_caption)
            pre.append(line)   # title, preamble: not part of any article
        elif line.kind == PARAGRAPH:
            if line.number == 1 and len(article.paragraphs) == 1 and not para.items \
                    and not "".join(l.body for l in para.lines).strip():
                para.lines.append(line)  # 第N条 alone on its line, then "1 本文"
                para.label = line.label
            else:
                para = Paragraph(line.number, line.index, article, [line], label=line.label)
                article.paragraphs.append(para)
            item = sub = None
        elif line.kind == ITEM or (line.kind == SUBITEM and (item is None or _kana(item))):
            # ア　… directly under a 項 (no (1) above it) is that 項's 号
            item = Item(line.number, line.label, line.index, [line])
            para.items.append(item)
            para.lines.append(line)
            sub = None
        elif line.kind == SUBITEM:
            sub = Item(line.number, line.label, line.index, [line])
            item.children.append(sub)
            para.lines.append(line)
        elif line.kind == SUBSUBITEM and (sub is not None or (
                item is not None and _kana(item))):
            parent = sub if sub is not None else item
            child = Item(line.number, line.label, line.index, [line])
            parent.children.append(child)
            para.lines.append(line)
        else:  # continuation text (also a (ア) with no ア above it)
            para.lines.append(line)
            for container in (sub, item):
                if container is not None:
                    container.lines.append(line)
                    break
        pending_caption = None
        if article is not None:
            where.setdefault(line.index, Location(article, para, item))
    by_key = []
    for part in parts:
        keys = {}
        for a in part:
            keys.setdefault(a.key, a)
            for p in a.paragraphs:
                _iroha(p.items)
        by_key.append(keys)
    return Document(lines, parts, where, by_key, titles)


def _item_dict(item: Item) -> dict:
    return {"label": item.label, "number": item.number,
            "subitems": [_item_dict(c) for c in item.children]}


def describe(doc: Document) -> dict:
    """What tokki read, for `validate --json` ("structure") and `tokki outline`.

    {"parts": [{"index", "title", "articles": [{"label" (as written), "number"
    (5 or "5の2"), "caption", "style" (jou/dai/heading), "index", "paragraphs":
    [{"label", "number", "items": [{"label", "number", "subitems": [...]}]}]}]}]}
    """
    parts = []
    for i, part in enumerate(doc.parts):
        articles = []
        for a in part:
            articles.append({
                "label": a.label, "number": a.no, "caption": a.caption, "style": a.style,
                "index": a.index,
                "paragraphs": [{"label": p.label if p is not a.paragraphs[0] or p.label
                                else "", "number": p.number,
                                "items": [_item_dict(it) for it in p.items]}
                               for p in a.paragraphs]})
        parts.append({"index": i, "title": doc.titles[i] if i < len(doc.titles) else "",
                      "articles": articles})
    return {"parts": parts}


def outline_lines(doc: Document, lang: str = "ja") -> List[str]:
    """The same as describe(), as an indented list."""
    out = []
    ja = lang == "ja"
    for part in describe(doc)["parts"]:
        title = part["title"] or ("（表題なし）" if ja else "(no title)")
        out.append(("第%d部　%s" if ja else "Part %d: %s") % (part["index"] + 1, title))
        for a in part["articles"]:
            cap = "（%s）" % a["caption"] if a["caption"] else ""
            n_para = len(a["paragraphs"])
            out.append("  %s%s%s" % (a["label"], cap,
                                     ("　%d項" % n_para if ja else "  %d paragraphs" % n_para)
                                     if n_para > 1 else ""))
            for p in a["paragraphs"]:
                if n_para > 1 or p["items"]:
                    out.append("    %s" % (p["label"] or ("（第1項）" if ja else "(paragraph 1)"))
                               if n_para > 1 else "    " + ("（本文）" if ja else "(text)"))
                for it in p["items"]:
                    out.extend(_outline_item(it, 6))
    return out


def _outline_item(item, indent):
    lines = [" " * indent + item["label"]]
    for sub in item["subitems"]:
        lines.extend(_outline_item(sub, indent + 2))
    return lines
