"""The merges of the layout work: one template reader, one FlatDocument, one Finding,
errors that carry their key, what a question means said by the template.

Each test checks behaviour through the public types (no LibreOffice)."""
import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tokki_odf import api
from tokki_odf.cli.main import main
from tokki_odf.core import compliance
from tokki_odf.core.findings import Finding, findings_dict, render_findings, sort_findings
from tokki_odf.core.lint import lint
from tokki_odf.core.odf.document import FlatDocument
from tokki_odf.core.odf.namespaces import q
from tokki_odf.core.template.model import Template
from tokki_odf.core.template.reader import read
from tokki_odf.errors import AnswerError, TemplateError, UnsafeDocument
from tokki_odf.io.package import flat_from_bytes, load_flat

from test_check_template import GOOD, P, cc, checkbox, doc, dropdown, section

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"


def flat_of(text, name="t.fodt"):
    return flat_from_bytes(text.encode("utf-8"), name)


# -- one reader: the model raises what the linter reports, with the linter's code ----------

BROKEN = {
    # what a person does wrong -> (the edit to GOOD, lint's code, words of the model's error)
    "bad condition": (('text:name="if:mode=a"', 'text:name="if:mode=="'), "T-BAD-CONDITION",
                      "bad condition"),
    "bad key": (('loext:tag="ref:first"', 'loext:tag="Business Name"'), "T-UNKNOWN-TAG",
                "keys are lower-case"),
    "kind mismatch": (("第2条　", "第2条　" + checkbox("mode")), "T-KIND-MISMATCH",
                      "is a flag here but a choice elsewhere"),
    "no options": (('<loext:list-item loext:display-text="a" loext:value="a"/>'
                    '<loext:list-item loext:display-text="b" loext:value="b"/>', ""),
                   "T-OPTION-WITHOUT-TEXT", "has no list items"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_what_stops_the_model_is_what_the_linter_reports(case):
    (old, new), code, words = BROKEN[case]
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    with pytest.raises(TemplateError, match=words):
        Template(flat_of(text), "t")
    assert code in {p.code for p in lint(flat_of(text), "t") if p.severity == "error"}
    facts = read(flat_of(text), "t", Template(flat_of(GOOD), "t").role)
    assert facts.fatal and words in facts.fatal[0]


def test_the_good_template_reads_once_for_all_three_readers():
    flat = flat_of(GOOD)
    template = Template(flat, "t")
    facts = read(flat, "t", template.role)
    assert not facts.fatal and not facts.problems
    assert facts.article_ids == template.article_ids == ["first", "second"]
    assert list(facts.questions) == list(template.questions) == ["mode"]
    assert [str(v.cond) for v in facts.variants] == ["mode=a", "mode=b"]
    assert [e for _c, e in api.template_variants(template)] == ["第1条 Aの文。",
                                                                "第1条 Bの文。ただし、例外とする。"]
    assert facts.para_facts["first.1"]["proviso"] is True


def test_a_problem_the_model_tolerates_is_still_reported():
    """Duplicate article IDs do not stop assembly (as before) but check-template says so."""
    text = GOOD.replace('text:name="art:second"', 'text:name="art:first"')
    Template(flat_of(text), "t")
    assert "T-DUPLICATE-ID" in {p.code for p in lint(flat_of(text), "t")}


def test_the_extension_form_variants_come_from_the_reader():
    import sys
    sys.path.insert(0, str(REPO / "extension" / "pythonpath"))
    try:
        from org_tokki_odf import form
    finally:
        sys.path.pop(0)
    r5 = api.load_template("r5")
    variants = form.variants(r5)
    assert variants and all(len(v.keys) >= 2 for v in variants)
    conds = [str(c) for c, _e in api.template_variants(r5) if len(c.keys()) >= 2]
    assert [str(v.cond) for v in variants] == list(dict.fromkeys(conds))


# -- FlatDocument -------------------------------------------------------------------------

def test_flat_document_body_meta_and_properties():
    flat = load_flat(str(TEMPLATES / "tokki-r5.fodt"))
    doc_ = FlatDocument(copy.deepcopy(flat))
    assert doc_.body().tag == q("office:text")
    assert doc_.title().startswith("個人情報特記事項")
    assert doc_.user_properties()["tokki:title-question"] == "business_name"
    assert doc_.recorded_answers() is None
    doc_.reset_meta("gen/1", "表題", "ja-JP")
    assert [c.tag for c in doc_.meta()] == [q("meta:generator"), q("dc:title"), q("dc:language")]
    doc_.record_answers("tokki-r5", {"b": 1, "a": "x"}, 3)
    assert doc_.recorded_answers() == ("tokki-r5", {"a": "x", "b": 1}, 3)
    assert json.loads(doc_.answer_property_texts()["tokki:answers"]) == {"a": "x", "b": 1}
    # sentinel copy: the original body is untouched
    before = len(doc_.body())
    copy_ = doc_.with_last_paragraph("tokki-end")
    assert len(doc_.body()) == before and len(copy_.body()) == before + 1
    assert copy_.body()[-1][0].get(q("text:name")) == "tokki-end"


def test_a_document_without_a_body_is_refused_with_one_error():
    empty = ET.Element(q("office:document"))
    with pytest.raises(UnsafeDocument, match="not a text document"):
        FlatDocument(empty).body()
    with pytest.raises(TemplateError, match="x.fodt: not a text document"):
        FlatDocument(empty).body(TemplateError, "x.fodt")
    assert FlatDocument(empty).find_body() is None
    assert FlatDocument(empty).recorded_answers() is None


# -- one Finding ---------------------------------------------------------------------------

def test_one_finding_one_order_one_shape():
    doc_f = Finding("A", "warning", "ja", "en", article=3, paragraph=2)
    tmpl_f = Finding("T-X", "error", "ja", "en", where="art:x", key="mode", scope="template")
    rep_f = Finding("R-X", "error", "ja", "en", question=6, scope="report")
    assert list(doc_f.to_dict())[:5] == ["code", "severity", "article", "paragraph", "index"]
    assert list(tmpl_f.to_dict()) == ["code", "severity", "where", "key", "excerpt", "message",
                                      "message_en"]
    assert list(rep_f.to_dict())[:3] == ["code", "severity", "question"]
    assert [f.code for f in sort_findings([doc_f, tmpl_f, rep_f])] == ["T-X", "R-X", "A"]
    data = findings_dict([doc_f, tmpl_f], "f.odt", kind="provisions")
    assert list(data) == ["file", "kind", "errors", "warnings"]
    text = render_findings("f.odt", [tmpl_f, doc_f])
    assert "エラー [T-X] art:x ja" in text and "警告 [A] 第3条第2項 ja" in text


def test_lint_findings_name_their_key():
    text = GOOD.replace("第2条　", "第2条　" + checkbox("mode"))
    found = [p for p in lint(flat_of(text), "t") if p.code == "T-KIND-MISMATCH"]
    assert found and found[0].key == "mode" and found[0].to_dict()["key"] == "mode"


# -- errors carry their key ----------------------------------------------------------------

@pytest.mark.parametrize("answers, key", [
    ({"business_name": "業務", "scope": "nonsense"}, "scope"),
    ({"business_name": "業務", "unknown_thing": 1}, "unknown_thing"),
    ({"business_name": "業務", "computer_processing": "maybe"}, "computer_processing"),
    ({}, "business_name"),
])
def test_answer_errors_carry_the_key_and_where(answers, key):
    with pytest.raises(AnswerError) as info:
        api.normalize_answers(api.load_template("r5"), answers, "row 7")
    assert info.value.key == key and info.value.where == "row 7"
    assert str(info.value).startswith("row 7: ")


def test_a_batch_row_names_the_key_without_reading_the_message(tmp_path):
    from tokki_odf.batch.rows import check_rows, read_rows
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"id": "a", "business_name": "業務", "scope": "x"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    rows = check_rows(api.load_template("r5"), read_rows(str(path))[0])
    assert rows[0].error and rows[0].key == "scope"


# -- what a question means comes from the template ------------------------------------------

def _without_properties(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    import re
    return re.sub(r'\s*<meta:user-defined meta:name="tokki:[^"]*">[^<]*</meta:user-defined>', "",
                  text)


def test_the_title_question_is_the_templates(tmp_path):
    answers = {"business_name": "住民情報システム運用保守業務"}
    flat = api.assemble_document(api.load_template("r5"), answers)
    assert FlatDocument(flat).title().endswith("（住民情報システム運用保守業務）")
    bare = tmp_path / "bare.fodt"
    bare.write_text(_without_properties("tokki-r5.fodt"), encoding="utf-8")
    template = api.load_template(str(bare))
    assert template.title_question is None
    assert "（" not in FlatDocument(api.assemble_document(template, answers)).title()
    with pytest.raises(AnswerError, match='e.g. text'):
        api.normalize_answers(template, {})
    with pytest.raises(AnswerError, match='e.g. "住民情報システム運用保守業務"'):
        api.normalize_answers(api.load_template("r5"), {})
    wrong = tmp_path / "wrong.fodt"
    wrong.write_text((TEMPLATES / "tokki-r5.fodt").read_text(encoding="utf-8").replace(
        'tokki:title-question">business_name<', 'tokki:title-question">busines_name<'),
        encoding="utf-8")
    with pytest.raises(TemplateError, match="busines_name"):
        api.load_template(str(wrong))


def test_the_report_template_says_what_its_questions_mean():
    form = compliance.ReportForm.of(load_flat(str(TEMPLATES / "report-r5.fodt")))
    assert form.questions[6] == "再委託を行っている" and form.questions_en[6]
    assert form.contract_title_from == "business_name"
    assert str(form.forbids()) == "subcontract=prohibit"
    values = compliance.header_values({"business_name": "業務A"}, form)
    assert values == {"report.contract_title": "業務A"}
    assert compliance.header_values({"business_name": "業務A"}) == {}   # no form: no fallback


def test_check_report_reads_the_meaning_from_its_template(tmp_path, capsys):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"business_name": "業務", "subcontract": "restrict"},
                                  ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "r.odt"
    assert main(["report", "--answers", str(answers), "--out", str(report), "-q"]) == 0
    assert main(["check-report", str(report), "--answers", str(answers), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    unanswered = [e for e in data["errors"] if e["code"] == "R-UNANSWERED"]
    assert unanswered and "「再委託を行っている」" in " ".join(e["message"] for e in unanswered)
    # a report template without the properties: the questions are numbers only
    bare = tmp_path / "bare-report.fodt"
    bare.write_text(_without_properties("report-r5.fodt"), encoding="utf-8")
    assert main(["check-report", str(report), "--answers", str(answers), "--json",
                 "--template", str(bare)]) == 1
    data = json.loads(capsys.readouterr().out)
    messages = [e["message"] for e in data["errors"] if e["code"] == "R-UNANSWERED"]
    assert messages and all(m.startswith("設問(") and "「" not in m.split("：")[0]
                            for m in messages)
