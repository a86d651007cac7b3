"""Labels of 条, 項, 号 and 号の細分, read and written by the same code (pure).

Every common style of Japanese contracts, 例規 and 別記 特記事項:

    条   第1条 第１条 第一条 第 1 条 第1条の2 第二条の二 | 第1 第１ 第 1 (別記 style, no 条)
         | 「1　見出し」 headings (a number, a space and a short caption)
    項   (unnumbered first) 2 ２ ② 2. ２．, or a bare 「2」 line (a PDF paste)
    号   (1) （１） ⑴ (一) 一　… ア　… (ア as 号 when the 項 has no (1)-style 号)
    細分 ア イ ウ (五十音) or イ ロ ハ (いろは), then (ア) (a) a

read_*() take a line of NFC text and return a Label (what was written, the
number, where the text after it starts) or None; write_*() give the label of
a number in a house style. The validate parser, the ODF list labels and the
assembly all use these, so a label tokki writes is one tokki reads back.
"""
import re
import unicodedata

from .numerals import (CIRCLED, FULL, HALF, KANJI, KATAKANA_ITEMS, PAREN_DIGITS, format_int,
                       katakana_item, parse_int)

IROHA = ("イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス")

NUM = r"(?:[0-9０-９]+|[〇一二三四五六七八九十百千万]+)"
SP = r"[ \t\u3000]"
OPEN = r"[（(]"
CLOSE = r"[）)]"
KATA = "[" + KATAKANA_ITEMS + "]"
LATIN = "[a-zａ-ｚ]"

# Article styles
JOU = "jou"          # 第N条
DAI = "dai"          # 第N (no 条)
HEADING = "heading"  # 「1　見出し」

ARTICLE = re.compile(
    r"^{s}*第{s}*(?P<n>{n}){s}*(?P<jou>条)?(?:{s}*の{s}*(?P<b>{n}))?"
    r"(?P<end>{s}*{o}(?P<cap>[^（）()]{{1,40}}){c}{s}*|{s}+|$)".format(
        s=SP, n=NUM, o=OPEN, c=CLOSE))
# 「1　趣旨」: a number, a space, a short caption with no sentence in it.
HEADING_ARTICLE = re.compile(
    r"^{s}*(?P<n>[0-9０-９]{{1,2}}|[一二三四五六七八九十]{{1,3}})(?:[.．、]{s}*|{s}+)"
    r"(?P<cap>[^。（(\s][^。]{{0,28}})$".format(s=SP))
PARAGRAPH = re.compile(
    r"^{s}*(?:(?P<n>[0-9０-９]{{1,3}})(?:[.．]{s}*|{s}+|{s}*$)|(?P<c>[{circ}]){s}*)".format(
        s=SP, circ=CIRCLED))
ITEM = re.compile(
    r"^{s}*(?:{o}{s}*(?P<n>{n}){s}*{c}{s}*|(?P<c>[{pd}]){s}*|(?P<k>[一二三四五六七八九十]+){s}+)".format(
        s=SP, o=OPEN, c=CLOSE, n=NUM, pd=PAREN_DIGITS))
KANA = re.compile(r"^{s}*(?P<k>{k}){s}+".format(s=SP, k=KATA))
PAREN_KANA = re.compile(r"^{s}*{o}(?P<k>{k}){c}{s}*".format(s=SP, o=OPEN, c=CLOSE, k=KATA))
PAREN_LATIN = re.compile(r"^{s}*(?:{o}(?P<k>{l}){c}{s}*|(?P<b>{l})[.．)）]?{s}+)".format(
    s=SP, o=OPEN, c=CLOSE, l=LATIN))
# （基本的事項） alone in a paragraph, just before an article head.
CAPTION = re.compile(r"^%s*%s(?P<cap>[^（）()]{1,40})%s%s*$" % (SP, OPEN, CLOSE, SP))
# A short inline caption written without brackets: 第1　趣旨 / 第1条　目的
BARE_CAPTION = re.compile(r"^[^。「」]{1,30}$")


class Label:
    __slots__ = ("kind", "number", "branch", "written", "end", "style", "caption", "form")

    def __init__(self, kind, number, written, end, branch=None, style=None, caption=None,
                 form=None):
        self.kind = kind          # article, paragraph, item, kana, paren_kana, latin
        self.number = number
        self.branch = branch
        self.written = written    # the label as written: 第２条, 2, （１）, ア
        self.end = end            # offset of the text after the label
        self.style = style        # article style: jou / dai / heading
        self.caption = caption    # inline caption (第N条（見出し）, 第1　趣旨)
        self.form = form          # how the number is written: paren, circled, kanji, dot…

    def __repr__(self):
        return "Label(%s %r %s)" % (self.kind, self.written, self.number)


