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
import json
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
# a 項 of the contract: 「２　…」 / 「2　…」 / 「二　…」 (項 numbers start at 2)
PARAGRAPH_HEAD = re.compile(r"^[ \t]*([0-9０-９]+|[一二三四五六七八九十]+)[ \u3000]")
# a 号 of the contract: 「(1)　」 / 「（１）　」
ITEM_HEAD = re.compile(r"^[ \t\u3000]*([(（])([0-9０-９]+)[)）]")

# An inserted block of provisions is marked in the document (issue 13, item 3): a
# bookmark spanning it, named BOOKMARK_PREFIX + id (letters, digits and _ only, as a
# Word bookmark name must be, so it survives .docx), and a user-defined property
# RECORD_PREFIX + id holding what re-assembles it (record_text). 確定 removes both.
BOOKMARK_PREFIX = "tokki_provisions_"
RECORD_PREFIX = "tokki:inserted:"


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


def house_style(contract_paragraphs, template_house):
    """The template's HouseStyle (a copy) with the contract's numerals: 第N条 as the
    contract's last 第N条; 項 numbers and 号 labels as the contract writes them, else
    following its 条 (全角 → ２ and （１）; 漢数字 → ２ and （１）, as 法令 write 第二条 /
    ２ / 一; 半角 → 2 and (1)). The engine then numbers and renders every reference in
    that style (no rewriting of text afterwards)."""
    house = copy.copy(template_house)
    article = numeral_style(contract_paragraphs)
    paragraph = item = None
    for p in contract_paragraphs:
        text = numerals.nfc(p)
        if ARTICLE_HEAD.match(text):
            continue
        m = PARAGRAPH_HEAD.match(text)
        if m and numerals.parse_int(m.group(1)) >= 2:
            paragraph = numerals.style_of(m.group(1))
            continue
        m = ITEM_HEAD.match(text)
        if m:
            item = numerals.FULL if m.group(1) == "（" else numerals.HALF
    default = numerals.HALF if article == numerals.HALF else numerals.FULL
    house.article = article
    house.paragraph = paragraph or default
    house.item = item or default
    return house


def with_house(template, house):
    """A shallow copy of the template numbering in another house style."""
    other = copy.copy(template)
    other.house = house
    return other


def record_text(template_name, answers, start, omit, merged, seq=1, title=""):
    """The text of the property recording an inserted block (JSON). title: the block's
    first paragraph (where the block starts when a .docx round trip has moved the
    start of its bookmark)."""
    return json.dumps({"template": template_name, "answers": answers, "start": start,
                       "omit": list(omit or ()), "merged": bool(merged), "seq": seq,
                       "title": title}, ensure_ascii=False, sort_keys=True)


def parse_record(text):
    """{template, answers, start, omit, merged, seq} from record_text's text, or None
    when it is not such a record (damaged, edited by hand)."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("template"), str) or \
            not isinstance(data.get("answers"), dict):
        return None
    try:
        start = int(data.get("start") or 1)
        seq = int(data.get("seq") or 0)
    except (TypeError, ValueError):
        return None
    omit = data.get("omit") or []
    if not isinstance(omit, list) or not all(isinstance(a, str) for a in omit):
        return None
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    return {"template": data["template"], "answers": data["answers"], "start": max(1, start),
            "omit": omit, "merged": bool(data.get("merged")), "seq": seq, "title": title}


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


def assemble_into(template, answers, start, contract_paragraphs, omit=None, where="answers"):
    """-> (flat, used answers, the template without the omitted articles): the provisions
    for a contract whose paragraphs are given (api.assemble_into_contract; compare
    re-assembles an inserted block the same way)."""
    from .assemble import assemble
    if omit is None:
        omit = [level.article for level, present in present_in(template, contract_paragraphs)
                if present]
    trimmed = without_articles(template, omit)
    # an omitted article takes its questions with it (e.g. 管轄裁判所)
    answers = {k: v for k, v in (answers or {}).items()
               if k.startswith("$") or k in trimmed.questions}
    # numbered and referenced in the contract's numerals by the engine itself
    trimmed = with_house(trimmed, house_style(contract_paragraphs, trimmed.house))
    flat, used = assemble(trimmed, answers, start, where, False)
    restyle(flat, numerals.HALF, defined_parties(contract_paragraphs))
    return flat, used, trimmed


def block_record(flat):
    """The record (parse_record) of the inserted block a document holds: the newest
    tokki:inserted:<id> whose bookmark tokki_provisions_<id> is still in the text (older
    records are kept for undo), else the newest record; None when there is none."""
    doc = FlatDocument(flat)
    records = {}
    for name, value in doc.user_properties().items():
        if name and name.startswith(RECORD_PREFIX):
            record = parse_record(value)
            if record is not None:
                records[name[len(RECORD_PREFIX):]] = record
    if not records:
        return None
    marks = set()
    for tag in ("text:bookmark", "text:bookmark-start"):
        for el in flat.iter(q(tag)):
            name = el.get(NAME) or ""
            if name.startswith(BOOKMARK_PREFIX):
                marks.add(name[len(BOOKMARK_PREFIX):])
    present = [dict(r, id=i) for i, r in records.items() if i in marks]
    return max(present or [dict(r, id=i) for i, r in records.items()],
               key=lambda r: r["seq"])


def block_last_text(flat, ident):
    """The text of the paragraph where the block's bookmark ends (its last paragraph:
    what follows — the signature — is the contract's, not the provisions'), or None."""
    from ..odf.text import inline_text
    name = BOOKMARK_PREFIX + ident
    last = None
    for para in flat.iter():
        if para.tag not in (q("text:p"), q("text:h")):
            continue
        for el in para.iter():
            if el.tag in (q("text:bookmark-end"), q("text:bookmark")) and \
                    el.get(NAME) == name:
                last = inline_text(para)
    return last
