"""Pointers (参照): one vocabulary for rendering (assembly) and parsing (validate).

Japanese drafting, after Lawtext's pointer grammar (yamachig/Lawtext), reduced
to what contracts, 例規 and 特記事項 use:

    pointer  := [article] [paragraph] [item [katakana]] [ただし書|本文]
    article  := 第N条[のM] | 第N[のM] (a 別記 numbered without 条) | 前条 | 次条 | 同条
                | 本条 | この条 | 前N条
                | N, 前記N, 上記N, N(M) (N's 号 M) — only in a document numbered
                  「1　見出し」 (find(heading_articles=True)), where a pointer can stand
    paragraph:= 第N項 | 前項 | 次項 | 同項 | 本項 | この項 | 前N項 | 前各項
    item     := 第N号 | 前号 | 次号 | 同号 | 前N号 | 各号 | 前各号
    lists    := A及びB, A又はB, A、B及びC (並びに, 若しくは) — a bare 第2項 after
                第5条第1項 belongs to 第5条; ranges: AからBまで
    external := qualified by another instrument just before it: 法, 条例, 規則,
                本契約, 基本契約, ○○契約, 契約書, 約款, 仕様書, 別表, 別記, 別紙,
                …において準用する, or a closing citation （平成15年法律第57号）;
                a pointer listed after an external one is external too.

Rendering (render_one, render_range) writes what assembly puts in a contract:
前条/次条 and 前項/次項 for neighbours, 第N条 for an article with one paragraph,
第N条第M項 for one with several, AからBまで for three or more articles, A及びB
for two; the article form follows the document (form jou 第N条, dai 第N — 第5第2項,
第2から第4まで — or heading: the bare number, never 前条); with "=" (absolute) a
neighbour is written by number too. find() reads the same forms back
(tests/test_pointers_roundtrip.py checks every shape the renderer can produce).

Template target syntax (content-control tag `ref:TARGET`):
    TARGET  := ["="] (SPEC | SPEC ".." SPEC)  a range of articles; "=": always by
                                              number (第5条, never 前条/次条)
    SPEC    := ID ["/" ("items" | "proviso")]
    ID      := ARTICLE_ID | ARTICLE_ID ".1" | PARAGRAPH_ID
"""
from ...errors import TemplateError
import functools
import re
from dataclasses import dataclass
from typing import List, Optional

from .numerals import format_int, HALF

SUFFIXES = {"items": "各号", "proviso": "ただし書"}


class Spec:
    __slots__ = ("id", "suffix", "absolute")

    def __init__(self, id, suffix=None, absolute=False):
        self.id, self.suffix, self.absolute = id, suffix, absolute

    def __repr__(self):
        return ("=" if self.absolute else "") + self.id + (
            "/" + self.suffix if self.suffix else "")


def parse_target(text):
    """'scope.1/items' -> [Spec]; 'scope..materials' -> [Spec, Spec]; a leading '='
    ('=scope.2', '=scope..materials'): always by number (第2条第2項), never 前条/次条."""
    text = text.strip()
    absolute = text.startswith("=")
    if absolute:
        text = text[1:].strip()
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
        specs.append(Spec(ident, suffix or None, absolute))
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


JOU, DAI, HEADING = "jou", "dai", "heading"   # the article forms of drafting/labels.py


def _article(n, here, style, form=JOU, absolute=False):
    """第5条 / 前条 / 次条 / この条; 第5 (form dai); 5 (form heading: 「5　見出し」
    documents cite an article by its bare number, 「5の規定」, never as 前条);
    absolute: by number even for a neighbour (a ref:= target)."""
    if form == HEADING:
        return format_int(n, style)
    if not absolute:
        near = {-1: "前条", 1: "次条", 0: "この条"}.get(n - here.article)
        if near:
            return near
    return "第%s" % format_int(n, style) + ("" if form == DAI else "条")


def render_one(target, spec, here, style=HALF, para_style=HALF, form=JOU):
    """Render a single (non-range) target as seen from `here`; form: how the document
    numbers its articles (jou 第N条, dai 第N, heading 「N　見出し」)."""
    absolute = getattr(spec, "absolute", False)
    if target.paragraph is None:
        text = _article(target.article, here, style, form, absolute)
    elif target.article == here.article:
        # within the article: 前項/次項, or 第3項 (always, with "=": never 前項)
        delta = None if absolute else target.paragraph - here.paragraph
        text = {-1: "前項", 1: "次項", 0: "この項"}.get(
            delta, "第%s項" % format_int(target.paragraph, para_style))
    else:
        text = _article(target.article, here, style, form, absolute)
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