def _n(text):
    return parse_int(re.sub(SP, "", text))


def read_article(text):
    m = ARTICLE.match(text)
    if m:
        style = JOU if m.group("jou") else DAI
        return Label("article", _n(m.group("n")), text[:m.end()].strip(), m.end(),
                     branch=_n(m.group("b")) if m.group("b") else None, style=style,
                     caption=(m.group("cap") or "").strip() or None)
    return None


def read_heading_article(text):
    """「1　趣旨」 as an article heading (only the caller knows whether it is one)."""
    m = HEADING_ARTICLE.match(text)
    if not m:
        return None
    cap = m.group("cap").strip()
    if not cap or cap.endswith(("、", "，")):
        return None
    return Label("article", _n(m.group("n")), m.group("n"), len(text), style=HEADING,
                 caption=cap)


def read_paragraph(text):
    m = PARAGRAPH.match(text)
    if not m:
        return None
    if m.group("c"):
        return Label("paragraph", CIRCLED.index(m.group("c")) + 1, m.group("c"), m.end(),
                     form="circled")
    written = text[:m.end()].strip()
    return Label("paragraph", _n(m.group("n")), written, m.end(),
                 form="dot" if written.endswith((".", "．")) else "plain")


def read_item(text):
    m = ITEM.match(text)
    if not m:
        return None
    if m.group("n"):
        number, form = _n(m.group("n")), "paren"
    elif m.group("c"):
        number, form = PAREN_DIGITS.index(m.group("c")) + 1, "paren_digit"
    else:
        number, form = _n(m.group("k")), "kanji"
    return Label("item", number, text[:m.end()].strip(), m.end(), form=form)


def read_kana(text):
    """ア　… : a 号 or a 号の細分 depending on what is above it (the caller decides)."""
    m = KANA.match(text)
    if not m:
        return None
    k = unicodedata.normalize("NFKC", m.group("k"))
    return Label("kana", KATAKANA_ITEMS.index(k) + 1, m.group("k"), m.end(), form="kana")


def read_paren_kana(text):
    m = PAREN_KANA.match(text)
    if not m:
        return None
    return Label("paren_kana", KATAKANA_ITEMS.index(m.group("k")) + 1, text[:m.end()].strip(),
                 m.end(), form="paren_kana")


def read_latin(text):
    m = PAREN_LATIN.match(text)
    if not m:
        return None
    k = unicodedata.normalize("NFKC", m.group("k") or m.group("b"))
    return Label("latin", ord(k) - ord("a") + 1, text[:m.end()].strip(), m.end(), form="latin")


def read_caption(text):
    m = CAPTION.match(text)
    return m.group("cap").strip() if m else None


def is_bare_caption(text):
    """Could this text after an article label be its caption (趣旨, 秘密の保持)?"""
    text = text.strip()
    return bool(text) and bool(BARE_CAPTION.match(text)) and not text.endswith(
        ("、", "，", "は", "が", "の", "を", "に", "て"))


def kana_number(label, iroha=False):
    """ア -> 1, イ -> 2 (五十音); with iroha=True イ -> 1, ロ -> 2."""
    k = unicodedata.normalize("NFKC", label.strip("()（）"))
    return (IROHA.index(k) + 1) if iroha else (KATAKANA_ITEMS.index(k) + 1)


# -- writing -------------------------------------------------------------------

def write_article(n, style=HALF, form=JOU, branch=None):
    """第5条 / 第５条 / 第五条 / 第5 / 第5条の2 / 5 (a 「5　見出し」 heading)."""
    if form == HEADING:
        return format_int(n, style)
    out = "第%s" % format_int(n, style) + ("条" if form == JOU else "")
    if branch:
        out += "の%s" % format_int(branch, style)
    return out


def write_paragraph(n, style=HALF, dot=""):
    """2 / ２ / 二 / ② (style "circled"), with the source's 「.」/「．」 when it has one."""
    return format_int(n, style) + dot


def write_item(n, style=FULL):
    """（１） by default, as the bundled templates write items; (1) with HALF."""
    if style == KANJI:
        return format_int(n, KANJI)
    return ("（%s）" if style == FULL else "(%s)") % format_int(n, style)


def write_subitem(n):
    return katakana_item(n)


__all__ = ["Label", "read_article", "read_heading_article", "read_paragraph", "read_item",
           "read_kana", "read_paren_kana", "read_latin", "read_caption", "is_bare_caption",
           "kana_number", "write_article", "write_paragraph", "write_item", "write_subitem",
           "JOU", "DAI", "HEADING", "IROHA", "HALF", "FULL", "KANJI", "KATAKANA_ITEMS"]
