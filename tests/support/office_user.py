"""The office side of a test as a clerk has it: an ordinary user, the Japanese UI.

    with ClerkOffice(lang="ja") as clerk:
        clerk.unopkg("add", oxt)           # per-user install, stdin /dev/null, as the user
        ctx = clerk.start()                # Writer headless, as the user, UNO over TCP
        ...
    # soffice's process group killed, the extension removed, the user's profile gone

As root, soffice and unopkg run as CLERK (created with useradd when missing) through
`runuser -u CLERK --`; as any other user, as that user. The profile is a fresh folder in
the user's home. What switches LibreOffice's UI, measured on 25.2 with
libreoffice-l10n-ja installed: the locale of the environment, LANG=ja_JP.UTF-8 (the
ja_JP locale need not even be generated), as a Japanese desktop session has it. Not
enough: LANGUAGE=ja under LC_ALL=C.UTF-8 (the C locale ignores LANGUAGE), nor an
ooLocale of ja-JP written into a fresh profile (reset to en-US on the first start).
"""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time

from tokki_odf.office.soffice import kill_group

CLERK = "tokkitest"
PROGRAM = "/usr/lib/libreoffice/program"
UI_ENV = {"ja": {"LANG": "ja_JP.UTF-8", "LC_ALL": "ja_JP.UTF-8", "LANGUAGE": "ja"},
          "en": {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "en_US"}}


def is_root():
    return os.geteuid() == 0


def ensure_clerk(name=CLERK):
    """pwd entry of the unprivileged user the office side runs as (created if missing,
    as root); the current user when not root."""
    if not is_root():
        return pwd.getpwuid(os.getuid())
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/usr/sbin/nologin", name],
                       check=True, stdin=subprocess.DEVNULL)
        return pwd.getpwnam(name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ClerkOffice:
    def __init__(self, lang="ja", user=CLERK, start_timeout=60.0):
        self.user = ensure_clerk(user)
        self.lang = lang
        self.start_timeout = start_timeout
        home = self.user.pw_dir if os.path.isdir(self.user.pw_dir) else tempfile.gettempdir()
        self.root = tempfile.mkdtemp(prefix="tokki-clerk-", dir=home)
        os.chmod(self.root, 0o700)
        self.profile = os.path.join(self.root, "profile")
        self._chown(self.root)
        self.proc = None
        self.ctx = None
        self.installed = []

    @property
    def profile_arg(self):
        return "-env:UserInstallation=file://" + self.profile

    def _chown(self, path):
        if is_root():
            os.chown(path, self.user.pw_uid, self.user.pw_gid)

    def env(self):
        env = {"HOME": self.user.pw_dir, "USER": self.user.pw_name,
               "LOGNAME": self.user.pw_name, "PATH": "/usr/bin:/bin",
               "TMPDIR": self.root}
        env.update(UI_ENV[self.lang])
        return env

    def argv(self, argv):
        """argv as the clerk: runuser -u CLERK -- env -i … argv (root), else env -i … argv."""
        env = ["env", "-i"] + ["%s=%s" % kv for kv in sorted(self.env().items())]
        prefix = ["runuser", "-u", self.user.pw_name, "--"] if is_root() else []
        return prefix + env + list(argv)

    def stage(self, path):
        """A copy of path the clerk can read."""
        target = os.path.join(self.root, os.path.basename(path))
        shutil.copyfile(path, target)
        os.chmod(target, 0o644)
        self._chown(target)
        return target

    def unopkg(self, *args, timeout=120):
        """unopkg as the clerk on the clerk's profile, no terminal (stdin /dev/null)."""
        args = list(args)
        if args and args[0] == "add":
            args = args[:1] + [self.stage(a) if a.endswith(".oxt") else a for a in args[1:]]
        proc = subprocess.run(self.argv([os.path.join(PROGRAM, "unopkg")] + args +
                                        [self.profile_arg]),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout,
                              start_new_session=True, cwd=self.root)
        if args[:1] == ["add"] and proc.returncode == 0:
            self.installed.append(True)
        return proc.returncode, proc.stdout.decode("utf-8", "replace")

    def start(self):
        """Writer headless as the clerk; returns the UNO component context. Raises
        AssertionError with soffice's output when it does not answer in time."""
        import uno
        from com.sun.star.connection import NoConnectException
        port = free_port()
        log = os.path.join(self.root, "soffice.log")
        with open(log, "ab") as fh:
            self._chown(log)
            self.proc = subprocess.Popen(
                self.argv([os.path.join(PROGRAM, "soffice"), self.profile_arg, "--headless",
                           "--invisible", "--nologo", "--norestore", "--nodefault",
                           "--nolockcheck",
                           "--accept=socket,host=127.0.0.1,port=%d;urp;" % port]),
                stdin=subprocess.DEVNULL, stdout=fh, stderr=fh, start_new_session=True,
                cwd=self.root)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        started = time.monotonic()
        while True:
            try:
                self.ctx = resolver.resolve(
                    "uno:socket,host=127.0.0.1,port=%d;urp;StarOffice.ComponentContext" % port)
                break
            except NoConnectException:
                rc = self.proc.poll()
                if rc is not None and rc != 81:
                    raise AssertionError("soffice as %s stopped (exit %s): %s"
                                         % (self.user.pw_name, rc, self.log()))
                if rc == 81:           # first start of a fresh profile: once more
                    kill_group(self.proc)
                    return self.start()
                if time.monotonic() - started > self.start_timeout:
                    raise AssertionError("soffice as %s did not answer within %g s: %s"
                                         % (self.user.pw_name, self.start_timeout, self.log()))
                time.sleep(0.1)
        self.seconds_to_answer = time.monotonic() - started
        return self.ctx

    def log(self):
        try:
            with open(os.path.join(self.root, "soffice.log"), "rb") as fh:
                return fh.read().decode("utf-8", "replace").strip() or "no message"
        except OSError:
            return "no message"

    def service(self, name):
        return self.ctx.ServiceManager.createInstanceWithContext(name, self.ctx)

    def stop(self):
        proc, self.proc = self.proc, None
        ctx, self.ctx = self.ctx, None
        if proc is None:
            return
        if ctx is not None and proc.poll() is None:
            try:
                ctx.ServiceManager.createInstanceWithContext(
                    "com.sun.star.frame.Desktop", ctx).terminate()
            except Exception:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        kill_group(proc, grace=2)

    def processes(self):
        """pids of live processes that use this clerk profile (for leak checks)."""
        out = []
        for pid in (p for p in os.listdir("/proc") if p.isdigit()):
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as fh:
                    if self.profile.encode() in fh.read():
                        out.append(int(pid))
            except OSError:
                continue
        return out

    def shutdown(self):
        self.stop()
        if self.installed:
            self.unopkg("remove", "org.tokki.odf")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()
        return False


def private_installation(folder):
    """folder/program/{soffice,unopkg}: the real ones with a private shared extension
    registry folder/share/uno_packages/cache (what preflight.shared_cache_dir finds)."""
    program = os.path.join(folder, "program")
    cache = os.path.join(folder, "share", "uno_packages", "cache")
    os.makedirs(program)
    os.makedirs(cache)
    for name in ("soffice", "unopkg"):
        real = os.path.join(PROGRAM, name)
        path = os.path.join(program, name)
        with open(path, "w") as fh:
            fh.write('#!/bin/sh\nexec %s "-env:UNO_SHARED_PACKAGES_CACHE=file://%s" "$@"\n'
                     % (real, cache))
        os.chmod(path, 0o755)
    return program, cache
