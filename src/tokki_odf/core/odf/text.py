"""Plain text of ODF paragraphs, as a reader sees it (no I/O)."""
import xml.etree.ElementTree as ET

from .namespaces import q, P, H, S, TAB, LINE_BREAK
from .document import FlatDocument

_SKIP = {q("office:annotation"), q("text:tracked-changes"), q("text:note-body"),
         q("text:bookmark"), q("text:bookmark-start"), q("text:bookmark-end"),
         q("text:reference-mark"), q("text:reference-mark-start"),
         q("text:reference-mark-end"), q("office:annotation-end"),
         q("text:soft-page-break"), q("draw:frame"), q("text:change"),
         q("text:change-start"), q("text:change-end"), q("loext:list-item")}
_PARAS = {P, H}


def inline_text(el: ET.Element) -> str:
    """Text of a paragraph element, with text:s/tab/line-break expanded."""
    out = []
    _collect(el, out)
    return "".join(out)


def _collect(el, out):
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag
        if tag == S:
            out.append(" " * int(child.get(q("text:c"), "1") or 1))
        elif tag == TAB:
            out.append("\t")
        elif tag == LINE_BREAK:
            out.append("\n")
        elif tag in _SKIP:
            pass
        elif tag == q("text:hidden-text"):
            pass
        else:
            _collect(child, out)
        if child.tail:
            out.append(child.tail)


def iter_paragraphs(container: ET.Element):
    """Yield text:p / text:h elements in document order (sections, lists, tables)."""
    for child in container:
        tag = child.tag
        if tag in _PARAS:
            yield child
        elif tag in (q("text:tracked-changes"), q("office:annotation"),
                     q("text:sequence-decls"), q("text:variable-decls"),
                     q("text:user-field-decls"), q("office:forms")):
            continue
        else:
            yield from iter_paragraphs(child)


def body_paragraph_texts(flat: ET.Element):
    """One string per paragraph of the document body."""
    text = FlatDocument(flat).find_body()
    if text is None:
        return []
    return [inline_text(p) for p in iter_paragraphs(text)]
