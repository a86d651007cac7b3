"""Item 5 of issue 11: every attempt of the robustness probe report (issue 11) that can run
without LibreOffice is run again here, as written, with this worktree's `tokki` as a
subprocess. None may end in exit 3 (internal error), and each must end as the report's
"expected" column says. (The LibreOffice attempts — PDF conversion, kill -9, Ctrl+C,
the relative --out example — are in test_hardening_office.py; the full and read-only
folders in test_hardening_batch.py.)"""
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import hostile as h

R5 = str(h.R5)
BIN = Path(sys.executable).parent / "tokki"
TOKKI = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "tokki_odf.cli"]
CASES = {}


def case(name):
    def deco(fn):
        CASES[name] = fn
        return fn
    return deco


def tokki(*args, cwd):
    proc = subprocess.run(TOKKI + [str(a) for a in args], cwd=str(cwd), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), \
        proc.stderr.decode("utf-8", "replace")


def js(d, name, obj):
    (d / name).write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return name


def assemble(d, answers, out="o.odt", *extra, template=R5):
    return tokki("assemble", template, "--answers", js(d, "x.json", answers), "--out", out,
                 *extra, cwd=d)


def batch(d, name, data, *extra, template=R5):
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return tokki("batch", "--template", template, "--answers", name, "--out", d / "out",
                 "--format", "odt", "-q", *extra, cwd=d)


