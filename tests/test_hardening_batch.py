"""Hardening (issue 11): the batch (ODT only; LibreOffice cases are in
test_hardening_office.py). Reproductions F2, F12, F13, F15, F17, F18, F21, F27–F30."""
import codecs
import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import hostile as h
from test_hardening_inputs import tokki, one_line_exit_2
from tokki_odf.batch import guard
from tokki_odf.batch.run import bounded_jobs, default_jobs

R5 = str(h.R5)


def batch(answers, out, *extra):
    return tokki("batch", "--template", R5, "--answers", answers, "--out", out,
                 "--format", "odt", *extra)


def jsonl(path, rows):
    Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                          encoding="utf-8")
    return str(path)


def test_f2_an_unbalanced_quote_is_an_error_naming_the_row(tmp_path):
    p = tmp_path / "ul.csv"
    p.write_bytes('id,business_name,provided_items\nL1,業務1,"氏名\nL2,業務2,住所\nL3,業務3,'
                  '電話番号\n'.encode("utf-8"))
    rc, _, err = batch(p, tmp_path / "ul")
    line = one_line_exit_2(rc, err)
    assert "row 2" in line and "never closed" in line
    assert not (tmp_path / "ul" / "L1.odt").exists()


def test_f2_quotes_inside_quoted_cells_still_work(tmp_path):
    p = tmp_path / "q.csv"
    p.write_bytes('id,business_name,provided_items\nQ1,"業務""一""",\"氏名\n住所"\n'
                  .encode("utf-8"))
    rc, _, err = batch(p, tmp_path / "q")
    assert rc == 0, err


def test_f21_a_second_header_is_refused(tmp_path):
    p = tmp_path / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbfid,business_name\nB1,\xe6\xa5\xad\xe5\x8b\x991\n"
                  b"\xef\xbb\xbfid,business_name\nB2,x\n")
    rc, _, err = batch(p, tmp_path / "bom")
    assert "row 3 repeats the first row" in one_line_exit_2(rc, err)
    p.write_bytes(b"id,business_name\nB1,x\nid,business_name\nB2,y\n")
    rc, _, err = batch(p, tmp_path / "bom2")
    assert "row 3" in one_line_exit_2(rc, err)


def test_f12_euc_jp_is_refused_with_a_hint_and_read_with_encoding(tmp_path):
    p = tmp_path / "e.csv"
    p.write_bytes("id,business_name\nE1,住民情報業務\n".encode("euc_jp"))
    rc, _, err = batch(p, tmp_path / "e")
    line = one_line_exit_2(rc, err)
    assert "EUC-JP" in line and "--encoding" in line
    rc, _, err = batch(p, tmp_path / "e", "--encoding", "euc-jp")
    assert rc == 0, err
    rc, out, _ = tokki("text", tmp_path / "e" / "E1.odt")
    assert "住民情報業務の受託事業者" in out


def test_f12_cp932_is_still_read(tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes("id,business_name\nS1,住民情報業務\nS2,ｼｽﾃﾑ運用業務\n".encode("cp932"))
    rc, _, err = batch(p, tmp_path / "s")
    assert rc == 0, err


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le", "utf-32-le"])
def test_f28_utf16_without_bom_is_named(tmp_path, codec):
    p = tmp_path / "b.csv"
    p.write_bytes("id,business_name\nA,業務\n".encode(codec))
    rc, _, err = batch(p, tmp_path / "b")
    assert "UTF-16" in one_line_exit_2(rc, err)


def test_f27_bidi_and_invisible_characters_in_ids(tmp_path):
    p = jsonl(tmp_path / "ids.jsonl", [{"id": "K\u202efdp.exe", "business_name": "業務"},
                                        {"id": "Z\u200b", "business_name": "業務"},
                                        {"id": "\ufeffid", "business_name": "業務"},
                                        {"id": "K2", "business_name": "業務"}])
    rc, _, err = batch(p, tmp_path / "ids")
    assert rc == 1 and err.count("invisible or direction-changing") == 3
    assert sorted(os.listdir(str(tmp_path / "ids"))) == ["K2.odt", "summary.json"]


def test_f15_f17_a_bad_row_never_stops_the_others(tmp_path):
    rows = [{"id": "A", "business_name": "x"},
            {"id": "B", "business_name": "y", "provided_items": ["i%d" % i for i in range(47)]},
            {"id": "C", "business_name": "z"}]
    p = tmp_path / "l.jsonl"
    jsonl(p, rows)
    with open(str(p), "a") as fh:
        fh.write('{"id":"D","business_name":"x","provided_items":' + "[" * 100000 +
                 "]" * 100000 + "}\n")
    rc, _, err = batch(p, tmp_path / "l")
    assert rc == 1 and "Traceback" not in err, err
    assert sorted(os.listdir(str(tmp_path / "l"))) == ["A.odt", "C.odt", "summary.json"]
    summary = json.loads((tmp_path / "l" / "summary.json").read_text())
    assert [r["status"] for r in summary["rows"]] == ["done", "failed", "done", "failed"]
    assert "at most 46" in summary["rows"][1]["error"]
    assert "nested too deeply" in summary["rows"][3]["error"]


def test_f15_an_unexpected_exception_fails_only_its_row(tmp_path, monkeypatch):
    """Any exception while a row is made (a bug) fails that row, the others are made."""
    from tokki_odf.batch import run as run_mod
    real = run_mod.assemble_document

    def flaky(template, answers, *a, **k):
        if answers.get("business_name") == "boom":
            raise IndexError("simulated bug")
        return real(template, answers, *a, **k)
    monkeypatch.setattr(run_mod, "assemble_document", flaky)
    p = jsonl(tmp_path / "b.jsonl", [{"id": "A", "business_name": "x"},
                                      {"id": "B", "business_name": "boom"},
                                      {"id": "C", "business_name": "z"}])
    code = run_mod.run_batch(run_mod.Options(R5, p, str(tmp_path / "o"), formats=("odt",),
                                             quiet=True), stream=open(os.devnull, "w"))
    assert code == 1
    assert sorted(os.listdir(str(tmp_path / "o"))) == ["A.odt", "C.odt", "summary.json"]
    rows = json.loads((tmp_path / "o" / "summary.json").read_text())["rows"]
    assert "IndexError" in [r for r in rows if r["id"] == "B"][0]["error"]


def test_f13_a_second_batch_into_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "conc"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl,os,sys,time\nfd=os.open(sys.argv[1],os.O_RDWR|os.O_CREAT)\n"
        "fcntl.flock(fd,fcntl.LOCK_EX)\nos.write(fd,b'%d\\n'%os.getpid())\nprint('held',flush=True)\n"
        "time.sleep(30)"), str(out / guard.LOCK_NAME)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"held"
        p = jsonl(tmp_path / "k.jsonl", [{"id": "K1", "business_name": "業務"}])
        rc, _, err = batch(p, out)
        line = one_line_exit_2(rc, err)
        assert "another tokki batch (pid %d)" % holder.pid in line
        assert not (out / "K1.odt").exists()
    finally:
        holder.kill()
        holder.wait()
    rc, _, err = batch(p, out)         # the kernel released the lock of the dead holder
    assert rc == 0, err
    assert not (out / guard.LOCK_NAME).exists()