def render_range(first, last, here, style=HALF, form=JOU, absolute=False):
    a, b = first.article, last.article
    if a > b:
        raise TemplateError("reference range 第%s条..第%s条 runs backwards" % (a, b))
    if a == b:
        return _article(a, here, style, form, absolute)
    joiner = "及び" if b == a + 1 else None
    left = _article(a, here, style, form, absolute)
    right = _article(b, here, style, form, absolute)
    return left + joiner + right if joiner else "%sから%sまで" % (left, right)

# -- parsing: pointers as written in a sentence ------------------------------------
from .labels import KATA, NUM, SP
from .numerals import parse_int

_W = SP + "*"
POINTER = re.compile(
    r"(?=[第前次同本こ各])"
    r"(?:(?:第{w}(?P<a>{n}){w}条(?:{w}の{w}(?P<ab>{n})(?!{w}[条項号]))?"
    r"|第{w}(?P<d>{n})(?:{w}の{w}(?P<db>{n}))?(?={w}(?:に|の|で|から|まで|及び|又は|並びに|"
    r"若しくは|、|，|を|は|が|と|ただし書|本文|第{w}{n}{w}[項号])|$)"
    r"|(?P<ar>前|次|同|本|この)条|前(?P<an>{n})条))?"
    r"(?:{w}(?:第{w}(?P<p>{n}){w}項|(?P<pr>前|次|同|本|この)項|前(?P<pn>{n})項"
    r"|(?P<pa>前各)項))?"
    r"(?:{w}(?:第{w}(?P<i>{n}){w}号|(?P<ir>前|次|同)号|前(?P<in>{n})号|(?P<ia>前各|各)号)"
    r"(?P<s>{k}(?![ァ-ヺー]))?)?"
    r"(?:の?(?P<v>ただし書|本文))?".format(w=_W, n=NUM, k=KATA))

# 「1　見出し」 documents cite an article by its bare number: 1の規定, 前記1, 2(1), 1から3まで.
# The number must not follow a kanji, kana or digit (別表1, 様式2, 第1 are something
# else; after hiragana it may be: は1の規定, 及び2) unless 前記/上記 says it is a pointer, and must be followed by what follows a
# pointer (の規定, に定める, から, 及び …), never by a counter (1日, 2年, 3人).
HEADING_POINTER = re.compile(
    r"(?:(?P<pre>前記|上記)|(?P<join>(?<=又は)|(?<=及び)|(?<=並びに)|(?<=若しくは)|(?<=から))"
    r"|(?<![0-9０-９一-龥ァ-ヺー々〆.．,，A-Za-zＡ-Ｚａ-ｚ()（）]))"
    r"(?P<h>[0-9０-９]{{1,2}})(?![0-9０-９])"
    r"(?:[（(](?P<hi>[0-9０-９]{{1,2}})[）)](?P<hs>{k}(?![ァ-ヺー]))?)?"
    r"(?:の?(?P<hv>ただし書|本文))?"
    r"(?![年月日人回件時分秒個枚部名円％%号条項番歳週期通]|か(?!ら)|ヶ|カ月|箇)"
    r"(?(pre)|(?(join)|(?(hi)|(?=の(?:規定|定め|場合|措置|手続|ただし書|本文|各号|報告|届出)"
    r"|に(?:定め|規定|掲げ|基づ|よ|従|違反|該当)|で(?:定め|規定)|から|まで|及び|又は|並びに|若しくは"
    r"|、(?:{w}[0-9０-９]{{1,2}}(?![0-9０-９]))|を除|において|により|による))))".format(
        w=SP + "*", k=KATA))

# Words that, right before 第N条, name another law, rule or document.
LAW_SUFFIX = re.compile(
    r"(?:法|法律|令|規則|条例|規程|規約|要綱|要領|基準|契約書?|仕様書|約款|告示|訓令|"
    r"協定書?|憲法|指針|ガイドライン|通知|同法|同令|同規則|同条例|別表|別記|別紙|別添|"
    r"特記事項|(?:に|で|において)準用する)(?:の)?$")
# （平成17年法律第86号） （平成12年豊島区条例第3号。以下「条例」という。）
CITATION = re.compile(r"(?:法律|政令|省令|府令|条例|規則|告示|訓令)%s*第?%s*[0-9０-９〇一二三四五六七八九十百千]+%s*号"
                      % (SP, SP, SP))
