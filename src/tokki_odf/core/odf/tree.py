"""Editing ElementTree mixed content without losing text (no I/O).

ElementTree keeps text before a child in `parent.text` / the previous sibling's
`tail`, and text after it in `child.tail`; these helpers keep that text where a
reader would expect it when an element is removed, unwrapped or replaced.
"""
import xml.etree.ElementTree as ET

from .namespaces import q, SPAN

# Inline elements that only mark a position: text continues across them.
MARKERS = {q("text:bookmark"), q("text:bookmark-start"), q("text:bookmark-end"),
           q("text:reference-mark"), q("text:reference-mark-start"),
           q("text:reference-mark-end"), q("text:soft-page-break"),
           q("office:annotation-end"), q("text:change-start"), q("text:change-end"),
           q("text:change")}
_TRANSPARENT = {SPAN, q("text:a")}


def _append_text(parent, index, text):
    """Add text where the child at `index` of parent used to start."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text


def remove(parent: ET.Element, child: ET.Element) -> None:
    """Remove child with its content; its tail stays in place."""
    index = list(parent).index(child)
    tail = child.tail
    parent.remove(child)
    _append_text(parent, index, tail)


def unwrap(parent: ET.Element, child: ET.Element) -> None:
    """Replace child by its content (text and children), keeping its tail."""
    index = list(parent).index(child)
    kids = list(child)
    parent.remove(child)
    _append_text(parent, index, child.text)
    for offset, kid in enumerate(kids):
        parent.insert(index + offset, kid)
    if kids:
        last = kids[-1]
        last.tail = (last.tail or "") + (child.tail or "")
    else:
        _append_text(parent, index, child.tail)


def unwrap_all(parent: ET.Element, tag: str) -> bool:
    """Every child of parent with this tag replaced by its content, as unwrap() does one
    by one (its text after what comes before it, its tail after its last child), in one
    pass: one at a time searches and shifts the parent's children each time (issue 16).
    -> whether there was any."""
    new, found = [], False

    def text_after(text):
        if text:
            if new:
                new[-1].tail = (new[-1].tail or "") + text
            else:
                parent.text = (parent.text or "") + text
    for child in parent:
        if child.tag != tag:
            new.append(child)
            continue
        found = True
        text_after(child.text)
        kids = list(child)
        if kids:
            new.extend(kids)
            kids[-1].tail = (kids[-1].tail or "") + (child.tail or "")
        else:
            text_after(child.tail)
    if found:
        parent[:] = new
    return found


def replace_with_text(parent: ET.Element, child: ET.Element, text: str) -> None:
    index = list(parent).index(child)
    tail = child.tail
    parent.remove(child)
    _append_text(parent, index, (text or "") + (tail or ""))


def parent_map(root: ET.Element):
    return {c: p for p in root.iter() for c in p}


def leading_slots(el: ET.Element):
    """Text slots at the start of a paragraph, in reading order, up to the first
    element with content of its own (a content control, a field…).

    A slot is (element, "text"|"tail"). Spans and hyperlinks are transparent."""
    yield (el, "text")
    for child in el:
        if child.tag in MARKERS:
            yield (child, "tail")
        elif child.tag in _TRANSPARENT:
            yield from leading_slots(child)
            yield (child, "tail")
        else:
            return


def _get(slot):
    el, attr = slot
    return (el.text if attr == "text" else el.tail) or ""


def _set(slot, value):
    el, attr = slot
    if attr == "text":
        el.text = value
    else:
        el.tail = value


def leading_text(el: ET.Element) -> str:
    return "".join(_get(s) for s in leading_slots(el))


def replace_prefix(el: ET.Element, length: int, new: str) -> None:
    """Drop the first `length` characters of the paragraph's leading text and
    put `new` at the very start."""
    first = el.text or ""
    if len(first) >= length:                 # the usual case: the prefix is el.text's
        el.text = new + first[length:]
        return
    slots = list(leading_slots(el))
    remaining = length
    for slot in slots:
        if remaining <= 0:
            break
        value = _get(slot)
        take = min(len(value), remaining)
        _set(slot, value[take:])
        remaining -= take
    el.text = new + (el.text or "")


def clone(el: ET.Element) -> ET.Element:
    """A deep copy of el: what copy.deepcopy gives for an ElementTree element (tag,
    attributes, text, tail, children; the strings are shared, being immutable).
    copy.deepcopy goes through Python's copy module for every child and attribute
    dict with a memo; this is several times faster on a template (issue 16: the
    template is copied for every batch row)."""
    new = el.makeelement(el.tag, el.attrib)      # makeelement copies the attribute dict
    new.text = el.text
    new.tail = el.tail
    if len(el):
        new.extend([clone(child) for child in el])
    return new
