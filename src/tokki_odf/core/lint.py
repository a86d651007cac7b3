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

from .template import reader
from .template.reader import PROVISIONS, REPORT
from ..errors import TokkiError
from .findings import ERROR, Finding, sort_findings
from .drafting.pointers import parse_target
from .compliance import REPORT_TAGS, BOX_TAGS
from .template.model import Template, ATTR, CHOICE, FLAG, TEXT, LIST, style_resolver

MAX_COMBINATIONS = 256      # all combinations up to this many; above, every pair of answers


class Linter:
    """The rules of `tokki check-template` over the one reader's facts
    (core/template/reader.py): the reader's problems, then the rules that need the
    whole template (variants, references, cycles, assembly, report fields)."""

    def __init__(self, flat, name="template"):
        self.flat, self.name = flat, name
        self.role = style_resolver(flat)
        self.problems = []
        self.kind = None
        self.facts = None

    def add(self, code, severity, where, ja, en, excerpt="", key=None):
        self.problems.append(Finding(code, severity, ja, en, excerpt=excerpt, where=where,
                                     key=key, scope="template"))

    def run(self):
        facts = self.facts = reader.read(self.flat, self.name, self.role)
        self.kind = facts.kind
        self.problems = list(facts.problems)
        self.articles, self.article_has_first = facts.articles, facts.article_has_first
        self.paragraph_ids, self.para_facts = facts.paragraph_ids, facts.para_facts
        self.questions, self.conds, self.refs = facts.questions, facts.conds, facts.refs
        self.report_tags = facts.report_tags
        if facts.body is None:
            return self.problems
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
    """Problems of a template (a list of Finding), errors first."""
    return sort_findings(Linter(flat, name).run())


def kind_of(flat, name="template"):
    linter = Linter(flat, name)
    linter.run()
    return linter.kind
