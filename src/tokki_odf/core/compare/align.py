"""Articles as comparable units, and the alignment of old articles to new ones.

A Unit is one article as a reader sees it: its paragraphs (caption, 第N条 …, 2 …,
(1) …) as plain text, its number and caption, and, where known, its stable ID
(the template's art: section). Text before the first article is one more unit,
the preamble (title, 前文).

Alignment, in this order:
1. by stable ID when both sides carry them (templates, documents with recorded
   answers): the ID is the article's identity, whatever its number or wording;
2. otherwise by identical text with the numbers masked (renumbering alone): first the
   longest common order of the two article sequences (difflib over whole articles),
   then identical articles elsewhere (moved);
3. then by similarity (difflib.SequenceMatcher ratio on caption and text, best
   pairs first, at least MIN_RATIO), so a reworded article still finds its
   counterpart in another numbering.
Moves are the matched pairs outside the longest common order (difflib matching
blocks); splits and merges are an unmatched article next to a matched one whose
counterpart is better explained by the two together.
"""
import re
import unicodedata
from difflib import SequenceMatcher

from ..validate.structure import parse
from ..validate import patterns as PT

PREAMBLE = "(preamble)"
MIN_RATIO = 0.5
SPLIT_RATIO = 0.8

# 第N without 条 (ひな型 that number 第1, 第2 … ): only used when no 第N条 is found.
_BARE_HEAD = re.compile(r"^%s*第%s*(?P<n>%s)(?![条項号0-9０-９])%s+" % (PT.SP, PT.SP, PT.NUM, PT.SP))
# Any article reference, for masking numbers before matching.
_ANY_REF = re.compile(r"第%s*%s%s*条(?:%s*の%s*%s)?" % (PT.SP, PT.NUM, PT.SP, PT.SP, PT.SP, PT.NUM))


class Unit(object):
    """One article (or the preamble) of one side."""

    __slots__ = ("position", "number", "branch", "part", "caption", "paragraphs", "ident",
                 "label", "_masked", "index")

    def __init__(self, position, number, branch, part, caption, paragraphs, ident=None,
                 label=""):
        self.position = position      # index among the units of its side
        self.number = number          # None for the preamble
        self.branch = branch
        self.part = part
        self.caption = caption
        self.paragraphs = paragraphs  # texts as read (a line break inside is "\n")
        self.ident = ident
        self.label = label            # 第7条, 第7条の2, 第7 (as numbered), "" for the preamble
        self._masked = None
        self.index = None             # paragraph (of the list read) the unit starts at

    @property
    def key(self):
        return (self.part, self.number, self.branch or 0)

    @property
    def no(self):
        if self.number is None:
            return None
        return self.number if self.branch is None else "%dの%d" % (self.number, self.branch)

    @property
    def titled(self):
        if self.number is None:
            return "前文"
        return self.label + ("（%s）" % self.caption if self.caption else "")

    @property
    def text(self):
        return "\n".join(self.paragraphs)

    @property
    def masked(self):
        """Text without spaces, its own label and every article number: what must be
        equal for 'renumbered only', and what similarity is measured on."""
        if self._masked is None:
            text = self.text
            if self.label:
                text = text.replace(self.label, "", 1)
            text = _ANY_REF.sub("第#条", text)
            text = unicodedata.normalize("NFKC", text)
            self._masked = re.sub(r"\s+", "", text)
        return self._masked


def units_from_paragraphs(paragraphs, ids=None):
    """[Unit] of a document given as paragraph texts. ids: {(part, number, branch): id}."""
    paragraphs = [unicodedata.normalize("NFC", p or "") for p in paragraphs]
    doc = parse(paragraphs)
    heads = []   # (start paragraph index, number, branch, part, caption, label)
    for art in doc.articles:
        start = art.caption_index if (art.caption_index is not None
                                      and art.caption_index < art.index) else art.index
        head = paragraphs[art.index].split("\n", 1)[0].lstrip(" \t\u3000")
        m = _ANY_REF.match(head)
        heads.append((start, art.number, art.branch, art.part, art.caption,
                      m.group() if m else art.name))     # the label as written: 第２条
    if not heads:
        heads = _bare_heads(paragraphs)
    units = []
    first = heads[0][0] if heads else len(paragraphs)
    pre = paragraphs[:first]
    if any(p.strip() for p in pre):
        units.append(Unit(0, None, None, 0, None, _trim(pre), PREAMBLE))
        units[-1].index = next(i for i, p in enumerate(pre) if p.strip())
    for i, (start, number, branch, part, caption, label) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(paragraphs)
        ident = (ids or {}).get((part, number, branch or 0))
        units.append(Unit(len(units), number, branch, part, caption,
                          _trim(paragraphs[start:end]), ident, label))
        units[-1].index = start
    return units


def _trim(paragraphs):
    out = list(paragraphs)
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return out


def _bare_heads(paragraphs):
    heads, part, last = [], 0, 0
    for index, text in enumerate(paragraphs):
        m = _BARE_HEAD.match(text)
        if not m:
            continue
        number = PT.number(m.group("n"))
        if heads and number == 1 and last >= 2:
            part += 1
        last = number
        caption = None
        start = index
        if index > 0:
            c = PT.CAPTION.match(paragraphs[index - 1])
            if c:
                caption, start = c.group("cap").strip(), index - 1
        heads.append((start, number, None, part, caption, text[:m.end()].strip()))
    return heads


