"""The office adapter against a real LibreOffice, and the install logic of build.py."""
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from tokki_odf.errors import TokkiError
from tokki_odf.office import OfficeSession, convert, soffice as soffice_mod

ROOT = Path(__file__).resolve().parent.parent

PARAGRAPHS = [
    "個人情報取扱特記事項",
    "（基本的事項）",
    "第1条　受注者は、個人情報の保護の重要性を認識し、適正に取り扱わなければならない。",
    "（秘密の保持）",
    "第2条　受注者は、この契約による事務に関して知り得た個人情報を他に漏らしてはならない。",
]

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>
  <meta:initial-creator>山田太郎</meta:initial-creator>
  <dc:creator>山田太郎</dc:creator>
 </office:meta>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties fo:language="ja" fo:country="JP"
     style:font-name-asian="Noto Sans CJK JP" style:language-asian="ja" style:country-asian="JP"/>
  </style:default-style>
 </office:styles>
 <office:body>
  <office:text>
   <text:p>{0}</text:p>
   <text:section text:name="第1条">
    <text:p>{1}</text:p>
    <text:p>{2}</text:p>
   </text:section>
   <text:section text:name="第2条">
    <text:p>{3}</text:p>
    <text:p>{4}</text:p>
   </text:section>
  </office:text>
 </office:body>
</office:document>
""".format(*PARAGRAPHS)


def squash(text):
    """pdftotext puts spaces between CJK and digits; compare without any whitespace."""
    return re.sub(r"\s+", "", text)


def office_processes(fragment):
    """Command lines of running processes that mention fragment (e.g. a profile path)."""
    proc = subprocess.run(["pgrep", "-af", re.escape(str(fragment))],
                          stdout=subprocess.PIPE, universal_newlines=True)
    return [line for line in proc.stdout.splitlines()
            if "pgrep" not in line and str(os.getpid()) != line.split()[0]]


@pytest.fixture
def fodt(tmp_path):
    path = tmp_path / "特記事項.fodt"
    path.write_text(FODT, encoding="utf-8")
    return path


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Route tempfile (and so the soffice profiles) into a folder the test can inspect."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


# -- detection ----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("LibreOffice 25.2.3.2 520(Build:2)", (25, 2, 3, 2)),
    ("LibreOffice 7.6.4.1 60(Build:1)", (7, 6, 4, 1)),
    ("LibreOffice Dev 24.8.0.0.alpha0+ abc", (24, 8, 0, 0)),
    ("bash: soffice: command not found", None),
    ("", None),
])
def test_parse_version(text, expected):
    assert soffice_mod.parse_version(text) == expected


def test_require_office_refuses_missing_and_old(monkeypatch):
    monkeypatch.setattr(soffice_mod, "find_soffice", lambda: None)
    with pytest.raises(TokkiError, match=r"LibreOffice >= 7\.6 is needed for PDF.*apt-get install"):
        soffice_mod.require_office("PDF")

    monkeypatch.setattr(soffice_mod, "find_soffice", lambda: "/opt/x/soffice")
    monkeypatch.setattr(soffice_mod, "office_version", lambda path: (7, 4, 7, 2))
    with pytest.raises(TokkiError, match=r"/opt/x/soffice is 7\.4\.7\.2; upgrade"):
        soffice_mod.require_office("PDF")

    monkeypatch.setattr(soffice_mod, "office_version", lambda path: None)
    with pytest.raises(TokkiError, match="did not say which version"):
        soffice_mod.require_office("PDF")

    for ok in [(7, 6, 0), (24, 2, 1, 2), (25, 2, 3, 2)]:
        monkeypatch.setattr(soffice_mod, "office_version", lambda path, ok=ok: ok)
        assert soffice_mod.require_office("PDF") == "/opt/x/soffice"


def test_profile_settings():
    xcu = soffice_mod.profile_xcu()
    assert 'oor:path="/org.openoffice.Office.Linguistic/SpellChecking"><prop ' \
           'oor:name="IsSpellAuto" oor:op="fuse"><value>false' in xcu
    assert "/org.openoffice.Office.Recovery/AutoSave" in xcu
    assert 'RemovePersonalInfoOnSaving" oor:op="fuse"><value>true' in xcu


def test_office_env_keeps_soffices_python_at_home(tmp_path):
    """soffice's embedded Python finds its home through the first python3 on PATH: folders
    with another python3 (pyenv, conda, /usr/local) are left out, PYTHONHOME/PYTHONPATH
    dropped, the rest kept in order (test_deploy_office.py has the crash itself)."""
    system = tmp_path / "usr-bin"
    foreign = tmp_path / "pyenv-bin"
    linked = tmp_path / "venv-bin"
    plain = tmp_path / "tools"
    for folder in (system, foreign, linked, plain):
        folder.mkdir()
    (system / "python3").write_text("#!/bin/sh\n")
    (foreign / "python3").write_text("#!/bin/sh\n")
    os.symlink(str(system / "python3"), str(linked / "python3"))   # a venv of the system one
    path = os.pathsep.join(map(str, (foreign, plain, linked, system)))
    assert soffice_mod.office_path(path, system_python=str(system / "python3")) == \
        os.pathsep.join(map(str, (plain, linked, system)))
    assert soffice_mod.office_path("", system_python=str(system / "python3")) == os.defpath
    env = soffice_mod.office_env({"PATH": "/usr/bin", "PYTHONHOME": "/opt/py",
                                  "PYTHONPATH": "/opt/py/lib", "LANG": "ja_JP.UTF-8"})
    assert "PYTHONHOME" not in env and "PYTHONPATH" not in env and env["LANG"] == "ja_JP.UTF-8"


# -- build.py's install plan (tools/provision.py) (no machine touched) ---------------------------------

@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("tokki_build", str(ROOT / "build.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def provision(build):
    """tools/provision.py, the module whose probes build.py's setup calls."""
    import tools.provision
    return tools.provision


