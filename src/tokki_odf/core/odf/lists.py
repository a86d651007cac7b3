"""Automatic list numbers ("第1条", "(1)", "ア") as a reader sees them.

Word users number articles with list numbering, and LibreOffice keeps those as
ODF list styles: the label is not in the paragraph's text. To validate such a
document the labels are computed here from the list styles (prefix, format,
suffix, start value, continued lists), the way Writer shows them. Bullets give
no label. An explicit <text:number> (written by some producers) wins.

Outline numbering too: a text:h with text:outline-level N outside any list is
numbered by the document's text:outline-style (Writer's Tools > Heading
Numbering, and what Word's 見出し1 linked to 「第%1条」 becomes), and a
paragraph whose paragraph style names a list style (style:list-style-name) is
numbered by that list, as Writer does.
"""
import xml.etree.ElementTree as ET

from .namespaces import clark, q, P, H
from ..drafting.numerals import int_to_kanji, to_fullwidth, KATAKANA_ITEMS, CIRCLED

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_IS_LIST_HEADER, _OUTLINE_LEVEL, _STYLE_NAME = (
    q("text:is-list-header"), q("text:outline-level"), q("text:style-name"))
_NUMBER = clark("text:number")
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン"


def _roman(n):
    out = []
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                       (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                       (4, "iv"), (1, "i")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _alpha(n):
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """ODF style:num-format (and LibreOffice's "１, ２, ３, ..." forms) -> label."""
    first = (fmt or "").strip()[:1]
    try:
        if first == "1":
            return str(n)
        if first == "１":
            return to_fullwidth(str(n))
        if first == "一":
            return int_to_kanji(n)
        if first == "ア":
            return KATAKANA_ITEMS[n - 1]
        if first == "イ":
            return _IROHA[n - 1]
        if first == "①":
            return CIRCLED[n - 1]
        if first == "a":
            return _alpha(n)
        if first == "A":
            return _alpha(n).upper()
        if first == "i":
            return _roman(n)
        if first == "I":
            return _roman(n).upper()
    except (IndexError, ValueError):
        return str(n)
    return ""  # "" (no number) or an unknown format


class _Level:
    def __init__(self, el):
        self.numbered = el.tag == q("text:list-level-style-number")
        self.fmt = el.get(q("style:num-format"), "")
        self.prefix = el.get(q("style:num-prefix"), "")
        self.suffix = el.get(q("style:num-suffix"), "")
        self.start = int(el.get(q("text:start-value"), "1") or 1)
        self.display = int(el.get(q("text:display-levels"), "1") or 1)


def _list_styles(flat):
    styles = {}
    for holder in ("office:styles", "office:automatic-styles"):
        box = flat.find(clark(holder))
        if box is None:
            continue
        for ls in box.findall(clark("text:list-style")):
            levels = {}
            for el in ls:
                if el.get(q("text:level")):
                    levels[int(el.get(q("text:level")))] = _Level(el)
            styles[ls.get(q("style:name"))] = levels
    return styles


def _outline_style(flat):
    levels = {}
    box = flat.find(clark("office:styles"))
    if box is None:
        return levels
    for os_ in box.findall(clark("text:outline-style")):
        for el in os_:
            if el.get(q("text:level")):
                lvl = _Level(el)
                lvl.numbered = bool(lvl.fmt)
                levels[int(el.get(q("text:level")))] = lvl
    return levels


def _paragraph_list_styles(flat):
    """paragraph style name -> list style name, with inheritance."""
    own, parent = {}, {}
    for holder in ("office:styles", "office:automatic-styles"):
        box = flat.find(clark(holder))
        if box is None:
            continue
        for st in box.findall(clark("style:style")):
            if st.get(q("style:family")) != "paragraph":
                continue
            name = st.get(q("style:name"))
            parent[name] = st.get(q("style:parent-style-name"))
            if st.get(q("style:list-style-name")) is not None:
                own[name] = st.get(q("style:list-style-name"))
    out = {}
    for name in parent:
        seen, cur = set(), name
        while cur is not None and cur not in seen:
            seen.add(cur)
            if cur in own:
                if own[cur]:
                    out[name] = own[cur]
                break
            cur = parent.get(cur)
    return out


class ListLabels:
    """Follows text:list / text:list-item while the body is walked in order."""

    def __init__(self, flat: ET.Element):
        self.styles = _list_styles(flat)
        self.outline = _outline_style(flat)
        self.outline_counts = {}
        self.para_lists = _paragraph_list_styles(flat)
        self.style_counts = {}   # list style name -> {level: count} for style-linked lists
        self.stack = []          # (chain, style name, level)
        self.counts = {}         # chain -> {level: count}
        self.by_id = {}          # xml:id -> chain
        self.last_by_style = {}  # style name -> chain of the last list with it
        self.pending = {}        # id(list-item) -> label for its first paragraph
        self.item_stack = []
        self._chains = 0

    def enter_list(self, el):
        level = len(self.stack) + 1
        style = el.get(q("text:style-name")) or (self.stack[-1][1] if self.stack else None)
        if level == 1:
            chain = None
            if el.get(q("text:continue-list")) in self.by_id:
                chain = self.by_id[el.get(q("text:continue-list"))]
            elif el.get(q("text:continue-numbering")) == "true":
                chain = self.last_by_style.get(style)
            if chain is None:
                self._chains += 1
                chain = self._chains
                self.counts[chain] = {}
            self.last_by_style[style] = chain
        else:
            chain = self.stack[-1][0]
        if el.get(_XML_ID):
            self.by_id[el.get(_XML_ID)] = chain
        self.stack.append((chain, style, level))

    def leave_list(self, _el):
        if self.stack:
            self.stack.pop()

    def enter_item(self, item):
        if not self.stack or item.tag != q("text:list-item"):
            return
        chain, style, level = self.stack[-1]
        spec = self.styles.get(style, {})
        lvl = spec.get(level)
        counts = self.counts.setdefault(chain, {})
        if item.get(q("text:start-value")):
            counts[level] = int(item.get(q("text:start-value")))
        elif level in counts:
            counts[level] += 1
        else:
            counts[level] = lvl.start if lvl is not None else 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]   # a new item restarts the levels below it
        if lvl is None or not lvl.numbered:
            return
        shown = []
        for k in range(max(level - lvl.display + 1, 1), level + 1):
            k_spec = spec.get(k)
            number = counts.get(k, k_spec.start if k_spec else 1)
            shown.append(format_number(number, (k_spec or lvl).fmt))
        numbers = ".".join(s for s in shown if s)
        if numbers:
            first = next((c for c in item if c.tag in (P, H)), None)
            if first is not None:
                self.pending[id(first)] = lvl.prefix + numbers + lvl.suffix

    def _outside_list(self, p):
        """Label of a heading (outline numbering) or a style-numbered paragraph."""
        if p.get(_IS_LIST_HEADER) == "true":
            return ""
        if p.tag == H and p.get(_OUTLINE_LEVEL):
            level = int(p.get(_OUTLINE_LEVEL) or 1)
            list_style = self.para_lists.get(p.get(_STYLE_NAME))
            if list_style is None or list_style == "":
                return self._count(self.outline_counts, self.outline, level, p)
        list_style = self.para_lists.get(p.get(_STYLE_NAME))
        if not list_style:
            return ""         # most paragraphs (issue 16: read for every batch row)
        if list_style in self.styles:
            level = int(p.get(_OUTLINE_LEVEL) or 1) if p.tag == H else 1
            counts = self.style_counts.setdefault(list_style, {})
            return self._count(counts, self.styles[list_style], level, p)
        return ""

    def _count(self, counts, spec, level, p):
        lvl = spec.get(level)
        if lvl is None or not lvl.numbered:
            return ""
        if p.get(q("text:restart-numbering")) == "true" or p.get(q("text:start-value")):
            counts[level] = int(p.get(q("text:start-value")) or lvl.start)
        elif level in counts:
            counts[level] += 1
        else:
            counts[level] = lvl.start
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        shown = []
        for k in range(max(level - lvl.display + 1, 1), level + 1):
            k_spec = spec.get(k)
            shown.append(format_number(counts.get(k, k_spec.start if k_spec else 1),
                                       (k_spec or lvl).fmt))
        numbers = ".".join(x for x in shown if x)
        return lvl.prefix + numbers + lvl.suffix if numbers else ""

    def label_for(self, p) -> str:
        if p.find(_NUMBER) is not None:
            self.pending.pop(id(p), None)
            return ""
        if not self.stack:
            label = self._outside_list(p)
            return label + "\u3000" if label else ""
        label = self.pending.pop(id(p), "")
        # Writer separates the label from the text with a tab or space: keep the
        # text recognisable as "第1条　…" / "(1)　…".
        return label + "\u3000" if label else ""
