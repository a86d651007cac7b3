"""別紙2 遵守報告書: the template, `tokki report`, and check-report's rules (no LibreOffice).

Boxes are ticked here the way Writer stores a ticked box (loext:checked="true" and the
checked symbol); tests/test_report_office.py ticks them through LibreOffice itself.
"""
import copy
import json
import re
import unicodedata
from pathlib import Path

import pytest

from tokki_odf.core import compliance as rp
from tokki_odf.api import load_template
from tokki_odf.cli.main import main
from tokki_odf.core.odf.namespaces import CONTROL, q
from tokki_odf.io.package import load_flat, write_document
from tokki_odf.core.odf.text import inline_text, body_paragraph_texts

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "templates" / "report-r5.fodt"
SEED = REPO / "tests" / "fixtures" / "seed" / "toshima-2023-07.txt"
H18_STANDARD = REPO / "examples" / "answers" / "h18-standard.json"

CHECKED = q("loext:checked")
FORM = rp.ReportForm.of(load_flat(str(TEMPLATE)))   # what report-r5.fodt says its questions mean
R5 = load_template("r5")


def fill(flat, ticks=None, details=None, header=None):
    """Tick boxes ({n: "yes"/"no"/"both"}) and write fields as a person does in Writer."""
    found = rp.controls(flat)
    for n, side in (ticks or {}).items():
        for s in (("yes", "no") if side == "both" else (side,)):
            cc = found["report.q%d.%s" % (n, s)][0]
            cc.set(CHECKED, "true")
            cc.text = "☒"
    for tag, text in list((details or {}).items()) + list((header or {}).items()):
        tag = "report.q%d.detail" % tag if isinstance(tag, int) else tag
        cc = found[tag][0]
        for child in list(cc):
            cc.remove(child)
        cc.text = text
        cc.attrib.pop(q("loext:showing-place-holder"), None)
    return flat


def good_ticks(subcontracting=False):
    ticks = {1: "no", 2: "yes", 3: "yes", 4: "yes", 5: "yes", 6: "no", 9: "yes"}
    if subcontracting:
        ticks.update({6: "yes", 7: "yes", 8: "yes"})
    return ticks


GOOD_DETAILS = {4: "令和7年4月10日 全従事者に個人情報保護研修を実施"}
GOOD_HEADER = {"report.date": "令和7年5月1日", "report.contractor_name": "株式会社としまシステム"}


def template():
    return copy.deepcopy(load_flat(str(TEMPLATE)))


def codes(findings):
    return sorted(f.code for f in findings)


def run_check(ticks, details=None, forbids=False, header=GOOD_HEADER, answers=None):
    flat = fill(template(), ticks, details, header)
    data = rp.read_report(flat)
    return rp.check(data, forbids, "（再委託の禁止）第6条", answers)


# -- the template ----------------------------------------------------------------------

def test_template_has_exactly_the_tags_of_the_issue():
    found = rp.controls(load_flat(str(TEMPLATE)))
    assert set(found) == set(rp.REPORT_TAGS)
    assert all(len(v) == 1 for v in found.values())
    expected = {"report.date", "report.contract_no", "report.contract_title",
                "report.contract_date", "report.period", "report.contractor_address",
                "report.contractor_name", "report.representative", "report.contact",
                "report.q1.detail", "report.q4.detail", "report.q8.detail", "report.q9.detail"}
    expected |= {"report.q%d.%s" % (n, s) for n in range(1, 10) for s in ("yes", "no")}
    assert set(rp.REPORT_TAGS) == expected
    for tag in rp.BOX_TAGS:
        assert found[tag][0].get(q("loext:checkbox")) == "true"
        assert found[tag][0].get(CHECKED) != "true"      # nothing ticked in the blank form
    for tag in rp.TEXT_TAGS:
        assert found[tag][0].get(q("loext:plain-text")) == "true"
        assert found[tag][0].get(q("loext:alias"))


