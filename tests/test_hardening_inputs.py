"""Hardening (issue 11): inputs. Each test is a reproduction from the robustness probe
report filed with issue 11, run through the CLI of this checkout."""
import json
import os
import subprocess
import sys
import zipfile

import pytest

from support import hostile as h
from tokki_odf.core.drafting.numerals import int_to_kanji, kanji_to_int
from tokki_odf.errors import UnsafeDocument
from tokki_odf.io.input import read_input, refuse_overwrite, same_file
from tokki_odf.io.safe import parse_xml
from tokki_odf.errors import TokkiError

R5 = str(h.R5)


def tokki(*args, cwd=None, timeout=120):
    proc = subprocess.run([sys.executable, "-m", "tokki_odf.cli"] + [str(a) for a in args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
                          timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), \
        proc.stderr.decode("utf-8", "replace")


def one_line_exit_2(rc, err):
    assert rc == 2, err
    lines = [l for l in err.splitlines() if l.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def a_json(tmp_path):
    return h.answers(tmp_path / "a.json", {"business_name": "業務"})


# -- F1: an output never overwrites an input -------------------------------------------

def test_f1_assemble_out_equal_to_template_is_refused_and_the_template_kept(tmp_path, a_json):
    t = tmp_path / "t.fodt"
    t.write_bytes(h.R5.read_bytes())
    rc, _, err = tokki("assemble", t, "--answers", a_json, "--out", t)
    assert "overwrite the input" in one_line_exit_2(rc, err)
    assert t.read_bytes() == h.R5.read_bytes()
    os.link(str(t), str(tmp_path / "hard.fodt"))
    os.symlink("t.fodt", str(tmp_path / "sym.fodt"))
    for out in ("hard.fodt", "sym.fodt"):
        rc, _, err = tokki("assemble", t, "--answers", a_json, "--out", tmp_path / out)
        one_line_exit_2(rc, err)
    rc, _, err = tokki("assemble", tmp_path / "sym.fodt", "--answers", a_json, "--out", t)
    one_line_exit_2(rc, err)
    assert t.read_bytes() == h.R5.read_bytes()


def test_f1_report_out_equal_to_its_template_is_refused(tmp_path, a_json):
    r = tmp_path / "r.fodt"
    r.write_bytes(h.REPORT.read_bytes())
    rc, _, err = tokki("report", "--answers", a_json, "--template", r, "--out", r)
    one_line_exit_2(rc, err)
    assert r.read_bytes() == h.REPORT.read_bytes()


def test_same_file_sees_paths_links_and_hard_links(tmp_path):
    a = tmp_path / "a"
    a.write_text("x")
    os.link(str(a), str(tmp_path / "b"))
    os.symlink(str(a), str(tmp_path / "c"))
    assert same_file(str(a), str(tmp_path / "b")) and same_file(str(tmp_path / "c"), str(a))
    assert same_file(str(tmp_path / "." / "a"), str(a))
    assert not same_file(str(a), str(tmp_path / "new"))
    with pytest.raises(TokkiError):
        refuse_overwrite([str(tmp_path / "new"), str(tmp_path / "b")], [str(a)])


# -- F4: characters XML cannot hold ---------------------------------------------------

@pytest.mark.parametrize("value,char", [("業務\u0001名", "U+0001"), ("業務\u0000", "U+0000"),
                                        ("業\u000b務", "U+000B"), ("業\ufffe務", "U+FFFE"),
                                        ("業\ud800務", "U+D800"), ("業\u001f務", "U+001F")])
def test_f4_control_characters_are_refused_naming_key_and_character(tmp_path, value, char):
    good = tmp_path / "keep.odt"
    rc, _, err = tokki("assemble", R5, "--answers", h.answers(tmp_path / "g.json",
                       {"business_name": "業務"}), "--out", good)
    assert rc == 0
    before = good.read_bytes()
    (tmp_path / "c.json").write_text(json.dumps({"business_name": value}), encoding="utf-8")
    for out in ("keep.odt", "c.fodt", "c.pdf"):
        rc, _, err = tokki("assemble", R5, "--answers", tmp_path / "c.json", "--out",
                           tmp_path / out)
        line = one_line_exit_2(rc, err)
        assert "business_name" in line and char in line
    assert good.read_bytes() == before
    assert not (tmp_path / "c.fodt").exists() and not (tmp_path / "c.pdf").exists()


def test_f4_in_list_items_and_contract_keys(tmp_path):
    path = tmp_path / "l.json"
    path.write_text(json.dumps({"business_name": "業務", "provided_items": ["氏名", "住\u0001所"]}),
                    encoding="utf-8")
    rc, _, err = tokki("assemble", R5, "--answers", path, "--out", tmp_path / "o.odt")
    assert "provided_items" in one_line_exit_2(rc, err)
    path.write_text(json.dumps({"business_name": "業務", "contract_no": "R5-\u0001"}),
                    encoding="utf-8")
    rc, _, err = tokki("report", "--answers", path, "--out", tmp_path / "rep.odt")
    line = one_line_exit_2(rc, err)
    assert "contract_no" in line and "U+0001" in line
    assert not (tmp_path / "rep.odt").exists()


def test_no_writer_writes_an_illegal_character():
    import xml.etree.ElementTree as ET
    from tokki_odf.io.package import fodt_bytes
    el = ET.Element("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}document")
    el.text = "a\x02b"
    with pytest.raises(TokkiError):
        fodt_bytes(el)


# -- F11: DTD refusal in any encoding ----------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16", "utf-32", "utf-32-le",
                                   "utf-32-be", "utf-8"])
