"""別紙2 「個人情報特記事項の遵守に関する報告書」: fill its header, read and check it (pure).

The report (templates/report-r5.fodt) is a Writer document whose fields are content
controls with fixed tags: the header `report.date`, `report.contract_no` …, a check box
pair `report.qN.yes` / `report.qN.no` for each of the nine questions and the detail
fields `report.q1.detail`, `report.q4.detail`, `report.q8.detail`, `report.q9.detail`.
The contractor ticks the boxes in Writer and sends the file back; `check()` compares
what was ticked with what the contract allows.

No I/O here: report_cli.py reads and writes files.
"""
import re
import unicodedata
from collections import OrderedDict

from ..errors import TokkiError, AnswerError
from .findings import ERROR, WARNING, Finding, findings_dict, sort_findings
from .drafting.numerals import nfc
from .odf.namespaces import q, CONTROL
from .odf.text import inline_text
from .odf.document import FlatDocument
from .template import conditions
from .assembly.answers import coerce_answer


# Header fields: tag -> (answer key, Japanese label).
HEADER = OrderedDict([
    ("report.date", (None, "報告日")),
    ("report.contract_no", ("contract_no", "契約番号")),
    ("report.contract_title", ("contract_title", "契約件名")),
    ("report.contract_date", ("contract_date", "契約日")),
    ("report.period", ("period", "履行期間")),
    ("report.contractor_address", ("contractor_address", "受託者の所在地")),
    ("report.contractor_name", ("contractor_name", "受託者の名称")),
    ("report.representative", ("representative", "代表者（代理人）職氏名")),
    ("report.contact", ("contact", "担当者氏名・連絡先電話番号")),
])
QUESTIONS = tuple(range(1, 10))     # the report's questions (1)…(9); their texts: ReportForm
DETAIL_QUESTIONS = (1, 4, 8, 9)
# What the detail fields show until someone writes in them (also in the template).
PLACEHOLDERS = {
    "report.q1.detail": "（具体的内容を記入）",
    "report.q4.detail": "（具体的対策、日付等を記入）",
    "report.q8.detail": "（はい：日付等、実施の具体的内容／いいえ：今後の予定を記入）",
    "report.q9.detail": "（具体的内容を記入）",
    "report.date": "年月日",
}
BOX_TAGS = tuple("report.q%d.%s" % (n, side) for n in QUESTIONS for side in ("yes", "no"))
DETAIL_TAGS = tuple("report.q%d.detail" % n for n in DETAIL_QUESTIONS)
TEXT_TAGS = tuple(HEADER) + DETAIL_TAGS
REPORT_TAGS = TEXT_TAGS + BOX_TAGS

_ATTR = {name: q("loext:" + name) for name in (
    "tag", "checkbox", "checked", "checked-state", "unchecked-state",
    "showing-place-holder", "plain-text", "alias")}
YES, NO, BOTH, NONE = "yes", "no", "both", None


class ReportError(TokkiError):
    """Not a report made from templates/report-r5.fodt (exit 2)."""


class ReportForm:
    """What a report template says about its questions and about the contract, in its
    user-defined properties (docs/template-format.md, "The report template"):

    tokki:question.N / tokki:question.N.en   the short text of question (N), for messages
    tokki:contract-title-from                the contract's answer key 契約件名 defaults to
    tokki:forbids-subcontracting             a condition on the contract's answers that
                                             means "the contract forbids subcontracting"
    tokki:provisions-template                the provisions template those answers belong to
    tokki:forbidding-caption / tokki:allowing-caption / tokki:forbidding-sentence
                                             how a contract's text says it (captions without
                                             brackets, e.g. 再委託の禁止; a sentence part)
    """

    def __init__(self, properties=None):
        props = {nfc(k or ""): nfc(v).strip() for k, v in (properties or {}).items()}
        self.questions = {n: props.get("tokki:question.%d" % n, "") for n in QUESTIONS}
        self.questions_en = {n: props.get("tokki:question.%d.en" % n, "") for n in QUESTIONS}
        self.contract_title_from = props.get("tokki:contract-title-from") or None
        self.forbids_condition = props.get("tokki:forbids-subcontracting") or None
        self.provisions_template = props.get("tokki:provisions-template") or None
        self.forbidding_caption = props.get("tokki:forbidding-caption") or None
        self.allowing_caption = props.get("tokki:allowing-caption") or None
        self.forbidding_sentence = props.get("tokki:forbidding-sentence") or None

    @classmethod
    def of(cls, flat):
        """The form a report template (or a report still carrying its properties) declares."""
        return cls(FlatDocument(flat).user_properties())

    def forbids(self):
        """The tokki:forbids-subcontracting condition (conditions.Cond), or None."""
        if not self.forbids_condition:
            return None
        try:
            return conditions.parse(self.forbids_condition)
        except conditions.ConditionSyntaxError as exc:
            raise ReportError("the report template's tokki:forbids-subcontracting %r does "
                              "not parse: %s" % (self.forbids_condition, exc)) from None


