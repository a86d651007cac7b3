"""Building findings: where (第N条第M項), an excerpt, and the two messages."""
import re
from typing import Optional

from ..findings import Finding
from .structure import Article, Paragraph

EXCERPT_CONTEXT = 15


def where_ja(article: Optional[Article], paragraph: Optional[Paragraph] = None) -> str:
    if article is None:
        return ""
    if paragraph is not None and len(article.paragraphs) > 1:
        return "%s第%d項" % (article.name, paragraph.number)
    return article.name


def where_en(article: Optional[Article], paragraph: Optional[Paragraph] = None) -> str:
    if article is None:
        return ""
    if paragraph is not None and len(article.paragraphs) > 1:
        return "Article %s, paragraph %d" % (article.no, paragraph.number)
    return "Article %s" % article.no


def excerpt(text: str, start: int = 0, end: Optional[int] = None,
            context: int = EXCERPT_CONTEXT) -> str:
    """The matched text with a little context either side, on one line."""
    end = len(text) if end is None else end
    lo, hi = max(0, start - context), min(len(text), end + context)
    out = text[lo:hi].replace("\n", " ").replace("\t", " ").strip()
    return ("…" if lo > 0 else "") + out + ("…" if hi < len(text) else "")


_JA_POINTER = re.compile(r"第(\d+)条(?:の(\d+))?(?:第(\d+)項)?(?:第(\d+)号)?(（[^（）]*）)?")
_QUOTED = re.compile(r"(「[^」]*」)")


def _pointer_en(m):
    out = "Article %s" % m.group(1) + ("-%s" % m.group(2) if m.group(2) else "")
    if m.group(3):
        out += "(%s)" % m.group(3)
    if m.group(4):
        out += " item %s" % m.group(4)
    if m.group(5):
        out += " (%s)" % m.group(5)[1:-1]
    return out


def english_pointers(text: str) -> str:
    """第7条第2項（…） -> Article 7(2) (…) outside 「quotes」 (quotes show the document's words)."""
    parts = _QUOTED.split(text)
    return "".join(p if p.startswith("「") else _JA_POINTER.sub(_pointer_en, p) for p in parts)


def finding(code: str, severity: str, ja: str, en: str, *,
            article: Optional[Article] = None, paragraph: Optional[Paragraph] = None,
            index: Optional[int] = None, excerpt_text: str = "") -> Finding:
    """A Finding whose messages start with the place, so they read well on their own."""
    wja, wen = where_ja(article, paragraph), where_en(article, paragraph)
    return Finding(code=code, severity=severity,
                   message=("%s：%s" % (wja, ja)) if wja else ja,
                   message_en=english_pointers(("%s: %s" % (wen, en)) if wen else en),
                   article=article.no if article is not None else None,
                   paragraph=paragraph.number if paragraph is not None else None,
                   excerpt=excerpt_text,
                   index=index)
