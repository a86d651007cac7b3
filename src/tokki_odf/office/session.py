"""One headless LibreOffice, driven over UNO, for as long as a `with` block lasts.

    with OfficeSession() as office:
        doc = office.load("contract.odt")
        print(office.paragraph_texts(doc))
        office.store(doc, "contract.docx", "docx")
        office.close(doc)

The soffice gets its own throw-away profile (spell checking, autosave and
recovery off) and its own process group; leaving the block always ends the
whole group and removes the profile. `uno` is imported only when a session
starts, so this module imports on any Python.
"""
import atexit
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid

from ..errors import TokkiError
from ..io.package import atomic_target
from . import preflight
from .soffice import (EXIT_RESTART, file_url, kill_group, office_env, prepare_profile,
                      remove_pipe_sockets, require_office, uninterrupted)

# Short names accepted by store() besides real filter names.
STORE_FILTERS = {
    "odt": "writer8",
    "fodt": "OpenDocument Text Flat XML",
    "docx": "MS Word 2007 XML",
    "pdf": "writer_pdf_Export",
}


def _uno():
    try:
        import uno  # noqa: F401  (system python3-uno)
    except ImportError:
        raise TokkiError("the Python module `uno` is missing: run with a Python that has "
                         "python3-uno (the project's .venv/bin/python, made by "
                         "`python3 build.py setup`)") from None
    return uno


def uno_props(**values):
    uno = _uno()
    out = []
    for name, value in values.items():
        prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        prop.Name = name
        prop.Value = value
        out.append(prop)
    return tuple(out)


def _terminate_quietly(desktop):
    try:
        desktop.terminate()
    except Exception:  # the bridge goes away under our feet: expected
        pass


