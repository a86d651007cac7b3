"""A ひな型 (paragraph texts) -> a tokki template tree and an import report (pure).

Steps: read the structure (reading.py, the one adapter over the reader), give every
article an ID from its caption (ids.py), decide which numbers the template may
rewrite (only where the engine writes them exactly as the source does), turn
internal references into ref: controls when the engine renders them as the
source wrote them, placeholders into text questions, ※ notes into notes, and
list everything a person must look at.
"""
import re
import unicodedata
import xml.etree.ElementTree as ET

from . import reading
from . import ids
from .ids import article_id
from .report import Report
from .skeleton import SKELETON
from ...errors import TokkiError
from ..drafting import labels as L
from ..drafting.numerals import style_of, KATAKANA_ITEMS, CIRCLED, format_int, parse_int
from ..drafting.pointers import Place, Spec, render_one, render_range
from ..odf.namespaces import q
from ..template.model import NUMBER_PREFIX

STYLE = {reading.CAPTION: "特記事項見出し", reading.ARTICLE: "特記事項条",
         reading.PARAGRAPH: "特記事項項", reading.ITEM: "特記事項号",
         reading.SUBITEM: "特記事項号細分", reading.NOTE: "特記事項注記",
         reading.PLAIN: "特記事項本文", "title": "特記事項表題"}

PLACEHOLDER = re.compile(r"[○〇]{2,}|[＿_]{2,}|「[ \u3000]+」")
LABEL_STOP = "のをはがにへとでや、。，,（）()「」 　\n"
QUOTED = re.compile(r"^(?:で|に|の)?(?:規定する|定める|掲げる|いう)?「([^」]{2,30})」")


class ImportError_(TokkiError):
    """The text has nothing a template can be made of."""


