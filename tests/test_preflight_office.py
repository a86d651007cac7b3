"""LibreOffice that cannot start headless is diagnosed in one line, fast, with exit 2
(office/preflight.py), and relative paths reach LibreOffice as absolute URLs (F5).

Each diagnosis is reproduced for real: a `soffice` on PATH that never answers or is too
old, a Python without python3-uno, a profile held by a running soffice, and a shared
extension with a licence to accept — in a private shared extension registry (a copy of
the installation's layout whose soffice/unopkg pass -env:UNO_SHARED_PACKAGES_CACHE),
never the machine's, which every other LibreOffice here uses.
"""
import glob
import io
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
import zipfile

import pytest

from support.office_user import private_installation as _private_installation
from tokki_odf.office import preflight
from tokki_odf.office.session import OfficeSession
from tokki_odf.office.soffice import prepare_profile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKKI = os.path.join(os.path.dirname(sys.executable), "tokki")
TEMPLATE = os.path.join(ROOT, "templates", "tokki-r5.fodt")
ANSWERS = os.path.join(ROOT, "examples", "answers", "r5-restricted.json")
REAL_SOFFICE = "/usr/lib/libreoffice/program/soffice"
REAL_UNOPKG = "/usr/lib/libreoffice/program/unopkg"
VERSION_LINE = "LibreOffice 25.2.3.2 520(Build:2)"

pytestmark = pytest.mark.office


@pytest.fixture(autouse=True)
def fresh_preflight():
    """Every test starts as a new process would: no soffice has answered yet."""
    saved = set(preflight._answered)
    preflight._answered.clear()
    yield
    preflight._answered.clear()
    preflight._answered.update(saved)


def _processes_with(marker):
    return [pid for pid, argv in preflight._processes() if any(marker in a for a in argv)]


def _fake_soffice(folder, body):
    """A `soffice` in folder/bin that answers --version as LibreOffice 25.2 and does
    `body` (shell) for anything else."""
    bindir = os.path.join(str(folder), "bin")
    os.makedirs(bindir, exist_ok=True)
    path = os.path.join(bindir, "soffice")
    with open(path, "w") as fh:
        fh.write('#!/bin/bash\ncase "$*" in *--version*) echo "%s"; exit 0;; esac\n%s\n'
                 % (VERSION_LINE, body))
    os.chmod(path, 0o755)
    return bindir


