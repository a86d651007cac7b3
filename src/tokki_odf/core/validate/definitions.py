"""Defined terms: 「（以下「漏えい等」という。）」 given twice.

A second definition of the same term usually means a clause was pasted in from
another source (the R5 記載例 defines 「漏えい等」 in 第9条 and again in 第16条).
Definitions inside a citation of a law (以下「条例」という) count the same.
"""
import functools
from typing import List

from .emit import excerpt, finding
from ..findings import WARNING, Finding
from .patterns import DEFINITION
from .structure import BLANK, Document


@functools.lru_cache(maxsize=8192)     # a batch reads the same lines every row (issue 16)
def _definitions(text):
    """((term, start, end) of each 以下「…」という in text)."""
    return tuple((m.group("term"), m.start(), m.end()) for m in DEFINITION.finditer(text))


def check(doc: Document) -> List[Finding]:
    out: List[Finding] = []
    first = {}
    for line in doc.lines:
        if line.kind == BLANK or line.body.lstrip().startswith("※"):
            continue
        loc = doc.where.get(line.index)
        if loc is None or loc.article is None:
            continue
        for term, start, end in _definitions(line.body):
            key = (loc.article.part, term)
            if key not in first:
                first[key] = loc.article
                continue
            earlier = first[key]
            same = earlier is loc.article
            out.append(finding(
                "DEF_DUPLICATE", WARNING,
                "「%s」は%sで既に定義されています（以下「%s」という）。二度目の定義は削除し、"
                "定義された語をそのまま使ってください。"
                % (term, "この条" if same else earlier.titled, term),
                "「%s」 is already defined in %s; drop the second definition and use the "
                "defined term." % (term, "this article" if same else earlier.name),
                article=loc.article, paragraph=loc.paragraph, index=line.index,
                excerpt_text=excerpt(line.body, start, end)))
    return out