def norm(text):
    """NFKC and no white space: how the importer compares texts."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def import_paragraphs(paragraphs, name="imported", title=None, wrapped=False,
                      source="ひな型", warnings=()):
    """(flat template tree, Report) from the paragraph texts of a ひな型. `warnings`:
    what the file reader set aside (hidden text, comments, tracked changes), listed in
    the report for a person."""
    src = reading.read(paragraphs, wrapped)
    if not src.arts:
        raise ImportError_("%s: no articles found (allowed: 第1条…, 第1…, or headings "
                           "「1　見出し」 starting at 1); a ひな型 numbered only by hand-made "
                           "lists cannot be imported yet" % source)
    report = Report(source, name)
    for message in warnings:
        report.review("I-SOURCE", "文書全体", message)
    conv = _Converter(src, report, name, title)
    return conv.build(), report


class _Converter:
    def __init__(self, src, report, name, title):
        self.src, self.report, self.name, self.title = src, report, name, title
        self.rows = src.rows
        self.arts = src.arts
        used = set()
        for art in self.arts:
            art.id = article_id(art.caption, art.index + 1, used)
        first = re.sub(r"[第条 \u3000]", "", src.label_style or "1").split("の")[0] or "1"
        self.style = style_of(first)
        self.form = src.form if src.form != L.JOU else (L.DAI if src.no_jo else L.JOU)
        self.questions = {}
        self._keys = {}

    # -- numbers the engine may rewrite ---------------------------------------
    def _check_numbers(self):
        r = self.report
        for pos, art in enumerate(self.arts):
            number = pos + 1
            if art.branch is not None or art.number != number:
                r.review("I-NUMBERING", self._art_name(art),
                         "原文の番号「%s」は組み立てると「%s」になります（番号は位置で振り直されます）。"
                         % (art.label, L.write_article(number, self.style, self.form)))
            elif style_of(_label_number(art.label)) != self.style:
                r.review("I-NUMBERING", self._art_name(art),
                         "条番号の書き方（%s）が第1条と違います。組み立てると第1条の書き方に揃います。"
                         % art.label)
        item_full = None
        para_form = None      # (digits style, dot, label) of the first numbered 項
        for row in self.rows:
            if row.kind == reading.ITEM:
                label = row.label or _row_label(row, reading.ITEM)
                # the form the template can number: (1) / （１） / ア (a 号 labelled ア, イ…
                # directly under its 項, as 「1　見出し」 documents do)
                full = "kana" if label in KATAKANA_ITEMS and len(label) == 1 else \
                    label.startswith("（")
                ok = bool(re.match(r"^[(][0-9]+[)]$|^（[０-９]+）$", label)) or full == "kana"
                number = (KATAKANA_ITEMS.index(label) + 1) if full == "kana" else \
                    _label_int(label)
                if ok and item_full is None:
                    item_full = full
                if not ok or full != item_full or number != row.item + 1:
                    row.demote = "号の番号「%s」はエンジンの書き方（(1)、(2)…）と違うため、入力どおりの文字のまま残しました。" % label
            elif row.kind == reading.SUBITEM:
                label = _row_label(row, reading.SUBITEM)
                if label != KATAKANA_ITEMS[row.sub:row.sub + 1]:
                    row.demote = "号の細分「%s」はア、イ、ウ…の順ではないため、入力どおりの文字のまま残しました。" % label
            elif row.kind == reading.PARAGRAPH:
                label = _row_label(row, reading.PARAGRAPH)
                form = _para_form(row.text)
                if form is None:
                    # 2甲は…: the reader knows the 項, but the template numbers a 項 only
                    # as 「2　」, 「2.」 or 「②」 and would write its number before this one
                    written = row.text.lstrip(" \u3000\t")[:2]
                    row.demote = "項番号「%s」はエンジンの書き方（2　…、2.、②）と違うため、入力どおりの文字のまま残しました。" % written
                elif para_form is not None and form[:2] != para_form[:2]:
                    row.demote = ("項番号「%s」の書き方が最初の項番号「%s」と違います。組み立てると最初の書き方に"
                                  "揃うため、入力どおりの文字のまま残しました（番号は振り直されません）。"
                                  % (label, para_form[2]))
                elif _label_int(label) != row.para + 1:
                    row.demote = "項番号「%s」が順番どおりでないため、入力どおりの文字のまま残しました。" % label
                elif para_form is None:
                    para_form = form
        demoted = [row for row in self.rows if getattr(row, "demote", None)]
        for row in demoted:
            r.review("I-LABELS", self._where(row), row.demote, row.text[:30])
        # a demoted row becomes text of the row it follows (its typed label stays)
        out = []
        for row in self.rows:
            if getattr(row, "demote", None) and out and out[-1].art == row.art and \
                    out[-1].kind in (reading.ARTICLE, reading.PARAGRAPH, reading.ITEM,
                                     reading.SUBITEM):
                out[-1].text += "\n" + row.text
                continue
            if getattr(row, "demote", None):
                row.kind = reading.PLAIN
            out.append(row)
        self.rows = out
        # what the template will hold, per article and 項 (for rendering checks)
        for art in self.arts:
            art.paras = {}
        for row in self.rows:
            if row.kind in (reading.ARTICLE, reading.PARAGRAPH):
                self.arts[row.art].paras[row.para] = {"items": 0, "proviso": False, "row": row}
        for row in self.rows:
            if row.kind == reading.ITEM and row.para in self.arts[row.art].paras:
                self.arts[row.art].paras[row.para]["items"] += 1
            if row.kind in (reading.ARTICLE, reading.PARAGRAPH):
                self.arts[row.art].paras[row.para]["proviso"] = "ただし" in row.text

    def _art_name(self, art):
        return "%s%s" % (art.label, "（%s）" % art.caption if art.caption else "")

    def _where(self, row):
        if row.art is None:
            return "（条の外）"
        art = self.arts[row.art]
        text = art.label
        if row.para:
            text += "第%d項" % (row.para + 1)
        if row.item is not None:
            text += "第%d号" % (row.item + 1)
        return text

    # -- places -----------------------------------------------------------------
    def _place(self, a, p=None):
        art = self.arts[a]
        count = max(len(art.paras), 1)
        if p is None:
            return Place(a + 1, None, count,
                         has_items=any(v["items"] for v in art.paras.values()))
        info = art.paras[p]
        return Place(a + 1, p + 1, count, has_items=bool(info["items"]),
                     has_proviso=info["proviso"])

    def _target_id(self, a, p):
        art = self.arts[a]
        if p is None:
            return art.id
        return "%s.%d" % (art.id, p + 1)

    # -- references ---------------------------------------------------------------
    def _references(self, row):
        """Spans (start, end, ("ref", tag, label)) of the references in a row."""
        spans = []
        if row.kind not in (reading.ARTICLE, reading.PARAGRAPH, reading.ITEM, reading.SUBITEM):
            return spans
        here_a, here_p = row.art, row.para
        ptrs = reading.pointers(row.text, self.form)
        m = NUMBER_PREFIX[row.kind].match(row.text)
        label_end = m.end() if m else 0
        skip = set()
        for ptr in ptrs:
            if id(ptr) in skip or ptr.start < label_end:
                continue
            where = self._where(row)
            if ptr.external:
                self.report.external(where, ptr.text, _context(row.text, ptr))
                continue
            if ptr.range_to is not None:
                skip.add(id(ptr.range_to))
                self._range(ptr, here_a, here_p, where, spans)
                continue
            result = self._resolve(ptr, here_a, here_p)
            if isinstance(result, str):
                if result:
                    self.report.review("I-REFERENCE", where, "「%s」：%s" % (ptr.text, result),
                                       _context(row.text, ptr))
                continue
            a, p, suffix = result
            spec = Spec(self._target_id(a, p), suffix)
            try:
                shown = render_one(self._place(a, p), spec, self._place(here_a, here_p),
                                   self.style, self.style, self.form)
            except TokkiError as exc:
                self.report.review("I-REFERENCE", where, "「%s」：参照先を確かめてください（%s）。"
                                   % (ptr.text, exc), _context(row.text, ptr))
                continue
            by_number = ptr.art[0] == "abs" if ptr.art is not None else \
                ptr.para is not None and ptr.para[0] == "abs"
            if norm(shown) != norm(ptr.text) and by_number:
                # 第5第2項 written in 第6: the source cites a neighbour by its number, so the
                # template does too (ref:=…), and it follows the target when renumbered
                exact = Spec(spec.id, spec.suffix, absolute=True)
                try:
                    again = render_one(self._place(a, p), exact, self._place(here_a, here_p),
                                       self.style, self.style, self.form)
                except TokkiError:
                    again = None
                if again is not None and norm(again) == norm(ptr.text):
                    spec, shown = exact, again
            if norm(shown) != norm(ptr.text):
                self.report.review(
                    "I-REFERENCE", where,
                    "「%s」は%sを指しますが、エンジンは「%s」と書くため参照にせず文字のまま残しました。"
                    "参照にするなら Writer で ref:%s のコントロールにしてください。"
                    % (ptr.text, self._title(a, p), shown, spec), _context(row.text, ptr))
                continue
            tag = "ref:%s" % spec
            spans.append((ptr.start, ptr.end, ("ref", tag, "参照：" + self._title(a, p))))
            self.report.reference(where, ptr.text, str(spec), self._title(a, p))
            self._erratum(row, ptr, a, where)
        return spans

    def _range(self, ptr, here_a, here_p, where, spans):
        last = ptr.range_to
        a1 = self._resolve(ptr, here_a, here_p)
        a2 = self._resolve(last, here_a, here_p)
        text = "%s…%s" % (ptr.text, last.text)
        if isinstance(a1, str) or isinstance(a2, str) or a1[1] is not None or \
                a2[1] is not None or a1[2] or a2[2]:
            self.report.review("I-REFERENCE", where, "範囲「%sから%sまで」は条から条への範囲ではない"
                               "ため、文字のまま残しました。" % (ptr.text, last.text))
            return
        try:
            shown = render_range(self._place(a1[0]), self._place(a2[0]),
                                 self._place(here_a, here_p), self.style, self.form)
        except TokkiError as exc:
            self.report.review("I-REFERENCE", where, "範囲「%s」：%s" % (text, exc))
            return
        whole = (norm(ptr.text) + norm(last.text), norm(ptr.text) + "から" + norm(last.text) + "まで")
        absolute = ""
        if norm(shown) not in whole and ptr.art[0] == "abs" and last.art[0] == "abs":
            again = render_range(self._place(a1[0]), self._place(a2[0]),
                                 self._place(here_a, here_p), self.style, self.form, True)
            if norm(again) in whole:
                shown, absolute = again, "="
        if norm(shown) not in whole:
            # the engine writes 「AからBまで」 as one reference: compare the whole phrase
            self.report.review("I-REFERENCE", where, "範囲「%sから%sまで」はエンジンが「%s」と書くため、"
                               "文字のまま残しました。" % (ptr.text, last.text, shown))
            return
        spec = "%s%s..%s" % (absolute, self.arts[a1[0]].id, self.arts[a2[0]].id)
        # the control spans "AからBまで" (the engine writes the whole phrase)
        row_text_end = last.end + len("まで")
        spans.append((ptr.start, row_text_end,
                      ("ref", "ref:" + spec, "参照：%sから%sまで" % (self._title(a1[0], None),
                                                            self._title(a2[0], None)))))
        self.report.reference(where, ptr.text + "から" + last.text + "まで", spec,
                              "%s〜%s" % (self._title(a1[0], None), self._title(a2[0], None)))

    def _resolve(self, ptr, here_a, here_p):
        """(article index, paragraph index or None, suffix) or a reason (str, "" = silent)."""
        if ptr.same:
            return "同条・同項・同号は直前の参照しだいで意味が変わるため、参照にしませんでした。"
        a = here_a
        if ptr.art is not None:
            kind = ptr.art[0]
            if kind == "abs":
                found = [i for i, art in enumerate(self.arts)
                         if art.number == ptr.art[1] and art.branch == ptr.art[2]]
                if not found:
                    return "このひな型に該当する条がありません（条ずれ・誤記の可能性）。"
                a = found[0]
            elif kind == "rel" and ptr.art[1] in ("前", "次"):
                a = here_a + (-1 if ptr.art[1] == "前" else 1)
                if not 0 <= a < len(self.arts):
                    return "指す条がありません。"
            else:
                return "「本条」「この条」「前N条」は参照にしませんでした（必要なら手で設定してください）。"
        p = None
        if ptr.para is not None:
            kind = ptr.para[0]
            if kind == "abs":
                p = ptr.para[1] - 1
            elif kind == "rel" and ptr.para[1] in ("前", "次") and ptr.art is None:
                p = here_p + (-1 if ptr.para[1] == "前" else 1)
            else:
                return "「前各項」「同項」「本項」等は参照にしませんでした（必要なら手で設定してください）。"
            if p not in self.arts[a].paras:
                if self.form == L.HEADING and ptr.para == ("rel", "前") and a > 0:
                    return ("この見出しには項が一つしかありません。「前項」が一つ前の見出し（%s）を指すなら、"
                            "Writer でそこを「%s」と書き、ref:%s のコントロールにしてください。"
                            % (self._title(a - 1, None), self.arts[a - 1].label, self.arts[a - 1].id))
                return "指す項がありません（前項と書いて前号・前条の意味ではないか確認してください）。"
        suffix = None
        if ptr.item is not None and ptr.art is None and ptr.para is None and \
                ptr.lead.endswith(("様式", "別表", "別紙", "別記", "号様式")):
            return ""     # 様式第1号: a form's name
        if ptr.item is not None:
            if ptr.item == ("each",) and (ptr.art is not None or ptr.para is not None):
                suffix = "items"
            elif ptr.item == ("each",):
                return ""     # 次の各号 / 各号: this 項's own items, not a cross-reference
            else:
                return ("号を指す参照（第N号・前号など）はテンプレートの参照先にできないため、"
                        "文字のまま残しました。号を削除・追加したら手で直してください。")
        if ptr.proviso == "ただし書":
            if suffix:
                return "各号とただし書の組合せは参照にできません。"
            if p is None:
                p = 0
            suffix = "proviso"
        elif ptr.proviso:
            return "「本文」への参照は参照にしませんでした。"
        if ptr.art is None and ptr.para is None:
            return ""
        return a, p, suffix

    def _title(self, a, p):
        art = self.arts[a]
        text = art.label
        if p is not None and len(art.paras) > 1:
            text += "第%d項" % (p + 1)
        return text + ("（%s）" % art.caption if art.caption else "")

    def _erratum(self, row, ptr, a, where):
        """A cited article whose subject does not match the words quoted after it."""
        m = QUOTED.match(row.text[ptr.end:])
        if not m:
            return
        term = norm(m.group(1))
        target = self.arts[a]
        body = norm((target.caption or "") + "".join(
            info["row"].text for info in target.paras.values()))
        for size in range(len(term), 3, -1):
            head = term[:size]
            hits = [i for i, art in enumerate(self.arts) if head in norm(art.caption or "")]
            if hits:
                if head not in body and a not in hits:
                    self.report.review(
                        "I-ERRATUM", where,
                        "「%s」の「%s」は%sの見出しにありますが、引用されている%sにはありません。"
                        "誤記（%sの誤り）ではないか確認してください。" % (
                            ptr.text, m.group(1), "、".join(self._title(i, None) for i in hits),
                            self._title(a, None),
                            "又は".join(self.arts[i].label for i in hits)),
                        _context(row.text, ptr))
                return

    def _alternative_block(self, block):
        where, count, first = block
        self.report.review("I-ALTERNATIVE", where,
                           "※の後の別の表現（%d 段落、「%s」から）を注記にしました。どこまでが別の"
                           "表現か確かめ、選択肢にするなら if: セクションにしてください。"
                           % (count, first.replace("\n", "")[:20]))

    def _alternative_references(self, row, where):
        """References in an alternative wording: not converted, but checked for errata."""
        for ptr in reading.pointers(row.text, self.form):
            if ptr.external or ptr.art is None or ptr.art[0] != "abs" or ptr.start < 6 and \
                    re.match(r"^\s*第", row.text[:ptr.start] or "") is None and ptr.start == 0:
                continue
            m = NUMBER_PREFIX[reading.ARTICLE].match(row.text)
            if m and ptr.start < m.end():
                continue
            found = [i for i, art in enumerate(self.arts)
                     if art.number == ptr.art[1] and art.branch == ptr.art[2]]
            if found:
                self._erratum(row, ptr, found[0], where + "（別の表現）")

    # -- placeholders ---------------------------------------------------------------
    def _placeholders(self, row, taken):
        spans = []
        if row.kind == reading.NOTE:
            return spans
        for m in PLACEHOLDER.finditer(row.text):
            if any(s <= m.start() < e for s, e, _ in taken):
                continue
            label, start, end = _label(row.text, m.start(), m.end())
            key = self._keys.get(label)
            if key is None:
                stem = label.replace(m.group(0), "")
                key = ids.LABEL_KEYS.get(stem) or "blank%d" % (len(self._keys) + 1)
                while key in self._keys.values():
                    key = "blank%d" % (len(self._keys) + 2)
                self._keys[label] = key
                self.report.question(key, label, row.text[start:end], self._where(row))
            spans.append((start, end, ("q", key, label)))
        return spans

    # -- the tree -----------------------------------------------------------------------
    def build(self):
        self._check_numbers()
        flat = ET.fromstring(SKELETON.encode("utf-8"))
        meta = flat.find(q("office:meta"))
        title = self.title or next((r.text for r in self.rows if r.kind == reading.PLAIN
                                    and "特記事項" in r.text), None) or self.name
        ET.SubElement(meta, q("dc:title")).text = title.replace("\n", "")
        ET.SubElement(meta, q("dc:language")).text = "ja-JP"
        body = flat.find(q("office:body")).find(q("office:text"))
        section = None
        current = None
        r = self.report
        r.recognised(self.src, self.arts, self.rows, self.style)
        block = None
        for row in self.rows:
            if row.kind == reading.NOTE:
                where = self._where(row) if row.art is not None else "（条の外）"
                r.note(where, row.note_kind, row.text)
                if row.note_kind == "alternative":
                    self._alternative_references(row, where)
                    if block is None:
                        block = [where, 0, row.text]
                    block[1] += 1
                elif block is not None:
                    self._alternative_block(block)
                    block = None
            elif block is not None:
                self._alternative_block(block)
                block = None
            if row.art is None:
                section, current, holder = None, None, body
            else:
                if row.art != current:
                    art = self.arts[row.art]
                    section = ET.SubElement(body, q("text:section"))
                    section.set(q("text:style-name"), "Sect1")
                    section.set(q("text:name"), "art:" + art.id)
                    current = row.art
                holder = section
            p = ET.SubElement(holder, q("text:p"))
            p.set(q("text:style-name"), STYLE[row.kind])
            spans = self._references(row)
            spans += self._placeholders(row, spans)
            _fill(p, row.text, sorted(spans))
            if row.kind == reading.PARAGRAPH:
                bm = ET.SubElement(p, q("text:bookmark"))
                bm.set(q("text:name"), "p:%s.%d" % (self.arts[row.art].id, row.para + 1))
        _sections_style(flat)
        return flat


def _sections_style(flat):
    auto = flat.find(q("office:automatic-styles"))
    st = ET.SubElement(auto, q("style:style"))
    st.set(q("style:name"), "Sect1")
    st.set(q("style:family"), "section")
    ET.SubElement(st, q("style:section-properties")).set(q("style:editable"), "false")


def _fill(p, text, spans):
    pos = 0
    for start, end, (kind, tag, label) in spans:
        if start < pos:
            continue
        _text(p, text[pos:start])
        cc = ET.SubElement(p, q("loext:content-control"))
        if kind == "q":
            cc.set(q("loext:plain-text"), "true")
        cc.set(q("loext:alias"), label)
        cc.set(q("loext:tag"), tag)
        cc.text = text[start:end]
        pos = end
    _text(p, text[pos:])


def _text(p, text):
    """Append text to p; "\\n" becomes a line break (the source's separate paragraphs)."""
    pieces = text.split("\n")
    for n, piece in enumerate(pieces):
        if n:
            ET.SubElement(p, q("text:line-break"))
        if not piece:
            continue
        if len(p):
            last = p[-1]
            last.tail = (last.tail or "") + piece
        else:
            p.text = (p.text or "") + piece


def _label(text, start, end):
    after = ""
    for ch in text[end:end + 12]:
        if ch in LABEL_STOP:
            break
        after += ch
    before = ""
    if not after:
        for ch in reversed(text[max(0, start - 12):start]):
            if ch in LABEL_STOP:
                break
            before = ch + before
    return before + text[start:end] + after, start - len(before), end + len(after)


def _context(text, ptr, width=12):
    s = text.replace("\n", "")
    return s[max(0, ptr.start - width):ptr.end + width]


def _label_number(label):
    return re.sub(r"[第条 \u3000]", "", label or "").split("の")[0]


def _para_form(text):
    """(digits style, dot, label) of a 項 label the template can number: 2 / ２ followed
    by a space, 2. / ２．, ②; None for anything else."""
    m = NUMBER_PREFIX[reading.PARAGRAPH].match(text)
    if not m:
        return None
    if m.group("c"):
        return ("circled", "", m.group("c"))
    after = text[m.end(1):m.end()]
    dot = after[:1] if after[:1] in (".", "．") else ""
    return (style_of(m.group(1)), dot, m.group(1) + dot)


def _row_label(row, kind):
    text = row.text.lstrip(" \u3000\t")
    if kind == reading.PARAGRAPH:
        m = re.match(r"[0-9０-９]+|[%s]" % CIRCLED, text)
    elif kind == reading.SUBITEM:
        m = re.match(r".", text)
    else:
        m = re.match(r"[(（][^)）]*[)）]|[⑴-⒇]|[一二三四五六七八九十]+|[%s](?=[ \u3000\t])"
                     % KATAKANA_ITEMS, text)
    return m.group(0) if m else ""


def _label_int(label):
    if len(label) == 1 and label in CIRCLED:
        return CIRCLED.index(label) + 1
    try:
        return parse_int(unicodedata.normalize("NFKC", label).strip("()"))
    except (ValueError, KeyError):
        return -1