def test_blank_template_reads_as_empty():
    data = rp.read_report(load_flat(str(TEMPLATE)))
    assert all(v is None for v in data.answers.values())
    assert all(v == "" for v in data.details.values())
    assert all(v == "" for v in data.header.values())


def _squash(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not on this machine")
def test_question_texts_come_from_the_seed():
    """Every question and guidance line of the form is the seed's 別紙2 wording."""
    seed = unicodedata.normalize("NFKC", SEED.read_text(encoding="utf-8"))
    start = seed.index("個人情報特記事項の遵守に関する報告書", seed.index("(準拠法)"))
    form = _squash(seed[start:seed.index("区記入欄", start)])
    form = form.replace("再提出))", "再提出)")   # erratum: a doubled ) in (5), docs/sources.md
    texts = body_paragraph_texts(load_flat(str(TEMPLATE)))
    start = next(i for i, t in enumerate(texts) if t.startswith("不適正事案"))
    checked = 0
    for text in texts[start:texts.index("区記入欄")]:
        if text.strip() in ("", "☐", "はい", "いいえ") or text.startswith("（はい：") or \
                text in rp.PLACEHOLDERS.values():
            continue
        assert _squash(text) in form, text
        checked += 1
    assert checked >= 20
    for label in ("契約番号", "契約件名", "契約日", "履行期間", "受託者", "所在地",
                  "代表者(代理人)職氏名", "担当者氏名・連絡先電話番号", "豊島区長あて",
                  "上記契約の個人情報の取扱状況に関して、下記のとおり報告します。",
                  "該当する方をチェック", "区記入欄", "受付日", "課長", "係長", "担当者"):
        assert _squash(label) in _squash(seed), label
        assert _squash(label) in _squash("".join(texts)), label


# -- tokki report -------------------------------------------------------------------------

def test_report_fills_the_header_from_the_contract_answers(tmp_path, capsys):
    out = tmp_path / "報告書.odt"
    assert main(["report", "--answers", str(H18_STANDARD), "--out", str(out)]) == 0
    flat = load_flat(str(out))
    found = rp.controls(flat)
    answers = json.loads(H18_STANDARD.read_text(encoding="utf-8"))
    for tag, (key, _label) in rp.HEADER.items():
        if key:
            assert inline_text(found[tag][0]) == answers[key]
            assert found[tag][0].get(q("loext:showing-place-holder")) is None
    data = rp.read_report(flat)
    assert data.header["report.contract_no"] == "1234"
    assert data.header["report.date"] == ""               # the contractor dates it
    assert all(v is None for v in data.answers.values())  # the contractor ticks
    texts = "".join(body_paragraph_texts(flat))
    assert "契約第1234号" in texts
    meta = flat.find("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}meta")
    assert [c.tag.split("}")[1] for c in meta] == ["generator", "title", "language"]


def test_report_title_defaults_to_business_name_and_ignores_provision_keys(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"business_name": "介護保険認定調査業務", "subcontract": "restrict",
                                   "collected_items": ["氏名"]}, ensure_ascii=False),
                       encoding="utf-8")
    out = tmp_path / "r.fodt"
    assert main(["report", "--answers", str(answers), "--out", str(out), "-q"]) == 0
    data = rp.read_report(load_flat(str(out)))
    assert data.header["report.contract_title"] == "介護保険認定調査業務"
    assert data.header["report.contract_no"] == ""


def test_report_refuses_bad_header_values(tmp_path, capsys):
    answers = tmp_path / "a.json"
    answers.write_text('{"contract_no": 12}', encoding="utf-8")
    out = tmp_path / "r.odt"
    assert main(["report", "--answers", str(answers), "--out", str(out)]) == 2
    assert "contract_no" in capsys.readouterr().err
    assert not out.exists()