def lines(*rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def ok(result):
    assert result[0] == 0, result[2]


def bad(result, *words):
    rc, _, err = result
    assert rc == 2, err
    assert len([l for l in err.splitlines() if l.strip()]) == 1, err
    for w in words:
        assert w in err, err


def some_rows_fail(result, made, d):
    assert result[0] == 1, result[2]
    assert sorted(p.name for p in (d / "out").glob("*.odt")) == sorted(made)


def valid(d, path):
    rc, out, err = tokki("validate", path, cwd=d)
    assert rc == 0, out + err


# -- 1. Answers --------------------------------------------------------------------------

@case("A1 XML specials")
def _(d):
    ok(assemble(d, {"business_name": "A<B>&C\"D'E]]><![CDATA[x]]>&amp;&#x41;<!-- c -->業務"}))
    valid(d, "o.odt")


@case("A2 C0 controls")
def _(d):
    bad(assemble(d, {"business_name": "業\u0000\u0001\u000b\u000c\u001f務"}), "business_name",
        "U+0000")


@case("A3 control in a list item")
def _(d):
    bad(assemble(d, {"business_name": "業務", "provided_items": ["氏\u0001名"]}),
        "provided_items", "U+0001")


@case("A4 U+FFFE and a lone surrogate")
def _(d):
    bad(assemble(d, {"business_name": "業\ufffe務"}), "U+FFFE")
    (d / "s.json").write_text('{"business_name":"業\\ud800務"}')
    bad(tokki("assemble", R5, "--answers", "s.json", "--out", "o.odt", cwd=d), "U+D800")


@case("A5 control character with a good file at --out")
def _(d):
    ok(assemble(d, {"business_name": "業務"}, "keep.odt"))
    before = (d / "keep.odt").read_bytes()
    bad(assemble(d, {"business_name": "業\u0000務"}, "keep.odt"))
    assert (d / "keep.odt").read_bytes() == before


@case("A6 A7 control character, .fodt / .pdf / .docx")
def _(d):
    for out in ("c.fodt", "c.pdf", "c.docx"):
        bad(assemble(d, {"business_name": "業\u0001務"}, out), "business_name", "U+0001")
        assert not (d / out).exists()


@case("A8 controls in contract keys (report)")
def _(d):
    bad(tokki("report", "--answers", js(d, "r.json", {"business_name": "業務", "contract_no": "R\u0001",
                                                       "contractor_name": "株式会社\u0002"}),
              "--out", "rep.odt", cwd=d), "U+0001")


@case("A9 TAB ok, CR refused")
def _(d):
    ok(assemble(d, {"business_name": "業\t務"}))
    bad(assemble(d, {"business_name": "業務\r名"}), "one line")


@case("A10 U+2028 U+2029 U+0085")
def _(d):
    ok(assemble(d, {"business_name": "業\u2028務\u2029名\u0085"}))
    valid(d, "o.odt")


@case("A11 1 MB business_name")
def _(d):
    bad(assemble(d, {"business_name": "長" * 349525}), "at most")
    rows = lines({"id": "A", "business_name": "長" * 349525}, {"id": "B", "business_name": "x"})
    some_rows_fail(batch(d, "b.jsonl", rows), ["B.odt"], d)


@case("A12 10 000 list items")
def _(d):
    bad(assemble(d, {"business_name": "業務", "provided_items": ["項目%d" % i
                                                              for i in range(10000)]}),
        "at most 46")


@case("A13 47 items among good rows")
def _(d):
    rows = lines({"id": "A", "business_name": "x"},
                 {"id": "B", "business_name": "y", "provided_items": ["i%d" % i for i in range(47)]},
                 {"id": "C", "business_name": "z"})
    some_rows_fail(batch(d, "l.jsonl", rows), ["A.odt", "C.odt"], d)


@case("A14 A15 A16 A24 emoji, RTL, digits, NFD")
def _(d):
    for name in ("👨‍👩‍👧‍👦🇯🇵🏳️‍🌈業務", "مرحبا שלום \u202e\u200f業務", "第１２３期ｼｽﾃﾑ業務123",
                 "カ\u3099ス業務"):
        ok(assemble(d, {"business_name": name, "client_name": "豊島区１２３"}))
        valid(d, "o.odt")


@case("A17 A18 reference-like business names")
def _(d):
    for name in ("第3条の規定に違反した場合の業務", "第25条第3項各号に定める業務", "前条の規定による業務"):
        ok(assemble(d, {"business_name": name}))
        valid(d, "o.odt")


@case("A19 reference-like name, batch, --start-article 25")
def _(d):
    ok(batch(d, "r.jsonl", lines({"id": "X", "business_name": "第3条の規定に違反した者への指導業務"}),
             "--start-article", "25"))


@case("A20 A21 A22 A23 leftovers, invisible, blank, number")
def _(d):
    for answers in ({"business_name": "○○業務"}, {"business_name": "◯◯業務"},
                    {"business_name": "〇〇業務"}, {"business_name": "※業務"},
                    {"business_name": "次のような表現にする業務"},
                    {"business_name": "業務", "provided_items": ["○○"]},
                    {"business_name": "\u200b\u200b\u200b"}, {"business_name": "　 "},
                    {"business_name": "業務", "provided_items": ["", " ", "　"]},
                    {"business_name": 12345}):
        bad(assemble(d, answers))


@case("A26 --start-article 10000, １０, 20 digits")
def _(d):
    for n in ("10000", "１０", "12345678901234567890"):
        ok(assemble(d, {"business_name": "業務"}, "o.odt", "--start-article", n))


@case("A27 kanji template, --start-article 9980")
def _(d):
    k = h.kanji_template(d / "kanji.fodt")
    ok(assemble(d, {"business_name": "業務"}, "k.odt", "--start-article", "9980", template=k))
    valid(d, "k.odt")


# -- 2. Batch -------------------------------------------------------------------------------

@case("B13 bad ids refused one by one")
def _(d):
    ids = ["../x", "a/b", "a\\b", "con", "CON.txt", "aux.tar.gz", "", ".hidden", "trail.", "..",
           "a\tb", "x" * 300, "good1", "good2"]
    some_rows_fail(batch(d, "ids.jsonl", lines(*[{"id": i, "business_name": "業務"}
                                                 for i in ids])), ["good1.odt", "good2.odt"], d)


@case("B14 bidi override in an id")
def _(d):
    some_rows_fail(batch(d, "b.jsonl", lines({"id": "K\u202efdp.exe", "business_name": "業務"},
                                             {"id": "K2", "business_name": "業務"})), ["K2.odt"], d)


@case("B15 formula injection stays text")
def _(d):
    ok(batch(d, "f.csv", 'id,business_name\nF1,"=cmd|\' /C calc\'!A0"\nF2,@SUM(1+1)\nF3,+業務\n'))


@case("B16 B17 B18 UTF-16/32 with and without BOM")
def _(d):
    text = "id,business_name\nA,業務\n"
    for data in (b"\xff\xfe" + text.encode("utf-16-le"), text.encode("utf-32"),
                 text.encode("utf-16-le"), text.encode("utf-16-be")):
        bad(batch(d, "u.csv", data), "UTF-")


@case("B19 Shift_JIS-2004 outside CP932")
def _(d):
    bad(batch(d, "s.csv", "id,business_name\nA,鷗𩸽剝\n".encode("shift_jis_2004")))


@case("B20 EUC-JP")
def _(d):
    bad(batch(d, "e.csv", "id,business_name\nE1,住民情報業務\n".encode("euc_jp")), "EUC-JP",
        "--encoding")


@case("B21 mixed line ends")
def _(d):
    ok(batch(d, "m.csv", b"id,business_name\r\nM1,x\nM2,y\rM3,z\r\n"))
    assert len(list((d / "out").glob("*.odt"))) == 3


@case("B22 B23 BOMs")
def _(d):
    bad(batch(d, "b.csv", "\ufeffid,business_name\nB1,業務1\n\ufeffid,business_name\nB2,x\n"),
        "repeats the first row")
    ok(batch(d, "c.csv", "id,business_name\nC1,業\ufeff務\n"))
    bad(batch(d, "dd.csv", "\ufeff\ufeffid,business_name\nD1,x\n"))


@case("B24 B25 many ignored / unknown columns")
def _(d):
    head = ",".join("$c%d" % i for i in range(5000))
    ok(batch(d, "i.csv", "id,business_name,%s\nI1,x%s\n" % (head, "," * 5000)))
    head = ",".join("c%d" % i for i in range(5000))
    bad(batch(d, "u.csv", "id,business_name,%s\nU1,x%s\n" % (head, "," * 5000)), "unknown")


@case("B26 B27 unbalanced quotes")
def _(d):
    bad(batch(d, "ul.csv", 'id,business_name,provided_items\nL1,業務1,"氏名\nL2,業務2,住所\n'
                           'L3,業務3,電話番号\n'), "row 2")
    bad(batch(d, "ut.csv", 'id,business_name\nU1,"業務1\nU2,業務2\n'), "row 2")


@case("B28 NUL in a cell, controls in JSONL")
def _(d):
    some_rows_fail(batch(d, "n.csv", "id,business_name\nN1,業\x00務\nN2,業務\n"), ["N2.odt"], d)
    shutil.rmtree(str(d / "out"))
    some_rows_fail(batch(d, "c.jsonl", lines({"id": "C1", "business_name": "業\u0001務"},
                                             {"id": "C2", "business_name": "業務"})), ["C2.odt"], d)


@case("B30 outputs that are symlinks to a victim")
def _(d):
    (d / "out").mkdir()
    victim = d / "victim.txt"
    victim.write_text("keep")
    for name in ("K000.odt", "summary.json"):
        os.symlink(str(victim), str(d / "out" / name))
    ok(batch(d, "k.jsonl", lines({"id": "K000", "business_name": "業務"})))
    assert victim.read_text() == "keep" and not (d / "out" / "K000.odt").is_symlink()


@case("B31 --resume with a summary pointing outside")
def _(d):
    rows = lines(*[{"id": "K%03d" % i, "business_name": "業務%d" % i} for i in range(3)])
    ok(batch(d, "k.jsonl", rows))
    (d / "elsewhere.odt").write_bytes((d / "out" / "K001.odt").read_bytes())
    s = (d / "out" / "summary.json").read_text(encoding="utf-8")
    (d / "out" / "summary.json").write_text(s.replace('"file": "K001.odt"', '"file": "%s"'
                                                      % (d / "elsewhere.odt")), encoding="utf-8")
    (d / "out" / "K001.odt").unlink()
    ok(batch(d, "k.jsonl", rows, "--resume"))
    assert (d / "out" / "K001.odt").exists()


@case("B33 bad --shard")
def _(d):
    for shard in ("0/0", "1/0", "3/2", "x"):
        bad(batch(d, "k.jsonl", lines({"id": "K", "business_name": "x"}), "--shard", shard))


@case("B34 a line nested 200 000 deep among good lines")
def _(d):
    rows = lines({"id": "A", "business_name": "x"}) + \
        '{"id":"B","business_name":"x","$c":' + "[" * 200000 + "]" * 200000 + "}\n"
    some_rows_fail(batch(d, "n.jsonl", rows), ["A.odt"], d)


# -- 3. Templates -------------------------------------------------------------------------------

FORBIDDEN = ("Shell(", "event-listener", "office:scripts", "vnd.sun.star.script", "execute-macro",
             "127.0.0.1", "file:///", "draw:object", "dde-connection", "section-source")


def _content(path):
    with zipfile.ZipFile(str(path)) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                       if n.endswith(".xml"))


