"""The one walk over a template: what is where, and what is wrong with it (pure).

Everything that reads a template's XML goes through `read()`:
- the model (model.Template) builds its questions, help and house style from the facts
  and raises TemplateError on the problems that make a template unusable (`fatal`);
- the linter (lint.Linter, `tokki check-template`) reports `problems` and runs its
  rules over the facts;
- the extension's dialog shows the `variants` (through api.template_variants).

The facts, in document order:
  paragraphs   ParagraphFact: element, role, conditions around it, article ID, table
               row, where (in words), excerpt, the previous non-note paragraph
  controls     ControlFact: content control, tag, alias, kind, its paragraph
  articles     art: ID -> where (first), article_ids every art: section in order
  paragraph_ids p: bookmark ID -> where;  para_facts  ID -> {"proviso", "items"}
  conds        (Cond, where, excerpt) of every if: section and control that parses
  refs         (target, where, excerpt) of every ref: control
  report_tags  report.* tag -> [(control, where, alias)]
  questions    key -> QuestionFact (kind, label, where, option values, deps)
  variants     Variant(cond, excerpt) of every if: section and control
  problems     Finding (lint's codes) found while walking
  fatal        messages of the problems the model cannot assemble with, first first

Section names: `art:ID`, `if:CONDITION` (a `#…` suffix keeps Writer's names unique).
"""
import functools
import re
from collections import OrderedDict

from . import conditions
from ..drafting.numerals import nfc
from ..findings import ERROR, WARNING, Finding
from ..odf.document import FlatDocument
from ..odf.namespaces import clark, q, P, H, SECTION, CONTROL, LIST_ITEM, STYLE_NAME, NAME
from ..odf.text import inline_text

# One ID grammar: article IDs are one word, paragraph IDs may add .parts (p:art.application).
KEY_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
ARTICLE_ID_RE = KEY_RE
PARAGRAPH_ID_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\Z")

CHOICE, FLAG, TEXT, LIST = "choice", "flag", "text", "list"
PROVISIONS, REPORT = "provisions", "report"
NUMBERED_ROLES = ("article", "paragraph", "item", "subitem")

ATTR = {name: q("loext:" + name) for name in (
    "alias", "tag", "dropdown", "combobox", "checkbox", "checked", "plain-text",
    "showing-place-holder", "display-text", "value", "date", "checked-state",
    "unchecked-state")}

# Contract header fields of the 遵守報告書: keys a provisions question may not use.
RESERVED_KEYS = ("contract_no", "contract_title", "contract_date", "period",
                 "contractor_address", "contractor_name", "representative", "contact")

_CONTAINERS = (q("text:list"), q("text:list-item"), q("table:table"), q("table:table-cell"),
               q("table:table-header-rows"), q("table:table-rows"))
_ROW = q("table:table-row")


@functools.lru_cache(maxsize=4096)
def section_kind(name):
    """('art', id) / ('if', Cond) / (None, None) for a section name."""
    name = nfc(name or "").strip()
    if name.startswith("art:"):
        return "art", name[4:].strip()
    if name.startswith("if:"):
        expr = name[3:].split("#", 1)[0]  # "#2" keeps Writer's section names unique
        return "if", conditions.parse(expr)
    return None, None


def control_tag(cc):
    return nfc(cc.get(ATTR["tag"]) or "").strip()


def excerpt_of(el, length=24):
    text = nfc(inline_text(el)).replace("\n", " ").strip()
    return text[:length] + ("…" if len(text) > length else "")


def _short(text, length=40):
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length] + "…"


class ParagraphFact:
    __slots__ = ("el", "role", "conds", "article", "row", "where", "excerpt", "prev", "ids")

    def __init__(self, el, role, conds, article, row, where, excerpt, prev, ids):
        self.el, self.role, self.conds, self.article, self.row = el, role, conds, article, row
        self.where, self.excerpt, self.prev, self.ids = where, excerpt, prev, ids


class ControlFact:
    __slots__ = ("el", "tag", "alias", "kind", "para")

    def __init__(self, el, tag, alias, kind, para):
        self.el, self.tag, self.alias, self.kind, self.para = el, tag, alias, kind, para