GOOD = {"libreoffice-writer": "4:25.2.3-2+deb13u5~bpo12+1",
        "python3-uno": "4:25.2.3-2+deb13u5~bpo12+1",
        "libreoffice-l10n-ja": "4:25.2.3-2+deb13u5~bpo12+1",
        "fonts-noto-cjk": "1:20220127+repack1-1", "xvfb": "2:21.1.7-3+deb12u13",
        "xdotool": "1:3.20160805.1-5", "imagemagick": "8:6.9.11.60+dfsg-1.6+deb12u15",
        "poppler-utils": "22.12.0-2+deb12u3", "python3-venv": "3.11.2-1+b1"}


def test_build_version_tuple(provision):
    assert provision.version_tuple("4:25.2.3-2+deb13u5~bpo12+1") == (25, 2, 3)
    assert provision.version_tuple("1:7.4.7-1+deb12u8") == (7, 4, 7)
    assert provision.version_tuple("7.6.4.1") == (7, 6, 4, 1)
    assert provision.version_tuple("") is None


def test_build_plans_nothing_when_all_there(provision):
    assert provision.office_ok(GOOD)
    assert provision.plan_install(GOOD, "bookworm", backports_present=False) == []


def test_build_plan_fresh_bookworm(provision):
    steps = provision.plan_install({}, "bookworm", backports_present=False)
    assert steps[0] == ("write", provision.BACKPORTS_FILE, provision.BACKPORTS_SOURCE)
    assert "Suites: bookworm-backports" in provision.BACKPORTS_SOURCE
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    assert steps[1:] == [
        ("run", ["apt-get", "update"], env),
        ("run", ["apt-get", "install", "-y", "-t", "bookworm-backports",
                 "libreoffice-writer", "python3-uno", "libreoffice-l10n-ja"], env),
        ("run", ["apt-get", "install", "-y", "fonts-noto-cjk", "xvfb", "xdotool",
                 "imagemagick", "poppler-utils", "python3-venv"], env),
    ]


