"""Find cross-references (第N条, 前項, 第2条第1項各号, 同条, …) in a line of text.

Only parsing here; resolution against the document is in refcheck.py.
Grammar (after Lawtext's pointer grammar, reduced to what contracts use):

    pointer := [article] [paragraph] [item [katakana]] [ただし書|本文]
    article := 第N条[のM] | 前条 | 次条 | 同条 | 本条 | この条 | 前N条
    paragraph := 第N項 | 前項 | 次項 | 同項 | 本項 | この項 | 前N項 | 前各項
    item := 第N号 | 前号 | 次号 | 同号 | 前N号 | 各号 | 前各号
    pointers joined by 及び/又は/並びに/若しくは/、 form a list (a bare 第2項 after
    第5条第1項 belongs to 第5条); "A から B まで" is a range.

A pointer is external (another law, rule, 条例, the main contract…) when the
words just before it name one (法第66条, 規則第43条, 条例第46条, 契約書第20条,
…施行令第19条) or close a citation like （平成17年法律第86号）; a pointer
listed after an external one (条例第46条又は第48条) is external too. External
pointers are never checked against this document's articles.
"""
import re
from dataclasses import dataclass
from typing import List, Optional

from .patterns import KATA, NUM, SP

_W = SP + "*"
POINTER = re.compile(
    r"(?=[第前次同本こ各])"
    r"(?:(?:第{w}(?P<a>{n}){w}条(?:{w}の{w}(?P<ab>{n})(?!{w}[条項号]))?"
    r"|(?P<ar>前|次|同|本|この)条|前(?P<an>{n})条))?"
    r"(?:{w}(?:第{w}(?P<p>{n}){w}項|(?P<pr>前|次|同|本|この)項|前(?P<pn>{n})項"
    r"|(?P<pa>前各)項))?"
    r"(?:{w}(?:第{w}(?P<i>{n}){w}号|(?P<ir>前|次|同)号|前(?P<in>{n})号|(?P<ia>前各|各)号)"
    r"(?P<s>{k}(?![ァ-ヺー]))?)?"
    r"(?:の?(?P<v>ただし書|本文))?".format(w=_W, n=NUM, k=KATA))

# Words that, right before 第N条, name another law, rule or document.
LAW_SUFFIX = re.compile(
    r"(?:法|法律|令|規則|条例|規程|規約|要綱|要領|基準|契約書|仕様書|約款|告示|訓令|"
    r"協定書?|憲法|指針|ガイドライン|通知|同法|同令|同規則|同条例)$")
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
    from .patterns import number
    return number(text)


def _build(m) -> Optional[Pointer]:
    g = m.groupdict()
    p = Pointer(m.start(), m.end(), m.group(0))
    if g["a"]:
        p.art = ("abs", _num(g["a"]), _num(g["ab"]) if g["ab"] else None)
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


def is_external_context(before: str) -> bool:
    before = re.sub(r"%s+$" % SP, "", before)
    if LAW_SUFFIX.search(re.sub(SP, "", before[-20:])):
        return True
    return _closing_citation(before[-200:])


def find(text: str) -> List[Pointer]:
    """All pointers in text, with lists, ranges and externality worked out."""
    out: List[Pointer] = []
    for m in POINTER.finditer(text):
        if m.end() == m.start():
            continue
        p = _build(m)
        if p is None:
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
        elif p.art is None and SAME_BARE.search(text[:p.start]):
            # 同第2項: the same article as the pointer before; with none on this line,
            # we cannot tell which, so it is not checked.
            p.same_bare = True
            p.external = prev.external if prev is not None else True
        elif p.is_same and prev is not None:
            p.external = prev.external   # 法第68条第1項…同条第2項: the same law
        else:
            p.external = is_external_context(text[:p.start])
        out.append(p)
    return out
