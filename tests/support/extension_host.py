"""A private LibreOffice with the tokki extension installed, for tests and benchmarks.

    host = ExtensionHost(oxt="dist/tokki-odf-0.1.0.oxt")
    host.prepare()                 # fresh profile, first start, unopkg add
    host.start()                   # headless soffice on that profile (or GUI: display=":99")
    doc = host.new_writer()
    ok, message = host.dispatch(doc, "vnd.tokki:insert?answers=...")
    host.shutdown()                # kills the process group, removes the profile

An OfficeSession (the one launcher): soffice runs in its own process group on a
throw-away profile; `uno` is imported only when the office starts. Installing: unopkg
refuses to run as root without --shared (which would change the machine's
LibreOffice for everybody), so as root unopkg runs as the unprivileged user
nobody on a profile folder it owns; LibreOffice itself then uses that profile.
"""
import os
import shutil
import subprocess
import tempfile
from urllib.parse import quote

from tokki_odf.errors import TokkiError
from tokki_odf.office.session import OfficeSession, uno_props
from tokki_odf.office.soffice import EXIT_RESTART, file_url, kill_group, prepare_profile, \
    require_office

NOBODY = 65534


def office_path(path):
    """PATH for soffice without folders whose python3 is not the system one.

    A visible Writer started with another python3 first on PATH (pyenv, a venv)
    threw std::bad_alloc on the first new document; LibreOffice's Python is the
    system one, so soffice gets a PATH that finds only that."""
    system = os.path.realpath("/usr/bin/python3")
    keep = []
    for folder in (path or "").split(os.pathsep):
        candidate = os.path.join(folder, "python3")
        if folder and os.path.exists(candidate) and os.path.realpath(candidate) != system:
            continue
        keep.append(folder)
    return os.pathsep.join(keep) or os.defpath


def unopkg_path(soffice):
    for path in (os.path.join(os.path.dirname(os.path.realpath(soffice)), "unopkg"),
                 shutil.which("unopkg") or ""):
        if path and os.access(path, os.X_OK):
            return path
    raise TokkiError("unopkg was not found next to %s" % soffice)