def test_assemble_accepts_and_ignores_the_header_keys(tmp_path):
    """The same answers file serves the provisions and the report."""
    out = tmp_path / "c.odt"
    assert main(["assemble", str(REPO / "templates" / "tokki-h18.fodt"), "--answers",
                 str(H18_STANDARD), "--out", str(out), "-q"]) == 0
    assert "1234" not in "".join(body_paragraph_texts(load_flat(str(out))))


# -- reading ----------------------------------------------------------------------------

def test_reads_ticks_details_and_both():
    flat = fill(template(), {1: "yes", 2: "no", 3: "both"}, {1: "個人情報の誤送付1件"})
    data = rp.read_report(flat)
    assert data.answers[1] == "yes" and data.answers[2] == "no" and data.answers[3] == "both"
    assert data.answers[4] is None
    assert data.details[1] == "個人情報の誤送付1件" and data.details[4] == ""


def test_a_typed_checked_symbol_counts_as_ticked():
    flat = template()
    rp.controls(flat)["report.q2.yes"][0].text = "☒"    # typed over the box, not clicked
    assert rp.read_report(flat).answers[2] == "yes"


def test_placeholder_text_is_empty_even_if_flag_was_cleared():
    flat = fill(template(), details={4: "（具体的対策、日付等を記入）"})
    assert rp.read_report(flat).details[4] == ""


def test_not_a_report():
    with pytest.raises(rp.ReportError, match="not a 遵守報告書"):
        rp.read_report(load_flat(str(REPO / "templates" / "tokki-h18.fodt")), "x.odt")
    flat = template()
    cc = rp.controls(flat)["report.q6.yes"][0]
    cc.set(q("loext:tag"), "")
    with pytest.raises(rp.ReportError, match="report.q6.yes"):
        rp.read_report(flat)


# -- the rules --------------------------------------------------------------------------

def test_a_clean_report_has_no_findings():
    assert run_check(good_ticks(), GOOD_DETAILS) == []
    assert run_check(good_ticks(subcontracting=True),
                     {**GOOD_DETAILS, 8: "令和7年4月20日 再委託先を実地確認"}) == []


def test_unanswered_and_both():
    ticks = good_ticks()
    del ticks[2]
    ticks[3] = "both"
    found = run_check(ticks, GOOD_DETAILS)
    assert [(f.code, f.question) for f in found] == [("R-UNANSWERED", 2), ("R-BOTH", 3)]
    assert "どちらにもチェックがありません" in found[0].message
    assert "both yes and no" in found[1].message_en


def test_7_and_8_may_stay_blank_without_subcontracting_but_not_with_it():
    assert run_check(good_ticks(), GOOD_DETAILS) == []
    ticks = good_ticks()
    ticks[6] = "yes"
    found = run_check(ticks, GOOD_DETAILS)
    assert [(f.code, f.question) for f in found] == [("R-UNANSWERED", 7), ("R-UNANSWERED", 8)]


def test_incident_is_an_error_with_its_detail():
    ticks = good_ticks()
    ticks[1] = "yes"
    found = run_check(ticks, {**GOOD_DETAILS, 1: "調査票1件の紛失"})
    assert codes(found) == ["R-INCIDENT"]
    assert found[0].severity == "error" and found[0].excerpt == "調査票1件の紛失"
    assert "調査票1件の紛失" in found[0].message
    found = run_check(ticks, GOOD_DETAILS)
    assert codes(found) == ["R-DETAIL-MISSING", "R-INCIDENT"]


@pytest.mark.parametrize("n", [2, 3, 5, 9])
def test_no_on_2_3_5_9_is_noncompliance(n):
    ticks = good_ticks()
    ticks[n] = "no"
    details = {**GOOD_DETAILS, **({9: "保管庫の施錠漏れ"} if n == 9 else {})}
    found = run_check(ticks, details)
    assert [(f.code, f.severity, f.question) for f in found] == [("R-NONCOMPLIANCE", "error", n)]


