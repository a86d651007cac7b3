"""Two sets of provisions in one document: inserted twice, or pasted twice.

A run of at least MIN_RUN consecutive articles that repeats an earlier run article
by article — the same caption and (numbers masked) nearly the same wording — is the
same provisions a second time, whether the second set starts again at 第1条 (a new
part), continues the numbering (第21条 …) or was assembled with other answers (a
different 業務名 changes a few words, not the articles). One finding per repeated
run, at the first article of the second set. Contracts whose articles merely share a
caption or two (（秘密の保持）, （準拠法）) are not matched: the run must be
consecutive and the wording alike.
"""
import re
import unicodedata
from difflib import SequenceMatcher
from typing import List

from .emit import excerpt, finding
from ..findings import ERROR, Finding
from .structure import Document

MIN_RUN = 3
GAP = 2               # articles in a row that may differ inside a repeated run
SIMILAR = 0.85          # SequenceMatcher ratio of the masked wordings
_NUMBERS = re.compile(r"[0-9０-９〇一二三四五六七八九十百千]+")
_SPACE = re.compile(r"\s+")


def _caption(article) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", article.caption or ""))


def _wording(article) -> str:
    """The article's text, spaces and every number removed (第5条 → 第#条)."""
    text = unicodedata.normalize("NFKC", article.text)
    return _NUMBERS.sub("#", _SPACE.sub("", text))


def _alike(a, b, cache) -> bool:
    key = (id(a), id(b))
    if key not in cache:
        ca, cb = _caption(a), _caption(b)
        if ca != cb:
            cache[key] = False
        else:
            wa, wb = _wording(a), _wording(b)
            if wa == wb:
                cache[key] = bool(wa or ca)
            elif not wa or not wb:
                cache[key] = False
            else:
                m = SequenceMatcher(None, wa, wb, autojunk=False)
                cache[key] = (m.real_quick_ratio() >= SIMILAR and m.quick_ratio() >= SIMILAR
                              and m.ratio() >= SIMILAR)
    return cache[key]


def _run(arts, i, j, cache):
    """(articles matched, last of the first run, last of the second run) of the run of
    arts[j:] repeating arts[i:j] from i and j on; up to GAP articles in a row may differ
    or be on one side only (a variant chosen otherwise, an article left out)."""
    matched, a, b, last = 0, i, j, (i, j)
    n = len(arts)
    while a < j and b < n:
        if _alike(arts[a], arts[b], cache):
            matched += 1
            last = (a, b)
            a, b = a + 1, b + 1
            continue
        step = None
        for skip in range(1, GAP + 1):
            for da, db in ((skip, skip), (skip, 0), (0, skip)):
                if a + da < j and b + db < n and _alike(arts[a + da], arts[b + db], cache):
                    step = (da, db)
                    break
            if step:
                break
        if step is None:
            break
        a, b = a + step[0], b + step[1]
    return matched, last[0], last[1]


def check(doc: Document) -> List[Finding]:
    arts = doc.articles
    n = len(arts)
    if n < 2 * MIN_RUN:
        return []
    # earlier articles that may start the same run: same caption; without a caption,
    # the same wording exactly
    starts = {}
    for k, a in enumerate(arts):
        starts.setdefault(_caption(a) or "\x00" + _wording(a), []).append(k)
    cache, out = {}, []
    j = MIN_RUN
    while j < n:
        best = (0, None, None, None)
        for i in starts[_caption(arts[j]) or "\x00" + _wording(arts[j])]:
            if i >= j:
                break
            matched, end1, end2 = _run(arts, i, j, cache)
            if matched > best[0]:
                best = (matched, i, end1, end2)
        matched, i, end1, end2 = best
        if matched >= MIN_RUN:
            first, second = arts[i], arts[j]
            last1, last2 = arts[end1], arts[end2]
            out.append(finding(
                "STRUCTURE_TWO_SETS", ERROR,
                "特記事項が2組入っています：%sから%sまでと、%sから%sまでが同じ条文です"
                "（同じ文書に2回挿入したか、2回貼り付けたと思われます。同じ条 %d）。1組だけ"
                "残し、もう一方を見出しから最後の条まで削除してください。"
                % (first.titled, last1.name, second.titled, last2.name, matched),
                "the provisions are in the document twice: %s to %s and %s to %s have the "
                "same wording (inserted or pasted twice; %d articles alike). Keep one set "
                "and delete the other, from its heading to its last article."
                % (first.name, last1.name, second.name, last2.name, matched),
                article=second, index=second.index,
                excerpt_text=excerpt(second.titled)))
            j = end2 + 1
        else:
            j += 1
    return out
