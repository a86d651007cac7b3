"""`tokki check-template`: find the mistakes a person makes when editing a template (pure).

A provisions template (art: sections, question controls, if: variants, ref: references;
docs/template-format.md) and the report template (report.* fields) are both checked.
Every problem names the rule (a stable code), where it is (section and the first words of
the paragraph) and what to do, in Japanese and English.

Rules (docs/report.md has the table):
  T-UNKNOWN-TAG         a content control tag that is not a key, if:, ref: or report.* tag
  T-UNKNOWN-KEY         a condition uses a key that no question asks
  T-OPTION-WITHOUT-TEXT a drop-down option that no if: variant mentions
  T-TEXT-WITHOUT-OPTION an if: variant naming an option the drop-down does not have, or
                        testing a check box with =value / a drop-down without =value
  T-DUPLICATE-ID        an art: ID, p: bookmark, section name, option value or report tag used twice
  T-BAD-ID              an art:/p: ID that is not lower-case ASCII
  T-BAD-CONDITION       an if: condition that does not parse
  T-UNKNOWN-TARGET      a ref: to an ID that does not exist (or a bad ref: syntax)
  T-BAD-REFERENCE       ref:…/proviso to a paragraph without ただし書, /items to one without items
  T-CONDITION-CYCLE     questions asked only under conditions on each other
  T-MISSING-LABEL       a question or report field without a title (alias), an option without
                        display text (warning for if:/ref: controls)
  T-KIND-MISMATCH       one key as two kinds of control (or a report field of the wrong kind)
  T-CONTROL-PLACEMENT   a drop-down/check box outside a 設問 paragraph (its value would be printed)
  T-OUTSIDE-ARTICLE     a numbered paragraph (条/項/号) outside every art: section
  T-EMPTY-ARTICLE       an art: section without a 条 paragraph
  T-REPORT-TAG-MISSING  a report template without one of the fields check-report reads
  T-NOT-TEMPLATE        neither art: sections nor report fields
  T-ASSEMBLY            assembling with some answers fails (the engine's message and the answers)
"""
import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass

from .template import conditions
from .assembly.answers import CONTRACT_KEYS
from ..errors import TokkiError
from .drafting.numerals import nfc
from .odf.namespaces import NS, q, P, H, SECTION, CONTROL, LIST_ITEM, STYLE_NAME, NAME
from .odf.text import inline_text
from .drafting.pointers import parse_target
from .compliance import REPORT_TAGS, BOX_TAGS
from .template.model import (Template, ATTR, control_kind, KEY_RE, CHOICE, FLAG, TEXT, LIST, NUMBERED_ROLES,
                       control_tag, style_resolver)

ERROR, WARNING = "error", "warning"
ARTICLE_ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
PARAGRAPH_ID_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\Z")
PROVISIONS, REPORT = "provisions", "report"
MAX_COMBINATIONS = 256      # all combinations up to this many; above, every pair of answers


@dataclass
class Problem:
    code: str
    severity: str
    where: str
    message: str
    message_en: str
    excerpt: str = ""

    def to_dict(self):
        return OrderedDict([("code", self.code), ("severity", self.severity),
                            ("where", self.where), ("excerpt", self.excerpt),
                            ("message", self.message), ("message_en", self.message_en)])


class _Question:
    def __init__(self, key, kind, label, where):
        self.key, self.kind, self.label, self.where = key, kind, label, where
        self.options = []          # option values
        self.deps = set()          # keys of the conditions it is asked under


def _excerpt(el, length=24):
    text = nfc(inline_text(el)).replace("\n", " ").strip()
    return text[:length] + ("…" if len(text) > length else "")