def _tokki(args, cwd, path_first=None, timeout=120, python=None, env_extra=None):
    env = dict(os.environ)
    env["TOKKI_PROFILE_CACHE"] = ""
    if path_first:
        env["PATH"] = path_first + os.pathsep + env["PATH"]
    env.update(env_extra or {})
    argv = ([python, "-c", "import sys; from tokki_odf.cli.main import main; sys.exit(main())"]
            if python else [TOKKI]) + list(args)
    started = time.monotonic()
    proc = subprocess.run(argv, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"), time.monotonic() - started)


def _error_lines(stderr):
    return [line for line in stderr.splitlines() if line.strip()]


# -- a soffice that never answers ---------------------------------------------------------

@pytest.mark.parametrize("command", ["assemble", "batch"])
def test_soffice_that_never_answers_is_reported_within_15_s(tmp_path, command):
    marker = "tokki-fake-soffice-" + uuid.uuid4().hex[:8]
    bindir = _fake_soffice(tmp_path, 'exec -a %s sleep 300' % marker)
    if command == "assemble":
        args = ["assemble", TEMPLATE, "--answers", ANSWERS, "--out", "x.pdf"]
    else:
        jsonl = tmp_path / "rows.jsonl"
        jsonl.write_text("".join(json.dumps({"id": "K%d" % i, "business_name": "業務%d" % i},
                                            ensure_ascii=False) + "\n" for i in range(3)),
                         encoding="utf-8")
        args = ["batch", "--template", TEMPLATE, "--answers", str(jsonl), "--out", "out",
                "--format", "pdf", "--jobs", "2", "-q"]
    rc, out, err, seconds = _tokki(args, tmp_path, path_first=bindir)
    assert rc == 2, (out, err)
    assert "did not answer within 15 s" in err, err
    assert str(tmp_path) in err                       # names the soffice that was tried
    assert "Traceback" not in err
    # One line for the cause (batch may add its total line), not one per row.
    assert sum("did not answer" in line for line in _error_lines(err)) == 1, err
    assert seconds < 30, seconds
    assert not (tmp_path / "x.pdf").exists()
    assert not glob.glob(str(tmp_path / "out" / "*.pdf"))
    assert _processes_with(marker) == []              # the fake soffice was killed


def test_too_old_libreoffice_is_refused_at_once(tmp_path):
    bindir = os.path.join(str(tmp_path), "bin")
    os.makedirs(bindir)
    with open(os.path.join(bindir, "soffice"), "w") as fh:
        fh.write('#!/bin/sh\necho "LibreOffice 7.4.7.2 40(Build:2)"\n')
    os.chmod(os.path.join(bindir, "soffice"), 0o755)
    rc, out, err, seconds = _tokki(["assemble", TEMPLATE, "--answers", ANSWERS,
                                    "--out", "x.pdf"], tmp_path, path_first=bindir)
    assert rc == 2
    assert len(_error_lines(err)) == 1, err
    assert "7.4.7.2" in err and ">= 7.6" in err and "upgrade" in err
    assert seconds < 10
    assert not (tmp_path / "x.pdf").exists()


def test_python_without_uno_is_refused_at_once_for_a_batch(tmp_path):
    versions = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[0-9]*/bin/python3")))
    if not versions:
        pytest.skip("no pyenv Python without python3-uno here (~/.pyenv/versions/3.1x)")
    python = versions[0]
    probe = subprocess.run([python, "-c", "import uno"], stderr=subprocess.DEVNULL)
    assert probe.returncode != 0, "%s can import uno: not a Python without python3-uno" % python
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text('{"id": "K1", "business_name": "業務"}\n', encoding="utf-8")
    rc, out, err, seconds = _tokki(["batch", "--template", TEMPLATE, "--answers", str(jsonl),
                                    "--out", "out", "--format", "pdf", "-q"], tmp_path,
                                   python=python,
                                   env_extra={"PYTHONPATH": os.path.join(ROOT, "src")})
    assert rc == 2, (out, err)
    assert "python3-uno" in err, err
    assert sum("python3-uno" in line for line in _error_lines(err)) == 1, err
    assert seconds < 15


# -- a profile in use ------------------------------------------------------------------------

def test_profile_held_by_a_running_soffice_is_reported(tmp_path, soffice):
    profile = str(tmp_path / "profile")
    prepare_profile(profile, spellcheck=False)
    with OfficeSession(soffice=soffice, profile_dir=profile) as first:
        assert first.proc.poll() is None
        preflight._answered.clear()                    # as in another process
        started = time.monotonic()
        with pytest.raises(preflight.OfficeUnavailable) as caught:
            OfficeSession(soffice=soffice, profile_dir=profile).start()
        assert time.monotonic() - started < 5
        message = str(caught.value)
        assert "is in use by process" in message and profile in message
        assert "\n" not in message
        pid = int(message.split("in use by process ")[1].split(":")[0])
        with open("/proc/%d/cmdline" % pid, "rb") as fh:
            assert ("UserInstallation=file://" + profile).encode() in fh.read()
    # Once that soffice has stopped, the same profile starts.
    with OfficeSession(soffice=soffice, profile_dir=profile) as again:
        assert again.desktop is not None


# -- a shared extension with a licence to accept ----------------------------------------------

def _oxt_with_user_licence(target):
    sys.path.insert(0, ROOT)
    try:
        from tools.oxt import build_oxt
    finally:
        sys.path.pop(0)
    oxt = build_oxt(os.path.dirname(target))
    with zipfile.ZipFile(oxt) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename == "description.xml":
                assert b"simple-license" not in data.split(b"-->")[-1]
                data = data.replace(b"</description>", b'<registration><simple-license '
                                    b'accept-by="user"><license-text xlink:href="LICENSE.txt"'
                                    b' lang="en"/></simple-license></registration>'
                                    b"</description>")
            out.writestr(info, data)
    os.unlink(oxt)
    return target


def _unopkg(program, admin, *args):
    return subprocess.run([os.path.join(program, "unopkg")] + list(args) +
                          ["-env:UserInstallation=file://" + admin],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=120, start_new_session=True)


@pytest.mark.skipif(not os.access(REAL_UNOPKG, os.X_OK), reason="no %s" % REAL_UNOPKG)
def test_shared_extension_with_a_user_licence_is_named_not_waited_for(tmp_path, soffice):
    if os.path.realpath(soffice) != os.path.realpath(REAL_SOFFICE):
        pytest.skip("the private installation wraps %s" % REAL_SOFFICE)
    folder = str(tmp_path / "lo")
    program, cache = _private_installation(folder)
    admin = str(tmp_path / "admin")
    oxt = _oxt_with_user_licence(str(tmp_path / "dist" / "licensed.oxt"))
    wrapper = os.path.join(program, "soffice")
    added = _unopkg(program, admin, "add", "--shared", "--suppress-license", oxt)
    try:
        assert added.returncode == 0, added.stdout
        assert preflight.pending_licences(wrapper)[0][0] == "org.tokki.odf"
        assert preflight.pending_licences(REAL_SOFFICE) == []   # the machine's: untouched

        # The hang is real: a headless soffice on a fresh profile does not answer.
        started = time.monotonic()
        with pytest.raises(preflight.OfficeUnavailable) as caught:
            preflight.live_check(wrapper, timeout=8)
        assert time.monotonic() - started >= 8
        assert "org.tokki.odf" in str(caught.value) and "licence" in str(caught.value)

        # tokki says so at once, in one line, exit 2, before it waits at all.
        rc, out, err, seconds = _tokki(["assemble", TEMPLATE, "--answers", ANSWERS,
                                        "--out", "x.pdf"], tmp_path, path_first=program)
        assert rc == 2, (out, err)
        assert len(_error_lines(err)) == 1, err
        assert "org.tokki.odf" in err and "accept its licence" in err
        assert "unopkg remove --shared org.tokki.odf" in err
        assert seconds < 10
    finally:
        # (With accept-by="user", even the administrator's unopkg sees the extension only
        # after accepting: remove needs --suppress-license too.)
        removed = _unopkg(program, admin, "remove", "--shared", "--suppress-license",
                          "org.tokki.odf")
    assert removed.returncode == 0, removed.stdout
    assert preflight.pending_licences(wrapper) == []
    # Control: the same private installation answers once the extension is gone.
    preflight._answered.clear()
    preflight.live_check(wrapper, timeout=60)
    assert preflight.answered(wrapper)


def test_pending_licence_ignores_removed_and_licence_free_extensions(tmp_path):
    program, cache = _private_installation(str(tmp_path / "lo"))
    packages = os.path.join(cache, "uno_packages")
    for name, registration, removed in (("a", True, True), ("b", False, False),
                                        ("c", True, False)):
        ext = os.path.join(packages, "lu%s.tmp_" % name, "%s.oxt" % name)
        os.makedirs(ext)
        body = ('<registration><simple-license accept-by="user"/></registration>'
                if registration else '<!-- <simple-license accept-by="user"/> -->')
        with io.open(os.path.join(ext, "description.xml"), "w", encoding="utf-8") as fh:
            fh.write('<description xmlns="http://openoffice.org/extensions/description/2006">'
                     '<identifier value="org.example.%s"/>%s</description>' % (name, body))
        if removed:
            open(os.path.join(packages, "lu%s.tmpremoved" % name), "w").close()
    found = preflight.pending_licences(os.path.join(program, "soffice"))
    assert [ident for ident, _ in found] == ["org.example.c"]


# -- F5: relative output folders -----------------------------------------------------------------

def test_relative_batch_out_makes_every_pdf(tmp_path, soffice):
    """The README's batch example uses `--out out/batch`: LibreOffice must get absolute URLs
    (it rejected the relative ones with 0x81a, failing every PDF)."""
    shutil.copytree(os.path.join(ROOT, "templates"), str(tmp_path / "templates"))
    (tmp_path / "rows.jsonl").write_text(
        "".join(json.dumps({"id": "K%d" % i, "business_name": "業務%d" % i},
                           ensure_ascii=False) + "\n" for i in range(3)), encoding="utf-8")
    rc, out, err, _ = _tokki(["batch", "--template", "templates/tokki-r5.fodt", "--answers",
                              "rows.jsonl", "--out", "out/batch", "--format", "odt,pdf",
                              "--jobs", "1", "-q"], tmp_path)
    assert rc == 0, err
    assert "3 done, 0 failed" in err
    for i in range(3):
        with open(str(tmp_path / "out" / "batch" / ("K%d.pdf" % i)), "rb") as fh:
            assert fh.read(5) == b"%PDF-"


def test_session_store_and_load_with_relative_paths(tmp_path, soffice, monkeypatch):
    monkeypatch.chdir(str(tmp_path))
    shutil.copyfile(TEMPLATE, "in.fodt")
    with OfficeSession(soffice=soffice) as office:
        doc = office.load("in.fodt")
        try:
            office.store(doc, os.path.join("sub", "..", "out.pdf"), "pdf")
        finally:
            office.close(doc)
    with open(str(tmp_path / "out.pdf"), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
