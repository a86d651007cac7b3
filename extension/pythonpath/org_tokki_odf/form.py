"""The dialog's logic, without the dialog (pure; tested without LibreOffice).

The dialog is generated from a template's questions: one field per question,
in template order, nothing hard-coded. This module turns questions into field
descriptions, control values into answers and back, says which fields are
enabled for the current answers (a question is asked only when its `when`
condition holds), checks required fields before OK, and writes the help text:
the ※ guidance of the question and of the chosen option, and the variant text
that depends on several answers together (e.g. 第14条第2項 needs
再委託=制限 and the 規則第43条 flag).

Control values: choice -> option index (int), flag -> bool, text -> str,
list -> str with one item per line.
"""
from . import core, i18n

CHOICE, FLAG, TEXT, LIST = "choice", "flag", "text", "list"


class Field:
    """What the dialog shows for one question."""

    def __init__(self, question):
        self.key = question.key
        self.kind = question.kind
        self.label = question.label
        self.options = [(o.value, o.label, o.help) for o in question.options]
        self.required = bool(question.required)
        self.help = question.help or ""
        self.question = question

    def __repr__(self):
        return "Field(%r, %r)" % (self.key, self.kind)


def fields(template):
    return [Field(q) for q in template.questions.values()]


# -- values <-> answers ----------------------------------------------------------------

def split_lines(text):
    return [line.strip(" \u3000\t") for line in (text or "").splitlines()
            if line.strip(" \u3000\t")]


def value_for(question, answer):
    """The control value showing answer (tolerant: labels, strings, None)."""
    kind = question.kind
    if kind == CHOICE:
        for index, option in enumerate(question.options):
            if answer in (option.value, option.label):
                return index
        for index, option in enumerate(question.options):
            if option.value == question.default:
                return index
        return 0
    if kind == FLAG:
        if isinstance(answer, bool):
            return answer
        if isinstance(answer, str):
            try:
                return core.api().coerce_flag(answer)
            except Exception:
                return bool(question.default)
        return bool(question.default) if answer is None else bool(answer)
    if kind == LIST:
        if isinstance(answer, list):
            return "\n".join(str(a) for a in answer)
        if isinstance(answer, str):
            return "\n".join(core.api().split_list(answer))
        return "\n".join(question.default or [])
    if answer is None:
        return question.default or ""
    return str(answer)


def is_sample_default(question):
    """A text default the template's own ※ help gives as an example (委託者「豊島区」
    with 「…名称（例：豊島区）を記入する」) is a sample, not an answer: the dialog
    starts with the field empty (and required) rather than another city's name."""
    default = question.default
    if question.kind != TEXT or not isinstance(default, str) or not default:
        return False
    help_text = question.help or ""
    return any(mark + default in help_text for mark in ("例：", "例:", "例）", "例　"))


def values_for(template, answers):
    """{key: control value} for every question: answers where given, else defaults
    (a sample default — is_sample_default — gives an empty field)."""
    answers = answers or {}
    out = {}
    for key, q in template.questions.items():
        if key in answers:
            out[key] = value_for(q, answers[key])
        elif is_sample_default(q):
            out[key] = ""
        else:
            out[key] = value_for(q, q.default)
    return out


def answer_of(question, value):
    kind = question.kind
    if kind == CHOICE:
        options = question.options
        index = value if isinstance(value, int) and 0 <= value < len(options) else 0
        return options[index].value
    if kind == FLAG:
        return bool(value)
    if kind == LIST:
        return split_lines(value)
    return (value or "").strip()


def answers_of(template, values):
    """The answers JSON object for control values (every question present)."""
    return {key: answer_of(q, values.get(key)) for key, q in template.questions.items()}


def parse_start(text):
    """The first article number typed by the clerk: half- or full-width digits
    (「２５」), or kanji (二十五); blank means 1; None when it is not a number of 1
    or more."""
    text = (text or "").strip(" \u3000\t")
    if not text:
        return 1
    try:
        value = core.engine("api").parse_int(text)
    except (ValueError, KeyError):
        return None
    return value if 1 <= value <= 9999 else None


def bad_choices(template, answers, lang=i18n.JA):
    """[message] for loaded answers whose drop-down or check-box value the template does
    not offer: the key, its label, the value and the allowed values."""
    out = []
    for key, value in (answers or {}).items():
        q = template.questions.get(key)
        if q is None:
            continue
        if q.kind == CHOICE:
            allowed = [o.value for o in q.options] + [o.label for o in q.options]
            if value not in allowed:
                out.append(i18n.tr("check.bad_choice", lang, name=key, label=q.label,
                                   value=value, allowed="、".join(
                                       "%s（%s）" % (o.value, o.label) for o in q.options)))
        elif q.kind == FLAG and not isinstance(value, bool):
            try:
                core.engine("api").coerce_flag(value)
            except Exception:
                out.append(i18n.tr("check.bad_choice", lang, name=key, label=q.label,
                                   value=value, allowed="true、false、はい、いいえ"))
    return out