def test_build_plan_upgrades_bookworm_office(provision):
    old = dict(GOOD, **{"libreoffice-writer": "4:7.4.7-1+deb12u8",
                        "python3-uno": "4:7.4.7-1+deb12u8"})
    assert not provision.office_ok(old)
    steps = provision.plan_install(old, "bookworm", backports_present=True)
    assert [s[1] for s in steps] == [
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "-t", "bookworm-backports", "libreoffice-writer",
         "python3-uno", "libreoffice-l10n-ja"]]
    # New enough Writer without python3-uno is not enough either.
    no_uno = {k: v for k, v in GOOD.items() if k != "python3-uno"}
    assert [s[1][-3:] for s in provision.plan_install(no_uno, "bookworm", True)][-1] == \
        ["libreoffice-writer", "python3-uno", "libreoffice-l10n-ja"]
    # The Japanese UI alone comes from where the office came from (its version must match).
    no_ja = {k: v for k, v in GOOD.items() if k != "libreoffice-l10n-ja"}
    assert [s[1] for s in provision.plan_install(no_ja, "bookworm", True)] == [
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "-t", "bookworm-backports", "libreoffice-l10n-ja"]]


def test_build_plan_tools_only_and_other_releases(provision):
    partial = {k: v for k, v in GOOD.items() if k not in ("xdotool", "python3-venv")}
    assert [s[1] for s in provision.plan_install(partial, "bookworm", False)] == [
        ["apt-get", "update"], ["apt-get", "install", "-y", "xdotool", "python3-venv"]]
    steps = provision.plan_install({}, "trixie", backports_present=False)
    assert steps[0][0] == "run" and "-t" not in steps[1][1]


def test_build_setup_not_root_prints_commands(build, provision, monkeypatch, capsys):
    monkeypatch.setattr(provision, "dpkg_versions", lambda packages: {})
    monkeypatch.setattr(provision, "os_codename", lambda: "bookworm")
    monkeypatch.setattr(provision, "has_backports_source", lambda: False)
    monkeypatch.setattr(provision, "is_root", lambda: False)
    monkeypatch.setattr(provision, "apply_steps", lambda steps: pytest.fail("must not install"))
    assert build.main(["setup"]) == 2
    out = capsys.readouterr().out
    assert "sudo tee /etc/apt/sources.list.d/bookworm-backports.sources" in out
    assert ("sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -t bookworm-backports "
            "libreoffice-writer python3-uno libreoffice-l10n-ja") in out
    assert "sudo DEBIAN_FRONTEND=noninteractive apt-get update" in out


def test_build_setup_root_applies_plan_then_rechecks(build, provision, monkeypatch, capsys):
    probes = iter([{}, dict(GOOD)])
    applied = []
    monkeypatch.setattr(provision, "dpkg_versions", lambda packages: next(probes))
    monkeypatch.setattr(provision, "os_codename", lambda: "bookworm")
    monkeypatch.setattr(provision, "has_backports_source", lambda: True)
    monkeypatch.setattr(provision, "is_root", lambda: True)
    monkeypatch.setattr(provision, "apply_steps", applied.extend)
    monkeypatch.setattr(provision, "find_soffice", lambda: "/usr/bin/soffice")
    provision.ensure_system_packages()
    assert [s[1][:3] for s in applied] == [["apt-get", "update"], ["apt-get", "install", "-y"],
                                            ["apt-get", "install", "-y"]]
    assert "✓ LibreOffice 25.2.3" in capsys.readouterr().out


def test_build_commands(build, provision, capsys):
    assert {"setup", "demo", "test", "oxt", "screenshots", "bench"} <= set(build.COMMANDS)
    assert build.main(["no-such-command"]) == 2
    assert "commands: " in capsys.readouterr().out


# -- conversions with a real soffice -------------------------------------------------

