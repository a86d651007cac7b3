"""Word/Writer heading numbering (第%1条 on Heading 1) typed into the text (pure).

A ひな型 numbered by the outline style keeps 「第1条」 out of the paragraph text:
the reader would see only the caption. This returns a copy of the document in
which every numbered heading starts with its label, as Writer shows it.
"""
import copy

from ..odf.document import FlatDocument
from ..odf.namespaces import NS, q
from ..odf.lists import format_number


def _levels(flat):
    levels = {}
    for holder in ("office:styles", "office:automatic-styles"):
        box = flat.find(holder, NS)
        if box is None:
            continue
        for os_ in box.findall("text:outline-style", NS):
            for el in os_:
                level = int(el.get(q("text:level"), "0") or 0)
                fmt = el.get(q("style:num-format"), "")
                if level and fmt:
                    levels[level] = (el.get(q("style:num-prefix"), ""), fmt,
                                     el.get(q("style:num-suffix"), ""),
                                     int(el.get(q("text:start-value"), "1") or 1))
    return levels


def type_outline_labels(flat):
    """A copy of flat with outline labels typed at the start of numbered headings
    (the flat itself is not changed); the same flat when nothing is numbered."""
    levels = _levels(flat)
    if not levels:
        return flat
    flat = copy.deepcopy(flat)
    body = FlatDocument(flat).body()
    counts = {}
    for h in body.iter(q("text:h")):
        level = int(h.get(q("text:outline-level"), "1") or 1)
        spec = levels.get(level)
        if spec is None or h.find("text:number", NS) is not None or \
                h.get(q("text:is-list-header")) == "true":
            continue
        prefix, fmt, suffix, start = spec
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        label = prefix + format_number(counts[level], fmt) + suffix
        h.text = label + "\u3000" + (h.text or "")
    return flat