@case("C1 C4 C5 C6 C7 C8 hostile template: nothing carried")
def _(d):
    t = h.hostile_template(d / "hostile.fodt")
    ok(assemble(d, {"business_name": "業務"}, "h.odt", template=t))
    text = _content(d / "h.odt")
    assert not [w for w in FORBIDDEN if w in text]
    ok(assemble(d, {"business_name": "業務"}, "h.fodt", template=t))
    text = (d / "h.fodt").read_text(encoding="utf-8")
    assert not [w for w in FORBIDDEN if w in text]


@case("C9 C10 validate and check-template say it")
def _(d):
    t = h.hostile_template(d / "hostile.fodt")
    rc, out, _ = tokki("check-template", t, cwd=d)
    assert rc == 1 and "SEC_SCRIPT" in out and "SEC_EXTERNAL_IMAGE" in out
    rc, out, _ = tokki("validate", t, cwd=d)
    assert rc == 1 and "SEC_OLE" in out


@case("C11 embedded picture kept")
def _(d):
    t = h.picture_template(d / "pic.odt")
    ok(assemble(d, {"business_name": "業務"}, "p.odt", template=t))
    with zipfile.ZipFile(str(d / "p.odt")) as z:
        assert [z.read(n) for n in z.namelist() if n.startswith("Pictures/")] == [h.PNG]


