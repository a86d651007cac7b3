"""The one adapter between the importer and the document reader (pure).

Everything the importer needs from the structure reader (validate.structure)
and the pointer grammar (validate.references) passes through here, in the
importer's own small records (`Row`, `Art`, `Ptr`), so that switching to the
new drafting grammar later changes this module only.

What it adds on top of the reader:
- a 項 number alone on its line (PDF paste: 「2」 then the text) is joined to
  the text that follows it;
- 第N without 条 (第1　乙は…): the reader's "dai" style, kept as the house style;
- 「1　見出し」 articles (the reader's "heading" style): the form is kept (assembly
  writes 「N」 + the source's separator), and bare numbers cite them (1の規定, 前記1);
- ※ notes, and the 「次のような表現にする」 blocks after them (alternative wording
  down to the next article), are set aside as notes;
- only one numbering domain (part) is converted: the 特記事項 part when the
  document has several (a contract body followed by 別記); the other parts are
  kept as plain text.
"""
import re
import unicodedata

from ..validate import structure as S
from ..validate import references as R
from ..drafting import labels as L

SP = "[ \t\u3000]"
NUM = r"(?:[0-9０-９]+|[〇一二三四五六七八九十百千]+)"
BARE_NUMBER = re.compile(r"^%s*([0-9０-９]{1,3})%s*$" % (SP, SP))
# 第N (no 条) at the start of a line, then a space, a bracket caption, or the end.
DAI_N = re.compile(r"^(%s*第%s*%s)(?=%s|[（(]|$)" % (SP, SP, NUM, SP))
HEAD_LABEL = re.compile(r"%s*第%s*%s%s*(?:条(?:%s*の%s*%s)?)?" % (SP, SP, NUM, SP, SP, SP, NUM))
NOTE_START = re.compile(r"^%s*[※＊]" % SP)
ALTERNATIVE = re.compile(r"次の(?:よう|様)な(?:表現|文言|規定|条文)")
TOKKI_TITLE = re.compile(r"特記事項|特記仕様|別記|別紙")

PLAIN, NOTE, CAPTION, ARTICLE, PARAGRAPH, ITEM, SUBITEM = (
    "plain", "note", "caption", "article", "paragraph", "item", "subitem")


class Row:
    """One paragraph of the template to be: its role, its text as written
    (segments joined by "\\n" where the source had separate paragraphs)."""

    def __init__(self, kind, text, art=None, para=None, item=None, sub=None, label=""):
        self.kind, self.text, self.art, self.para = kind, text, art, para
        self.item, self.sub, self.label = item, sub, label
        self.note_kind = None          # "note" (※) or "alternative" (次のような表現 block)

    def __repr__(self):
        return "Row(%s, %r)" % (self.kind, self.text[:20])


class Art:
    def __init__(self, index, number, branch, label, caption):
        self.index, self.number, self.branch = index, number, branch
        self.label, self.caption = label, caption
        self.paragraphs = []            # per 項: {"items": n, "proviso": bool}
        self.id = None
        self.inline_caption = False


class Ptr:
    """A pointer found in a row, in the importer's terms."""

    def __init__(self, start, end, text, art, para, item, proviso, external, same,
                 range_to=None, lead=""):
        self.start, self.end, self.text = start, end, text
        self.art, self.para, self.item, self.proviso = art, para, item, proviso
        self.external, self.same, self.range_to, self.lead = external, same, range_to, lead


class Source:
    def __init__(self):
        self.rows = []
        self.arts = []
        self.no_jo = False
        self.parts = 0
        self.part_index = 0
        self.kept_plain = 0          # lines of other parts kept as plain text
        self.label_style = None      # the first article's number as written
        self.form = L.JOU            # jou 第N条 / dai 第N / heading 「N　見出し」


def _lines(paragraphs):
    out = []
    for para in paragraphs:
        text = unicodedata.normalize("NFC", para or "")
        out.extend(text.split("\n"))
    merged, i = [], 0
    while i < len(out):
        m = BARE_NUMBER.match(out[i])
        if m and i + 1 < len(out) and out[i + 1].strip() and \
                S.classify(0, out[i + 1]).kind == S.TEXT:
            merged.append(m.group(1) + "\u3000" + out[i + 1])
            i += 2
            continue
        merged.append(out[i])
        i += 1
    return merged


def _for_parsing(line):
    """第1　… -> 第1条　… (for the reader only; the text kept is the original)."""
    if S.classify(0, line).kind == S.ARTICLE:
        return line, False
    m = DAI_N.match(line)
    if m and not line[m.end():].lstrip(" \u3000").startswith(("条", "項", "号")):
        return line[:m.end()] + "条" + line[m.end():], True
    return line, False


