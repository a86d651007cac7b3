"""The H18 ひな型 in real LibreOffice: Writer sees its questions, a copy saved by Writer
assembles the same text, and LibreOffice reads the assembled provisions as tokki does."""
import json
from pathlib import Path

import pytest

from tokki_odf.api import load_template, assemble_document, write_output, document_text
from tokki_odf.cli.main import main
from tokki_odf.core.odf.text import body_paragraph_texts

from support.writer_uno import content_controls, copy_for_office

REPO = Path(__file__).resolve().parents[1]
H18 = REPO / "templates" / "tokki-h18.fodt"
EXAMPLES = sorted((REPO / "examples" / "answers").glob("h18-*.json"))
pytestmark = pytest.mark.office


def test_writer_sees_the_questions_variants_and_articles(office, tmp_path):
    doc = office.load(copy_for_office(H18, tmp_path))
    try:
        controls = [(cc.Tag, cc.Alias) for cc in content_controls(doc)]
        sections = set(doc.getTextSections().getElementNames())
    finally:
        office.close(doc)
    tags = {tag for tag, _ in controls}
    assert set(load_template(str(H18)).questions) <= tags
    assert {"ref:copying", "ref:purpose.1/proviso", "ref:scope..incident"} <= tags
    assert all(alias for _, alias in controls), "every control has a Japanese label"
    assert {"art:purpose", "if:purpose_use=prohibit", "if:purpose_use=restrict",
            "art:penalty_file", "art:penalty_misuse"} <= sections
    assert len([s for s in sections if s.startswith("art:")]) == 19


def test_template_saved_by_writer_assembles_identically_and_passes_the_lint(office, tmp_path,
                                                                            capsys):
    doc = office.load(copy_for_office(H18, tmp_path))
    try:
        office.store(doc, str(tmp_path / "saved.fodt"), "fodt")
        office.store(doc, str(tmp_path / "saved.odt"), "odt")
    finally:
        office.close(doc)
    original = load_template(str(H18))
    answers = {"business_name": "介護保険認定調査業務", "scope": "collected_only",
               "purpose_use": "restrict", "subcontract": "restrict",
               "materials": "return_or_dispose", "computer_processing": False}
    expected = body_paragraph_texts(assemble_document(original, answers, 5))
    for name in ("saved.fodt", "saved.odt"):
        saved = load_template(str(tmp_path / name))
        assert list(saved.questions) == list(original.questions)
        assert body_paragraph_texts(assemble_document(saved, answers, 5)) == expected
        assert main(["check-template", str(tmp_path / name)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_libreoffice_reads_the_same_text_as_tokki(office, tmp_path, example):
    out = tmp_path / (example.stem + ".odt")
    flat = assemble_document(load_template(str(H18)), json.loads(example.read_text("utf-8")),
                             start_article=5)
    write_output(flat, str(out))
    doc = office.load(str(out))
    try:
        texts = office.paragraph_texts(doc)
    finally:
        office.close(doc)
    assert texts == document_text(str(out))
    joined = "\n".join(texts)
    assert "第5条　" in joined and "第23条　" in joined and "第24条" not in joined
    assert "条例第46条又は第48条" in joined and "条例第47条又は第48条" in joined
    assert "以下「条例」という。）第2条第1項第4号アに係る" in joined