@case("C12 hidden sections")
def _(d):
    t = h.hidden_template(d / "hid.fodt")
    ok(assemble(d, {"business_name": "業務"}, "hid.odt", template=t))
    assert "内部メモ" not in _content(d / "hid.odt")


@case("C13 tracked changes")
def _(d):
    t = h.tracked_template(d / "tracked.fodt")
    bad(assemble(d, {"business_name": "業務"}, "t.odt", template=t), "tracked change")
    rc, out, _ = tokki("check-template", t, cwd=d)
    assert rc == 1 and "T-TRACKED-CHANGES" in out


@case("C14 settings")
def _(d):
    t = h.settings_template(d / "set.fodt")
    ok(assemble(d, {"business_name": "業務"}, "s.odt", template=t))
    assert "PRINTSRV01" not in _content(d / "s.odt")


# -- 4. Validate and scrub ----------------------------------------------------------------------

@case("D1-D13 dirty document")
def _(d):
    dirty = h.dirty_document(d / "dirty.fodt")
    rc, out, _ = tokki("validate", "--json", dirty, cwd=d)
    data = json.loads(out)
    found = [f["code"] for f in data["errors"] + data["warnings"]]
    assert rc == 1 and found.count("META_ANNOTATION") == 4 and "META_SETTINGS" in found
    assert found.count("LEFTOVER_PLACEHOLDER") == 3
    ok(tokki("scrub", dirty, "--out", "clean.odt", cwd=d))
    text = _content(d / "clean.odt")
    for secret in ("PRINTSRV01", "住民DB-山田", "ヘッダ担当F", "高橋次郎", "佐藤花子", "ヘッダ作者G"):
        assert secret not in text, secret
    with zipfile.ZipFile(str(d / "clean.odt")) as z:
        assert [z.read(n) for n in z.namelist() if n.startswith("Pictures/")] == [h.PNG]
    h.with_versions(d / "clean.odt", d / "v.odt")
    rc, out, _ = tokki("validate", "v.odt", cwd=d)
    assert rc == 1 and "META_VERSIONS" in out
    for alias in ("dirty.fodt", "./dirty.fodt", str(d / "dirty.fodt")):
        bad(tokki("scrub", dirty, "--out", alias, cwd=d))


@case("D13 scrub of a hostile document")
def _(d):
    t = h.hostile_template(d / "hostile.fodt")
    ok(tokki("scrub", t, "--out", "hs.odt", cwd=d))
    assert not [w for w in FORBIDDEN if w in _content(d / "hs.odt")]