def test_convert_to_pdf(soffice, fodt, tmp_out, private_tmp):
    pdf = tmp_out / "特記事項.pdf"
    assert convert(str(fodt), str(pdf)) == str(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                          stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")
    for paragraph in PARAGRAPHS:
        assert squash(paragraph) in squash(text)
    info = subprocess.run(["pdfinfo", str(pdf)], stdout=subprocess.PIPE,
                          check=True).stdout.decode("utf-8")
    assert "山田" not in info, "personal metadata (author) must not reach the PDF"
    assert sorted(os.listdir(str(tmp_out))) == ["特記事項.pdf"]
    assert os.listdir(str(private_tmp)) == [], "temporary profile left behind"


def test_convert_to_docx_and_reload(office, fodt, tmp_out, private_tmp):
    docx = tmp_out / "out.docx"
    convert(str(fodt), str(docx), "docx")
    with zipfile.ZipFile(str(docx)) as z:
        assert "word/document.xml" in z.namelist()
        assert "山田" not in z.read("docProps/core.xml").decode("utf-8")
    component = office.load(str(docx))
    try:
        assert office.paragraph_texts(component) == PARAGRAPHS
    finally:
        office.close(component)


def test_session_reads_sections_and_stores(office, fodt, tmp_out):
    component = office.load(str(fodt))
    try:
        assert office.paragraph_texts(component) == PARAGRAPHS
        odt = office.store(component, str(tmp_out / "copy.odt"), "odt")
        office.store(component, str(tmp_out / "copy.pdf"), "writer_pdf_Export")
    finally:
        office.close(component)
    with zipfile.ZipFile(odt) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert (tmp_out / "copy.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(os.listdir(str(tmp_out))) == ["copy.odt", "copy.pdf"]


def test_convert_timeout_leaves_nothing(soffice, fodt, tmp_out, private_tmp):
    with pytest.raises(TokkiError, match="did not finish"):
        convert(str(fodt), str(tmp_out / "slow.pdf"), timeout=0.5)
    assert office_processes(private_tmp) == []
    assert os.listdir(str(private_tmp)) == []
    assert os.listdir(str(tmp_out)) == []


def test_convert_interrupted_leaves_nothing(soffice, fodt, tmp_out, private_tmp, monkeypatch):
    real_popen = subprocess.Popen

    class InterruptedWait(real_popen):
        interrupted = False

        def wait(self, timeout=None):
            if not InterruptedWait.interrupted:
                InterruptedWait.interrupted = True
                time.sleep(0.5)  # let soffice get going
                raise KeyboardInterrupt
            return real_popen.wait(self, timeout)

    monkeypatch.setattr(soffice_mod.subprocess, "Popen", InterruptedWait)
    with pytest.raises(KeyboardInterrupt):
        convert(str(fodt), str(tmp_out / "x.pdf"))
    monkeypatch.undo()
    assert office_processes(private_tmp) == []
    assert os.listdir(str(private_tmp)) == []
    assert os.listdir(str(tmp_out)) == []


@pytest.mark.parametrize("step", ["kill_group", "rmtree"])
def test_convert_interrupted_in_its_cleanup_leaves_nothing(soffice, fodt, tmp_out, private_tmp,
                                                           monkeypatch, step):
    """Ctrl+C (or SIGTERM) inside the cleanup: stopping soffice's group or removing the
    work folder must still finish (F19: a full-suite run once left
    the work folder with soffice's lu*.tmp; reproduced with a signal sent as the PDF was
    done, which left tokki-soffice-*/ with the profile, in.odt and out/)."""
    from tokki_odf.office import preflight
    monkeypatch.setattr(preflight, "_answered", {os.path.realpath(soffice)})  # no live check
    interrupted = []
    if step == "rmtree":
        real = shutil.rmtree

        def cut_short(path, *args, **kwargs):
            if os.path.basename(str(path)).startswith("tokki-soffice-") and not interrupted:
                interrupted.append(path)
                real(os.path.join(str(path), "profile"), ignore_errors=True)   # part of it
                raise KeyboardInterrupt
            return real(path, *args, **kwargs)
        monkeypatch.setattr(soffice_mod.shutil, "rmtree", cut_short)
    else:
        # A first Ctrl+C while soffice converts, a second one as its group is stopped.
        real, real_popen = soffice_mod.kill_group, subprocess.Popen

        class InterruptedWait(real_popen):
            def wait(self, timeout=None):
                if not interrupted and "--convert-to" in self.args:
                    time.sleep(0.5)  # let soffice get going
                    raise KeyboardInterrupt
                return real_popen.wait(self, timeout)

        def cut_short(proc, *args, **kwargs):
            if not interrupted:                # before anything was killed
                interrupted.append(proc.pid)
                raise KeyboardInterrupt
            return real(proc, *args, **kwargs)
        monkeypatch.setattr(soffice_mod.subprocess, "Popen", InterruptedWait)
        monkeypatch.setattr(soffice_mod, "kill_group", cut_short)
    with pytest.raises(KeyboardInterrupt):
        convert(str(fodt), str(tmp_out / "x.pdf"))
    monkeypatch.undo()
    assert interrupted
    assert office_processes(private_tmp) == []
    assert os.listdir(str(private_tmp)) == []


def test_convert_bad_input(soffice, tmp_path, tmp_out, private_tmp):
    with pytest.raises(TokkiError, match="no such file"):
        convert(str(tmp_path / "missing.fodt"), str(tmp_out / "x.pdf"))
    with pytest.raises(TokkiError, match="cannot convert to 'rtf'"):
        convert(str(tmp_path / "missing.fodt"), str(tmp_out / "x.rtf"))
    garbage = tmp_path / "garbage.odt"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TokkiError, match="could not convert"):
        convert(str(garbage), str(tmp_out / "x.pdf"), timeout=60)
    assert os.listdir(str(tmp_out)) == []
    assert os.listdir(str(private_tmp)) == []


def test_session_missing_file_and_clean_exit(soffice, tmp_path, private_tmp):
    with OfficeSession(soffice=soffice) as session:
        with pytest.raises(TokkiError, match="no such file"):
            session.load(str(tmp_path / "missing.odt"))
        assert session.proc.poll() is None
        assert office_processes(private_tmp)
    assert office_processes(private_tmp) == []
    assert os.listdir(str(private_tmp)) == []


def test_build_demo_runs_assemble_and_validate(build, tmp_path, monkeypatch, capsys):
    """demo's loop, with a stand-in for .venv/bin/tokki that logs its calls."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "tokki-r5.fodt").write_text("<x/>")
    (tmp_path / "examples" / "answers").mkdir(parents=True)
    for stem in ("a", "b"):
        (tmp_path / "examples" / "answers" / (stem + ".json")).write_text("{}")
    log = tmp_path / "calls.txt"
    fake = tmp_path / "tokki"
    fake.write_text("""#!/bin/sh
echo "$@" >> %s
case "$1" in
  --help) echo "commands: assemble validate text";;
  validate) [ "$2" = --help ] && exit 0;;
  nothing) exit 2;;
  assemble) [ "$4" = examples/answers/b.json ] && [ "${6##*.}" = pdf ] && exit 2
            echo made > "$6";;