class Linter:
    def __init__(self, flat, name="template"):
        self.flat, self.name = flat, name
        self.role = style_resolver(flat)
        self.problems = []
        self.section_names = {}
        self.articles = OrderedDict()       # id -> where
        self.article_has_first = {}         # id -> bool
        self.paragraph_ids = {}             # id -> where
        self.para_facts = {}                # id -> {"proviso": bool, "items": bool}
        self.questions = OrderedDict()
        self.conds = []                     # (Cond, where)
        self.refs = []                      # (target text, where, excerpt)
        self.report_tags = OrderedDict()    # tag -> [(control, where)]
        self.kind = None
        self._current_ids = set()

    # -- helpers --------------------------------------------------------------
    def add(self, code, severity, where, ja, en, excerpt=""):
        self.problems.append(Problem(code, severity, where, ja, en, excerpt))

    # -- walking ----------------------------------------------------------------
    def run(self):
        body = self.flat.find("office:body/office:text", NS)
        if body is None:
            self.add("T-NOT-TEMPLATE", ERROR, self.name, "Writer の文書ではありません。",
                     "not a Writer text document")
            return self.problems
        has_articles = any(nfc(sec.get(NAME) or "").strip().startswith("art:")
                           for sec in body.iter(SECTION))
        has_report = any(control_tag(cc).startswith("report.") for cc in body.iter(CONTROL))
        self.kind = PROVISIONS if has_articles else REPORT if has_report else None
        self._walk(body, [], None, "")
        if self.kind == PROVISIONS:
            if self.report_tags:
                self.add("T-UNKNOWN-TAG", ERROR, self.name,
                         "特記事項のひな型（art: セクション）に報告書の欄（report.*）が混ざっています："
                         + "、".join(self.report_tags),
                         "a provisions template (art: sections) holds report fields: "
                         + ", ".join(self.report_tags))
            self._provisions()
        elif self.kind == REPORT:
            self._report()
        else:
            self.add("T-NOT-TEMPLATE", ERROR, self.name,
                     "tokki のひな型ではありません（art: セクションも report.* の欄もありません）。"
                     "docs/template-format.md を参照してください。",
                     "not a tokki template: no art: sections and no report.* fields "
                     "(see docs/template-format.md)")
        return self.problems

    def _walk(self, el, conds, art, row):
        for child in el:
            if child.tag == SECTION:
                self._section(child, conds, art, row)
            elif child.tag in (P, H):
                self._paragraph(child, conds, art, row)
            elif child.tag == q("table:table-row"):
                first = child.find("table:table-cell", NS)
                label = _excerpt(first, 16) if first is not None else ""
                self._walk(child, conds, art, label)
            elif child.tag in (q("text:list"), q("text:list-item"), q("table:table"),
                               q("table:table-cell"), q("table:table-header-rows"),
                               q("table:table-rows")):
                self._walk(child, conds, art, row)

    def _section(self, sec, conds, art, row):
        name = nfc(sec.get(NAME) or "")
        where = "セクション %s" % name
        if name in self.section_names:
            self.add("T-DUPLICATE-ID", ERROR, where,
                     "セクション名「%s」が2回使われています。Writer は名前を変えてしまうので、"
                     "2つ目以降は「%s#2」のように # 以下で区別してください。" % (name, name),
                     "section name %r is used twice; Writer renames duplicates: write %s#2 "
                     "for the second" % (name, name))
        self.section_names[name] = where
        stripped = name.strip()
        if stripped.startswith("art:"):
            ident = stripped[4:].strip()
            if art is not None:
                self.add("T-BAD-ID", ERROR, where, "art: セクションが art:%s の中にあります。条の"
                         "セクションは入れ子にできません。" % art,
                         "art: section inside art:%s; articles cannot be nested" % art)
            if not ARTICLE_ID_RE.match(ident):
                self.add("T-BAD-ID", ERROR, where, "条のID「%s」は半角英小文字・数字・_ で"
                         "書いてください（例：art:copying）。" % ident,
                         "article ID %r must be lower-case ASCII letters, digits and _ "
                         "(e.g. art:copying)" % ident)
            if ident in self.articles:
                self.add("T-DUPLICATE-ID", ERROR, where, "条のID「%s」が2つのセクションで"
                         "使われています。" % ident,
                         "article ID %r is used by two sections" % ident)
            self.articles.setdefault(ident, where)
            self.article_has_first.setdefault(ident, False)
            self._walk(sec, conds, ident, row)
        elif stripped.startswith("if:"):
            cond = self._condition(stripped[3:].split("#", 1)[0], where, "")
            self._walk(sec, conds + ([cond] if cond else []), art, row)
        else:
            self._walk(sec, conds, art, row)

    def _condition(self, expr, where, excerpt):
        try:
            cond = conditions.parse(expr)
        except conditions.ConditionSyntaxError as exc:
            self.add("T-BAD-CONDITION", ERROR, where, "条件「%s」が読めません（%s）。"
                     "書き方：key、key=value、key!=value、not、and、or、括弧。" % (expr, exc),
                     "condition %r does not parse: %s" % (expr, exc), excerpt)
            return None
        self.conds.append((cond, where, excerpt))
        return cond

    def _where(self, art, row, excerpt):
        place = "art:%s" % art if art else ("表の行「%s」" % row if row else "条の外")
        return "%s「%s」" % (place, excerpt) if excerpt else place

    def _paragraph(self, p, conds, art, row):
        role = self.role(p.get(STYLE_NAME))
        excerpt = _excerpt(p)
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
            self.article_has_first[art] = True
            self._current_ids = {art + ".1"} | ids
        elif role == "paragraph":
            self._current_ids = set(ids)
        elif role == "item":
            for ident in self._current_ids:
                self.para_facts.setdefault(ident, {"proviso": False, "items": False})["items"] = True
        if role in ("article", "paragraph"):
            for ident in self._current_ids:
                facts = self.para_facts.setdefault(ident, {"proviso": False, "items": False})
                facts["proviso"] = facts["proviso"] or "ただし" in text
        for cc in p.iter(CONTROL):
            self._control(cc, p, role, conds, art, where, excerpt)

    def _paragraph_id(self, ident, where, excerpt):
        if not PARAGRAPH_ID_RE.match(ident):
            self.add("T-BAD-ID", ERROR, where, "段落のID「p:%s」は半角英小文字・数字・_ と . で"
                     "書いてください（例：p:subcontract.application）。" % ident,
                     "paragraph ID p:%s must be lower-case ASCII (e.g. p:subcontract.application)"
                     % ident, excerpt)
            return None
        if ident in self.paragraph_ids:
            self.add("T-DUPLICATE-ID", ERROR, where, "段落のID「p:%s」が2回使われています（もう一つ："
                     "%s）。" % (ident, self.paragraph_ids[ident]),
                     "paragraph ID p:%s is used twice (also at %s)"
                     % (ident, self.paragraph_ids[ident]), excerpt)
        self.paragraph_ids.setdefault(ident, where)
        return ident

    def _control(self, cc, p, role, conds, art, where, excerpt):
        tag = control_tag(cc)
        alias = nfc(cc.get(ATTR["alias"]) or "").strip()
        if tag.startswith("report."):
            self.report_tags.setdefault(tag, []).append((cc, where, alias))
            return
        if self.kind == REPORT:
            if tag:
                self.add("T-UNKNOWN-TAG", ERROR, where,
                         "報告書のひな型にタグ「%s」は使えません（report.… の欄だけが読まれます）。"
                         % tag, "tag %r has no meaning in a report template (only report.* "
                         "fields are read)" % tag, excerpt)
            return
        if not tag:
            self.add("T-UNKNOWN-TAG", WARNING, where,
                     "タグのないコンテンツコントロール（「%s」）は無視されます。" % _excerpt(cc),
                     "a content control without a tag is ignored: %r" % _excerpt(cc), excerpt)
        elif tag.startswith("if:"):
            self._condition(tag[3:], where, excerpt)
            if not alias:
                self.add("T-MISSING-LABEL", WARNING, where, "差し替え文（%s）にタイトルがありません。"
                         "Writer で何の文か分かるようタイトルを付けてください。" % tag,
                         "inline variant %s has no title (alias)" % tag, excerpt)
        elif tag.startswith("ref:"):
            self.refs.append((tag[4:], where, excerpt))
            if not alias:
                self.add("T-MISSING-LABEL", WARNING, where, "参照（%s）にタイトルがありません。"
                         % tag, "reference %s has no title (alias)" % tag, excerpt)
        elif KEY_RE.match(tag):
            self._question(cc, tag, alias, p, role, conds, where, excerpt)
        else:
            self.add("T-UNKNOWN-TAG", ERROR, where,
                     "タグ「%s」は使えません。設問のキー（半角英小文字・数字・_、例：business_name）、"
                     "if:条件、ref:参照先のどれかにしてください。" % tag,
                     "unknown tag %r: use a question key (lower-case ASCII, e.g. business_name), "
                     "if:CONDITION or ref:TARGET" % tag, excerpt)

    def _question(self, cc, key, alias, p, role, conds, where, excerpt):
        kind = control_kind(cc, role, p)
        if key in CONTRACT_KEYS:
            self.add("T-UNKNOWN-TAG", ERROR, where,
                     "キー「%s」は報告書の契約欄のために予約されていて、特記事項では回答が入りません。"
                     "別のキーにしてください。" % key,
                     "key %r is reserved for the report header and never reaches the provisions"
                     % key, excerpt)
        if kind in (CHOICE, FLAG) and role != "question":
            self.add("T-CONTROL-PLACEMENT", ERROR, where,
                     "%s「%s」が設問の段落（特記事項_設問）の外にあります。値（%s）がそのまま"
                     "本文に出てしまいます。" % ("ドロップダウン" if kind == CHOICE else "チェックボックス",
                                        key, "prohibit 等" if kind == CHOICE else "True/False"),
                     "%s %r is outside a question (Tokki_Question) paragraph: its value would be "
                     "printed in the text" % ("drop-down" if kind == CHOICE else "check box", key),
                     excerpt)
        question = self.questions.get(key)
        if question is None:
            question = self.questions[key] = _Question(key, kind, alias, where)
            if not alias:
                self.add("T-MISSING-LABEL", ERROR, where,
                         "設問「%s」にタイトル（日本語の問い）がありません。コンテンツコントロールの"
                         "プロパティで「タイトル」を付けてください。" % key,
                         "question %r has no label (the content control's title/alias)" % key,
                         excerpt)
            if kind == CHOICE:
                self._options(cc, question, where, excerpt)
        elif question.kind != kind:
            self.add("T-KIND-MISMATCH", ERROR, where,
                     "設問「%s」がここでは %s、%s では %s です。同じキーは同じ種類のコントロールに"
                     "してください。" % (key, kind, question.where, question.kind),
                     "question %r is a %s here but a %s at %s" % (key, kind, question.kind,
                                                                 question.where), excerpt)
        elif kind == CHOICE:
            values = [nfc(item.get(ATTR["value"]) or "").strip() for item in cc.findall(LIST_ITEM)]
            if values != question.options:
                self.add("T-KIND-MISMATCH", ERROR, where,
                         "ドロップダウン「%s」の選択肢が %s と違います。" % (key, question.where),
                         "drop-down %r has other options than at %s" % (key, question.where),
                         excerpt)
        for cond in conds:
            question.deps |= cond.keys()

    def _options(self, cc, question, where, excerpt):
        items = cc.findall(LIST_ITEM)
        if not items:
            self.add("T-OPTION-WITHOUT-TEXT", ERROR, where,
                     "ドロップダウン「%s」に選択肢がありません。" % question.key,
                     "drop-down %r has no list items" % question.key, excerpt)
        for item in items:
            value = nfc(item.get(ATTR["value"]) or "").strip()
            label = nfc(item.get(ATTR["display-text"]) or "").strip()
            if not value:
                self.add("T-BAD-ID", ERROR, where, "ドロップダウン「%s」の選択肢「%s」に値が"
                         "ありません。" % (question.key, label),
                         "drop-down %r: option %r has no value" % (question.key, label), excerpt)
                continue
            if not label:
                self.add("T-MISSING-LABEL", ERROR, where, "ドロップダウン「%s」の選択肢「%s」に"
                         "表示テキストがありません。" % (question.key, value),
                         "drop-down %r: option %r has no display text" % (question.key, value),
                         excerpt)
            if value in question.options:
                self.add("T-DUPLICATE-ID", ERROR, where, "ドロップダウン「%s」の選択肢の値「%s」が"
                         "2回あります。" % (question.key, value),
                         "drop-down %r lists option %r twice" % (question.key, value), excerpt)
            else:
                question.options.append(value)

    # -- provisions rules ---------------------------------------------------------
    def _provisions(self):
        for ident, where in self.articles.items():
            if not self.article_has_first.get(ident):
                self.add("T-EMPTY-ARTICLE", ERROR, where,
                         "art:%s に条の段落（特記事項_条、「第N条」）がありません。" % ident,
                         "art:%s has no article paragraph (Tokki_Article)" % ident)
        mentioned = set()
        for cond, where, excerpt in self.conds:
            for key in sorted(cond.keys()):
                if key not in self.questions:
                    self.add("T-UNKNOWN-KEY", ERROR, where,
                             "条件「%s」の「%s」を尋ねる設問がありません（キーの綴りを確認してください）。"
                             % (cond, key),
                             "condition %s uses %r, which no question asks" % (cond, key), excerpt)
            for key, value in cond.comparisons():
                question = self.questions.get(key)
                mentioned.add((key, value))
                if question is None:
                    continue
                if question.kind != CHOICE:
                    self.add("T-TEXT-WITHOUT-OPTION", ERROR, where,
                             "条件「%s」：「%s」は%sなので「%s=%s」とは書けません。%s" % (
                                 cond, key, "チェックボックス" if question.kind == FLAG else "記入欄",
                                 key, value, "「%s」または「not %s」と書いてください。" % (key, key)
                                 if question.kind == FLAG else ""),
                             "condition %s compares %r, a %s, with a value%s" % (
                                 cond, key, question.kind,
                                 "; write %s or not %s" % (key, key) if question.kind == FLAG
                                 else ""), excerpt)
                elif value not in question.options:
                    self.add("T-TEXT-WITHOUT-OPTION", ERROR, where,
                             "条件「%s」の「%s」はドロップダウン「%s」の選択肢にありません（選択肢：%s）。"
                             % (cond, value, key, "、".join(question.options)),
                             "condition %s: %r is not an option of %r (options: %s)"
                             % (cond, value, key, ", ".join(question.options)), excerpt)
            for key in cond.flags():
                question = self.questions.get(key)
                if question is not None and question.kind != FLAG:
                    self.add("T-TEXT-WITHOUT-OPTION", ERROR, where,
                             "条件「%s」：「%s」はチェックボックスではないので、「%s=値」の形で"
                             "書いてください。" % (cond, key, key),
                             "condition %s tests %r as a check box, but it is a %s: write %s=VALUE"
                             % (cond, key, question.kind, key), excerpt)
        for key, question in self.questions.items():
            if question.kind != CHOICE:
                continue
            for value in question.options:
                if (key, value) not in mentioned:
                    self.add("T-OPTION-WITHOUT-TEXT", ERROR, question.where,
                             "ドロップダウン「%s」の選択肢「%s」を選んだときの文（if:%s=%s のセクション"
                             "又はコントロール）がありません。" % (key, value, key, value),
                             "option %r of %r has no variant text (no if:%s=%s section or "
                             "control)" % (value, key, key, value))
        self._references()
        self._cycles()
        if not any(p.severity == ERROR for p in self.problems):
            self._assembly()

    def _references(self):
        known = set(self.articles) | {a + ".1" for a in self.articles} | set(self.paragraph_ids)
        for target, where, excerpt in self.refs:
            try:
                specs = parse_target(target)
            except ValueError as exc:
                self.add("T-UNKNOWN-TARGET", ERROR, where, "参照「ref:%s」の書き方が違います（%s）。"
                         % (target, exc), "reference ref:%s: %s" % (target, exc), excerpt)
                continue
            for spec in specs:
                if spec.id not in known:
                    self.add("T-UNKNOWN-TARGET", ERROR, where,
                             "参照「ref:%s」の参照先「%s」がありません。条のID（art:…）、"
                             "条のID.1、又は段落のブックマーク（p:…）を指定してください。"
                             % (target, spec.id),
                             "reference ref:%s points at %r, which is neither an article ID, "
                             "ARTICLE.1 nor a p: bookmark" % (target, spec.id), excerpt)
                    continue
                facts = self.para_facts.get(spec.id if spec.id not in self.articles
                                            else spec.id + ".1", {})
                if spec.suffix == "proviso" and not facts.get("proviso"):
                    self.add("T-BAD-REFERENCE", ERROR, where,
                             "参照「ref:%s」：参照先の段落にただし書がありません。" % target,
                             "reference ref:%s: the paragraph has no ただし書 in any variant"
                             % target, excerpt)
                if spec.suffix == "items" and spec.id not in self.articles and \
                        not facts.get("items"):
                    self.add("T-BAD-REFERENCE", ERROR, where,
                             "参照「ref:%s」：参照先の段落に号がありません。" % target,
                             "reference ref:%s: the paragraph has no items in any variant"
                             % target, excerpt)

    def _cycles(self):
        graph = {key: {d for d in question.deps if d in self.questions}
                 for key, question in self.questions.items()}
        reported, done = set(), set()

        def visit(node, path):
            for nxt in sorted(graph[node]):
                if nxt in path:
                    cycle = path[path.index(nxt):] + [nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        chain = " → ".join(cycle)
                        self.add("T-CONDITION-CYCLE", ERROR, self.questions[nxt].where,
                                 "設問の条件が循環しています：%s（それぞれ相手の答えによってしか"
                                 "尋ねられません）。設問をその条件の if: セクションの外に出してください。"
                                 % chain,
                                 "questions are asked only under conditions on each other: %s; "
                                 "move the question out of its own if: section" % chain)
                elif nxt not in done:
                    visit(nxt, path + [nxt])
            done.add(node)

        for key in graph:
            if key not in done:
                visit(key, [key])

    def _assembly(self):
        try:
            template = Template(self.flat, self.name)
        except TokkiError as exc:
            self.add("T-ASSEMBLY", ERROR, self.name, "エンジンがひな型を読めません：%s" % exc,
                     "the engine cannot read the template: %s" % exc)
            return
        from .assembly.assemble import assemble
        base = {}
        for key, question in template.questions.items():
            if question.kind == TEXT and question.required:
                base[key] = "テスト"
            elif question.kind == LIST and not question.default:
                base[key] = ["テスト"]
        choices = []
        for key, question in template.questions.items():
            if question.kind == CHOICE:
                choices.append((key, [o.value for o in question.options]))
            elif question.kind == FLAG:
                choices.append((key, [True, False]))
        seen = set()
        for answers in _combinations(choices):
            full = dict(base)
            full.update(answers)
            try:
                assemble(template, full)
            except TokkiError as exc:
                message = str(exc)
                if message in seen:
                    continue
                seen.add(message)
                shown = ", ".join("%s=%s" % (k, json_value(v)) for k, v in sorted(answers.items()))
                self.add("T-ASSEMBLY", ERROR, self.name,
                         "回答 %s で組み立てられません：%s" % (shown or "（既定値）", message),
                         "assembly fails for %s: %s" % (shown or "the defaults", message))

    # -- report rules -------------------------------------------------------------
    def _report(self):
        for tag, uses in self.report_tags.items():
            cc, where, alias = uses[0]
            if tag not in REPORT_TAGS:
                self.add("T-UNKNOWN-TAG", ERROR, where,
                         "報告書の欄のタグ「%s」は check-report が知らないタグです（綴りを確認して"
                         "ください）。" % tag, "unknown report field tag %r" % tag)
                continue
            if len(uses) > 1:
                self.add("T-DUPLICATE-ID", ERROR, uses[1][1],
                         "報告書の欄「%s」が%d回あります（最初：%s）。" % (tag, len(uses), where),
                         "report field %r occurs %d times (first at %s)" % (tag, len(uses), where))
            checkbox = cc.get(ATTR["checkbox"]) == "true"
            if tag in BOX_TAGS and not checkbox:
                self.add("T-KIND-MISMATCH", ERROR, where,
                         "「%s」はチェックボックスにしてください。" % tag,
                         "%r must be a check box" % tag)
            elif tag not in BOX_TAGS and (checkbox or cc.get(ATTR["dropdown"]) == "true"):
                self.add("T-KIND-MISMATCH", ERROR, where,
                         "「%s」はプレーンテキストのコントロールにしてください。" % tag,
                         "%r must be a plain text control" % tag)
            if not alias:
                self.add("T-MISSING-LABEL", ERROR, where,
                         "報告書の欄「%s」にタイトルがありません。" % tag,
                         "report field %r has no title (alias)" % tag)
        for tag in REPORT_TAGS:
            if tag not in self.report_tags:
                self.add("T-REPORT-TAG-MISSING", ERROR, self.name,
                         "報告書の欄「%s」がありません。check-report はこの欄を読みます。" % tag,
                         "the report field %r is missing; check-report reads it" % tag)


def json_value(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _combinations(choices):
    """All answer combinations when few; otherwise every pair of values of every two
    questions (the other questions keep their defaults)."""
    total = 1
    for _key, values in choices:
        total *= len(values)
    if total <= MAX_COMBINATIONS:
        for combo in itertools.product(*[values for _key, values in choices]):
            yield {key: value for (key, _values), value in zip(choices, combo)}
        return
    for (k1, v1), (k2, v2) in itertools.combinations(choices, 2):
        for a, b in itertools.product(v1, v2):
            yield {k1: a, k2: b}


def lint(flat, name="template"):
    """Problems of a template (a list of Problem), errors first."""
    linter = Linter(flat, name)
    problems = linter.run()
    order = {ERROR: 0, WARNING: 1}
    return sorted(problems, key=lambda p: order[p.severity])


def kind_of(flat, name="template"):
    linter = Linter(flat, name)
    linter.run()
    return linter.kind
