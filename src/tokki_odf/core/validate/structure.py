"""Recognise articles, paragraphs (項), items (号) and sub-items from plain text.

Input is one string per document paragraph, as a reader sees it. Nothing here
relies on styles or list numbering, so documents tokki did not make (edited by
hand, copied from last year's, converted from Word) are read the same way.

Layout recognised (municipal contract style):
    （見出し）                     caption, alone, just before its article
    第N条　本文                    article head; also 第N条（見出し）本文, 第N条の2
    2　本文                        paragraph (項) 2, 3 … (the first is unnumbered)
    (1)　本文 / （１） / ⑴ / (一) / 一　本文    item (号)
    ア　本文                       sub-item, 五十音 order
    (ア)　本文                     the level below
Any other paragraph continues the element before it. A 第1条 after a longer
run of articles starts a new part (provisions attached as 別紙 after a contract).
"""
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Dict, List, Optional, Tuple

from . import patterns as P

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

    @property
    def no(self):
        """JSON form of the number: 5, or "5の2" for a branch article."""
        return self.number if self.branch is None else "%dの%d" % (self.number, self.branch)

    @property
    def key(self) -> Tuple[int, int]:
        return (self.number, self.branch or 0)

    @property
    def name(self) -> str:
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


def classify(index: int, text: str) -> Line:
    line = Line(index, text)
    if not text.strip():
        line.kind = BLANK
        return line
    m = P.ARTICLE_HEAD.match(text)
    if m:
        line.kind, line.number = ARTICLE, P.number(m.group("n"))
        line.branch = P.number(m.group("b")) if m.group("b") else None
        line.caption = m.group("cap")
        line.label, line.body_start = text[:m.end()].strip(), m.end()
        return line
    m = P.PARAGRAPH_NUM.match(text)
    if m:
        line.kind, line.number = PARAGRAPH, P.number(m.group("n"))
        line.label, line.body_start = m.group("n"), m.end()
        return line
    m = P.ITEM.match(text)
    if m:
        line.kind = ITEM
        line.number = (P.number(m.group("n")) if m.group("n") else
                       P.paren_digit(m.group("c")) if m.group("c") else P.number(m.group("k")))
        line.label, line.body_start = text[:m.end()].strip(), m.end()
        return line
    m = P.SUBITEM.match(text)
    if m:
        line.kind = SUBITEM
        line.number = P.katakana_number(unicodedata.normalize("NFKC", m.group("k")))
        line.label, line.body_start = m.group("k"), m.end()
        return line
    m = P.SUBSUBITEM.match(text)
    if m:
        line.kind = SUBSUBITEM
        line.number = P.katakana_number(m.group("k"))
        line.label, line.body_start = text[:m.end()].strip(), m.end()
        return line
    m = P.CAPTION.match(text)
    if m:
        line.kind, line.caption = CAPTION, m.group("cap").strip()
        return line
    return line


def split_lines(paragraphs) -> List[Line]:
    """One Line per text line; a paragraph with line breaks gives several Lines."""
    lines = []
    for index, para in enumerate(paragraphs):
        text = unicodedata.normalize("NFC", para or "")
        for piece in text.split("\n"):
            lines.append(classify(index, piece))
    _captions_only_before_heads(lines)
    return lines


def _captions_only_before_heads(lines: List[Line]) -> None:
    # "（左記のように…記入する。）" has a caption's shape but no article follows it.
    for i, line in enumerate(lines):
        if line.kind != CAPTION:
            continue
        j = i + 1
        while j < len(lines) and lines[j].kind == BLANK:
            j += 1
        if j == len(lines) or lines[j].kind != ARTICLE:
            line.kind, line.caption = TEXT, None


def parse(paragraphs) -> Document:
    lines = split_lines(paragraphs)
    parts: List[List[Article]] = []
    where: Dict[int, Location] = {}
    article = para = item = sub = None
    pending_caption = None

    for line in lines:
        if line.kind == BLANK:
            continue
        if line.kind == CAPTION:
            pending_caption = line
            continue
        if line.kind == ARTICLE:
            if not parts or (line.number == 1 and line.branch is None and len(parts[-1]) >= 2):
                parts.append([])
            article = Article(line.number, line.branch, line.index, len(parts) - 1,
                              len(parts[-1]))
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
            pass  # title, preamble: not part of any article
        elif line.kind == PARAGRAPH:
            if line.number == 1 and len(article.paragraphs) == 1 and not para.items \
                    and not "".join(l.body for l in para.lines).strip():
                para.lines.append(line)  # 第N条 alone on its line, then "1 本文"
            else:
                para = Paragraph(line.number, line.index, article, [line])
                article.paragraphs.append(para)
            item = sub = None
        elif line.kind == ITEM:
            item = Item(line.number, line.label, line.index, [line])
            para.items.append(item)
            para.lines.append(line)
            sub = None
        elif line.kind == SUBITEM:
            sub = Item(line.number, line.label, line.index, [line])
            (item.children if item is not None else para.loose_subitems).append(sub)
            para.lines.append(line)
        elif line.kind == SUBSUBITEM and sub is not None:
            sub.children.append(Item(line.number, line.label, line.index, [line]))
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
        by_key.append(keys)
    return Document(lines, parts, where, by_key)