# -- enabled fields, required fields -------------------------------------------------------

def enabled(template, answers):
    """{key: True when the question is asked for these answers}."""
    return {key: bool(q.when(answers)) for key, q in template.questions.items()}


def problems(template, answers, lang=i18n.JA, omitted=()):
    """[(key, message)] that must be fixed before OK: required text empty, list
    empty, the ○○ placeholder left; only for questions asked for these answers and
    not only used by the articles omitted from a contract. Then the engine's own
    check (normalize) for anything else."""
    out = []
    asked = enabled(template, answers)
    gone = template.only_in(omitted) if omitted else set()
    answers = {k: v for k, v in answers.items() if k not in gone}
    for key, q in template.questions.items():
        if not asked[key] or key in gone:
            continue
        value = answers.get(key)
        if q.kind == TEXT:
            # every text answer sits inside a sentence (「…に関する（委託者）の施策」,
            # 「…については、（裁判所）を第一審の…」): an empty one breaks it
            if not value:
                out.append((key, i18n.tr("check.required", lang, label=q.label)))
            elif value and "○○" in value:
                out.append((key, i18n.tr("check.placeholder", lang, label=q.label)))
        elif q.kind == LIST and not value:
            out.append((key, i18n.tr("check.list_empty", lang, label=q.label)))
    if not out:
        try:
            core.normalize(template, answers)
        except Exception as exc:
            if not core.is_template_error(exc):
                raise
            out.append((None, i18n.tr("check.answers", lang, detail=str(exc))))
    return out


# -- describing conditions -----------------------------------------------------------------

def describe(cond, template, lang=i18n.JA):
    """A condition in words: 「再委託」が「制限（…）」 かつ 「…」がオン."""
    return _describe(cond.tree, template, lang)


def _label(template, key):
    q = template.questions.get(key)
    return q.label if q else key


def _option_label(template, key, value):
    q = template.questions.get(key)
    opt = q.option(value) if q else None
    return opt.label if opt else value


def _describe(t, template, lang):
    op = t[0]
    if op == "true":
        return ""
    if op == "flag":
        return i18n.tr("cond.flag", lang, label=_label(template, t[1]))
    if op in ("eq", "ne"):
        return i18n.tr("cond." + op, lang, label=_label(template, t[1]),
                       option=_option_label(template, t[1], t[2]))
    if op == "not":
        return i18n.tr("cond.not", lang, inner=_describe(t[1], template, lang))
    joiner = i18n.tr("cond." + op, lang)   # 「…がオン、かつ「…」が…」 / "… and …"
    parts = []
    for sub in (t[1], t[2]):
        text = _describe(sub, template, lang)
        if sub[0] in ("and", "or") and sub[0] != op:
            text = "（%s）" % text if lang == i18n.JA else "(%s)" % text
        parts.append(text)
    return joiner.join(parts)


class Variant:
    """Text that appears only under a condition naming several questions."""

    def __init__(self, cond, excerpt):
        self.cond, self.excerpt = cond, excerpt
        self.keys = cond.keys()


def variants(template):
    """Variant text whose condition combines two or more questions (in template
    order). Single-question variants are simply that question's options. The
    variants are the engine's template reader's (api.template_variants)."""
    out, seen = [], set()
    for cond, snippet in core.api().template_variants(template):
        if len(cond.keys()) < 2 or str(cond) in seen:
            continue
        seen.add(str(cond))
        out.append(Variant(cond, snippet))
    return out


def help_text(template, key, answers, lang=i18n.JA, variant_list=None):
    """The help pane's text for one question with the current answers."""
    q = template.questions[key]
    parts = ["【%s】" % q.label if lang == i18n.JA else "[%s]" % q.label]
    if q.help:
        parts.append(q.help)
    if q.kind == CHOICE:
        opt = q.option(answers.get(key))
        if opt is not None and opt.help:
            parts.append("%s%s\n%s" % (i18n.tr("help.option", lang), opt.label, opt.help))
    if q.kind == LIST:
        parts.append(i18n.tr("help.list", lang))
    if q.required and q.kind == TEXT:
        parts.append(i18n.tr("help.required", lang))
    if not q.when(answers):
        parts.append(i18n.tr("help.disabled", lang, cond=describe(q.when, template, lang)))
    for variant in (variants(template) if variant_list is None else variant_list):
        if key in variant.keys:
            state = i18n.tr("help.included" if variant.cond(answers) else "help.excluded", lang)
            parts.append(i18n.tr("help.variant", lang, cond=describe(variant.cond, template,
                                                                     lang),
                                 excerpt=variant.excerpt, state=state))
    return "\n\n".join(parts)