# -- 5. Other -------------------------------------------------------------------------------------

@case("E1 E2 E3 --out and the template")
def _(d):
    (d / "t.fodt").write_bytes(h.R5.read_bytes())
    bad(assemble(d, {"business_name": "業務"}, "t.fodt", template="t.fodt"), "overwrite")
    (d / "r.fodt").write_bytes(h.REPORT.read_bytes())
    bad(tokki("report", "--answers", js(d, "a.json", {"business_name": "業務"}), "--template",
              "r.fodt", "--out", "r.fodt", cwd=d), "overwrite")
    assert (d / "t.fodt").read_bytes() == h.R5.read_bytes()
    assert (d / "r.fodt").read_bytes() == h.REPORT.read_bytes()
    os.symlink("t.fodt", str(d / "link.fodt"))
    bad(assemble(d, {"business_name": "業務"}, "link.fodt", template="t.fodt"))


@case("E4 E5 E6 folder, FIFO, devices")
def _(d):
    (d / "dir.fodt").mkdir()
    bad(assemble(d, {"business_name": "業務"}, template="dir.fodt"), "folder")
    os.mkfifo(str(d / "fifo.fodt"))
    bad(assemble(d, {"business_name": "業務"}, template="fifo.fodt"), "FIFO")
    bad(tokki("validate", "fifo.fodt", cwd=d), "FIFO")
    bad(tokki("assemble", R5, "--answers", "fifo.fodt", "--out", "o.odt", cwd=d), "FIFO")
    os.mkfifo(str(d / "fifo.csv"))
    bad(tokki("batch", "--template", R5, "--answers", "fifo.csv", "--out", "o", cwd=d), "FIFO")
    for dev in ("/dev/zero", "/dev/urandom"):
        bad(tokki("validate", dev, cwd=d), "device")
        bad(assemble(d, {"business_name": "業務"}, template=dev), "device")


@case("E8 answers nested 200 000 deep")
def _(d):
    (d / "n.json").write_text('{"business_name":"x","$c":' + "[" * 200000 + "]" * 200000 + "}")
    bad(tokki("assemble", R5, "--answers", "n.json", "--out", "n.odt", cwd=d), "nested")


@case("E9 hostile packages")
def _(d):
    def pkg(name, entries, **kw):
        with zipfile.ZipFile(str(d / name), "w") as z:
            for n, data in entries:
                z.writestr(n, data)
        return name
    for name in (pkg("up.odt", [("mimetype", "application/vnd.oasis.opendocument.text"),
                                ("../../evil.txt", "x")]),
                 pkg("abs.odt", [("/etc/evil.txt", "x")]),
                 pkg("dtd.odt", [("content.xml", '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x '
                                                 '"y">]><a>&x;</a>')])):
        bad(tokki("validate", name, cwd=d))


@case("E10 E11 UTF-16 with a DTD")
def _(d):
    ok(assemble(d, {"business_name": "業務"}, "x.fodt"))
    u16 = h.utf16_dtd((d / "x.fodt").read_text(encoding="utf-8"), d / "u16.fodt")
    bad(tokki("validate", "--json", u16, cwd=d), "DOCTYPE")
    s = (d / "x.fodt").read_text(encoding="utf-8").split("\n", 1)[1]
    (d / "be.fodt").write_bytes(('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE office:document '
                                 '[<!ENTITY x SYSTEM "file:///etc/passwd">]>' + s)
                                .encode("utf-16-be"))
    bad(tokki("validate", "be.fodt", cwd=d), "DOCTYPE")


@case("E16 inputs never modified")
def _(d):
    before = {p.name: p.read_bytes() for p in (h.REPO / "templates").iterdir() if p.is_file()}
    ok(assemble(d, {"business_name": "業務"}))
    assert before == {p.name: p.read_bytes() for p in (h.REPO / "templates").iterdir()
                      if p.is_file()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_reproduction_ends_as_expected_and_never_in_exit_3(name, tmp_path, monkeypatch):
    calls = []
    real = subprocess.run

    def spy(*args, **kw):
        proc = real(*args, **kw)
        calls.append(proc.returncode)
        return proc
    monkeypatch.setattr(subprocess, "run", spy)
    CASES[name](tmp_path)
    assert calls and 3 not in calls