def test_f11_a_dtd_is_refused_in_every_encoding(codec):
    doc = ('<?xml version="1.0" encoding="%s"?><!DOCTYPE a [<!ENTITY x "E">]><a>&x;</a>'
           % ("UTF-8" if codec == "utf-8" else "UTF-16"))
    with pytest.raises(UnsafeDocument, match="DOCTYPE"):
        parse_xml(doc.encode(codec), "x")


def test_f11_utf16le_flat_odt_without_bom(tmp_path, a_json):
    x = tmp_path / "x.fodt"
    assert tokki("assemble", R5, "--answers", a_json, "--out", x)[0] == 0
    u16 = h.utf16_dtd(x.read_text(encoding="utf-8"), tmp_path / "u16.fodt")
    for cmd in (["validate", "--json", u16], ["text", u16]):
        rc, out, err = tokki(*cmd)
        assert "DOCTYPE" in one_line_exit_2(rc, err) and "ENTITY-EXPANDED" not in out
    # and a UTF-16 document without a DTD still reads
    plain = x.read_text(encoding="utf-8").split("\n", 1)[1]
    (tmp_path / "ok16.fodt").write_bytes(('<?xml version="1.0" encoding="UTF-16"?>' + plain)
                                         .encode("utf-16-le"))
    rc, out, _ = tokki("text", tmp_path / "ok16.fodt")
    assert rc == 0 and "業務の受託事業者" in out


# -- F17: nesting; F20: FIFOs and devices ---------------------------------------------------

def test_f17_deep_json_is_exit_2(tmp_path):
    n = tmp_path / "n.json"
    n.write_text('{"business_name":"x","$c":' + "[" * 200000 + "]" * 200000 + "}")
    rc, _, err = tokki("assemble", R5, "--answers", n, "--out", tmp_path / "n.odt")
    assert "nested too deeply" in one_line_exit_2(rc, err)


@pytest.mark.parametrize("role", ["template", "answers", "validate"])
def test_f20_a_fifo_is_refused_at_once(tmp_path, a_json, role):
    fifo = tmp_path / ("f.fodt" if role != "answers" else "f.json")
    os.mkfifo(str(fifo))
    cmd = {"template": ["assemble", fifo, "--answers", a_json, "--out", tmp_path / "o.odt"],
           "answers": ["assemble", R5, "--answers", fifo, "--out", tmp_path / "o.odt"],
           "validate": ["validate", fifo]}[role]
    rc, _, err = tokki(*cmd, timeout=20)
    assert "FIFO" in one_line_exit_2(rc, err)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_f20_devices_are_not_read(tmp_path, a_json, device):
    rc, _, err = tokki("validate", device, timeout=20)
    assert "character device" in one_line_exit_2(rc, err)
    rc, _, err = tokki("assemble", device, "--answers", a_json, "--out", tmp_path / "o.odt",
                       timeout=20)
    assert "character device" in one_line_exit_2(rc, err)


def test_read_input_caps_what_it_reads(tmp_path):
    big = tmp_path / "big.json"
    with open(str(big), "wb") as fh:
        fh.truncate(11 * 1024 * 1024)
    with pytest.raises(UnsafeDocument, match="larger than"):
        read_input(str(big), "answers")
    with pytest.raises(TokkiError, match="folder"):
        read_input(str(tmp_path), "answers")


# -- F15, F23, F24: answers ---------------------------------------------------------------