class QuestionFact:
    """What the walk saw of one question key (first occurrence decides kind and label)."""

    def __init__(self, key, kind, label, where):
        self.key, self.kind, self.label, self.where = key, kind, label, where
        self.options = []          # option values, in order
        self.deps = set()          # keys of the conditions it is asked under


class Variant:
    """Text that appears only under a condition: an if: section or control."""
    __slots__ = ("cond", "excerpt")

    def __init__(self, cond, excerpt):
        self.cond, self.excerpt = cond, excerpt


class TemplateFacts:
    def __init__(self, flat, name, role):
        self.flat, self.name, self.role = flat, name, role
        self.body = None
        self.kind = None
        self.paragraphs, self.controls = [], []
        self.section_names = {}
        self.articles = OrderedDict()       # id -> where (first)
        self.article_ids = []               # every art: section, in order
        self.article_has_first = {}         # id -> bool
        self.paragraph_ids = OrderedDict()  # id -> where
        self.para_facts = {}                # id -> {"proviso": bool, "items": bool}
        self.conds = []                     # (Cond, where, excerpt)
        self.refs = []                      # (target text, where, excerpt)
        self.report_tags = OrderedDict()    # tag -> [(control, where, alias)]
        self.questions = OrderedDict()      # key -> QuestionFact
        self.variants = []
        self.problems = []
        self.fatal = []


def control_kind(cc, role, p):
    """The kind of question a content control asks, standing in paragraph p of `role`."""
    from .model import control_kind as kind  # the model knows list items' numbers
    return kind(cc, role, p)


def read(flat, name, role):
    """TemplateFacts of a flat document; role: the style → role resolver (model)."""
    return _Reader(flat, name, role).run()


