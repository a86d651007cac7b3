"""Reading templates: house style, questions, and refusing what is not a template."""
import json
import subprocess
import sys

import pytest

from tokki_odf.api import load_template, assemble_document
from tokki_odf.errors import TemplateError, TokkiError
from tokki_odf.core.odf.text import body_paragraph_texts

from support.helpers import R5, BASE


def variant(tmp_path, name, *replacements):
    text = R5.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def lines_of(path, answers=None, start=1):
    flat = assemble_document(load_template(path), dict(BASE, **(answers or {})), start)
    return body_paragraph_texts(flat)


def test_kanji_house_style_numbers_articles_and_references(tmp_path):
    path = variant(tmp_path, "kanji.fodt", ("第1条　", "第一条　"))
    lines = lines_of(path, {"materials": "return_or_dispose", "high_risk": True}, start=3)
    text = "\n".join(lines)
    assert "第三条　" in text and "第二十三条　" in text and "第3条" not in text
    assert "乙は、第四条第一項各号に掲げる個人情報" in text
    assert "（第九条で規定する「複写又は複製したもの」" in text
    assert "第四条から前条まで" in text and "第四条から第十八条まで" in text
    assert "規則」という。）第43条各号" in text  # external references are never touched


def test_full_width_house_style(tmp_path):
    path = variant(tmp_path, "full.fodt", ("第1条　", "第１条　"), ("(1)　受託業務の処理のために甲から提供", "（１）　受託業務の処理のために甲から提供"))
    text = "\n".join(lines_of(path))
    assert "第１２条　" in text and "第２条第１項各号" in text
    assert "（１）　受託業務の処理のために甲から提供" in text and "（２）　受託業務の処理のために収集" in text


def test_start_article_shifts_everything_but_external_references():
    text = "\n".join(lines_of(str(R5), {"high_risk": True}, start=25))
    assert text.count("第25条　") == 1 and "第45条　" in text and "第46条　" not in text
    assert "第26条第1項各号" in text and "第26条から前条まで" in text and "第26条から第40条まで" in text
    assert "第43条各号" in text  # 規則第43条 stays


def test_questions_json_shape():
    out = subprocess.run([sys.executable, "-m", "tokki_odf.cli", "questions", str(R5), "--json"],
                         capture_output=True, text=True, check=True)
    questions = json.loads(out.stdout)
    by_key = {q["key"]: q for q in questions}
    assert list(by_key) == ["business_name", "client_name", "scope", "collected_other",
                            "provided_items", "collected_items", "external_provision",
                            "subcontract", "copying", "removal", "computer_processing",
                            "high_risk", "materials", "court"]
    for q in questions:
        assert set(q) >= {"key", "kind", "label", "options", "default", "required", "help"}
        assert q["label"] and q["kind"] in ("choice", "flag", "text", "list")
    assert by_key["business_name"]["required"] and by_key["business_name"]["default"] is None
    assert by_key["client_name"]["default"] == "豊島区"
    assert [o["value"] for o in by_key["copying"]["options"]] == ["prohibit", "within_spec",
                                                                  "with_approval"]
    assert "マイクロフィルム" in by_key["copying"]["options"][1]["help"]   # the seed's ※1
    assert "規則" in by_key["high_risk"]["help"] and by_key["high_risk"]["default"] is False
    assert by_key["provided_items"]["default"] == ["氏名", "住所", "電話番号"]
    assert by_key["collected_other"]["when"] == "scope!=provided_only"


def test_bad_condition_is_named(tmp_path):
    path = variant(tmp_path, "bad.fodt", ('text:name="if:copying=within_spec"',
                                          'text:name="if:copying=="'))
    with pytest.raises(TemplateError, match=r"if:copying==.*bad condition"):
        load_template(path)


def test_reference_to_unknown_target_stops_assembly(tmp_path):
    path = variant(tmp_path, "ref.fodt", ('loext:tag="ref:copying"', 'loext:tag="ref:copyng"'))
    with pytest.raises(TemplateError, match="copyng"):
        lines_of(path, {"materials": "return_or_dispose"})


def test_a_plain_document_is_not_a_template(tmp_path):
    doc = tmp_path / "plain.fodt"
    doc.write_text('<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:'
                   'opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:'
                   'xmlns:text:1.0"><office:body><office:text><text:p>第1条 本文</text:p>'
                   '</office:text></office:body></office:document>', encoding="utf-8")
    with pytest.raises(TemplateError, match="not a tokki template"):
        load_template(str(doc))
    (tmp_path / "junk.odt").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(TokkiError):
        load_template(str(tmp_path / "junk.odt"))