LIST_JOIN = re.compile(r"^%s*(?:及び|又は|並びに|若しくは|、|，|,|・)%s*$" % (SP, SP))
RANGE_FROM = re.compile(r"^%s*から%s*$" % (SP, SP))
RANGE_TO = re.compile(r"^%s*まで" % SP)
SAME_BARE = re.compile(r"同%s*$" % SP)   # 同第2項 = 同条第2項
# What follows a real 第K号 (a particle, a connector, punctuation, a sub-item…);
# 第1号被保険者, 第3号様式 are names, not pointers.
AFTER_ITEM = re.compile(r"(?:に|の(?!様式)|から|まで|及び|又は|並びに|若しくは|を|が|は|で|と|も|"
                        r"[、。，,）)」\s]|ただし|本文|第|$)")


@dataclass
class Pointer:
    start: int
    end: int
    text: str
    art: Optional[tuple] = None    # ("abs", n, branch) | ("rel", 前/次/同/本/この) | ("prev", n)
    para: Optional[tuple] = None   # ("abs", m) | ("rel", …) | ("prev", n) | ("prev_all",)
    item: Optional[tuple] = None   # ("abs", k) | ("rel", 前/次/同) | ("prev", n) | ("each",) | ("prev_all",)
    sub: Optional[str] = None      # katakana after 号: 第4号ア
    proviso: Optional[str] = None  # ただし書 / 本文
    external: bool = False
    joined_to: Optional["Pointer"] = None   # the pointer before it in a 及び/又は list
    range_from: Optional["Pointer"] = None  # set on B of "A から B まで"
    range_to: Optional["Pointer"] = None    # set on A
    same_bare: bool = False         # 同第2項
    name_like: bool = False         # a bare 第K号 not followed by a particle (第1号被保険者)
    lead: str = ""                  # the few characters before it (次の各号, 当該各号)
    bare: bool = False              # 第3 without 条: an article of a 別記 numbered 第1, 第2 …
    heading: bool = False           # 3 / 前記3 / 3(1): an article of a 「3　見出し」 document
    instrument: str = ""            # what qualifies an external pointer: 法, 条例, 本契約 …

    @property
    def kind(self) -> str:
        """What it targets: article, paragraph, item, proviso, main (本文)."""
        if self.proviso == "ただし書":
            return "proviso"
        if self.proviso == "本文":
            return "main"
        if self.item is not None:
            return "item"
        if self.para is not None:
            return "paragraph"
        return "article"

    @property
    def is_range_start(self) -> bool:
        return self.range_to is not None

    @property
    def is_same(self) -> bool:
        """同条…, 同項…, 同号, 同第2項: cites whatever was cited last."""
        if self.same_bare:
            return True
        first = self.art or self.para or self.item
        return first == ("rel", "同")


def _num(text):
    return parse_int(re.sub(SP, "", text))


def _build(m) -> Optional[Pointer]:
    g = m.groupdict()
    p = Pointer(m.start(), m.end(), m.group(0))
    if g["a"]:
        p.art = ("abs", _num(g["a"]), _num(g["ab"]) if g["ab"] else None)
    elif g["d"]:
        p.art = ("abs", _num(g["d"]), _num(g["db"]) if g["db"] else None)
        p.bare = True
    elif g["ar"]:
        p.art = ("rel", g["ar"])
    elif g["an"]:
        p.art = ("prev", _num(g["an"]))
    if g["p"]:
        p.para = ("abs", _num(g["p"]))
    elif g["pr"]:
        p.para = ("rel", g["pr"])
    elif g["pn"]:
        p.para = ("prev", _num(g["pn"]))
    elif g["pa"]:
        p.para = ("prev_all",)
    if g["i"]:
        p.item = ("abs", _num(g["i"]))
    elif g["ir"]:
        p.item = ("rel", g["ir"])
    elif g["in"]:
        p.item = ("prev", _num(g["in"]))
    elif g["ia"]:
        p.item = ("prev_all",) if g["ia"] == "前各" else ("each",)
    p.sub = g["s"]
    p.proviso = g["v"]
    if p.art is None and p.para is None and p.item is None:
        return None
    return p


