"""The 遵守報告書 round trip with real LibreOffice, as it happens in a ward:

1. the clerk makes the report for a contract (`tokki report`);
2. the contractor opens it in Writer, ticks はい/いいえ, writes the details, saves;
3. the clerk runs `tokki check-report` against the contract (its answers or the .odt).

Step 2 is done through UNO the way Writer does it when the box is clicked: the content
control's `Checked` property is set (found through the paragraph's text portions) and its
text becomes the checked symbol; typing in a field replaces its placeholder.
"""
import json
import shutil
from pathlib import Path

import pytest

from tokki_odf.cli.main import main
from tokki_odf.core import compliance as rp
from tokki_odf.io.package import load_flat

from support.writer_uno import content_controls

REPO = Path(__file__).resolve().parents[1]
ANSWERS = REPO / "examples" / "answers"
pytestmark = pytest.mark.office


def writer_controls(doc):
    """tag -> UNO ContentControl."""
    return {cc.Tag: cc for cc in content_controls(doc)}


def tick(control):
    """What a click on an unticked check box does in Writer."""
    assert control.Checkbox and not control.Checked
    control.Checked = True
    control.String = control.CheckedState


def type_into(control, text):
    """What typing into a plain-text field showing its placeholder does in Writer."""
    control.String = text
    control.ShowingPlaceHolder = False


def contractor_fills(office, report, out, ticks, details=None, date="令和7年5月1日"):
    """Open the report in Writer, tick and write, save as .odt."""
    doc = office.load(str(report))
    try:
        controls = writer_controls(doc)
        for n, side in ticks.items():
            for s in (("yes", "no") if side == "both" else (side,)):
                tick(controls["report.q%d.%s" % (n, s)])
        for n, text in (details or {}).items():
            type_into(controls["report.q%d.detail" % n], text)
        if date:
            type_into(controls["report.date"], date)
        office.store(doc, str(out), "odt")
    finally:
        office.close(doc)
    return out


def make_report(tmp_path, answers):
    out = tmp_path / "遵守報告書.odt"
    assert main(["report", "--answers", str(answers), "--out", str(out), "-q"]) == 0
    return out


def check(capsys, report, *source):
    capsys.readouterr()
    code = main(["check-report", str(report), "--json"] + list(source))
    return code, json.loads(capsys.readouterr().out)


SUBCONTRACTING = {1: "no", 2: "yes", 3: "yes", 4: "yes", 5: "yes", 6: "yes", 7: "yes", 8: "yes",
                  9: "yes"}
DETAILS = {4: "令和7年4月10日 全従事者に研修を実施", 8: "令和7年4月20日 再委託先を実地確認"}


def test_writer_sees_every_report_field(office, tmp_path):
    template = shutil.copy(REPO / "templates" / "report-r5.fodt", tmp_path / "report.fodt")
    doc = office.load(str(template))
    try:   # read everything before closing: a control of a closed document crashes soffice
        controls = {tag: (c.Checkbox, c.PlainText, c.Checked, c.Alias)
                    for tag, c in writer_controls(doc).items()}
    finally:
        office.close(doc)
    assert set(controls) == set(rp.REPORT_TAGS)
    for tag in rp.BOX_TAGS:
        checkbox, _plain, checked, alias = controls[tag]
        assert checkbox and not checked and alias
    for tag in rp.TEXT_TAGS:
        _checkbox, plain, _checked, alias = controls[tag]
        assert plain and alias


def test_subcontracting_reported_against_a_contract_that_forbids_it(office, tmp_path, capsys):
    """The H18 contract forbids subcontracting (第7条 再委託の禁止); the contractor says (6) はい."""
    answers = ANSWERS / "h18-standard.json"
    contract = tmp_path / "特記事項.odt"
    assert main(["assemble", str(REPO / "templates" / "tokki-h18.fodt"), "--answers",
                 str(answers), "--out", str(contract), "-q"]) == 0
    report = contractor_fills(office, make_report(tmp_path, answers), tmp_path / "返送.odt",
                              SUBCONTRACTING, DETAILS)

    data = rp.read_report(load_flat(str(report)))            # what Writer saved
    assert data.answers == {n: ("yes" if n != 1 else "no") for n in range(1, 10)}
    assert data.details[8] == DETAILS[8] and data.details[1] == ""
    assert data.header["report.contract_no"] == "1234"       # tokki report's header survived
    assert data.header["report.date"] == "令和7年5月1日"

    docx = tmp_path / "特記事項.docx"         # contracts often come back from Word
    assert main(["assemble", str(REPO / "templates" / "tokki-h18.fodt"), "--answers",
                 str(answers), "--out", str(docx), "-q"]) == 0
    for source in (["--answers", str(answers)], ["--contract", str(contract)],
                   ["--contract", str(docx)]):
        code, found = check(capsys, report, *source)
        assert code == 1
        assert [e["code"] for e in found["errors"]] == ["R-SUBCONTRACT-FORBIDDEN"], source
        assert found["errors"][0]["question"] == 6
        assert "契約では再委託が禁止されています" in found["errors"][0]["message"]
    assert "再委託の禁止" in found["errors"][0]["excerpt"]    # quoted from the contract

    # the same report is fine if the contract allows subcontracting with approval
    allowing = tmp_path / "restrict.json"
    allowing.write_text(json.dumps(dict(json.loads(answers.read_text("utf-8")),
                                        subcontract="restrict"), ensure_ascii=False), "utf-8")
    code, found = check(capsys, report, "--answers", str(allowing))
    assert (code, found["errors"], found["warnings"]) == (0, [], [])


def test_the_contradictions_a_clerk_must_see(office, tmp_path, capsys):
    answers = ANSWERS / "r5-restricted.json"
    ticks = {**SUBCONTRACTING, 1: "yes", 2: "both", 7: "no", 8: "no"}
    del ticks[3]
    report = contractor_fills(office, make_report(tmp_path, answers), tmp_path / "返送.odt",
                              ticks, {1: "調査票1件を紛失", 4: "令和7年4月 研修"}, date=None)
    code, found = check(capsys, report, "--answers", str(answers))
    assert code == 1
    assert [(e["code"], e["question"]) for e in found["errors"]] == [
        ("R-INCIDENT", 1), ("R-BOTH", 2), ("R-UNANSWERED", 3), ("R-SUBCONTRACT-UNAPPROVED", 7)]
    assert found["errors"][0]["excerpt"] == "調査票1件を紛失"
    assert [(w["code"], w["question"]) for w in found["warnings"]] == [
        ("R-SUBCONTRACT-UNSUPERVISED", 8), ("R-HEADER-MISSING", None),
        ("R-HEADER-MISSING", None)]     # no date, and r5-restricted.json names no contractor

    capsys.readouterr()
    assert main(["check-report", str(report), "--answers", str(answers)]) == 1
    text = capsys.readouterr().out
    assert "エラー 4件、警告 3件" in text
    assert "調査票1件を紛失" in text and "両方にチェック" in text