def test_9_no_needs_its_detail():
    ticks = good_ticks()
    ticks[9] = "no"
    assert codes(run_check(ticks, GOOD_DETAILS)) == ["R-DETAIL-MISSING", "R-NONCOMPLIANCE"]


def test_4_no_is_a_warning_and_4_yes_needs_details():
    ticks = good_ticks()
    ticks[4] = "no"
    found = run_check(ticks)
    assert [(f.code, f.severity) for f in found] == [("R-NO-TRAINING", "warning")]
    found = run_check(good_ticks())
    assert [(f.code, f.severity, f.question) for f in found] == [
        ("R-DETAIL-MISSING", "error", 4)]


def test_subcontracting_while_the_contract_forbids_it():
    found = run_check(good_ticks(subcontracting=True),
                      {**GOOD_DETAILS, 8: "毎月報告を受けている"}, forbids=True)
    assert codes(found) == ["R-SUBCONTRACT-FORBIDDEN"]
    assert "契約では再委託が禁止されています" in found[0].message
    assert "（再委託の禁止）第6条" in found[0].message
    assert found[0].question == 6


def test_subcontracting_without_approval_and_without_supervision():
    ticks = good_ticks(subcontracting=True)
    ticks.update({7: "no", 8: "no"})
    found = run_check(ticks, GOOD_DETAILS)
    assert [(f.code, f.severity) for f in found] == [
        ("R-SUBCONTRACT-UNAPPROVED", "error"), ("R-SUBCONTRACT-UNSUPERVISED", "warning")]
    found = run_check(ticks, {**GOOD_DETAILS, 8: "6月に再委託先を実地確認する予定"})
    assert codes(found) == ["R-SUBCONTRACT-UNAPPROVED"]     # a plan is written
    ticks[8] = "yes"
    assert codes(run_check(ticks, GOOD_DETAILS)) == ["R-DETAIL-MISSING",
                                                     "R-SUBCONTRACT-UNAPPROVED"]


def test_7_8_yes_without_subcontracting_is_inconsistent():
    ticks = good_ticks()
    ticks[7] = "yes"
    found = run_check(ticks, GOOD_DETAILS)
    assert [(f.code, f.severity, f.question) for f in found] == [
        ("R-SUBCONTRACT-INCONSISTENT", "warning", 7)]


def test_header_warnings():
    found = run_check(good_ticks(), GOOD_DETAILS, header={})
    assert codes(found) == ["R-HEADER-MISSING", "R-HEADER-MISSING"]
    header = dict(GOOD_HEADER, **{"report.contract_no": "999"})
    found = run_check(good_ticks(), GOOD_DETAILS, header=header,
                      answers={"contract_no": "1234"})
    assert codes(found) == ["R-HEADER-MISMATCH"] and "999" in found[0].message


def test_unknown_contract_is_said_only_when_it_matters():
    assert run_check(good_ticks(), GOOD_DETAILS, forbids=None) == []
    found = run_check(good_ticks(subcontracting=True),
                      {**GOOD_DETAILS, 8: "実施済み"}, forbids=None)
    assert [(f.code, f.severity) for f in found] == [("R-CONTRACT-UNKNOWN", "warning")]


# -- what the contract says --------------------------------------------------------------

def test_contract_detection_from_paragraphs():
    forbid = ["（再委託の禁止）", "第6条　乙は、受託業務の処理を第三者に再委託してはならない。"]
    assert rp.contract_forbids_subcontracting(forbid, FORM)[0] is True
    assert "再委託の禁止" in rp.contract_forbids_subcontracting(forbid, FORM)[1]
    restrict = ["(再委託の制限)", "第7条　乙は、受託業務の処理を第三者に再委託してはならない。"
                "ただし、受託業務の処理上必要であると…再委託できるものとする。"]
    assert rp.contract_forbids_subcontracting(restrict, FORM)[0] is False
    # no caption: the sentence decides
    assert rp.contract_forbids_subcontracting(forbid[1:], FORM)[0] is True
    assert rp.contract_forbids_subcontracting(restrict[1:], FORM)[0] is False
    assert rp.contract_forbids_subcontracting(["第1条　甲は…"], FORM) == (None, "")
    # a contract saying both is read as forbidding, so that the clerk looks
    both = rp.contract_forbids_subcontracting(restrict + forbid, FORM)
    assert both[0] is True and both[1].startswith("（再委託の禁止）")
    assert rp.contract_forbids_subcontracting(restrict[1:] + forbid[1:], FORM)[0] is True