def _mark_notes(lines, kinds, numbers):
    """{line index: "note" | "alternative"}: ※ lines (with the lines that continue
    them) and, after a ※ that announces 「次のような表現にする」, the alternative
    wording down to the caption or head of the next article."""
    notes = {}
    current = None
    real_paras = 0
    in_alt = pending = note_open = False
    note_text = ""
    for i, line in enumerate(lines):
        kind = kinds[i]
        if kind == S.BLANK:
            continue
        if kind == S.ARTICLE and (current is None or numbers[i] > current):
            current, in_alt, real_paras = numbers[i], False, 1
        if in_alt and kind == S.CAPTION and _next_article_number(i, kinds, numbers, current):
            in_alt = False
        if in_alt and kind == S.PARAGRAPH and current is not None and \
                S.classify(0, line).number == real_paras + 1 and "前項" not in line:
            # the main article's next 項 after an alternative wording that has no
            # 項 of its own (記載例 第2条: ※2, ※3, then 2　乙は…)
            in_alt = False
        if in_alt:
            notes[i] = "alternative"
            continue
        if kind == S.PARAGRAPH and current is not None:
            real_paras = S.classify(0, line).number or real_paras
        if NOTE_START.match(line):
            notes[i], note_open, note_text = "note", True, line
            pending = pending or bool(ALTERNATIVE.search(line))
            continue
        if note_open and kind == S.TEXT:
            notes[i] = "note"
            note_text += line
            pending = pending or bool(ALTERNATIVE.search(note_text))
            continue
        note_open = False
        if pending and kind != S.BLANK:
            pending = False
            if not (kind == S.CAPTION and _next_article_number(i, kinds, numbers, current)) \
                    and not (kind == S.ARTICLE and numbers[i] == current + 1 if current else False):
                in_alt = True
                notes[i] = "alternative"
    return notes


def _next_article_number(i, kinds, numbers, current):
    """True when the article after caption line i goes beyond `current`."""
    for j in range(i + 1, len(kinds)):
        if kinds[j] == S.ARTICLE:
            return current is None or numbers[j] > current
        if kinds[j] != S.BLANK:
            return False
    return False