def _squash(text):
    return re.sub(r"[\s　]+", "", unicodedata.normalize("NFKC", text or ""))


def controls(flat):
    """tag -> list of content-control elements with a report.* tag, in document order."""
    body = FlatDocument(flat).body(ReportError)
    out = OrderedDict()
    for cc in body.iter(CONTROL):
        tag = nfc(cc.get(_ATTR["tag"]) or "").strip()
        if tag.startswith("report."):
            out.setdefault(tag, []).append(cc)
    return out


def is_checked(cc):
    """A ticked box: Writer sets loext:checked and shows the checked symbol; either counts
    (someone may have typed ☒ over ☐ instead of clicking)."""
    if cc.get(_ATTR["checked"]) == "true":
        return True
    shown = inline_text(cc).strip()
    checked = cc.get(_ATTR["checked-state"]) or "☒"
    unchecked = cc.get(_ATTR["unchecked-state"]) or "☐"
    return bool(shown) and shown == checked and shown != unchecked


def field_value(tag, cc):
    """The text a person wrote in a text field; '' while it shows its placeholder."""
    text = nfc(inline_text(cc)).strip(" 　\t\n")
    squashed = _squash(text)
    if not squashed or squashed == _squash(PLACEHOLDERS.get(tag, "")):
        return ""
    return text


class ReportData:
    """What a filled report says: header texts, each question's answer, the details."""

    def __init__(self, header, answers, details, form=None):
        self.form = form or ReportForm()   # what the report's template says (ReportForm)
        self.header = header        # tag -> text ('' when empty)
        self.answers = answers      # n -> "yes" / "no" / "both" / None
        self.details = details      # n -> text ('' when empty)


def read_report(flat, where="report", form=None):
    """What a filled report says. form: the ReportForm of the report's template; by
    default the one the report itself still carries (a report made by `tokki report`
    carries none: its metadata is reset, so the caller passes its template's)."""
    found = controls(flat)
    missing = [tag for tag in BOX_TAGS if tag not in found]
    if len(missing) == len(BOX_TAGS):
        raise ReportError("%s: not a 遵守報告書 made by `tokki report` (no report.q1.yes … "
                          "check boxes)" % where)
    if missing:
        raise ReportError("%s: the report's check boxes %s are missing (were they deleted "
                          "in Writer?); make the report again with `tokki report`"
                          % (where, ", ".join(missing)))
    header = {tag: field_value(tag, found[tag][0]) if tag in found else "" for tag in HEADER}
    details = {n: field_value("report.q%d.detail" % n, found["report.q%d.detail" % n][0])
               if "report.q%d.detail" % n in found else "" for n in DETAIL_QUESTIONS}
    answers = {}
    for n in QUESTIONS:
        yes = any(is_checked(cc) for cc in found["report.q%d.yes" % n])
        no = any(is_checked(cc) for cc in found["report.q%d.no" % n])
        answers[n] = BOTH if yes and no else YES if yes else NO if no else NONE
    return ReportData(header, answers, details, form or ReportForm.of(flat))


# -- what the contract says about subcontracting ---------------------------------