class OfficeSession:
    """A private headless soffice reached through a named pipe.

    The one launcher: start() (launch, retry once after the first-start restart, poll
    the pipe until it connects) and shutdown() (terminate from a helper thread so a hung
    soffice cannot block, then kill the process group) are shared by the batch's
    WarmOffice and the tests' ExtensionHost, which subclass it and override
    _command / _environment (and _try_connect)."""

    LOG_NAME = "stderr.txt"      # soffice's messages, in the work folder
    LOG_STDOUT = False           # stdout too (the extension host logs both)
    PIPE_PREFIX = "tokki"

    def __init__(self, start_timeout=60.0, soffice=None, profile_dir=None, pipe_name=None,
                 env=None, workdir=None):
        """profile_dir: use this profile folder (prepared by the caller with
        prepare_profile, kept on shutdown so that a restart is fast) instead of a
        throw-away one; pipe_name: the UNO pipe to accept on (default: a unique
        name); env: environment for soffice (default: ours); workdir: the folder for
        soffice's log and cwd, kept on shutdown (default: a temporary one, removed)."""
        self.start_timeout = start_timeout
        self.soffice = soffice
        self.profile_dir = profile_dir
        self.fixed_pipe_name = pipe_name
        self.env = env
        self.proc = None
        self.fixed_workdir = workdir
        self.workdir = None
        self.pipe_name = None
        self._ctx = None
        self._desktop = None
        # Until a soffice has answered once in this process: check first (preflight),
        # and give up with the reason after preflight.ANSWER_TIMEOUT s.
        self.preflight = True
        self.preflight_static = True     # False: the caller has done preflight.static_check

    def _command(self, soffice, profile_arg):
        """soffice's command line, without the --accept argument."""
        return [soffice, profile_arg, "--headless", "--invisible", "--nologo",
                "--norestore", "--nodefault", "--nolockcheck"]

    def _environment(self):
        """soffice's environment (None: ours)."""
        return self.env

    # -- lifetime ---------------------------------------------------------------

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        return False

    def start(self):
        if self.proc is not None:
            return self
        uno = _uno()
        soffice = self.soffice or require_office("driving LibreOffice from Python")
        first = self.preflight and not preflight.answered(soffice)
        if first and self.preflight_static:
            preflight.static_check(soffice, "driving LibreOffice from Python",
                                   need_uno=True, profile_dir=self.profile_dir)
        answer_timeout = min(self.start_timeout, preflight.ANSWER_TIMEOUT)
        self.workdir = self.fixed_workdir or tempfile.mkdtemp(prefix="tokki-office-")
        atexit.register(self.shutdown)
        try:
            if self.profile_dir:
                profile_arg = "-env:UserInstallation=" + file_url(self.profile_dir)
            else:
                profile_arg = prepare_profile(os.path.join(self.workdir, "profile"),
                                              spellcheck=False)
            self.pipe_name = self.fixed_pipe_name or \
                "%s-%d-%s" % (self.PIPE_PREFIX, os.getpid(), uuid.uuid4().hex[:12])
            cmd = self._command(soffice, profile_arg) + [
                "--accept=pipe,name=%s;urp;" % self.pipe_name]
            started = time.monotonic()
            deadline = started + self.start_timeout
            restarted = False
            self._launch(cmd)
            while True:
                ctx = self._try_connect(uno)
                if ctx is not None:
                    break
                rc = self.proc.poll()
                if rc is not None:
                    if rc == EXIT_RESTART and not restarted:
                        restarted = True
                        kill_group(self.proc)
                        self._launch(cmd)
                        continue
                    raise TokkiError("LibreOffice stopped while starting (exit %s): %s"
                                     % (rc, preflight._one_line(self._stderr())
                                        or "no message"))
                if first and time.monotonic() - started > answer_timeout:
                    raise preflight.OfficeUnavailable(preflight.diagnose(
                        soffice, answer_timeout, self._stderr(), self.profile_dir))
                if time.monotonic() > deadline:
                    raise TokkiError("LibreOffice did not accept a connection within %g s: %s"
                                     % (self.start_timeout, self._stderr() or "no message"))
                # soffice listens ~0.3 s after a warm start: poll finely at first
                # (a 0.2 s poll cost every worker start ~0.1 s; issue 16)
                time.sleep(0.02 if time.monotonic() - started < 3 else 0.2)
            preflight.mark_answered(soffice)
            self._ctx = ctx
            self._desktop = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", ctx)
        except BaseException:
            uninterrupted(self.shutdown)      # Ctrl+C here must not cut the cleanup short
            raise
        return self

    def _launch(self, cmd):
        log = open(os.path.join(self.workdir, self.LOG_NAME), "ab")
        try:
            # office_env: its embedded Python must find the system Python's home
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                         stdout=log if self.LOG_STDOUT else subprocess.DEVNULL,
                                         stderr=log, start_new_session=True, cwd=self.workdir,
                                         env=office_env(self._environment()))
        finally:
            log.close()

    def _try_connect(self, uno):
        from com.sun.star.connection import NoConnectException  # via the uno import hook
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext"
                                    % self.pipe_name)
        except NoConnectException:  # until soffice listens on the pipe
            return None

    def _stderr(self):
        try:
            with open(os.path.join(self.workdir, self.LOG_NAME), "rb") as fh:
                text = fh.read().decode("utf-8", "replace")
        except (OSError, TypeError):
            return ""
        return "\n".join(line for line in text.splitlines()
                         if "javaldx" not in line and "java may not" not in line).strip()

    def shutdown(self):
        """Terminate LibreOffice, kill its process group, remove the profile. Idempotent."""
        desktop, self._desktop, self._ctx = self._desktop, None, None
        proc, self.proc = self.proc, None
        if proc is not None:
            if desktop is not None and proc.poll() is None:
                # terminate() has no timeout and blocks on a hung soffice: ask from a
                # helper thread, then kill the process group whatever happened.
                asking = threading.Thread(target=_terminate_quietly, args=(desktop,),
                                          daemon=True)
                asking.start()
                asking.join(10)
                try:
                    proc.wait(timeout=0 if asking.is_alive() else 10)
                except subprocess.TimeoutExpired:
                    pass
            kill_group(proc, grace=0 if proc.poll() is not None else 2)
            remove_pipe_sockets(self.pipe_name, self.profile_dir or (
                self.workdir and os.path.join(self.workdir, "profile")))
        if self.workdir and self.workdir != self.fixed_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.workdir = None
        try:
            atexit.unregister(self.shutdown)
        except Exception:  # pragma: no cover - interpreter shutting down
            pass

    # -- documents --------------------------------------------------------------

    @property
    def desktop(self):
        if self._desktop is None:
            raise TokkiError("the LibreOffice session is not running")
        return self._desktop

    @property
    def context(self):
        if self._ctx is None:
            raise TokkiError("the LibreOffice session is not running")
        return self._ctx

    def load(self, path, hidden=True):
        """Open a document; returns the UNO component."""
        _uno()
        path = os.path.abspath(path)
        if not os.path.isfile(path):
            raise TokkiError("%s: no such file" % path)
        try:
            component = self.desktop.loadComponentFromURL(
                file_url(path), "_blank", 0, uno_props(Hidden=hidden))
        except Exception as exc:
            if isinstance(exc, TokkiError):
                raise
            raise TokkiError("LibreOffice could not open %s: %s"
                             % (path, getattr(exc, "Message", "") or exc)) from None
        if component is None:
            raise TokkiError("LibreOffice could not open %s" % path)
        return component

    def paragraph_texts(self, component):
        """Texts of the body's paragraphs in order (those in sections included; tables skipped)."""
        texts = []
        enum = component.getText().createEnumeration()
        while enum.hasMoreElements():
            element = enum.nextElement()
            if element.supportsService("com.sun.star.text.Paragraph"):
                texts.append(element.getString())
        return texts

    def store(self, component, path, filter_name):
        """Save a copy of component to path (atomically) with a filter name
        ("writer8", "MS Word 2007 XML", "writer_pdf_Export", ...) or odt/fodt/docx/pdf."""
        _uno()
        filter_name = STORE_FILTERS.get(filter_name, filter_name)
        path = os.path.abspath(path)
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            raise TokkiError("%s: the folder %s does not exist" % (path, folder))
        try:
            with atomic_target(path, suffix=os.path.splitext(path)[1]) as tmp:
                component.storeToURL(file_url(tmp),
                                     uno_props(FilterName=filter_name, Overwrite=True))
        except Exception as exc:
            if isinstance(exc, TokkiError):
                raise
            raise TokkiError("LibreOffice could not save %s as %s: %s"
                             % (path, filter_name, getattr(exc, "Message", "") or exc)) from None
        return path

    def close(self, component):
        """Close a document without saving."""
        try:
            component.close(True)
        except Exception:
            try:
                component.dispose()
            except Exception:
                pass
