"""Merging provisions into a contract (issue 13): which articles the contract already
has, leaving them out before numbering, 甲/乙 not defined twice, the contract's numerals.

Pure: the contract is given as its paragraph texts. Clause text is not here: which
articles are contract-level, and the words that recognise the contract's own article
of that kind, come from the template (its user-defined property tokki:contract-level,
docs/template-format.md); the party definitions are recognised by the phrase
「（以下「甲」という。）」 (data below), which is also what is removed.

Deleting comes before numbering (the engine's design): omitted articles are removed
from a copy of the template, then the engine assembles it, so every number and every
reference is rendered for what is left.
"""
import copy
import re

from ..drafting import numerals
from ..odf.document import FlatDocument
from ..odf.namespaces import clark, NAME, SECTION, q
from ..template.model import Template, section_kind

PROPERTY = "tokki:contract-level"
# 「（以下「甲」という。）」: a party defined in a sentence (recognition phrase)
DEFINITION = re.compile(r"（以下「(甲|乙)」という。）")
ARTICLE_HEAD = re.compile(r"^[ \t\u3000]*第[ \u3000]*(" + numerals.NUMERAL_CLASS +
                          r")[ \u3000]*条")
NUMBERED = re.compile(r"第([0-9]+)(条|項|号)")


class Level:
    """One contract-level article of a template: its id, caption and recognition words."""

    def __init__(self, article, words, caption=""):
        self.article, self.words, self.caption = article, tuple(words), caption

    def __repr__(self):
        return "Level(%r, %r)" % (self.article, self.words)


def contract_level(template):
    """[Level] the template marks as contract-level, in its order: the property reads
    'court=管轄|governing_law=準拠法' (article id = words separated by '/')."""
    meta = template.flat.find(clark("office:meta"))
    text = ""
    if meta is not None:
        for prop in meta.findall(clark("meta:user-defined")):
            if prop.get(q("meta:name")) == PROPERTY:
                text = numerals.nfc(prop.text or "")
    captions = _captions(template)
    out = []
    for part in text.split("|"):
        if "=" not in part:
            continue
        article, words = part.split("=", 1)
        article = article.strip()
        words = [w.strip() for w in words.split("/") if w.strip()]
        if article and words:
            out.append(Level(article, words, captions.get(article, "")))
    return out


def _captions(template):
    from ..odf.text import inline_text
    out = {}
    for section in template.body.iter(SECTION):
        kind, value = section_kind(section.get(NAME))
        if kind != "art":
            continue
        for p in section.iter():
            if p.tag in (q("text:p"), q("text:h")):
                text = numerals.nfc(inline_text(p)).strip()
                if text.startswith("（") and text.endswith("）"):
                    out[value] = text
                    break
    return out


def _is_caption_with(line, words):
    """A caption of the contract naming one of words: 「（管轄裁判所）」 on its own line,
    or 「第19条（管轄裁判所）」 / 「第十九条　管轄裁判所」 at an article's head."""
    line = numerals.nfc(line).strip()
    head = ARTICLE_HEAD.match(line)
    if head:
        rest = line[head.end():].lstrip(" \u3000")
        m = re.match(r"[（(]([^）)]{1,20})[）)]", rest)
        caption = m.group(1) if m else rest[:12]
    elif line.startswith(("（", "(")) and line.endswith(("）", ")")) and len(line) <= 24:
        caption = line[1:-1]
    else:
        return False
    return any(w in caption for w in words)


def present_in(template, contract_paragraphs):
    """[(Level, True when the contract already has such an article)]."""
    return [(level, any(_is_caption_with(p, level.words) for p in contract_paragraphs))
            for level in contract_level(template)]


def defined_parties(contract_paragraphs):
    """{'甲', '乙'} the contract defines with 「（以下「甲」という。）」."""
    found = set()
    for p in contract_paragraphs:
        found.update(DEFINITION.findall(numerals.nfc(p)))
    return found


def without_articles(template, omit):
    """A copy of the template without the article sections named in omit (ids)."""
    omit = set(omit or ())
    if not omit:
        return template
    flat = copy.deepcopy(template.flat)
    parents = {child: parent for parent in flat.iter() for child in parent}
    for section in list(flat.iter(SECTION)):
        kind, value = section_kind(section.get(NAME))
        if kind == "art" and value in omit:
            parents[section].remove(section)
    return Template(flat, template.name)


def numeral_style(contract_paragraphs):
    """The style (numerals.HALF / FULL / KANJI) of the contract's last 第N条, else HALF."""
    style = numerals.HALF
    for p in contract_paragraphs:
        m = ARTICLE_HEAD.match(numerals.nfc(p))
        if m:
            style = numerals.style_of(m.group(1))
    return style


def restyle(flat, style, parties=()):
    """In the assembled body: 第N条/第N項/第N号 written in style, and the definitions of
    the parties in `parties` removed (the contract defines them). In place; -> flat."""
    body = FlatDocument(flat).find_body()
    if body is None:
        return flat

    def fix(text):
        if not text:
            return text
        if style != numerals.HALF:
            text = NUMBERED.sub(lambda m: "第%s%s" % (
                numerals.format_int(int(m.group(1)), style), m.group(2)), text)
        if parties:
            text = DEFINITION.sub(lambda m: "" if m.group(1) in parties else m.group(0), text)
        return text

    for el in body.iter():
        el.text = fix(el.text)
        el.tail = fix(el.tail)
    return flat
