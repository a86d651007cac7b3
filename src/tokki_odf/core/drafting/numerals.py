"""Numerals as Japanese contracts write them: half-width, full-width and kanji.

Pure functions. Input accepts all three forms; output follows a style the
template itself shows (its "house style"), never a guess.
"""
import re
import unicodedata

_KANJI_DIGITS = "〇一二三四五六七八九"
_KANJI_VALUE = {c: i for i, c in enumerate(_KANJI_DIGITS)}
_KANJI_VALUE.update({"零": 0, "壱": 1, "弐": 2, "参": 3})
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}

HALF = "half"
FULL = "full"
KANJI = "kanji"
CIRCLED_STYLE = "circled"   # ① ② … (項 labels only)

# ア, イ, ウ … in 五十音 order (not いろは): the order municipal documents use.
KATAKANA_ITEMS = ("アイウエオカキクケコサシスセソタチツテトナニヌネノ"
                  "ハヒフヘホマミムメモヤユヨラリルレロワヲン")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"

NUMERAL_CLASS = r"[0-9０-９〇一二三四五六七八九十百千万億零壱弐参]+"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def kanji_to_int(text: str) -> int:
    """'二十一' -> 21, '一〇' -> 10 (positional), '百' -> 100."""
    if not text:
        raise ValueError("empty numeral")
    if all(c in _KANJI_VALUE for c in text):  # positional: 一〇五
        value = 0
        for c in text:
            value = value * 10 + _KANJI_VALUE[c]
        return value
    big, total, current = 0, 0, 0
    for c in text:
        if c in _KANJI_VALUE:
            current = current * 10 + _KANJI_VALUE[c]
        elif c in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[c]
            current = 0
        elif c in _KANJI_MYRIADS[1:]:
            big += ((total + current) or 1) * 10000 ** _KANJI_MYRIADS.index(c)
            total, current = 0, 0
        else:
            raise ValueError("not a kanji numeral: %r" % text)
    return big + total + current


def parse_int(text: str) -> int:
    """Half-width, full-width or kanji digits -> int. Raises ValueError."""
    text = text.strip()
    norm = unicodedata.normalize("NFKC", text)
    if norm.isdigit() and norm.isascii():
        return int(norm)
    return kanji_to_int(text)


_KANJI_MYRIADS = ("", "万", "億", "兆", "京")


def _kanji_below_10000(n: int) -> str:
    out = []
    for unit, sym in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, unit)
        if q:
            out.append(("" if q == 1 else _KANJI_DIGITS[q]) + sym)
    if n:
        out.append(_KANJI_DIGITS[n])
    return "".join(out)


def int_to_kanji(n: int) -> str:
    """21 -> 二十一, 10000 -> 一万, 12345 -> 一万二千三百四十五 (F26: past 九千九百九十九)."""
    if n <= 0:
        raise ValueError("kanji numerals start at 1")
    groups = []
    while n:
        n, rest = divmod(n, 10000)
        groups.append(rest)
    if len(groups) > len(_KANJI_MYRIADS):
        raise ValueError("%d is too large for a kanji numeral" % n)
    out = []
    for power in range(len(groups) - 1, -1, -1):
        g = groups[power]
        if not g:
            continue
        text = _kanji_below_10000(g)
        if power and g == 1:
            text = "一"                   # 一万, not 万
        elif power and g >= 1000 and g // 1000 == 1:
            text = "一" + text             # 一千万 reads as the house style writes 万
        out.append(text + _KANJI_MYRIADS[power])
    return "".join(out)


def to_fullwidth(text: str) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789()"})


def format_int(n: int, style: str) -> str:
    if style == CIRCLED_STYLE:
        if not 1 <= n <= len(CIRCLED):
            raise ValueError("%d is beyond ⑳" % n)
        return CIRCLED[n - 1]
    if style == KANJI:
        return int_to_kanji(n)
    if style == FULL:
        return to_fullwidth(str(n))
    return str(n)


def style_of(numeral: str) -> str:
    """Which style a numeral is written in."""
    if re.fullmatch(r"[0-9]+", numeral):
        return HALF
    if re.fullmatch(r"[０-９]+", numeral):
        return FULL
    if len(numeral) == 1 and numeral in CIRCLED:
        return CIRCLED_STYLE
    return KANJI


def katakana_item(n: int) -> str:
    if not 1 <= n <= len(KATAKANA_ITEMS):
        raise ValueError("sub-item %d is beyond ン" % n)
    return KATAKANA_ITEMS[n - 1]


def katakana_index(label: str) -> int:
    return KATAKANA_ITEMS.index(label) + 1