def test_f15_47_items_are_exit_2_with_the_limit(tmp_path):
    path = h.answers(tmp_path / "l47.json", {"business_name": "業務",
                                            "provided_items": ["項目%d" % i for i in range(47)]})
    rc, _, err = tokki("assemble", R5, "--answers", path, "--out", tmp_path / "l.odt")
    assert "at most 46" in one_line_exit_2(rc, err)
    path = h.answers(tmp_path / "l46.json", {"business_name": "業務",
                                            "provided_items": ["項目%d" % i for i in range(46)]})
    assert tokki("assemble", R5, "--answers", path, "--out", tmp_path / "l.odt")[0] == 0


def test_f23_long_answers_are_refused_and_tokki_reads_its_own_outputs(tmp_path):
    big = h.answers(tmp_path / "big.json", {"business_name": "長" * 349525})
    rc, _, err = tokki("assemble", R5, "--answers", big, "--out", tmp_path / "big.odt")
    assert "at most 1000" in one_line_exit_2(rc, err)
    ok = h.answers(tmp_path / "ok.json", {"business_name": "長" * 1000,
                                         "provided_items": ["項" * 500] * 46})
    assert tokki("assemble", R5, "--answers", ok, "--out", tmp_path / "ok.odt")[0] == 0
    rc, _, err = tokki("validate", tmp_path / "ok.odt")
    assert rc in (0, 1) and "zip bomb" not in err


def test_f23_the_ratio_check_does_not_refuse_legitimate_text(tmp_path):
    from tokki_odf.io.safe import SafeZip
    path = tmp_path / "z.zip"
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("content.xml", "長".encode("utf-8") * 400000)     # 1.2 MB, ~1000:1
    assert len(SafeZip(path.read_bytes(), "z").read("content.xml")) == 1200000


@pytest.mark.parametrize("answers", [
    {"business_name": "◯◯業務"}, {"business_name": "〇〇業務"}, {"business_name": "※業務"},
    {"business_name": "次のような表現にする業務"}, {"business_name": "業務", "provided_items": ["○○"]},
    {"business_name": "\u200b\u200b\u200b"}])
def test_f24_what_validate_calls_a_leftover_is_refused_at_input(tmp_path, answers):
    path = h.answers(tmp_path / "x.json", answers)
    rc, _, err = tokki("assemble", R5, "--answers", path, "--out", tmp_path / "x.odt")
    one_line_exit_2(rc, err)
    assert not (tmp_path / "x.odt").exists()


def test_f24_a_year_with_kanji_zeros_is_not_a_placeholder(tmp_path):
    path = h.answers(tmp_path / "y.json", {"business_name": "二〇二四年度住民情報業務"})
    assert tokki("assemble", R5, "--answers", path, "--out", tmp_path / "y.odt")[0] == 0


# -- F22: answer text is not read as a reference ----------------------------------------------

@pytest.mark.parametrize("name", ["第25条第3項各号に定める業務", "前条の規定による業務"])
def test_f22_reference_like_answers_raise_no_finding(tmp_path, name):
    path = h.answers(tmp_path / "r.json", {"business_name": name})
    assert tokki("assemble", R5, "--answers", path, "--out", tmp_path / "r.odt")[0] == 0
    rc, out, _ = tokki("validate", "--json", tmp_path / "r.odt")
    assert rc == 0, out
    base = h.answers(tmp_path / "b.json", {"business_name": "業務"})
    assert tokki("assemble", R5, "--answers", base, "--out", tmp_path / "b.odt")[0] == 0
    codes = lambda text: sorted(f["code"] for f in json.loads(text)["errors"] +
                                json.loads(text)["warnings"])
    assert codes(out) == codes(tokki("validate", "--json", tmp_path / "b.odt")[1])


# -- F26: kanji numerals ----------------------------------------------------------------------

def test_f26_kanji_numerals_past_9999():
    for n in (9999, 10000, 10001, 12345, 99999, 110000, 10000000, 123456789):
        assert kanji_to_int(int_to_kanji(n)) == n
    assert int_to_kanji(10000) == "一万" and int_to_kanji(12345) == "一万二千三百四十五"


def test_f26_kanji_template_with_start_article_9980(tmp_path, a_json):
    k = h.kanji_template(tmp_path / "kanji.fodt")
    rc, _, err = tokki("assemble", k, "--answers", a_json, "--out", tmp_path / "k.odt",
                       "--start-article", 9998)
    assert rc == 0, err
    rc, out, _ = tokki("text", tmp_path / "k.odt")
    assert "第一万条" in out
    rc, out, _ = tokki("validate", tmp_path / "k.odt")
    assert rc == 0, out
