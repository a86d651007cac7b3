"""Which article IDs (art: sections) a template's assembly keeps for some answers (pure).

The assembled document no longer has its sections (assembly unwraps them), so the
IDs are recovered from the template: an art: section is in the document when it is
not inside an if: section that the answers turn off and it keeps at least one
article paragraph (Tokki_Article / 特記事項条). The order is the document's order,
so the n-th article of the assembly (number start + n - 1) has the n-th ID.
"""
from ..odf.namespaces import P, H, SECTION, STYLE_NAME, NAME, q
from ..template.model import section_kind

_CONTAINERS = (q("text:list"), q("text:list-item"))


def article_ids(template, answers):
    """[ID] in document order for normalised answers."""
    out = []

    def has_article(el):
        for child in el:
            if child.tag == SECTION:
                kind, value = section_kind(child.get(NAME))
                if kind == "if" and not value(answers):
                    continue
                if has_article(child):
                    return True
            elif child.tag in (P, H):
                if template.role(child.get(STYLE_NAME)) == "article":
                    return True
            elif child.tag in _CONTAINERS and has_article(child):
                return True
        return False

    def walk(el):
        for child in el:
            if child.tag == SECTION:
                kind, value = section_kind(child.get(NAME))
                if kind == "if" and not value(answers):
                    continue
                if kind == "art":
                    if has_article(child):
                        out.append(value)
                    continue
                walk(child)
            elif child.tag in _CONTAINERS:
                walk(child)

    walk(template.body)
    return out
