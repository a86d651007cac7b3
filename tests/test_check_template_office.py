"""check-template on templates a person edited and saved in Writer (real LibreOffice).

The bundled templates saved by Writer still pass; a tag retyped in Form ▸ Content Control
Properties and a section renamed in Format ▸ Sections (done here through UNO, the same
properties the dialogs set) are named with the right rule after saving.
"""
import json
import shutil
from pathlib import Path

import pytest

from tokki_odf.cli.main import main

from support.writer_uno import control

REPO = Path(__file__).resolve().parents[1]
BUNDLED = ["tokki-r5.fodt", "tokki-h18.fodt", "report-r5.fodt"]
pytestmark = pytest.mark.office


def lint_json(capsys, path):
    capsys.readouterr()
    code = main(["check-template", str(path), "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_templates_saved_by_writer_still_pass(office, tmp_path, capsys, name):
    copy = shutil.copy(REPO / "templates" / name, tmp_path / name)
    doc = office.load(copy)
    try:
        office.store(doc, str(tmp_path / "saved.odt"), "odt")
        office.store(doc, str(tmp_path / "saved.fodt"), "fodt")
    finally:
        office.close(doc)
    for saved in ("saved.odt", "saved.fodt"):
        code, data = lint_json(capsys, tmp_path / saved)
        assert (code, data["errors"], data["warnings"]) == (0, [], []), saved


def test_edits_made_in_writer_are_named(office, tmp_path, capsys):
    copy = shutil.copy(REPO / "templates" / "tokki-h18.fodt", tmp_path / "h18.fodt")
    doc = office.load(copy)
    try:
        control(doc, "client_name").Tag = "Client Name"
        doc.getTextSections().getByName("if:copying=within_spec").setName(
            "if:copying=within_specification")
        office.store(doc, str(tmp_path / "edited.odt"), "odt")
    finally:
        office.close(doc)
    code, data = lint_json(capsys, tmp_path / "edited.odt")
    assert code == 1
    assert sorted(e["code"] for e in data["errors"]) == [
        "T-OPTION-WITHOUT-TEXT", "T-TEXT-WITHOUT-OPTION", "T-UNKNOWN-TAG"]
    by_code = {e["code"]: e for e in data["errors"]}
    assert "Client Name" in by_code["T-UNKNOWN-TAG"]["message"]
    assert by_code["T-UNKNOWN-TAG"]["where"].startswith("art:basic「第1条")
    assert "within_specification" in by_code["T-TEXT-WITHOUT-OPTION"]["message"]
    assert "within_spec" in by_code["T-OPTION-WITHOUT-TEXT"]["message"]


def test_report_field_deleted_in_writer_is_named(office, tmp_path, capsys):
    copy = shutil.copy(REPO / "templates" / "report-r5.fodt", tmp_path / "report.fodt")
    doc = office.load(copy)
    try:
        control(doc, "report.q8.detail").Tag = ""      # someone cleared the tag
        office.store(doc, str(tmp_path / "edited.odt"), "odt")
    finally:
        office.close(doc)
    code, data = lint_json(capsys, tmp_path / "edited.odt")
    assert code == 1
    assert [e["code"] for e in data["errors"]] == ["T-REPORT-TAG-MISSING"]
    assert "report.q8.detail" in data["errors"][0]["message"]