# -- alignment -----------------------------------------------------------------

class Alignment(object):
    """pairs: [(old Unit or None, new Unit or None)] in reading order of the table;
    moved: set of id(pair tuples' units) that moved; groups: {old.position: [new…]}
    for splits and {new.position: [old…]} for merges."""

    def __init__(self, pairs, by, moved, splits, merges):
        self.pairs, self.by, self.moved, self.splits, self.merges = (
            pairs, by, moved, splits, merges)


def _ratio(a, b):
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_units(old, new):
    """{old position: new position} and how ('id' or 'text')."""
    matched = {}
    use_ids = (all(u.ident for u in old) and all(u.ident for u in new)
               and len({u.ident for u in old}) == len(old)
               and len({u.ident for u in new}) == len(new))
    if use_ids:
        where = {u.ident: u.position for u in new}
        for u in old:
            if u.ident in where:
                matched[u.position] = where[u.ident]
        return matched, "id"
    free_new = [u for u in new]
    # preamble to preamble
    if old and new and old[0].number is None and new[0].number is None:
        matched[old[0].position] = new[0].position
    # identical masked text: first the longest common order of the article sequences
    # (difflib over whole articles), so repeated articles pair with their own copies
    sm = SequenceMatcher(None, [u.masked for u in old], [u.masked for u in new],
                         autojunk=False)
    taken = set(matched.values())
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            a, b = block.a + k, block.b + k
            if a not in matched and b not in taken:
                matched[a] = b
                taken.add(b)
    # then identical text elsewhere (a moved article)
    by_text = {}
    for u in new:
        if u.position not in taken:
            by_text.setdefault(u.masked, []).append(u.position)
    for u in old:
        if u.position in matched:
            continue
        cands = by_text.get(u.masked)
        if cands:   # the nearest copy
            best = min(cands, key=lambda b: abs(b - u.position))
            cands.remove(best)
            matched[u.position] = best
            taken.add(best)
    # similarity, best pairs first
    rest_old = [u for u in old if u.position not in matched and u.number is not None]
    rest_new = [u for u in free_new if u.position not in taken and u.number is not None]
    scored = []
    for a in rest_old:
        for b in rest_new:
            sm = SequenceMatcher(None, a.masked, b.masked, autojunk=False)
            bonus = 0.15 if a.caption and a.caption == b.caption else 0.0
            if sm.real_quick_ratio() + bonus < MIN_RATIO or sm.quick_ratio() + bonus < MIN_RATIO:
                continue
            score = sm.ratio() + bonus
            if score >= MIN_RATIO:
                scored.append((-score, abs(a.position - b.position), a.position, b.position))
    scored.sort()
    for _s, _d, a, b in scored:
        if a not in matched and b not in taken:
            matched[a] = b
            taken.add(b)
    return matched, "text"


def align(old, new):
    matched, by = match_units(old, new)
    back = {n: o for o, n in matched.items()}
    # moves: matched pairs outside the longest common order
    order_new = [back[u.position] for u in new if u.position in back]
    order_old = sorted(order_new)
    keep = set()
    for block in SequenceMatcher(None, order_old, order_new, autojunk=False).get_matching_blocks():
        keep.update(order_old[block.a:block.a + block.size])
    moved = set(o for o in order_new if o not in keep)
    splits, merges = _splits(old, new, matched, back)
    # table order: new order, each deleted article after its old predecessor
    pairs, done_old = [], set()

    def flush_deleted(upto):
        for u in old:
            if u.position >= upto:
                break
            if u.position not in matched and u.position not in done_old:
                pairs.append((u, None))
                done_old.add(u.position)

    for u in new:
        o = back.get(u.position)
        if o is not None:
            if o not in moved:
                flush_deleted(o)
            pairs.append((old[o], u))
            done_old.add(o)
        else:
            pairs.append((None, u))
    flush_deleted(len(old))
    return Alignment(pairs, by, moved, splits, merges)


def _splits(old, new, matched, back):
    """Unmatched articles next to a matched one that, joined with it, explain its
    counterpart better: old split into new ones, or old ones merged into one."""
    splits, merges = {}, {}
    for u in new:
        if u.position in back or u.number is None:
            continue
        for nb in (u.position - 1, u.position + 1):
            o = back.get(nb)
            if o is None or nb < 0 or nb >= len(new):
                continue
            m = new[nb]
            joined = m.masked + u.masked if nb < u.position else u.masked + m.masked
            before, after = _ratio(old[o].masked, m.masked), _ratio(old[o].masked, joined)
            if after >= SPLIT_RATIO and after > before + 0.1:
                splits.setdefault(o, [m.position]).append(u.position)
                break
    for u in old:
        if u.position in matched or u.number is None:
            continue
        for nb in (u.position - 1, u.position + 1):
            n = matched.get(nb)
            if n is None or nb < 0 or nb >= len(old):
                continue
            m = old[nb]
            joined = m.masked + u.masked if nb < u.position else u.masked + m.masked
            before, after = _ratio(new[n].masked, m.masked), _ratio(new[n].masked, joined)
            if after >= SPLIT_RATIO and after > before + 0.1:
                merges.setdefault(n, [m.position]).append(u.position)
                break
    return splits, merges
