"""Regular expressions for Japanese contract text, shared by the rules.

Everything works on NFC text as typed: half-width and full-width digits,
brackets and spaces are all accepted by the character classes here instead of
normalising the text, so that offsets (for excerpts) stay those of the input.
The labels of 条/項/号/細分 and their numerals are the drafting grammar's
(core/drafting/labels.py): one definition, shared with assembly.
"""
import functools
import re

from ..drafting.labels import CLOSE, KATA, NUM, OPEN, SP  # noqa: F401  (one numeral class)
from ..drafting.numerals import KATAKANA_ITEMS, PAREN_DIGITS, parse_int

# Signs that a provision allows exceptions (a ただし書, or a limit stated in the body).
EXCEPTION = re.compile(r"ただし|但し|範囲を超えて|を除(?:き|いて|く)|場合に限り|この限りでない|"
                       r"承認を(?:受け|得)(?:た|る)|承諾を(?:受け|得)|承諾した")

# A ただし書: a sentence opening with ただし、 or 但し、 (not the words 「前項ただし書」).
PROVISO = re.compile(r"(?:^|。)%s*(?:ただし|但し)[、，,]" % SP)

DEFINITION = re.compile(r"以下%s*「(?P<term>[^」]{1,30})」%s*という" % (SP, SP))


def number(text: str) -> int:
    """Half-width, full-width or kanji numeral -> int (spaces ignored)."""
    return parse_int(re.sub(SP, "", text))


def paren_digit(ch: str) -> int:
    return PAREN_DIGITS.index(ch) + 1


def katakana_number(ch: str) -> int:
    return KATAKANA_ITEMS.index(ch) + 1


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)     # a batch squeezes the same articles every row (issue 16)
def squeeze(text: str) -> str:
    """Text without spaces, for matching across PDF-style or justified spacing."""
    return _SPACES.sub("", text)
