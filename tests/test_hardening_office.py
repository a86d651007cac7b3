"""Hardening (issue 11) on a real LibreOffice: nothing is fetched (F10), workers die with
the batch on kill -9 (F14), an interrupted conversion leaves nothing in /tmp (F19), the
README's batch example with a relative --out (F5)."""
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import tempfile
import time
from pathlib import Path

import pytest

from support import hostile as h

REPO = h.REPO
TOKKI = [sys.executable, "-m", "tokki_odf.cli"]


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen = []

    def _any(self):
        self.seen.append((self.command, self.path))
        self.send_response(404)
        self.end_headers()

    do_GET = do_HEAD = do_OPTIONS = do_POST = do_PROPFIND = _any

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Recorder.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % httpd.server_address[1], _Recorder.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def run(args, **kw):
    return subprocess.run(TOKKI + [str(a) for a in args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300, **kw)


def test_f10_no_command_makes_libreoffice_fetch_anything(soffice, server, tmp_path):
    url, seen = server
    t = h.hostile_template(tmp_path / "hostile.fodt", server=url)
    a = h.answers(tmp_path / "a.json", {"business_name": "業務"})
    proc = run(["assemble", t, "--answers", a, "--out", tmp_path / "x.pdf"])
    assert proc.returncode == 0, proc.stderr
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "B1", "business_name": "業務"}) + "\n", encoding="utf-8")
    proc = run(["batch", "--template", t, "--answers", rows, "--out", tmp_path / "b",
                "--format", "pdf", "--jobs", "1", "-q"])
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "b" / "B1.pdf").exists()
    # even the raw, unsanitised template converts without a fetch (the profile's settings)
    from tokki_odf.office.soffice import convert
    convert(t, str(tmp_path / "raw.pdf"), "pdf")
    assert seen == []


def test_f10_the_server_would_see_a_fetch(soffice, server, tmp_path, monkeypatch):
    """The check above can fail: without the no-fetch settings LibreOffice does fetch."""
    url, seen = server
    t = h.hostile_template(tmp_path / "hostile.fodt", server=url)
    from tokki_odf.office import soffice as so
    monkeypatch.setattr(so, "no_fetch_items", lambda: [])
    so.convert(t, str(tmp_path / "raw.pdf"), "pdf")
    assert seen


def _descendants_with(marker):
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as fh:
                cmd = fh.read().decode("utf-8", "replace")
        except OSError:
            continue
        if marker in cmd and "soffice" in cmd:
            out.append(int(pid))
    return out


def test_f14_kill_9_of_the_batch_ends_its_workers_and_removes_its_files(soffice, tmp_path):
    rows = tmp_path / "k.jsonl"
    rows.write_text("".join(json.dumps({"id": "K%03d" % i, "business_name": "業務%d" % i},
                                       ensure_ascii=False) + "\n" for i in range(40)),
                    encoding="utf-8")
    out = tmp_path / "k"
    proc = subprocess.Popen(TOKKI + ["batch", "--template", str(h.R5), "--answers", str(rows),
                                     "--out", str(out), "--format", "odt,pdf", "--jobs", "2",
                                     "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marker = "tokki-batch-%d" % proc.pid
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(out.glob("*.pdf")):
            time.sleep(0.2)
        assert list(out.glob("*.pdf")), "the batch made no PDF"
        assert _descendants_with(marker)
    finally:
        proc.kill()
        proc.wait()
    left = lambda: [n for d in {"/tmp", tempfile.gettempdir()} for n in os.listdir(d)
                    if marker in n]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (_descendants_with(marker) or left()):
        time.sleep(0.2)
    assert not _descendants_with(marker)
    assert not left()
    assert not (out / (".tokki-batch-%d" % proc.pid)).exists()
    proc = run(["batch", "--template", h.R5, "--answers", rows, "--out", out,
                "--format", "odt,pdf", "--jobs", "2", "--resume", "-q"])
    assert proc.returncode == 0, proc.stderr
    assert len(list(out.glob("*.pdf"))) == 40


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_f19_an_interrupted_pdf_conversion_leaves_nothing_in_tmp(soffice, tmp_path, sig):
    from tokki_odf.office.soffice import single_office_pipe, pipe_socket_paths
    private = tmp_path / "tmpdir"
    private.mkdir()
    a = h.answers(tmp_path / "a.json", {"business_name": "業務"})
    env = dict(os.environ, TMPDIR=str(private))
    # soffice names its temporary folder lu<pid><random>.tmp: a pid prefix alone also
    # matches other processes' litter (lu131515… for a pid 1315), so only new ones count
    litter = {n for n in os.listdir("/tmp") if n.startswith("lu")}
    # SIGINT reaches a background job as SIG_IGN; restore the default, as the probe did
    proc = subprocess.Popen([sys.executable, "-c", "import os,signal,sys; signal.signal("
                             "signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], "
                             "sys.argv[1:])"] + TOKKI + ["assemble", str(h.R5), "--answers", a,
                                                         "--out", str(tmp_path / "x.pdf")],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    profile, soffice_pids = None, []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        work = [p for p in private.glob("tokki-soffice-*") if (p / "tmp").is_dir()]
        if work:
            profile = str(work[0] / "profile")
            soffice_pids = _descendants_with(work[0].name)
            if soffice_pids:
                break
        time.sleep(0.05)
    assert profile and soffice_pids, "soffice did not start"
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode == 130, proc.stderr.read()
    time.sleep(0.5)
    assert list(private.iterdir()) == []
    assert not (tmp_path / "x.pdf").exists()
    assert not _descendants_with(os.path.basename(os.path.dirname(profile)))
    assert not [p for p in pipe_socket_paths([single_office_pipe(profile)]) if os.path.exists(p)]
    assert not [n for n in set(os.listdir("/tmp")) - litter if n.startswith("lu") and
                any(n.startswith("lu%d" % pid) for pid in soffice_pids)]


def test_f5_the_readme_batch_example_with_a_relative_out(soffice, tmp_path):
    shutil.copytree(str(REPO / "examples"), str(tmp_path / "examples"))
    shutil.copytree(str(REPO / "templates"), str(tmp_path / "templates"))
    proc = run(["batch", "--template", "templates/tokki-r5.fodt", "--answers",
                "examples/batch/contracts.csv", "--out", "out/batch", "--format", "odt,pdf",
                "--jobs", "2"], cwd=str(tmp_path))
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1, err
    assert "10 done, 2 failed" in err
    assert len(list((tmp_path / "out" / "batch").glob("*.pdf"))) == 10