def _closing_citation(before: str) -> bool:
    """Does `before` end with a parenthesis that cites a law (…法律第86号）?"""
    if not before.endswith(("）", ")")):
        return False
    depth = 0
    for i in range(len(before) - 1, -1, -1):
        ch = before[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
            if depth == 0:
                inside = before[i + 1:-1]
                outside = re.sub(SP, "", before[:i])
                return bool(CITATION.search(inside) or LAW_SUFFIX.search(outside))
    return False


def instrument_before(before: str) -> str:
    """The instrument named just before a pointer (法, 条例, 本契約, 仕様書…), or ""."""
    before = re.sub(r"%s+$" % SP, "", before)
    m = LAW_SUFFIX.search(re.sub(SP, "", before[-20:]))
    if m:
        return m.group(0)
    return "（）" if _closing_citation(before[-200:]) else ""


def is_external_context(before: str) -> bool:
    return bool(instrument_before(before))


def _build_heading(m) -> Pointer:
    g = m.groupdict()
    start = m.start("h")
    p = Pointer(start, m.end(), m.string[start:m.end()], heading=True)
    p.art = ("abs", _num(g["h"]), None)
    if g["hi"]:
        p.item = ("abs", _num(g["hi"]))
        p.sub = g["hs"]
    p.proviso = g["hv"]
    return p


def _matches(text, heading_articles):
    """Pointer matches in order: the 第/前/次… grammar, and in a 「N　見出し」 document
    also bare article numbers (where they do not overlap a match of the first)."""
    found = []
    for m in POINTER.finditer(text):
        if m.end() == m.start():
            continue
        p = _build(m)
        if p is not None:
            found.append(p)
    if heading_articles:
        taken = [(p.start, p.end) for p in found]
        for m in HEADING_POINTER.finditer(text):
            if m.end() == m.start("h"):
                continue
            if any(s < m.end() and m.start("h") < e for s, e in taken):
                continue
            found.append(_build_heading(m))
        found.sort(key=lambda p: p.start)
    return found


def find(text: str, bare_articles: bool = False, articles_are_external: bool = False,
         heading_articles: bool = False) -> List[Pointer]:
    """All pointers in text, with lists, ranges and externality worked out.

    bare_articles: the document numbers its articles 第1, 第2 … (no 条), so 第3 cites
    one of them; heading_articles: its articles are 「1　見出し」 headings, so a bare
    1 (1の規定, 前記1, 2(1), 1から3まで) cites one of them; articles_are_external:
    第N条 cannot be one of this document's articles (they are 第N or 「N」), so it
    cites another instrument.
    """
    found = _find(text, bare_articles, articles_are_external, heading_articles)
    return _copies(found) if found else []


def _copies(found: List[Pointer]) -> List[Pointer]:
    """Fresh pointers equal to found, their links (joined_to, range_from, range_to)
    pointing at each other as in found."""
    new, by_id = [], {}
    for p in found:
        c = object.__new__(Pointer)
        c.__dict__.update(p.__dict__)
        by_id[id(p)] = c
        new.append(c)
    for c in new:
        d = c.__dict__
        for link in ("joined_to", "range_from", "range_to"):
            if d[link] is not None:
                d[link] = by_id[id(d[link])]
    return new


# by its arguments: a batch reads the same template lines for every row (issue 16).
# Callers get copies (refcheck marks pointers external), never what is kept here.
@functools.lru_cache(maxsize=8192)
def _find(text, bare_articles, articles_are_external, heading_articles):
    out: List[Pointer] = []
    for p in _matches(text, heading_articles):
        if p.bare and not bare_articles:
            continue
        p.lead = text[max(0, p.start - 3):p.start]
        if p.art is None and p.para is None and p.item and p.item[0] == "abs":
            p.name_like = not AFTER_ITEM.match(text, p.end)
        prev = out[-1] if out else None
        between = text[prev.end:p.start] if prev is not None else None
        if prev is not None and RANGE_FROM.match(between) and RANGE_TO.match(text[p.end:]):
            p.range_from, prev.range_to = prev, p
            p.external = prev.external
        elif prev is not None and LIST_JOIN.match(between):
            p.joined_to = prev
            p.external = prev.external
        elif prev is not None and prev.external and p.art is None and \
                re.match(r"^%s*[（(]%s*$" % (SP, SP), between):
            p.external = True   # 法第78条第1項各号（第6号を除く。）: 第6号 of the same law
            p.instrument = prev.instrument
        elif p.art is None and SAME_BARE.search(text[:p.start]):
            # 同第2項: the same article as the pointer before; with none on this line,
            # we cannot tell which, so it is not checked.
            p.same_bare = True
            p.external = prev.external if prev is not None else True
        elif p.is_same and prev is not None:
            p.external = prev.external   # 法第68条第1項…同条第2項: the same law
        else:
            p.instrument = instrument_before(text[:p.start])
            p.external = bool(p.instrument)
        if articles_are_external and p.art is not None and p.art[0] == "abs" and not p.bare \
                and not p.heading:
            p.external = True
            p.instrument = p.instrument or "条"
        out.append(p)
    return out
