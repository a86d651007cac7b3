"""Deploying the extension as a municipality's IT does (issue 12).

- per user: a clerk (an ordinary user, Japanese UI) runs `unopkg add` without a terminal;
  Writer headless then has the tokki toolbar, menu and command handler; removed after.
- for all users: root runs `unopkg add --shared dist/tokki-odf-*.oxt`; with no licence
  to accept, a fresh profile answers at once, `unopkg list --shared` names the extension,
  `tokki assemble --out x.pdf` works right after, and `unopkg remove --shared` leaves the
  shared extension folder as it was. That test changes the machine's LibreOffice for a
  few seconds, so it always removes the extension in a finally; it runs wherever the
  tests run as root (CI does).
"""
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

import zipfile

from support.office_user import ClerkOffice, is_root, private_installation
from tokki_odf.office import preflight
from tokki_odf.office.session import uno_props

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNOPKG = "/usr/lib/libreoffice/program/unopkg"
SHARED_CACHE = "/usr/lib/libreoffice/share/uno_packages/cache"
TOKKI = os.path.join(os.path.dirname(sys.executable), "tokki")
EXT_ID = "org.tokki.odf"

pytestmark = [pytest.mark.office,
              pytest.mark.skipif(not os.access(UNOPKG, os.X_OK), reason="no %s" % UNOPKG)]


@pytest.fixture(scope="module")
def oxt(tmp_path_factory):
    """`python3 build.py oxt`, into a folder of this test run."""
    out = str(tmp_path_factory.mktemp("dist"))
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "oxt", out],
                          cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    assert proc.returncode == 0, proc.stdout
    names = [n for n in os.listdir(out) if n.endswith(".oxt")]
    assert len(names) == 1
    return os.path.join(out, names[0])


def _config(ctx, nodepath):
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    return provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess", uno_props(nodepath=nodepath))


def _label(ctx, command):
    desc = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.UICommandDescription", ctx)
    props = desc.getByName("com.sun.star.text.TextDocument").getByName(command)
    return {p.Name: p.Value for p in props}["Label"]


def assert_tokki_ui(clerk, lang):
    """The tokki toolbar, menu and command handler are registered in this Writer, and the
    UI speaks `lang`."""
    import uno
    ctx = clerk.ctx
    # The UI language: LibreOffice's own labels come from libreoffice-l10n-ja.
    assert _label(ctx, ".uno:Open") == ("開く(~O)..." if lang == "ja" else "~Open...")
    # Toolbar and menu, as merged from the extension's Addons.xcu / WriterWindowState.xcu.
    toolbar = _config(ctx, "/org.openoffice.Office.Addons/AddonUI/OfficeToolBar")
    assert "org.tokki.odf.toolbar" in toolbar.getElementNames()
    urls = []
    items = toolbar.getByName("org.tokki.odf.toolbar")
    for name in items.getElementNames():
        urls.append(items.getByName(name).getByName("URL"))
    assert {"vnd.tokki:assemble", "vnd.tokki:validate", "vnd.tokki:finalize"} <= set(urls)
    menu = _config(ctx, "/org.openoffice.Office.Addons/AddonUI/OfficeMenuBarMerging/"
                        "org.tokki.odf.menu/tools/MenuItems/m00")
    assert menu.getByName("Title") == ("個人情報特記事項" if lang == "ja"
                                       else "Personal-information Provisions")
    states = _config(ctx, "/org.openoffice.Office.UI.WriterWindowState/UIElements/States")
    assert states.hasByName("private:resource/toolbar/addon_org.tokki.odf.toolbar")
    # The command handler answers in a Writer frame.
    desktop = clerk.service("com.sun.star.frame.Desktop")
    doc = desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0,
                                       uno_props(Hidden=True))
    try:
        frame = doc.getCurrentController().getFrame()
        url = uno.createUnoStruct("com.sun.star.util.URL")
        url.Complete = "vnd.tokki:validate"
        transformer = clerk.service("com.sun.star.util.URLTransformer")
        _ok, url = transformer.parseStrict(url)
        assert frame.queryDispatch(url, "_self", 0) is not None
        # A made-up command of another scheme is not handled: the check can fail.
        url.Complete = "vnd.tokki-nobody:validate"
        _ok, url = transformer.parseStrict(url)
        assert frame.queryDispatch(url, "_self", 0) is None
    finally:
        doc.close(True)


def test_clerk_installs_per_user_without_a_terminal_japanese_ui(oxt):
    with ClerkOffice(lang="ja") as clerk:
        rc, out = clerk.unopkg("add", oxt)          # stdin is /dev/null: no console
        assert rc == 0, out
        assert "reading from stdin" not in out and "License" not in out
        rc, listing = clerk.unopkg("list")
        assert rc == 0 and "Identifier: %s" % EXT_ID in listing, listing
        clerk.start()
        assert_tokki_ui(clerk, "ja")
        clerk.stop()
        assert clerk.processes() == []
        rc, out = clerk.unopkg("remove", EXT_ID)
        assert rc == 0, out
        clerk.installed = []
        rc, listing = clerk.unopkg("list")
        assert EXT_ID not in listing
        # And without it: no tokki toolbar (the assertion above is not vacuous).
        clerk.start()
        toolbar = _config(clerk.ctx, "/org.openoffice.Office.Addons/AddonUI/OfficeToolBar")
        assert "org.tokki.odf.toolbar" not in toolbar.getElementNames()
        clerk.stop()