def contract_forbids_subcontracting(paragraphs, form):
    """(True / False / None, excerpt) from a contract's paragraph texts, with the
    report template's words (ReportForm): True: a 「（forbidding caption）」, or the
    forbidding sentence without ただし書; False: a 「（allowing caption）」 or a ただし書
    allowing it; None: the contract does not say (or the form names no words)."""
    texts = [nfc(t).strip() for t in paragraphs]
    names = [c for c in (form.forbidding_caption, form.allowing_caption) if c]
    captions = []
    if names:
        caption = re.compile(r"^[(（]\s*(%s)\s*[)）]$" % "|".join(re.escape(c) for c in names))
        for i, text in enumerate(texts):
            m = caption.match(text)
            if m:
                after = texts[i + 1] if i + 1 < len(texts) else ""
                excerpt = text + (" " + after[:40] if after else "")
                captions.append((m.group(1) == form.forbidding_caption, excerpt))
    # a contract that says both (one article forbids, another allows) is read as forbidding:
    # the clerk is then asked to look, rather than a violation passing unseen
    for forbids, excerpt in sorted(captions, key=lambda c: not c[0]):
        return forbids, excerpt
    sentences = []
    for text in texts if form.forbidding_sentence else ():
        pos = text.find(form.forbidding_sentence)
        if pos >= 0:
            sentences.append(("ただし" not in text[pos:], text[:80]))
    for forbids, excerpt in sorted(sentences, key=lambda c: not c[0]):
        return forbids, excerpt
    return None, ""


def answers_forbid_subcontracting(answers, form, template):
    """(True/False/None, excerpt) from a contract's answers: the form's
    tokki:forbids-subcontracting condition, evaluated on the answers as the provisions
    `template` reads them (option labels accepted; a question not answered has the
    template's default). None when the form has no such condition."""
    if not isinstance(answers, dict):
        raise AnswerError("answers must be a JSON object of key → value")
    cond = form.forbids()
    if cond is None:
        return None, ""
    values = {}
    for key in sorted(cond.keys()):
        question = template.questions.get(key)
        if question is None:
            raise ReportError("the report template's tokki:forbids-subcontracting uses %r, "
                              "which the template %s does not ask" % (key, template.name))
        value = answers.get(key, question.default)
        values[key] = coerce_answer(question, value, "answers")
    shown = ", ".join("%s=%s" % (k, v) for k, v in sorted(values.items()))
    return bool(cond(values)), shown


# -- the rules ----------------------------------------------------------------

def _q(n, form):
    text = form.questions.get(n)
    return "設問(%d)「%s」" % (n, text) if text else "設問(%d)" % n


def _q_en(n, form):
    text = form.questions_en.get(n)
    return "Question (%d) (%s)" % (n, text) if text else "Question (%d)" % n