def test_answers_detection_and_default():
    assert rp.answers_forbid_subcontracting({"subcontract": "prohibit"}, FORM, R5)[0] is True
    assert rp.answers_forbid_subcontracting({"subcontract": "禁止"}, FORM, R5)[0] is True
    assert rp.answers_forbid_subcontracting({"subcontract": "restrict"}, FORM, R5)[0] is False
    assert rp.answers_forbid_subcontracting({}, FORM, R5)[0] is True
    with pytest.raises(Exception, match="not an option"):
        rp.answers_forbid_subcontracting({"subcontract": "maybe"}, FORM, R5)


@pytest.mark.parametrize("name", ["tokki-r5.fodt", "tokki-h18.fodt"])
def test_missing_subcontract_answer_means_the_templates_default(name):
    question = load_template(str(REPO / "templates" / name)).questions["subcontract"]
    # the report template's condition reads the provisions' own default when unanswered
    assert rp.answers_forbid_subcontracting({}, FORM, load_template(str(REPO / "templates" / name)))[0] \
        is (question.default == "prohibit")


# -- the command ------------------------------------------------------------------------------

def _report_file(tmp_path, ticks, details=None, header=GOOD_HEADER):
    path = tmp_path / "report.odt"
    write_document(fill(template(), ticks, details, header), str(path))
    return path


def test_check_report_cli_json_and_exit_codes(tmp_path, capsys):
    contract = tmp_path / "c.odt"
    assert main(["assemble", str(REPO / "templates" / "tokki-h18.fodt"), "--answers",
                 str(H18_STANDARD), "--out", str(contract), "-q"]) == 0
    bad = _report_file(tmp_path, good_ticks(subcontracting=True),
                       {**GOOD_DETAILS, 8: "済"})
    for source in (["--answers", str(H18_STANDARD)], ["--contract", str(contract)]):
        capsys.readouterr()
        assert main(["check-report", str(bad), "--json"] + source) == 1
        data = json.loads(capsys.readouterr().out)
        assert data["file"] == str(bad)
        assert [e["code"] for e in data["errors"]] == ["R-SUBCONTRACT-FORBIDDEN"]
        error = data["errors"][0]
        assert list(error) == ["code", "severity", "question", "excerpt", "message", "message_en"]
        assert error["question"] == 6 and data["warnings"] == []
    assert "再委託の禁止" in error["excerpt"]

    good = _report_file(tmp_path, good_ticks(), GOOD_DETAILS)
    assert main(["check-report", str(good), "--contract", str(contract)]) == 0
    out = capsys.readouterr().out
    assert "エラー 0件" in out and "No problems found" in out

    warn = _report_file(tmp_path, {**good_ticks(), 4: "no"})
    assert main(["check-report", str(warn), "--answers", str(H18_STANDARD)]) == 0
    assert "R-NO-TRAINING" in capsys.readouterr().out


def test_check_report_unreadable_is_exit_2(tmp_path, capsys):
    junk = tmp_path / "junk.odt"
    junk.write_bytes(b"not a zip")
    assert main(["check-report", str(junk), "--answers", str(H18_STANDARD)]) == 2
    assert main(["check-report", str(REPO / "templates" / "tokki-r5.fodt"),
                 "--answers", str(H18_STANDARD)]) == 2
    assert "遵守報告書" in capsys.readouterr().err
    with pytest.raises(SystemExit):      # one of --answers / --contract is required
        main(["check-report", str(junk)])
