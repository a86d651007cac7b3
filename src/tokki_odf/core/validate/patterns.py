"""Regular expressions for Japanese contract text, shared by the rules.

Everything works on NFC text as typed: half-width and full-width digits,
brackets and spaces are all accepted by the character classes here instead of
normalising the text, so that offsets (for excerpts) stay those of the input.
"""
import re

from ..drafting.numerals import KATAKANA_ITEMS, PAREN_DIGITS, parse_int

NUM = r"(?:[0-9０-９]+|[〇一二三四五六七八九十百千]+)"
SP = r"[ \t\u3000]"          # one space: half-width, tab, ideographic
OPEN = r"[（(]"
CLOSE = r"[）)]"
KATA = "[" + KATAKANA_ITEMS + "]"

# 第N条 at the start of a paragraph, then a space, an inline caption, or nothing.
ARTICLE_HEAD = re.compile(
    r"^%s*第%s*(?P<n>%s)%s*条(?:%s*の%s*(?P<b>%s))?"
    r"(?:%s*%s(?P<cap>[^（）()]{1,40})%s%s*|%s+|$)"
    % (SP, SP, NUM, SP, SP, SP, NUM, SP, OPEN, CLOSE, SP, SP))
# 2 乙は… : a paragraph number needs a space after it ("2年以下の懲役" is text).
PARAGRAPH_NUM = re.compile(r"^%s*(?P<n>[0-9０-９]{1,3})%s+" % (SP, SP))
# (1) （１） ⑴ (一), and 一　… as laws write items (a kanji numeral needs a space after it)
ITEM = re.compile(r"^%s*(?:%s%s*(?P<n>%s)%s*%s%s*|(?P<c>[%s])%s*|(?P<k>[一二三四五六七八九十]+)%s+)"
                  % (SP, OPEN, SP, NUM, SP, CLOSE, SP, PAREN_DIGITS, SP, SP))
# ア 氏名 : a katakana label needs a space after it ("アクセス" is text).
SUBITEM = re.compile(r"^%s*(?P<k>%s)%s+" % (SP, KATA, SP))
# (ア) (イ): the level below ア
SUBSUBITEM = re.compile(r"^%s*%s(?P<k>%s)%s%s*" % (SP, OPEN, KATA, CLOSE, SP))
# （基本的責務） alone in a paragraph, just before an article head.
CAPTION = re.compile(r"^%s*%s(?P<cap>[^（）()]{1,40})%s%s*$" % (SP, OPEN, CLOSE, SP))

# Signs that a provision allows exceptions (a ただし書, or a limit stated in the body).
EXCEPTION = re.compile(r"ただし|但し|範囲を超えて|を除(?:き|いて|く)|場合に限り|この限りでない|"
                       r"承認を(?:受け|得)(?:た|る)|承諾を(?:受け|得)|承諾した")

# A ただし書: a sentence opening with ただし、 (not the words 「前項ただし書」).
PROVISO = re.compile(r"(?:^|。)%s*(?:ただし|但し)[、，,]" % SP)

DEFINITION = re.compile(r"以下%s*「(?P<term>[^」]{1,30})」%s*という" % (SP, SP))


def number(text: str) -> int:
    """Half-width, full-width or kanji numeral -> int (spaces ignored)."""
    return parse_int(re.sub(SP, "", text))


def paren_digit(ch: str) -> int:
    return PAREN_DIGITS.index(ch) + 1


def katakana_number(ch: str) -> int:
    return KATAKANA_ITEMS.index(ch) + 1


def squeeze(text: str) -> str:
    """Text without spaces, for matching across PDF-style or justified spacing."""
    return re.sub(r"\s+", "", text)