def check(data, forbids=None, forbids_source="", answers=None):
    """Findings for a read report. `forbids`: does the contract forbid subcontracting
    (True/False, None = unknown). `answers`: the contract's answers, to compare the header."""
    out = []
    form = data.form

    def add(code, severity, n, ja, en, excerpt=""):
        out.append(Finding(code, severity, ja, en, excerpt=excerpt, question=n,
                           scope="report"))

    a, d = data.answers, data.details
    subcontracting = a[6] == YES
    for n in QUESTIONS:
        if a[n] == BOTH:
            add("R-BOTH", ERROR, n, "%s：「はい」と「いいえ」の両方にチェックがあります。どちらか一方に"
                "してもらってください。" % _q(n, form),
                "%s: both yes and no are ticked." % _q_en(n, form))
        elif a[n] is NONE:
            if n in (7, 8) and a[6] != YES:
                continue   # (7) and (8) are for contracts with subcontracting only
            add("R-UNANSWERED", ERROR, n, "%s：「はい」「いいえ」のどちらにもチェックがありません。"
                "回答してもらってください。" % _q(n, form),
                "%s: neither yes nor no is ticked." % _q_en(n, form))

    if a[1] == YES:
        detail = d[1]
        add("R-INCIDENT", ERROR, 1,
            "%s：個人情報の不適正な取り扱いの事案が発生していると報告されています%s。直ちに事実関係を"
            "確認し、特記事項（事故発生時の対応）に基づき報告を求め、指示してください。"
            % (_q(1, form), "（内容：%s）" % detail if detail else ""),
            "Question (1): an incident of improper handling of personal information is "
            "reported%s." % (" (details: %s)" % detail if detail else ""), detail)
    noncompliance = {
        2: ("個人情報の取扱いに関する内部規程が整備されておらず、プライバシーマークも取得されていません",
            "there are no internal rules on personal information and no PrivacyMark"),
        3: ("個人情報保護責任者、作業責任者、作業従事者等が特定されていません",
            "the persons responsible and the staff handling personal information are not designated"),
        5: ("事故が発生した時の報告の手順や方法が定められていません",
            "there is no procedure for reporting incidents"),
        9: ("仕様書及び特記事項に規定した個人情報の取扱いを遵守していないと報告されています",
            "the contractor reports not complying with the handling rules of the specification "
            "and the provisions"),
    }
    for n, (ja, en) in noncompliance.items():
        if a[n] == NO:
            detail = d.get(n, "")
            add("R-NONCOMPLIANCE", ERROR, n, "%s：「いいえ」— %s%s。是正を求めてください。"
                % (_q(n, form), ja, "（内容：%s）" % detail if detail else ""),
                "Question (%d): answered no — %s%s." % (n, en, " (details: %s)" % detail
                                                         if detail else ""), detail)
    if a[4] == NO:
        add("R-NO-TRAINING", WARNING, 4, "%s：「いいえ」— 作業従事者への研修等が行われていません。"
            "実施の予定を確認してください。" % _q(4, form),
            "Question (4): answered no — the staff have not been trained.")

    if subcontracting and forbids is True:
        add("R-SUBCONTRACT-FORBIDDEN", ERROR, 6,
            "%s：「はい」と回答されていますが、契約では再委託が禁止されています（%s）。契約違反の"
            "おそれがあります。" % (_q(6, form), forbids_source or "再委託の禁止"),
            "Question (6): the contractor subcontracts, but the contract forbids "
            "subcontracting (%s)." % (forbids_source or "再委託の禁止"), forbids_source)
    if subcontracting and a[7] == NO:
        add("R-SUBCONTRACT-UNAPPROVED", ERROR, 7,
            "%s：「いいえ」— 再委託を行っているのに、事前に区へ文書で協議し承諾を得ていません。"
            "特記事項（再委託）の違反です。" % _q(7, form),
            "Question (7): the work is subcontracted without prior written approval.")
    if subcontracting and a[8] == NO and not d[8]:
        add("R-SUBCONTRACT-UNSUPERVISED", WARNING, 8,
            "%s：「いいえ」— 再委託先への監督が行われておらず、今後の予定も記入されていません。"
            % _q(8, form),
            "Question (8): the subcontractor has not been supervised and no plan is written.")
    if a[6] == NO:
        for n in (7, 8):
            if a[n] in (YES, BOTH):
                add("R-SUBCONTRACT-INCONSISTENT", WARNING, n,
                    "%s：設問(6)で再委託を行っていない（「いいえ」）のに「はい」と回答されています。"
                    "どちらが正しいか確認してください。" % _q(n, form),
                    "Question (%d): answered yes although question (6) says the work is not "
                    "subcontracted." % n)

    required = {1: YES, 4: YES, 8: YES, 9: NO}
    for n, when in required.items():
        if a[n] == when and not d[n] and not (n == 8 and not subcontracting):
            add("R-DETAIL-MISSING", ERROR, n,
                "%s：「%s」の場合に記入する欄が空欄です。記入してもらってください。"
                % (_q(n, form), "はい" if when == YES else "いいえ"),
                "Question (%d): answered %s, but the details to be written in that case are "
                "empty." % (n, when))

    h = data.header
    if not h["report.date"]:
        add("R-HEADER-MISSING", WARNING, None, "報告日が記入されていません。",
            "The report date is empty.")
    if not h["report.contractor_name"]:
        add("R-HEADER-MISSING", WARNING, None, "受託者の名称が記入されていません。",
            "The contractor's name is empty.")
    if answers:
        for tag in ("report.contract_no", "report.contract_title"):
            key, label = HEADER[tag]
            want = answers.get(key) or (answers.get(form.contract_title_from)
                                        if key == "contract_title" and form.contract_title_from
                                        else None)
            have = h[tag]
            if isinstance(want, str) and want.strip() and have and \
                    _squash(want) != _squash(have):
                add("R-HEADER-MISMATCH", WARNING, None,
                    "%sが契約と異なります（報告書：%s、契約：%s）。別の契約の報告書ではないか"
                    "確認してください。" % (label, have, want.strip()),
                    "The report's %s differs from the contract's (%s vs %s)."
                    % (key, have, want.strip()), have)
    if forbids is None and subcontracting:
        add("R-CONTRACT-UNKNOWN", WARNING, 6,
            "契約書に再委託の禁止・制限の条が見つからないため、%sの「はい」が契約に合っているか"
            "確認できませんでした。" % _q(6, form),
            "No subcontracting article was found in the contract: question (6) could not be "
            "checked against it.")
    return sort_findings(out, key=lambda f: f.question or 10)   # header ones last


