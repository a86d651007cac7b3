"""The R5 template and its outputs in real LibreOffice (25.2)."""
import pytest

from tokki_odf.api import load_template, assemble_document, write_output, document_text

from support.helpers import R5, REPO, BASE
from support.writer_uno import content_controls, copy_for_office

EXAMPLES = sorted((REPO / "examples" / "answers").glob("r5-*.json"))
pytestmark = pytest.mark.office


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_libreoffice_reads_the_same_text_as_tokki_text(office, tmp_path, example):
    import json
    out = tmp_path / (example.stem + ".odt")
    flat = assemble_document(load_template(str(R5)), json.loads(example.read_text("utf-8")))
    write_output(flat, str(out))
    doc = office.load(str(out))
    try:
        assert office.paragraph_texts(doc) == document_text(str(out))
    finally:
        office.close(doc)


def test_writer_sees_the_questions_as_content_controls(office, tmp_path):
    doc = office.load(copy_for_office(R5, tmp_path))
    try:
        controls = [(cc.Tag, cc.Alias) for cc in content_controls(doc)]
        sections = doc.getTextSections().getElementNames()
    finally:
        office.close(doc)
    tags = {tag for tag, _ in controls}
    assert set(load_template(str(R5)).questions) <= tags
    assert all(alias for _, alias in controls), "every control has a Japanese label"
    assert "art:copying" in sections and "if:copying=within_spec" in sections
    assert "if:high_risk and subcontract=restrict" in sections


def test_template_saved_by_writer_still_assembles_identically(office, tmp_path):
    """The privacy office opens the ひな型 in Writer and saves it: nothing is lost."""
    doc = office.load(copy_for_office(R5, tmp_path))
    try:
        office.store(doc, str(tmp_path / "saved.fodt"), "fodt")
        office.store(doc, str(tmp_path / "saved.odt"), "odt")
        office.store(doc, str(tmp_path / "saved.ott"), "writer8_template")
    finally:
        office.close(doc)
    answers = dict(BASE, subcontract="restrict", high_risk=True, materials="return_or_dispose",
                   scope="collected_only")
    expected = _texts(load_template(str(R5)), answers)
    for name in ("saved.fodt", "saved.odt", "saved.ott"):
        saved = load_template(str(tmp_path / name))
        assert list(saved.questions) == list(load_template(str(R5)).questions)
        assert _texts(saved, answers) == expected


def _texts(template, answers):
    from tokki_odf.core.odf.text import body_paragraph_texts
    return body_paragraph_texts(assemble_document(template, answers, 1))


def test_pdf_is_a4_mincho_without_personal_metadata(tmp_path):
    import subprocess
    flat = assemble_document(load_template(str(R5)), dict(BASE))
    pdf = write_output(flat, str(tmp_path / "o.pdf"))
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    assert "595.3" in info and "841.89" in info            # A4 portrait
    assert "Author" not in info or "Author:         \n" in info
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts                          # 明朝, not a sans fallback
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert "第 21 条" in text and "○○" not in text  # pdftotext spaces out 第21条


def test_provisions_inserted_into_another_document_stay_japanese_mincho(office, tmp_path):
    """Inserted into a contract whose default style is not Japanese (here: a new document of
    a profile with another locale), the provisions keep 明朝 and the ja-JP language, so Writer
    shapes the kanji as Japanese glyphs (not the Chinese forms of Noto Serif CJK SC)."""
    import uno
    from com.sun.star.beans import PropertyValue
    out = tmp_path / "p.odt"
    write_output(assemble_document(load_template(str(R5)), dict(BASE)), str(out))
    hidden = PropertyValue()
    hidden.Name, hidden.Value = "Hidden", True
    doc = office.desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0, (hidden,))
    try:
        text = doc.getText()
        text.createTextCursor().insertDocumentFromURL(uno.systemPathToFileUrl(str(out)), ())
        enum = text.createEnumeration()
        checked = 0
        while enum.hasMoreElements():
            para = enum.nextElement()
            if para.getString().startswith("第"):
                assert para.CharLocaleAsian.Language == "ja", para.getString()[:10]
                assert para.CharFontNameAsian.startswith("Noto Serif CJK JP"), para.CharFontNameAsian
                checked += 1
        assert checked >= 21
    finally:
        office.close(doc)