esac
""" % log)
    fake.chmod(0o755)
    monkeypatch.setattr(build, "ROOT", str(tmp_path))
    monkeypatch.setattr(build, "TOKKI", str(fake))
    monkeypatch.setattr(build, "cmd_setup", lambda args=(): 0)
    assert build.main(["demo"]) == 1  # b.pdf failed
    calls = log.read_text().splitlines()
    assert "assemble templates/tokki-r5.fodt --answers examples/answers/a.json " \
           "--out out/a.odt" in calls
    assert "validate out/a.odt" in calls and "validate out/b.odt" in calls
    out = capsys.readouterr().out
    assert "made out/a.pdf" in out and "✗ assemble examples/answers/b.json -> out/b.pdf" in out
    assert build.tokki_has("validate") and not build.tokki_has("nothing")


def test_session_shutdown_does_not_hang_on_a_frozen_soffice(soffice):
    """desktop.terminate() blocks forever on a stopped soffice; shutdown must not."""
    import signal
    import time as _time
    from tokki_odf.office import OfficeSession
    session = OfficeSession(soffice=soffice)
    session.start()
    _ = session.desktop
    pid = session.proc.pid
    os.killpg(os.getpgid(pid), signal.SIGSTOP)
    started = _time.monotonic()
    session.shutdown()
    assert _time.monotonic() - started < 30
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_session_leaves_no_pipe_socket_in_tmp(soffice):
    """soffice keeps its OSL_PIPE sockets in /tmp (whatever TMPDIR says) after it stops."""
    from tokki_odf.office import OfficeSession
    with OfficeSession(soffice=soffice) as session:
        _ = session.desktop
        pipe = session.pipe_name
        sockets = [p for p in os.listdir("/tmp") if p.startswith("OSL_PIPE_") and pipe in p]
        assert sockets, "the test must see the socket while LibreOffice runs"
    assert not [p for p in os.listdir("/tmp") if pipe in p]