def findings_json(findings, file):
    return findings_dict(findings, file)


# -- making a report ------------------------------------------------------------

def header_values(answers, form=None):
    from .assembly.answers import check_xml_text
    """tag -> text for the header, from a contract's answers (unknown keys ignored:
    the answers of the provisions carry many other keys). 契約件名 defaults to the
    answer the form's tokki:contract-title-from names (the 業務名 of the provisions)."""
    form = form or ReportForm()
    if not isinstance(answers, dict):
        raise AnswerError("answers must be a JSON object of key → value, not %s"
                          % type(answers).__name__)
    values = {}
    for tag, (key, label) in HEADER.items():
        if key is None:
            continue
        value = answers.get(key)
        if value is None and key == "contract_title" and form.contract_title_from:
            value = answers.get(form.contract_title_from)
        if value is None:
            continue
        if not isinstance(value, str):
            raise AnswerError("%s（%s）must be text, not %r" % (key, label, value))
        check_xml_text(value, key, "answers", label)   # F4: what XML cannot hold
        value = nfc(value).strip()
        if "\n" in value or "\r" in value:
            raise AnswerError("%s（%s）must be one line: %r" % (key, label, value))
        if value:
            values[tag] = value
    return values


def fill_header(flat, answers):
    """Write the contract's header values into the report's fields (in place).
    The fields stay content controls so that the contractor can still correct them."""
    values = header_values(answers, ReportForm.of(flat))
    found = controls(flat)
    if not any(tag in found for tag in BOX_TAGS):
        raise ReportError("the report template has no report.q1.yes … check boxes: is it "
                          "templates/report-r5.fodt?")
    for tag, value in values.items():
        for cc in found.get(tag, []):
            for child in list(cc):
                cc.remove(child)
            cc.text = value
            if _ATTR["showing-place-holder"] in cc.attrib:
                del cc.attrib[_ATTR["showing-place-holder"]]
    return values


def clean_meta(flat, title_suffix=""):
    """Reports carry no personal metadata: generator, title and language only. The
    title is the report template's own (its dc:title up to the first （), with the
    contract title in brackets."""
    from .. import __version__
    doc = FlatDocument(flat)
    title = nfc(doc.title()).split("（", 1)[0] or "report"
    doc.reset_meta("tokki-odf/%s" % __version__,
                   "%s（%s）" % (title, title_suffix) if title_suffix else title, "ja-JP")


__all__ = ["HEADER", "QUESTIONS", "REPORT_TAGS", "BOX_TAGS", "DETAIL_TAGS", "TEXT_TAGS",
           "read_report", "check", "fill_header", "contract_forbids_subcontracting",
           "answers_forbid_subcontracting", "findings_json", "ReportError", "Finding"]
