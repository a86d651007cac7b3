"""Reading expected clause text out of the seed (the PDF extraction), not retyping it."""
import re
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "fixtures" / "seed" / "toshima-2023-07.txt"


def seed_text():
    return unicodedata.normalize("NFKC", SEED.read_text(encoding="utf-8"))


def r5_block():
    """The 令和5年 記載例 (別紙1): from its "(記載例)" to the 別紙2 report."""
    text = seed_text()
    start = text.index("(記載例)", text.index("全部改正 令和 5 年 3 月 2 日"))
    end = text.index("個人情報特記事項の遵守に関する報告書", start)
    return text[start:end]


def between(text, start, end, nth=1):
    """From the nth occurrence of `start` (included) to the next `end` (excluded;
    None: to the end of text)."""
    pos = -1
    for _ in range(nth):
        pos = text.index(start, pos + 1)
    return text[pos:] if end is None else text[pos:text.index(end, pos + len(start))]


_DROP = [
    re.compile(r"\(※\s*\d\)"),                                  # (※1) markers in 記載例 items
    re.compile(r"\(左記のように個人情報の項目を記入する。\)"),
    re.compile(r"^\s*-\s", re.M),                                # PDF list bullets
    re.compile(r"-{2,}"), re.compile(r"[|}]"),                   # table rules and the brace
]


def norm(text):
    """NFKC, PDF artefacts and all white space removed: what a reader compares."""
    text = unicodedata.normalize("NFKC", text)
    for pattern in _DROP:
        text = pattern.sub("", text)
    return re.sub(r"\s+", "", text)