def _shared_tree():
    out = set()
    for folder, dirs, files in os.walk(SHARED_CACHE, followlinks=True):
        for name in dirs + files:
            out.add(os.path.relpath(os.path.join(folder, name), SHARED_CACHE))
    return out


def _admin_unopkg(admin, *args):
    proc = subprocess.run([UNOPKG] + list(args) + ["-env:UserInstallation=file://" + admin],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=120, start_new_session=True)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def _remove_our_leftovers(before):
    """unopkg remove --shared marks the extension's folder removed (luXXXX.tmpremoved) and
    deletes it on a later start: delete what this test added, nothing else."""
    packages = os.path.join(SHARED_CACHE, "uno_packages")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _shared_tree() - before:
        time.sleep(0.5)
    for rel in sorted(_shared_tree() - before, key=len):
        path = os.path.join(SHARED_CACHE, rel)
        if os.path.dirname(rel) != "uno_packages" or not os.path.exists(path):
            continue
        stem = os.path.basename(rel).split(".tmp")[0]
        if os.path.exists(os.path.join(packages, stem + ".tmpremoved")):
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)


@pytest.mark.shared_install
@pytest.mark.skipif(not is_root(), reason="unopkg add --shared changes the installation: root "
                                          "only (CI runs as root)")
def test_shared_install_as_root_leaves_no_prompt_and_removes_cleanly(oxt, tmp_path):
    admin = str(tmp_path / "admin")
    before = _shared_tree()
    assert preflight.pending_licences("/usr/lib/libreoffice/program/soffice") == []
    rc, out = _admin_unopkg(admin, "list", "--shared")
    assert EXT_ID not in out, "org.tokki.odf is installed for all users already: " + out
    try:
        started = time.monotonic()
        rc, out = _admin_unopkg(admin, "add", "--shared", oxt)  # no --suppress-license
        assert rc == 0, out
        assert time.monotonic() - started < 60
        assert "License" not in out and "yes" not in out
        rc, listing = _admin_unopkg(admin, "list", "--shared")
        assert rc == 0 and "Identifier: %s" % EXT_ID in listing, listing
        assert "is registered: yes" in listing
        assert preflight.pending_licences("/usr/lib/libreoffice/program/soffice") == []

        # A clerk's fresh profile: Writer answers at once, with the toolbar, no prompt.
        with ClerkOffice(lang="ja") as clerk:
            clerk.start()
            assert clerk.seconds_to_answer < preflight.ANSWER_TIMEOUT
            assert_tokki_ui(clerk, "ja")
            clerk.stop()
            assert clerk.processes() == []

        # tokki's own headless LibreOffice right after: the PDF is made.
        env = dict(os.environ, TOKKI_PROFILE_CACHE="")
        proc = subprocess.run([TOKKI, "assemble", os.path.join(ROOT, "templates", "tokki-r5.fodt"),
                               "--answers", os.path.join(ROOT, "examples", "answers",
                                                         "r5-restricted.json"),
                               "--out", str(tmp_path / "x.pdf")], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=120)
        assert proc.returncode == 0, proc.stdout
        with open(str(tmp_path / "x.pdf"), "rb") as fh:
            assert fh.read(5) == b"%PDF-"
    finally:
        rc_rm, out_rm = _admin_unopkg(admin, "remove", "--shared", EXT_ID)
        _remove_our_leftovers(before)
    assert rc_rm == 0, out_rm
    rc, listing = _admin_unopkg(admin, "list", "--shared")
    assert EXT_ID not in listing
    assert _shared_tree() == before, sorted(_shared_tree() ^ before)


def _with_version(oxt, version, target):
    with zipfile.ZipFile(oxt) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "description.xml":
                data = re.sub(rb'<version value="[^"]*"', b'<version value="%s"'
                              % version.encode(), data, count=1)
            out.writestr(info, data)
    return target


