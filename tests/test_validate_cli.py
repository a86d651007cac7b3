"""`tokki validate` and `tokki scrub` on the command line: output, exit codes."""
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "validate"))
import odt_build  # noqa: E402
import validate_seed as seed  # noqa: E402

from tokki_odf.cli.main import main as tokki_main  # noqa: E402
from tokki_odf.io.contract import read_document  # noqa: E402


@pytest.fixture(scope="module")
def r5():
    return seed.main_variant("r5")


@pytest.fixture
def clean(tmp_path, r5):
    return odt_build.build(r5, tmp_path / "clean.odt")


@pytest.fixture
def stale(tmp_path, r5):
    text = seed.replace_article(r5, 17, seed.article_block("r5", 17, 2))
    return odt_build.build(text, tmp_path / "stale.odt", creator="山田太郎")


def run(capsys, *argv):
    rc = tokki_main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_json_shape_and_exit_0(capsys, clean):
    rc, out, err = run(capsys, "validate", clean, "--json")
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"file", "errors", "warnings", "coverage", "structure"}
    assert data["file"] == clean and data["errors"] == []
    assert sorted(data["coverage"], key=int) == [str(i) for i in range(1, 9)]
    assert data["coverage"]["3"] == [7, 8]
    for f in data["warnings"]:
        assert set(f) >= {"code", "severity", "article", "paragraph", "excerpt", "message",
                          "message_en"}


def test_errors_give_exit_1_and_name_the_article(capsys, stale):
    rc, out, _ = run(capsys, "validate", stale, "--json")
    data = json.loads(out)
    assert rc == 1
    stale_ref = [f for f in data["errors"] if f["code"] == "REF_STALE_TERM"][0]
    assert stale_ref["article"] == 17 and stale_ref["severity"] == "error"
    assert "第7条" in stale_ref["message"] and "Article 7" in stale_ref["message_en"]
    assert any(f["code"] == "META_AUTHOR" and "山田太郎" in f["message"]
               for f in data["warnings"])


def test_readable_report_in_both_languages(capsys, stale):
    rc, out, _ = run(capsys, "validate", stale)
    assert rc == 1 and "エラー 1件" in out and "第17条" in out and "REF_STALE_TERM" in out
    assert "指針4-8-9(1)" in out
    rc, out, _ = run(capsys, "validate", stale, "--lang", "en")
    assert rc == 1 and "1 error(s)" in out and "Article 17" in out


def test_unreadable_file_exit_2(capsys, tmp_path):
    rc, out, err = run(capsys, "validate", str(tmp_path / "nothing.odt"))
    assert rc == 2 and out == "" and "no such file" in err


def test_scrub_then_validate_has_no_metadata_findings(capsys, tmp_path, r5):
    i = seed.find_line(r5, "第7条")
    src = odt_build.build(
        r5, tmp_path / "src.odt", creator="山田太郎", user_defined={"担当者": "鈴木"},
        comment=(i, "山田太郎", "制限にする？"), track_changes=True,
        deletion=(i, "山田太郎", "ただし、甲の承認を受けたときは、この限りでない。"),
        insertion=(i + 2, "佐藤", "追加した文。"), hidden_span=(i + 2, "秘密のメモ"),
        hidden_paragraph=(i + 3, "隠した段落"), hidden_section=(i + 4, ["第8条 隠した案"]))
    before = Path(src).read_bytes()
    out_path = str(tmp_path / "scrubbed.odt")
    rc, out, _ = run(capsys, "scrub", src, "--out", out_path)
    assert rc == 0 and "コメント: 1" in out and "変更履歴: 2" in out
    assert Path(src).read_bytes() == before                 # the input is untouched
    paragraphs, meta = read_document(out_path)
    visible, _ = read_document(src)
    assert paragraphs == visible                            # the text you saw is kept
    assert "追加した文。" in "".join(paragraphs)              # insertions accepted
    rc, out, _ = run(capsys, "validate", out_path, "--json")
    data = json.loads(out)
    assert rc == 0
    assert not [f for f in data["errors"] + data["warnings"] if f["code"].startswith("META_")]
    with zipfile.ZipFile(out_path) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8")
    for secret in ("山田太郎", "鈴木", "制限にする", "この限りでない。", "秘密のメモ", "隠した"):
        assert secret not in everything, secret


def test_scrub_to_fodt(capsys, tmp_path, clean):
    rc, out, _ = run(capsys, "scrub", clean, "--out", str(tmp_path / "x.fodt"), "--lang", "en")
    assert rc == 0 and "nothing to remove" in out
    assert read_document(str(tmp_path / "x.fodt"))[0] == read_document(clean)[0]


def test_scrub_refuses_other_output_types(capsys, tmp_path, clean):
    rc, _, err = run(capsys, "scrub", clean, "--out", str(tmp_path / "x.pdf"))
    assert rc == 2 and ".odt or .fodt" in err and not (tmp_path / "x.pdf").exists()


def test_installed_tokki_command_has_validate_and_scrub(tmp_path, clean):
    """Through the real entry point (python -m tokki_odf.cli), as a user runs it."""
    cmd = [sys.executable, "-m", "tokki_odf.cli"]
    done = subprocess.run(cmd + ["validate", clean, "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["errors"] == []
    done = subprocess.run(cmd + ["scrub", clean, "--out", str(tmp_path / "s.odt")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(cmd + ["validate", str(tmp_path / "missing.odt")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1


def test_docx_without_libreoffice_exit_2(capsys, tmp_path, monkeypatch):
    from tokki_odf.office import soffice
    monkeypatch.setattr(soffice, "find_soffice", lambda: None)
    docx = tmp_path / "contract.docx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document xmlns:w='urn:w'/>")
    rc, out, err = run(capsys, "validate", str(docx))
    assert rc == 2 and out == "" and err.count("\n") == 1
    assert "LibreOffice" in err and ".docx" in err and "install" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contract.docx"]


def test_outline_and_json_structure(tmp_path):
    import json
    import subprocess
    src = tmp_path / "besshi.txt"
    src.write_text("業務委託契約書\n（委託）\n第1条　甲は、業務を委託する。\n（秘密）\n第2条　乙は、秘密を守る。\n"
                   "別記\n個人情報取扱特記事項\n（基本的事項）\n第1　乙は、適正に取り扱う。\n"
                   "（収集の制限）\n第2　乙は、必要な範囲で集める。\n2　乙は、次の事項を守る。\n"
                   "(1)　適法に集めること。\n(2)　公正に集めること。\n", encoding="utf-8")
    tokki = [sys.executable, "-m", "tokki_odf.cli"]
    out = subprocess.run(tokki + ["outline", str(src)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "第1部　業務委託契約書", "  第1条（委託）", "  第2条（秘密）",
        "第2部　別記 個人情報取扱特記事項", "  第1（基本的事項）", "  第2（収集の制限）　2項",
        "    （第1項）", "    2", "      (1)", "      (2)"]
    out = subprocess.run(tokki + ["validate", str(src), "--json"], capture_output=True, text=True)
    data = json.loads(out.stdout)
    parts = data["structure"]["parts"]
    assert [len(p["articles"]) for p in parts] == [2, 2]
    art = parts[1]["articles"][1]
    assert (art["label"], art["number"], art["caption"]) == ("第2", 2, "収集の制限")
    assert [len(p["items"]) for p in art["paragraphs"]] == [0, 2]
    bad = subprocess.run(tokki + ["outline", str(tmp_path / "none.odt")], capture_output=True,
                         text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
