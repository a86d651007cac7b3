"""The CLI as a user meets it: exit codes, messages, nothing written on bad input."""
import hashlib
import json
import subprocess
import sys
import zipfile

import pytest

from support.helpers import R5, REPO

EXAMPLES = sorted((REPO / "examples" / "answers").glob("r5-*.json"))


def tokki(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tokki_odf.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def write(path, obj):
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def test_assemble_writes_a_clean_odt(tmp_path):
    out = tmp_path / "特記事項.odt"
    r = tokki("assemble", R5, "--answers", EXAMPLES[0], "--out", out)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        assert z.namelist()[0] == "mimetype"
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        content = z.read("content.xml").decode()
        meta = z.read("meta.xml").decode()
    for markup in ("content-control", "<text:section", 'text:name="p:', "office:annotation",
                   "Tokki_Question", "Tokki_Note"):
        assert markup not in content.split("<office:body>")[1], markup
    assert "dc:creator" not in meta and "initial-creator" not in meta
    assert "user-defined" not in meta


@pytest.mark.parametrize("answers,needle", [
    ({"business_name": "x業務", "copying": "maybe"}, "copying（複写又は複製）: 'maybe' is not an option"),
    ({"business_name": "x業務", "court": 5}, "court（第一審の専属的合意管轄裁判所）must be text"),
    ({"copying": "prohibit"}, "business_name（業務名）is required"),
    ({"business_name": "x業務", "unknown": 1}, "unknown key 'unknown'"),
    ([1, 2], "must be a JSON object"),
])
def test_bad_answers_exit_2_and_leave_existing_output_untouched(tmp_path, answers, needle):
    out = tmp_path / "out.odt"
    out.write_bytes(b"previous contract")
    r = tokki("assemble", R5, "--answers", write(tmp_path / "a.json", answers), "--out", out)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert out.read_bytes() == b"previous contract"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "out.odt"]  # no temp left


@pytest.mark.parametrize("name,content,needle", [
    ("missing.fodt", None, "No such file"),
    ("t.fodt", b"not xml", "not an ODF document"),
    ("t.odt", b"PK\x03\x04broken", "not a zip package"),
    ("t.fodt", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "DTD"),
])
def test_bad_template_exit_2(tmp_path, name, content, needle):
    template = tmp_path / name
    if content is not None:
        template.write_bytes(content)
    r = tokki("assemble", template, "--answers", EXAMPLES[0], "--out", tmp_path / "o.odt")
    assert r.returncode == 2 and needle in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "o.odt").exists()


def test_bad_json_and_bad_output_name(tmp_path):
    bad = tmp_path / "a.json"
    bad.write_text('{"business_name": "x業務",}', encoding="utf-8")
    r = tokki("assemble", R5, "--answers", bad, "--out", tmp_path / "o.odt")
    assert r.returncode == 2 and "not valid JSON at line 1" in r.stderr
    r = tokki("assemble", R5, "--answers", EXAMPLES[0], "--out", tmp_path / "o.txt")
    assert r.returncode == 2 and ".odt, .fodt, .pdf, .docx" in r.stderr
    r = tokki("assemble", R5, "--answers", EXAMPLES[0], "--out", tmp_path / "o.odt",
              "--start-article", "0")
    assert r.returncode == 2 and "whole number" in r.stderr


def test_inputs_are_never_modified(tmp_path):
    before = hashlib.sha256(R5.read_bytes()).hexdigest()
    tokki("assemble", R5, "--answers", EXAMPLES[1], "--out", tmp_path / "o.odt")
    assert hashlib.sha256(R5.read_bytes()).hexdigest() == before


def test_start_article_accepts_full_width_digits(tmp_path):
    out = tmp_path / "o.odt"
    assert tokki("assemble", R5, "--answers", EXAMPLES[0], "--out", out,
                 "--start-article", "１０").returncode == 0
    r = tokki("text", out)
    assert r.returncode == 0 and "\n第10条　" in r.stdout and "第11条第1項各号" in r.stdout


def test_fodt_output_and_text_roundtrip(tmp_path):
    odt, fodt = tmp_path / "o.odt", tmp_path / "o.fodt"
    for out in (odt, fodt):
        assert tokki("assemble", R5, "--answers", EXAMPLES[1], "--out", out).returncode == 0
    assert tokki("text", odt).stdout == tokki("text", fodt).stdout


def test_editable_output_records_answers_final_does_not(tmp_path):
    from tokki_odf.core.assembly.assemble import recorded_answers
    from tokki_odf.io.package import load_flat
    final, editable = tmp_path / "f.odt", tmp_path / "e.odt"
    assert tokki("assemble", R5, "--answers", EXAMPLES[1], "--out", final).returncode == 0
    assert tokki("assemble", R5, "--answers", EXAMPLES[1], "--out", editable,
                 "--editable", "--start-article", "3").returncode == 0
    assert recorded_answers(load_flat(str(final))) is None
    name, answers, start = recorded_answers(load_flat(str(editable)))
    assert name == "tokki-r5" and start == 3
    assert answers["subcontract"] == "restrict" and answers["court"] == "東京地方裁判所"
    assert tokki("text", final).stdout.replace("第1条", "第3条").split("\n")[:3] == \
        tokki("text", editable).stdout.split("\n")[:3]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path):
    from tokki_odf.io.package import atomic_target, write_atomic
    out = tmp_path / "o.odt"
    write_atomic(str(out), b"old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_target(str(out)) as tmp:
            with open(tmp, "wb") as fh:
                fh.write(b"half")
            raise KeyboardInterrupt
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["o.odt"]
    write_atomic(str(out), b"new")
    assert out.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["o.odt"]