def test_f14_stale_staging_of_dead_pids_is_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "o"
    stale = out / (".tokki-batch-%d" % dead.pid)
    stale.mkdir(parents=True)
    (stale / "3-1.pdf").write_bytes(b"%PDF-1.7 partial")
    alive = out / (".tokki-batch-%d" % os.getpid())
    alive.mkdir()
    tmp = tmp_path / "tmp"
    run_dir = tmp / ("tokki-batch-%d-abc" % dead.pid)
    run_dir.mkdir(parents=True)
    assert guard.remove_stale(str(out), str(tmp)) == 2
    assert not stale.exists() and not run_dir.exists() and alive.exists()


def test_f29_jobs_are_bounded():
    assert bounded_jobs(4, 1) == 1
    assert bounded_jobs(500, 1000) == default_jobs(cap=64)
    assert bounded_jobs(1, 0) == 1


def test_f30_resume_trusts_only_files_inside_the_folder(tmp_path):
    p = jsonl(tmp_path / "k.jsonl", [{"id": "K%03d" % i, "business_name": "業務%d" % i}
                                      for i in range(3)])
    out = tmp_path / "rs"
    assert batch(p, out)[0] == 0
    elsewhere = tmp_path / "elsewhere.odt"
    elsewhere.write_bytes((out / "K001.odt").read_bytes())
    summary = (out / "summary.json").read_text(encoding="utf-8")
    (out / "summary.json").write_text(summary.replace('"file": "K001.odt"',
                                                      '"file": "%s"' % elsewhere),
                                      encoding="utf-8")
    (out / "K001.odt").unlink()
    rc, _, err = batch(p, out, "--resume")
    assert rc == 0 and "2 rows already up to date" in err
    assert (out / "K001.odt").exists()
    assert str(elsewhere) not in (out / "summary.json").read_text(encoding="utf-8")


def test_f18_a_folder_that_cannot_be_created_is_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = jsonl(tmp_path / "k.jsonl", [{"id": "K1", "business_name": "業務"}])
    rc, _, err = batch(p, blocker / "sub")
    one_line_exit_2(rc, err)


def _mount_tmpfs(path, options):
    if os.geteuid() != 0:
        return False
    path.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          stderr=subprocess.DEVNULL).returncode == 0


def test_f18_read_only_and_full_folders_are_exit_2(tmp_path):
    ro, full = tmp_path / "ro", tmp_path / "full"
    if not _mount_tmpfs(ro, "size=1m,ro"):
        pytest.skip("cannot mount a tmpfs here")
    try:
        p = jsonl(tmp_path / "k.jsonl", [{"id": "K%03d" % i, "business_name": "業務%d" % i}
                                          for i in range(40)])
        rc, _, err = tokki("assemble", R5, "--answers", h.answers(tmp_path / "a.json", {
            "business_name": "業務"}), "--out", ro / "a.odt")
        assert "read-only" in one_line_exit_2(rc, err)
        rc, _, err = batch(p, ro)
        assert rc == 2 and "Traceback" not in err and "internal error" not in err, err
        rc, _, err = batch(p, ro / "sub")
        assert rc == 2 and "internal error" not in err, err
        assert _mount_tmpfs(full, "size=64k")
        try:
            rc, _, err = batch(p, full)
            assert rc == 2 and "internal error" not in err, err
            assert "disk is full" in err
            assert "summary" in err.splitlines()[-1] or (full / "summary.json").exists()
            left = [n for n in os.listdir(str(full)) if n.endswith(".part")]
            assert not left
        finally:
            subprocess.run(["umount", str(full)])
    finally:
        subprocess.run(["umount", str(ro)])
