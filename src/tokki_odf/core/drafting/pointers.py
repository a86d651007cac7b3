"""Internal references held by target and rendered from final numbers (pure).

Target syntax (content-control tag `ref:TARGET`):
    TARGET  := SPEC | SPEC ".." SPEC          a range of articles
    SPEC    := ID ["/" ("items" | "proviso")]
    ID      := ARTICLE_ID                     an article (section art:ARTICLE_ID)
             | ARTICLE_ID ".1"                its first paragraph
             | PARAGRAPH_ID                   a paragraph with bookmark p:PARAGRAPH_ID
Rendering follows Japanese drafting: 前条/次条 and 前項/次項 for neighbours,
第N条 for an article with one paragraph, 第N条第M項 for one with several,
AからBまで for three or more articles, A及びB for two.
"""
from ...errors import TemplateError
from .numerals import format_int, HALF

SUFFIXES = {"items": "各号", "proviso": "ただし書"}


class Spec:
    __slots__ = ("id", "suffix")

    def __init__(self, id, suffix=None):
        self.id, self.suffix = id, suffix

    def __repr__(self):
        return self.id + ("/" + self.suffix if self.suffix else "")


def parse_target(text):
    """'scope.1/items' -> [Spec]; 'scope..materials' -> [Spec, Spec]."""
    text = text.strip()
    parts = text.split("..")
    if len(parts) > 2 or not all(parts):
        raise ValueError("bad reference target %r (expected ID, ID/items, ID/proviso or A..B)"
                         % text)
    specs = []
    for part in parts:
        ident, _, suffix = part.partition("/")
        if suffix and suffix not in SUFFIXES:
            raise ValueError("bad reference suffix %r in %r (allowed: items, proviso)"
                             % (suffix, text))
        if not ident:
            raise ValueError("empty reference target in %r" % text)
        specs.append(Spec(ident, suffix or None))
    if len(specs) == 2 and (specs[0].suffix or specs[1].suffix):
        raise ValueError("a range %r cannot carry /items or /proviso" % text)
    return specs


class Place:
    """Where something is in the assembled document (final numbers)."""
    __slots__ = ("article", "paragraph", "paragraphs", "has_items", "has_proviso")

    def __init__(self, article, paragraph=None, paragraphs=1, has_items=False,
                 has_proviso=False):
        self.article = article          # article number as printed (start offset applied)
        self.paragraph = paragraph      # 1-based, None for the article itself
        self.paragraphs = paragraphs    # how many paragraphs the article has
        self.has_items = has_items
        self.has_proviso = has_proviso


def _article(n, here, style):
    if n == here.article - 1:
        return "前条"
    if n == here.article + 1:
        return "次条"
    if n == here.article:
        return "この条"
    return "第%s条" % format_int(n, style)


def render_one(target, spec, here, style=HALF, para_style=HALF):
    """Render a single (non-range) target as seen from `here`."""
    if target.paragraph is None:
        text = _article(target.article, here, style)
    elif target.article == here.article:
        delta = target.paragraph - here.paragraph
        text = {-1: "前項", 1: "次項", 0: "この項"}.get(
            delta, "第%s項" % format_int(target.paragraph, para_style))
    else:
        text = _article(target.article, here, style)
        if target.paragraphs > 1:
            text += "第%s項" % format_int(target.paragraph, para_style)
    if spec.suffix == "items" and not target.has_items:
        raise TemplateError("reference %r: the target has no items (号) for these answers"
                            % spec)
    if spec.suffix == "proviso" and not target.has_proviso:
        raise TemplateError("reference %r: the target has no ただし書 for these answers" % spec)
    if spec.suffix:
        text += SUFFIXES[spec.suffix]
    return text


def render_range(first, last, here, style=HALF):
    a, b = first.article, last.article
    if a > b:
        raise TemplateError("reference range 第%s条..第%s条 runs backwards" % (a, b))
    if a == b:
        return _article(a, here, style)
    joiner = "及び" if b == a + 1 else None
    left, right = _article(a, here, style), _article(b, here, style)
    return left + joiner + right if joiner else "%sから%sまで" % (left, right)