def read(paragraphs, wrapped=False):
    """Source of a ひな型 given as paragraph texts. wrapped=True: the text was pasted
    from a PDF, so a line that continues a 項 is joined to it without a break."""
    lines = _lines(paragraphs)
    parse_lines, dai = [], []
    for line in lines:
        text, was = _for_parsing(line)
        parse_lines.append(text)
        dai.append(was)
    kinds, numbers = [], []
    for i, text in enumerate(parse_lines):
        c = S.classify(i, text)
        kinds.append(c.kind)
        numbers.append(c.number if c.kind == S.ARTICLE else None)
    notes = _mark_notes(lines, kinds, numbers)
    keep = [i for i in range(len(lines)) if i not in notes]
    doc = S.parse([parse_lines[i] for i in keep])
    src = Source()
    src.parts = len(doc.parts)
    usable = [n for n, p in enumerate(doc.parts) if p]
    if not usable:
        return src
    part = _choose_part(doc, [lines[i] for i in keep], usable)
    src.part_index = part
    first = doc.parts[part][0]
    src.form = first.style if first.style in (L.HEADING, L.DAI) else L.JOU
    heads = set()     # original line index of a head that is only 「N　見出し」/「第N　見出し」
    joiner = "" if wrapped else "\n"

    claimed = {}      # original line index -> (row kind, art, para, item, sub, label, body_start)
    for a_index, article in enumerate(doc.parts[part]):
        head = doc.lines[_line_pos(doc, article.index)]
        orig = keep[article.index]
        m = HEAD_LABEL.match(lines[orig])
        label = re.sub(SP, "", m.group(0)) if m else head.label
        caption = article.caption
        if caption is None and len(article.paragraphs[0].lines) > 1:
            # 第1　趣旨 (a Word heading: the caption after the number, without brackets)
            body = head.body.strip(" \u3000")
            if body and len(body) <= 25 and "。" not in body:
                caption = body
        art = Art(a_index, article.number, article.branch, label, caption)
        if dai[orig] or article.style == L.DAI:
            src.no_jo = True             # 第1　… (the reader's "dai" style, or our rewrite)
            src.form = L.DAI if src.form == L.JOU else src.form
        if article.style == L.HEADING:
            src.no_jo = True
        if caption is not None and article.caption_index in (None, article.index) and \
                len(article.paragraphs[0].lines) > 1 and \
                not re.search(r"[（(]", lines[orig]):
            heads.add(orig)              # the body follows on its own line: keep the break
        if a_index == 0:
            src.label_style = head.label
        src.arts.append(art)
        if article.caption_index is not None and article.caption_index != article.index:
            claimed[keep[article.caption_index]] = (CAPTION, a_index, None, None, None)
        art.inline_caption = article.caption_index == article.index and bool(article.caption)
        for p_index, para in enumerate(article.paragraphs):
            info = {"items": 0, "proviso": False, "label": None}
            art.paragraphs.append(info)
            item = sub = None
            # ア　… directly under a 項 with no (1) above it is that 項's 号 (the reader's call)
            item_lines = {id(it.lines[0]) for it in para.items}
            for line in para.lines:
                o = keep[line.index]
                if line.kind in (S.ARTICLE, S.PARAGRAPH) and line is para.lines[0]:
                    claimed[o] = (ARTICLE if p_index == 0 else PARAGRAPH, a_index, p_index,
                                  None, None)
                    info["label"] = line.label
                elif line.kind == S.ITEM or id(line) in item_lines:
                    item = info["items"]
                    info["items"] += 1
                    info.setdefault("item_labels", []).append(line.label)
                    info.setdefault("sub_labels", []).append([])
                    sub = None
                    claimed[o] = (ITEM, a_index, p_index, item, None)
                elif line.kind == S.SUBITEM and item is not None:
                    sub = len(info["sub_labels"][item])
                    info["sub_labels"][item].append(line.label)
                    claimed[o] = (SUBITEM, a_index, p_index, item, sub)
                else:
                    claimed.setdefault(o, ("cont", a_index, p_index, item, sub))

    rows, last_struct = [], None
    in_part = False
    for i, line in enumerate(lines):
        if i in notes:
            row = Row(NOTE, line, art=last_struct.art if last_struct and in_part else None)
            row.note_kind = notes[i]
            if rows and rows[-1].kind == NOTE and rows[-1].note_kind == notes[i] and \
                    wrapped and not NOTE_START.match(line) and notes[i] == "note":
                rows[-1].text += line         # a wrapped ※ note
            else:
                rows.append(row)
            continue
        if not line.strip():
            continue
        c = claimed.get(i)
        if c is None:
            rows.append(Row(PLAIN, line))
            last_struct = None if not in_part else last_struct
            src.kept_plain += 1
            continue
        in_part = True
        kind, a, p, it, sb = c
        if kind == "cont":
            if last_struct is not None and last_struct.art == a:
                glue = "\n" if getattr(last_struct, "head_only", False) else joiner
                last_struct.head_only = False
                last_struct.text += glue + line
            else:
                rows.append(Row(PLAIN, line))
            continue
        row = Row(kind, line, a, p, it, sb)
        row.head_only = i in heads
        rows.append(row)
        if kind != CAPTION:
            last_struct = row
    for row in rows:
        if row.kind in (ARTICLE, PARAGRAPH):
            if re.search(r"(?:^|。)%s*ただし[、，,]" % SP, row.text.replace("\n", "")):
                src.arts[row.art].paragraphs[row.para]["proviso"] = True
    src.rows = rows
    return src


def _line_pos(doc, index):
    for pos, line in enumerate(doc.lines):
        if line.index == index:
            return pos
    return 0


def _choose_part(doc, kept_lines, usable):
    """The part to convert (one of `usable`): the last part preceded by a title naming
    特記事項/別記, else the part with the most articles (the first of them)."""
    if len(usable) == 1:
        return usable[0]
    best = None
    for n, part in enumerate(doc.parts):
        if n not in usable:
            continue
        start = part[0].caption_index if part[0].caption_index is not None else part[0].index
        before = kept_lines[max(0, start - 4):start]
        if any(TOKKI_TITLE.search(t) for t in before) and n > 0:
            best = n
    if best is not None:
        return best
    sizes = [len(doc.parts[n]) for n in usable]
    return usable[sizes.index(max(sizes))]


def pointers(text, form=L.JOU):
    """Ptr records for every pointer in a row's text (lists, ranges, externality);
    form: how the document numbers its articles (第N条, 第N, 「N　見出し」)."""
    out = []
    found = R.find(text.replace("\n", "\u3000") if "\n" in text else text,
                   bare_articles=form == L.DAI, heading_articles=form == L.HEADING,
                   articles_are_external=form != L.JOU)
    index = {}
    for p in found:
        ptr = Ptr(p.start, p.end, text[p.start:p.end], p.art, p.para, p.item, p.proviso,
                  p.external, p.is_same or p.same_bare, lead=p.lead)
        index[id(p)] = ptr
        out.append(ptr)
    for p in found:
        if p.range_to is not None:
            index[id(p)].range_to = index[id(p.range_to)]
    return out