class _Reader:
    def __init__(self, flat, name, role):
        self.f = TemplateFacts(flat, name, role)
        self.role = role
        self._current_ids = set()
        self._model_kinds = {}   # key -> kind, as the model sees questions (not in notes)

    def add(self, code, severity, where, ja, en, excerpt="", key=None):
        self.f.problems.append(Finding(code, severity, ja, en, excerpt=excerpt, where=where,
                                       key=key, scope="template"))

    def fatal(self, message):
        self.f.fatal.append(message)

    def run(self):
        f = self.f
        body = f.body = FlatDocument(f.flat).find_body()
        if body is None:
            self.add("T-NOT-TEMPLATE", ERROR, f.name, "Writer の文書ではありません。",
                     "not a Writer text document")
            return f
        has_articles = any(nfc(sec.get(NAME) or "").strip().startswith("art:")
                           for sec in body.iter(SECTION))
        has_report = any(control_tag(cc).startswith("report.") for cc in body.iter(CONTROL))
        f.kind = PROVISIONS if has_articles else REPORT if has_report else None
        self._walk(body, [], None, "")
        return f

    # -- the walk -------------------------------------------------------------------
    def _walk(self, el, conds, art, row):
        prev = None  # the paragraph notes belong to: reset by a section
        for child in el:
            if child.tag == SECTION:
                self._section(child, conds, art, row)
                prev = None
            elif child.tag in (P, H):
                self._paragraph(child, conds, art, row, prev)
                if self.role(child.get(STYLE_NAME)) != "note":
                    prev = child  # consecutive notes all belong to what precedes them
            elif child.tag == _ROW:
                first = child.find(clark("table:table-cell"))
                self._walk(child, conds, art, excerpt_of(first, 16) if first is not None else "")
            elif child.tag in _CONTAINERS:
                self._walk(child, conds, art, row)

    def _section(self, sec, conds, art, row):
        f = self.f
        raw = sec.get(NAME)
        name = nfc(raw or "")
        where = "セクション %s" % name
        if name in f.section_names:
            self.add("T-DUPLICATE-ID", ERROR, where,
                     "セクション名「%s」が2回使われています。Writer は名前を変えてしまうので、"
                     "2つ目以降は「%s#2」のように # 以下で区別してください。" % (name, name),
                     "section name %r is used twice; Writer renames duplicates: write %s#2 "
                     "for the second" % (name, name))
        f.section_names[name] = where
        stripped = name.strip()
        if stripped.startswith("art:"):
            ident = stripped[4:].strip()
            if art is not None:
                self.add("T-BAD-ID", ERROR, where, "art: セクションが art:%s の中にあります。条の"
                         "セクションは入れ子にできません。" % art,
                         "art: section inside art:%s; articles cannot be nested" % art)
            if not ARTICLE_ID_RE.match(ident):
                self.add("T-BAD-ID", ERROR, where, "条のID「%s」は半角英小文字・数字・_ で"
                         "書いてください（例：art:secrecy）。" % ident,
                         "article ID %r must be lower-case ASCII letters, digits and _ "
                         "(e.g. art:secrecy)" % ident)
            if ident in f.articles:
                self.add("T-DUPLICATE-ID", ERROR, where, "条のID「%s」が2つのセクションで"
                         "使われています。" % ident,
                         "article ID %r is used by two sections" % ident)
            f.articles.setdefault(ident, where)
            f.article_ids.append(ident)
            f.article_has_first.setdefault(ident, False)
            self._walk(sec, conds, ident, row)
        elif stripped.startswith("if:"):
            cond = self._condition(stripped[3:].split("#", 1)[0], where, "",
                                   "%s: section %r: bad condition: %%s" % (f.name, raw))
            if cond is not None:
                f.variants.append(Variant(cond, self._section_excerpt(sec)))
            self._walk(sec, conds + ([cond] if cond else []), art, row)
        else:
            self._walk(sec, conds, art, row)

    def _section_excerpt(self, sec):
        for p in sec.iter():
            if p.tag in (P, H) and self.role(p.get(STYLE_NAME)) not in ("question", "note"):
                text = inline_text(p)
                if " ".join(text.split()):
                    return _short(text)
        return ""

    def _condition(self, expr, where, excerpt, fatal_format):
        try:
            cond = conditions.parse(expr)
        except conditions.ConditionSyntaxError as exc:
            self.add("T-BAD-CONDITION", ERROR, where, "条件「%s」が読めません（%s）。"
                     "書き方：key、key=value、key!=value、not、and、or、括弧。" % (expr, exc),
                     "condition %r does not parse: %s" % (expr, exc), excerpt)
            if fatal_format:
                self.fatal(fatal_format % exc)
            return None
        self.f.conds.append((cond, where, excerpt))
        return cond

    @staticmethod
    def _where(art, row, excerpt):
        place = "art:%s" % art if art else ("表の行「%s」" % row if row else "条の外")
        return "%s「%s」" % (place, excerpt) if excerpt else place

    def _paragraph(self, p, conds, art, row, prev):
        f = self.f
        role = self.role(p.get(STYLE_NAME))
        excerpt = excerpt_of(p)
        where = self._where(art, row, excerpt)
        text = nfc(inline_text(p))
        if role in NUMBERED_ROLES and art is None:
            self.add("T-OUTSIDE-ARTICLE", ERROR, where,
                     "条・項・号の段落がどの art: セクションにも入っていません。",
                     "a numbered paragraph (%s) is outside every art: section" % role, excerpt)
        ids = set()
        for tag in (q("text:bookmark"), q("text:bookmark-start")):
            for bm in p.iter(tag):
                bname = nfc(bm.get(NAME) or "")
                if bname.startswith("p:"):
                    ids.add(self._paragraph_id(bname[2:], where, excerpt))
        ids.discard(None)
        if role == "article" and art:
            f.article_has_first[art] = True
            self._current_ids = {art + ".1"} | ids
        elif role == "paragraph":
            self._current_ids = set(ids)
        elif role == "item":
            for ident in self._current_ids:
                f.para_facts.setdefault(ident, {"proviso": False, "items": False})["items"] = True
        if role in ("article", "paragraph"):
            for ident in self._current_ids:
                facts = f.para_facts.setdefault(ident, {"proviso": False, "items": False})
                facts["proviso"] = facts["proviso"] or "ただし" in text
        para = ParagraphFact(p, role, list(conds), art, row, where, excerpt, prev, ids)
        f.paragraphs.append(para)
        for cc in p.iter(CONTROL):
            self._control(cc, para)

    def _paragraph_id(self, ident, where, excerpt):
        f = self.f
        if not PARAGRAPH_ID_RE.match(ident):
            self.add("T-BAD-ID", ERROR, where, "段落のID「p:%s」は半角英小文字・数字・_ と . で"
                     "書いてください（例：p:secrecy.application）。" % ident,
                     "paragraph ID p:%s must be lower-case ASCII (e.g. p:secrecy.application)"
                     % ident, excerpt)
            return None
        if ident in f.paragraph_ids:
            self.add("T-DUPLICATE-ID", ERROR, where, "段落のID「p:%s」が2回使われています（もう一つ："
                     "%s）。" % (ident, f.paragraph_ids[ident]),
                     "paragraph ID p:%s is used twice (also at %s)"
                     % (ident, f.paragraph_ids[ident]), excerpt)
        f.paragraph_ids.setdefault(ident, where)
        return ident

    def _control(self, cc, para):
        f = self.f
        tag = control_tag(cc)
        alias = nfc(cc.get(ATTR["alias"]) or "").strip()
        where, excerpt = para.where, para.excerpt
        in_note = para.role == "note"   # the model reads no controls in notes
        model_where = "%s (article %s)" % (f.name, para.article or "-")
        kind = None
        if tag and not tag.startswith(("if:", "ref:", "report.")):
            kind = control_kind(cc, para.role, para.el)
        f.controls.append(ControlFact(cc, tag, alias, kind, para))
        if tag.startswith("report."):
            f.report_tags.setdefault(tag, []).append((cc, where, alias))
            if not in_note:   # a report field is not a question of the provisions
                self.fatal("%s: question tag %r: keys are lower-case ASCII letters, digits "
                           "and _ (e.g. project_name)" % (model_where, tag))
            return
        if f.kind == REPORT:
            if tag:
                self.add("T-UNKNOWN-TAG", ERROR, where,
                         "報告書のひな型にタグ「%s」は使えません（report.… の欄だけが読まれます）。"
                         % tag, "tag %r has no meaning in a report template (only report.* "
                         "fields are read)" % tag, excerpt)
            return
        if not tag:
            self.add("T-UNKNOWN-TAG", WARNING, where,
                     "タグのないコンテンツコントロール（「%s」）は無視されます。" % excerpt_of(cc),
                     "a content control without a tag is ignored: %r" % excerpt_of(cc), excerpt)
        elif tag.startswith("if:"):
            cond = self._condition(tag[3:], where, excerpt, None if in_note else
                                   "%s: content control %r: bad condition: %%s"
                                   % (model_where, tag))
            if cond is not None:
                f.variants.append(Variant(cond, _short(inline_text(cc))))
            if not alias:
                self.add("T-MISSING-LABEL", WARNING, where, "差し替え文（%s）にタイトルがありません。"
                         "Writer で何の文か分かるようタイトルを付けてください。" % tag,
                         "inline variant %s has no title (alias)" % tag, excerpt)
        elif tag.startswith("ref:"):
            f.refs.append((tag[4:], where, excerpt))
            if not alias:
                self.add("T-MISSING-LABEL", WARNING, where, "参照（%s）にタイトルがありません。"
                         % tag, "reference %s has no title (alias)" % tag, excerpt)
        elif KEY_RE.match(tag):
            self._question(cc, tag, alias, kind, para, in_note, model_where)
        else:
            self.add("T-UNKNOWN-TAG", ERROR, where,
                     "タグ「%s」は使えません。設問のキー（半角英小文字・数字・_、例：project_name）、"
                     "if:条件、ref:参照先のどれかにしてください。" % tag,
                     "unknown tag %r: use a question key (lower-case ASCII, e.g. project_name), "
                     "if:CONDITION or ref:TARGET" % tag, excerpt)
            if not in_note:
                self.fatal("%s: question tag %r: keys are lower-case ASCII letters, digits "
                           "and _ (e.g. project_name)" % (model_where, tag))

    def _question(self, cc, key, alias, kind, para, in_note, model_where):
        f = self.f
        where, excerpt, role = para.where, para.excerpt, para.role
        if key in RESERVED_KEYS:
            self.add("T-UNKNOWN-TAG", ERROR, where,
                     "キー「%s」は報告書の契約欄のために予約されていて、特記事項では回答が入りません。"
                     "別のキーにしてください。" % key,
                     "key %r is reserved for the report header and never reaches the provisions"
                     % key, excerpt, key)
        if kind in (CHOICE, FLAG) and role != "question":
            self.add("T-CONTROL-PLACEMENT", ERROR, where,
                     "%s「%s」が設問の段落（特記事項_設問）の外にあります。値（%s）がそのまま"
                     "本文に出てしまいます。" % ("ドロップダウン" if kind == CHOICE else "チェックボックス",
                                        key, "prohibit 等" if kind == CHOICE else "True/False"),
                     "%s %r is outside a question (Tokki_Question) paragraph: its value would be "
                     "printed in the text" % ("drop-down" if kind == CHOICE else "check box", key),
                     excerpt, key)
        if not in_note:
            seen = self._model_kinds.get(key)
            if seen is None:
                self._model_kinds[key] = kind
                if kind == CHOICE and not cc.findall(LIST_ITEM):
                    self.fatal("%s: drop-down %r has no list items" % (f.name, key))
            elif seen != kind:
                self.fatal("%s: question %r is a %s here but a %s elsewhere"
                           % (model_where, key, kind, seen))
        question = f.questions.get(key)
        if question is None:
            question = f.questions[key] = QuestionFact(key, kind, alias, where)
            if not alias:
                self.add("T-MISSING-LABEL", ERROR, where,
                         "設問「%s」にタイトル（日本語の問い）がありません。コンテンツコントロールの"
                         "プロパティで「タイトル」を付けてください。" % key,
                         "question %r has no label (the content control's title/alias)" % key,
                         excerpt, key)
            if kind == CHOICE:
                self._options(cc, question, where, excerpt)
        elif question.kind != kind:
            self.add("T-KIND-MISMATCH", ERROR, where,
                     "設問「%s」がここでは %s、%s では %s です。同じキーは同じ種類のコントロールに"
                     "してください。" % (key, kind, question.where, question.kind),
                     "question %r is a %s here but a %s at %s" % (key, kind, question.kind,
                                                                 question.where), excerpt, key)
        elif kind == CHOICE:
            values = [nfc(item.get(ATTR["value"]) or "").strip() for item in cc.findall(LIST_ITEM)]
            if values != question.options:
                self.add("T-KIND-MISMATCH", ERROR, where,
                         "ドロップダウン「%s」の選択肢が %s と違います。" % (key, question.where),
                         "drop-down %r has other options than at %s" % (key, question.where),
                         excerpt, key)
        for cond in para.conds:
            question.deps |= cond.keys()

    def _options(self, cc, question, where, excerpt):
        items = cc.findall(LIST_ITEM)
        key = question.key
        if not items:
            self.add("T-OPTION-WITHOUT-TEXT", ERROR, where,
                     "ドロップダウン「%s」に選択肢がありません。" % key,
                     "drop-down %r has no list items" % key, excerpt, key)
        for item in items:
            value = nfc(item.get(ATTR["value"]) or "").strip()
            label = nfc(item.get(ATTR["display-text"]) or "").strip()
            if not value:
                self.add("T-BAD-ID", ERROR, where, "ドロップダウン「%s」の選択肢「%s」に値が"
                         "ありません。" % (key, label),
                         "drop-down %r: option %r has no value" % (key, label), excerpt, key)
                continue
            if not label:
                self.add("T-MISSING-LABEL", ERROR, where, "ドロップダウン「%s」の選択肢「%s」に"
                         "表示テキストがありません。" % (key, value),
                         "drop-down %r: option %r has no display text" % (key, value),
                         excerpt, key)
            if value in question.options:
                self.add("T-DUPLICATE-ID", ERROR, where, "ドロップダウン「%s」の選択肢の値「%s」が"
                         "2回あります。" % (key, value),
                         "drop-down %r lists option %r twice" % (key, value), excerpt, key)
            else:
                question.options.append(value)