class ExtensionHost(OfficeSession):
    """OfficeSession's launcher (start, and the hung-soffice-proof stop) on a profile
    with the extension installed; headless, or visible on an X display."""

    LOG_NAME = "soffice.log"
    LOG_STDOUT = True
    PIPE_PREFIX = "tokki-ext"

    def __init__(self, oxt, soffice=None, ui_locale=None, display=None, start_timeout=90.0,
                 workdir=None, env=None):
        home = workdir or tempfile.mkdtemp(prefix="tokki-ext-host-")
        OfficeSession.__init__(self, start_timeout=start_timeout,
                               soffice=soffice or require_office("the extension tests"),
                               profile_dir=os.path.join(home, "profile"), workdir=home)
        self.oxt = os.path.abspath(oxt)
        self.ui_locale = ui_locale
        self.display = display
        self.extra_env = dict(env or {})   # extra environment for soffice (e.g. TOKKI_UI_LANG)
        self.home = home
        self.profile = self.profile_dir
        self.install_log = ""
        self.listing = ""      # `unopkg list` right after installing (it cannot run later,
                               # while soffice holds the profile)

    @property
    def ctx(self):
        return self._ctx

    @property
    def pipe(self):
        return self.pipe_name

    # -- profile and installation --------------------------------------------------

    @property
    def profile_arg(self):
        return "-env:UserInstallation=" + file_url(self.profile)

    def prepare(self):
        """Fresh profile, started once, then `unopkg add` of the .oxt."""
        prepare_profile(self.profile, spellcheck=False)
        if self.ui_locale:
            self._set_locale(self.ui_locale)
        self._first_start()
        self.install()
        self.listing = self.list_extensions()
        return self

    def _set_locale(self, locale):
        path = os.path.join(self.profile, "user", "registrymodifications.xcu")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        item = ('<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" '
                'oor:op="fuse"><value>%s</value></prop></item>\n' % locale)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text.replace("</oor:items>", item + "</oor:items>"))

    def _first_start(self):
        for _attempt in range(2):
            proc = subprocess.Popen([self.soffice, self.profile_arg, "--headless",
                                     "--terminate_after_init", "--norestore", "--nologo"],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True,
                                    cwd=self.home)
            try:
                rc = proc.wait(timeout=self.start_timeout)
            except subprocess.TimeoutExpired:
                kill_group(proc)
                raise TokkiError("LibreOffice did not finish its first start within %g s"
                                 % self.start_timeout) from None
            kill_group(proc)
            if rc != EXIT_RESTART:
                return

    def _as_user(self):
        """(preexec kwargs, env) to run unopkg unprivileged when we are root."""
        env = dict(os.environ)
        env.pop("SESSION_MANAGER", None)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            for folder, _dirs, files in os.walk(self.home):
                os.chown(folder, NOBODY, NOBODY)
                for name in files:
                    os.chown(os.path.join(folder, name), NOBODY, NOBODY)
            os.chmod(self.home, 0o755)
            env["HOME"] = self.home
            return {"user": NOBODY, "group": NOBODY, "extra_groups": []}, env
        return {}, env

    def install(self):
        """unopkg add the .oxt into the profile; returns unopkg's output."""
        unopkg = unopkg_path(self.soffice)
        staged = os.path.join(self.home, os.path.basename(self.oxt))
        shutil.copyfile(self.oxt, staged)
        os.chmod(staged, 0o644)
        kwargs, env = self._as_user()
        cmd = [unopkg, "add", "--suppress-license", self.profile_arg, staged]
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, env=env, cwd=self.home,
                              timeout=self.start_timeout, start_new_session=True, **kwargs)
        self.install_log = proc.stdout.decode("utf-8", "replace")
        if proc.returncode != 0:
            raise TokkiError("unopkg add %s failed (exit %d): %s"
                             % (self.oxt, proc.returncode, self.install_log.strip()))
        return self.install_log

    def list_extensions(self):
        """`unopkg list` of the profile (only while soffice is not running)."""
        kwargs, env = self._as_user()
        proc = subprocess.run([unopkg_path(self.soffice), "list", self.profile_arg],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, env=env, cwd=self.home,
                              timeout=self.start_timeout, start_new_session=True, **kwargs)
        return proc.stdout.decode("utf-8", "replace")

    # -- running ---------------------------------------------------------------------

    def _command(self, soffice, profile_arg):
        cmd = [soffice, profile_arg, "--norestore", "--nologo", "--nolockcheck"]
        if self.display:
            return cmd + ["--nodefault"]
        return cmd + ["--headless", "--invisible", "--nodefault"]

    def _environment(self):
        env = dict(os.environ)
        env.pop("SESSION_MANAGER", None)
        env["PATH"] = office_path(env.get("PATH"))
        env.update(self.extra_env)
        if self.display:
            env["DISPLAY"] = self.display
            env["SAL_USE_VCLPLUGIN"] = env.get("TOKKI_VCLPLUGIN", "gen")
        return env

    def soffice_log(self):
        try:
            with open(os.path.join(self.home, self.LOG_NAME), "rb") as fh:
                return fh.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def tokki_log(self):
        """The extension's own log in the profile (user/tokki-odf/tokki.log)."""
        try:
            with open(os.path.join(self.profile, "user", "tokki-odf", "tokki.log"),
                      encoding="utf-8") as fh:
                return fh.read()
        except OSError:
            return ""

    def stop(self):
        """Terminate LibreOffice (the profile stays: start() again reuses it)."""
        OfficeSession.shutdown(self)

    def shutdown(self):
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()
        return False

    # -- documents and commands --------------------------------------------------------

    def new_writer(self, hidden=True):
        return self.desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0,
                                                 uno_props(Hidden=hidden))

    def load(self, path, hidden=True, as_template=False):
        """Open a document; as_template=True opens an .ott as a new document made from it
        (what File > New > Templates does)."""
        values = {"Hidden": hidden}
        if as_template:
            values["AsTemplate"] = True
        return self.desktop.loadComponentFromURL(file_url(path), "_blank", 0,
                                                 uno_props(**values))

    def dispatch(self, doc, url):
        """Dispatch url in doc's frame and wait; (ok, message) from the extension."""
        helper = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.ctx)
        frame = doc.getCurrentController().getFrame()
        result = helper.executeDispatch(frame, url, "", 0, ())
        value = getattr(result, "Result", result)
        text = value if isinstance(value, str) else ""
        if text.startswith("ok: "):
            return True, text[4:]
        if text.startswith("error: "):
            return False, text[7:]
        return False, "no result from the extension (is it installed?): %r" % (result,)

    @staticmethod
    def quote_url(path):
        """The URL-encoded file URL of path, as vnd.tokki: parameters take it."""
        return quote(file_url(path), safe="")