def test_update_and_removal_without_a_terminal_in_a_private_shared_registry(oxt, tmp_path):
    """What docs/ja/admin-guide.md tells IT for an update: a newer version replaces the
    installed one with plain `unopkg add --shared`; the same or an older one needs
    --force. Run on a private shared registry (never the machine's)."""
    program, cache = private_installation(str(tmp_path / "lo"))
    admin = "-env:UserInstallation=file://" + str(tmp_path / "admin")
    newer = _with_version(oxt, "99.0.0", str(tmp_path / "tokki-odf-99.0.0.oxt"))

    def unopkg(*args):
        proc = subprocess.run([os.path.join(program, "unopkg")] + list(args) + [admin],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=120, start_new_session=True)
        return proc.returncode, proc.stdout.decode("utf-8", "replace")

    def version():
        rc, listing = unopkg("list", "--shared")
        assert rc == 0, listing
        lines = [l.split(":", 1)[1].strip() for l in listing.splitlines()
                 if l.strip().startswith("Version:")]
        return lines[0] if lines else None

    assert unopkg("add", "--shared", oxt)[0] == 0
    assert version() == "0.1.0"
    assert unopkg("add", "--shared", newer)[0] == 0            # update: newer replaces
    assert version() == "99.0.0"
    rc, out = unopkg("add", "--shared", oxt)                    # older: refused…
    assert rc != 0 and "already been added" in out, out
    assert version() == "99.0.0"
    assert unopkg("add", "--shared", "--force", oxt)[0] == 0   # …unless forced
    assert version() == "0.1.0"
    assert unopkg("remove", "--shared", EXT_ID)[0] == 0
    assert version() is None



def _foreign_python(folder):
    """folder/bin/python3 with a home of its own, folder/lib/pythonX.Y: the system's
    standard library (symlinked) without its dist-packages, as pyenv or conda have, and a
    sitecustomize that notes in folder/used-by every interpreter that takes this home."""
    import sysconfig
    stdlib = sysconfig.get_path("stdlib")
    lib = os.path.join(folder, "lib", os.path.basename(stdlib))
    os.makedirs(lib)
    os.makedirs(os.path.join(folder, "bin"))
    python3 = os.path.join(folder, "bin", "python3")
    with open(python3, "w") as fh:
        fh.write('#!/bin/sh\nexec /usr/bin/python3 "$@"\n')
    os.chmod(python3, 0o755)
    for name in os.listdir(stdlib):
        if name not in ("sitecustomize.py", "__pycache__"):
            os.symlink(os.path.join(stdlib, name), os.path.join(lib, name))
    with open(os.path.join(lib, "sitecustomize.py"), "w") as fh:
        fh.write("import os\nwith open(%r, 'a') as fh:\n    fh.write('%%d\\n' %% os.getpid())\n"
                 % os.path.join(folder, "used-by"))
    return os.path.join(folder, "bin"), os.path.join(folder, "used-by")


@pytest.mark.skipif(not os.path.exists("/usr/bin/python3"), reason="no system python3")
def test_pdf_with_a_shared_python_extension_and_another_python3_first_on_path(
        oxt, tmp_path, monkeypatch):
    """The shared-install crash (docs/deploy.md): with a Python extension installed for all
    users, every document load instantiates its toolbar handler in soffice's embedded
    Python; that Python found its home through the first python3 on PATH (pyenv's, in
    `python3 build.py test`), missed LibreOffice's uno.py and soffice aborted (exit 134).
    tokki now starts soffice with a PATH without foreign python3 folders. On a private
    shared registry (never the machine's)."""
    from tokki_odf.errors import TokkiError
    from tokki_odf.office import session, soffice as so
    program, _cache = private_installation(str(tmp_path / "lo"))
    admin = "-env:UserInstallation=file://" + str(tmp_path / "admin")
    proc = subprocess.run([os.path.join(program, "unopkg"), "add", "--shared", oxt, admin],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=120, start_new_session=True)
    assert proc.returncode == 0, proc.stdout
    foreign_bin, used_by = _foreign_python(str(tmp_path / "pyenv"))
    # soffice = the private installation's; python3 = the foreign one
    path = os.pathsep.join([program, foreign_bin, os.environ.get("PATH", os.defpath)])
    assert shutil.which("python3", path=path) == os.path.join(foreign_bin, "python3")
    env = dict(os.environ, PATH=path, TOKKI_PROFILE_CACHE="")
    out = tmp_path / "x.pdf"
    proc = subprocess.run([TOKKI, "assemble", os.path.join(ROOT, "templates", "tokki-r5.fodt"),
                           "--answers", os.path.join(ROOT, "examples", "answers",
                                                     "r5-restricted.json"),
                           "--out", str(out)], env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180)
    assert proc.returncode == 0, proc.stdout.decode("utf-8", "replace")[:3000]
    assert out.read_bytes()[:5] == b"%PDF-"
    assert not os.path.exists(used_by), "soffice's Python took the foreign python3's home"

    # The check can fail: with our PATH passed through unchanged, soffice's Python takes
    # the foreign home (and, without LibreOffice's uno.py there, aborts).
    def unchanged(env=None):
        return dict(os.environ if env is None else env)
    monkeypatch.setattr(so, "office_env", unchanged)
    monkeypatch.setattr(session, "office_env", unchanged)
    monkeypatch.setenv("PATH", path)
    try:
        so.convert(os.path.join(ROOT, "templates", "tokki-r5.fodt"), str(tmp_path / "y.pdf"),
                   "pdf")
    except TokkiError:
        pass
    assert os.path.exists(used_by)
