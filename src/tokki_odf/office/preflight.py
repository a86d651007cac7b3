"""Can this machine's LibreOffice start headless and answer? Say why not, in one line, fast.

Before tokki waits on a soffice (a conversion, an OfficeSession, a batch's workers) it
calls check(): LibreOffice found and recent enough, python3-uno importable (when UNO is
needed), the profile not in use, no shared extension whose licence every user must
accept — a headless soffice waits for ever for that acceptance — and, once per process,
a real headless start with tokki's profile settings that must answer within
ANSWER_TIMEOUT seconds. Each failure raises OfficeUnavailable (a TokkiError: the CLI
prints its one line and exits 2) instead of a minute-long wait per document.
"""
import os
import re
import shutil
import tempfile
import uuid
from urllib.parse import unquote

from ..errors import TokkiError

ANSWER_TIMEOUT = 15.0

# soffice paths that answered a headless start in this process (no second probe).
_answered = set()


class OfficeUnavailable(TokkiError):
    """LibreOffice cannot start headless here; the message says why and what to do."""


def _one_line(text, limit=300):
    text = " / ".join(line.strip() for line in (text or "").splitlines() if line.strip())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- shared extensions with a licence to accept ------------------------------------------

def shared_cache_dir(soffice):
    """The shared extension cache of the installation soffice belongs to
    (<install>/share/uno_packages/cache, as lounorc's UNO_SHARED_PACKAGES_CACHE)."""
    program = os.path.dirname(os.path.realpath(soffice))
    return os.path.join(os.path.dirname(program), "share", "uno_packages", "cache")


_LICENSE = re.compile(r"<(?:\w+:)?simple-license\b[^>]*\baccept-by\s*=\s*[\"']user[\"']")
_IDENT = re.compile(r"<(?:\w+:)?identifier\s+value\s*=\s*[\"']([^\"']+)[\"']")


def pending_licences(soffice):
    """[(identifier, folder)] of extensions installed for all users (unopkg add --shared)
    that ask every user to accept a licence (simple-license accept-by="user"). A fresh
    profile, as every headless soffice of tokki has, has accepted none of them, and
    LibreOffice then waits for the acceptance before it answers anybody."""
    packages = os.path.join(shared_cache_dir(soffice), "uno_packages")
    found = []
    try:
        names = sorted(os.listdir(packages))
    except OSError:
        return found
    for name in names:
        folder = os.path.join(packages, name)
        if not name.endswith(".tmp_") or not os.path.isdir(folder):
            continue
        if os.path.exists(os.path.join(packages, name[:-1] + "removed")):
            continue                      # removed, not yet garbage-collected
        try:
            inner = sorted(os.listdir(folder))
        except OSError:
            continue
        for entry in inner:
            description = os.path.join(folder, entry, "description.xml")
            try:
                with open(description, "rb") as fh:
                    text = fh.read(200000).decode("utf-8", "replace")
            except OSError:
                continue
            text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
            if _LICENSE.search(text):
                m = _IDENT.search(text)
                found.append((m.group(1) if m else entry, os.path.join(folder, entry)))
    return found


def _licence_message(pending, soffice):
    ident = pending[0][0]
    return ("LibreOffice cannot start headless: the extension %s, installed for all users "
            "in %s, asks every user to accept its licence, and LibreOffice waits for that; "
            "the administrator can remove it (unopkg remove --shared %s) or reinstall a "
            "version without a licence prompt" % (ident, shared_cache_dir(soffice), ident))


# -- processes ------------------------------------------------------------------------

def _processes():
    """[(pid, argv)] of the processes we can see."""
    out = []
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return out
    for pid in pids:
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as fh:
                argv = [a.decode("utf-8", "replace") for a in fh.read().split(b"\0") if a]
        except OSError:
            continue
        if argv:
            out.append((int(pid), argv))
    return out


def running_unopkg():
    """[(pid, command line)] of unopkg processes (an `unopkg add` waiting for someone to
    type "yes" to a licence on its console keeps the extension registry busy)."""
    found = []
    for pid, argv in _processes():
        if os.path.basename(argv[0]) in ("unopkg", "unopkg.bin") or \
                (len(argv) > 1 and os.path.basename(argv[1]) in ("unopkg", "unopkg.bin")):
            found.append((pid, " ".join(argv)))
    return found


def profile_in_use(profile_dir):
    """pid of a running soffice whose UserInstallation is profile_dir, else None. (Its
    user/.lock is not enough: tokki's soffice run with --nolockcheck and write none, and a
    second soffice on the same profile hands its arguments to the first one and exits:
    two "sessions" then share, and close, one office.)"""
    if not profile_dir:
        return None
    want = os.path.realpath(profile_dir)
    for pid, argv in _processes():
        if pid == os.getpid():
            continue
        for arg in argv:
            if arg.startswith("-env:UserInstallation=file://"):
                path = unquote(arg[len("-env:UserInstallation=file://"):])
                if os.path.realpath(path) == want:
                    return pid
    return None


# -- the checks -----------------------------------------------------------------------

def static_check(soffice=None, purpose="this", need_uno=True, profile_dir=None):
    """The checks that need no soffice start (milliseconds). Returns the soffice path."""
    from .soffice import require_office
    soffice = soffice or require_office(purpose)
    if soffice and not (os.path.isfile(soffice) and os.access(soffice, os.X_OK)):
        raise OfficeUnavailable("LibreOffice is needed for %s, but %s is not an executable "
                                "file" % (purpose, soffice))
    if need_uno:
        try:
            import uno  # noqa: F401
        except ImportError:
            raise OfficeUnavailable(
                "the Python module `uno` (Debian package python3-uno) is missing, so tokki "
                "cannot drive LibreOffice for %s: use the project's .venv/bin/python (made "
                "by `python3 build.py setup`) or apt-get install python3-uno" % purpose
            ) from None
    pid = profile_in_use(profile_dir)
    if pid:
        raise OfficeUnavailable("the LibreOffice profile %s is in use by process %d: close "
                                "that LibreOffice or use another profile" % (profile_dir, pid))
    pending = pending_licences(soffice)
    if pending:
        raise OfficeUnavailable(_licence_message(pending, soffice))
    return soffice


def diagnose(soffice, seconds, stderr="", profile_dir=None):
    """One line: why soffice did not answer within `seconds`."""
    pending = pending_licences(soffice)
    if pending:
        return _licence_message(pending, soffice)
    pid = profile_in_use(profile_dir)
    if pid:
        return ("the LibreOffice profile %s is in use by process %d: close that "
                "LibreOffice or use another profile" % (profile_dir, pid))
    waiting = running_unopkg()
    if waiting:
        pid, cmd = waiting[0]
        return ("LibreOffice did not answer within %g s while unopkg is running (process "
                "%d: %s); it may be waiting for someone to accept an extension's licence "
                "on its console: finish or stop it, then try again"
                % (seconds, pid, _one_line(cmd, 120)))
    return ("LibreOffice (%s) did not answer within %g s when started headless with a fresh "
            "profile: %s" % (soffice, seconds, _one_line(stderr) or "no message"))


def answered(soffice):
    return os.path.realpath(soffice) in _answered


def mark_answered(soffice):
    _answered.add(os.path.realpath(soffice))


def live_check(soffice, timeout=ANSWER_TIMEOUT, env=None, profile_dir=None, seed=None):
    """Start soffice headless with tokki's settings and wait up to `timeout` s until it
    answers over UNO; stop it again. The profile: profile_dir (kept, e.g. the one a
    conversion is about to use), else a copy of the primed profile `seed`, else a fresh
    one. Raises OfficeUnavailable with the diagnosis. Nothing is left running or in /tmp."""
    from .session import OfficeSession
    from .soffice import prepare_profile, uninterrupted
    work = tempfile.mkdtemp(prefix="tokki-preflight-")
    try:
        tmp = os.path.join(work, "tmp")
        os.mkdir(tmp)
        if not profile_dir:
            profile_dir = os.path.join(work, "profile")
            copied = False
            if seed:
                try:
                    shutil.copytree(seed, profile_dir, symlinks=True)
                    copied = True
                except (OSError, shutil.Error):
                    shutil.rmtree(profile_dir, ignore_errors=True)
            if not copied:
                prepare_profile(profile_dir, spellcheck=False)
        run_env = dict(os.environ if env is None else env)
        run_env.pop("SESSION_MANAGER", None)
        run_env["TMPDIR"] = tmp
        session = OfficeSession(start_timeout=timeout, soffice=soffice, env=run_env,
                                profile_dir=profile_dir,
                                pipe_name="tokki-preflight-%d-%s" % (os.getpid(),
                                                                     uuid.uuid4().hex[:8]))
        session.preflight_static = False       # check() / the caller did those
        try:
            session.start()
        except OfficeUnavailable:
            raise
        except TokkiError as exc:
            raise OfficeUnavailable(_one_line(str(exc))) from None
        finally:
            uninterrupted(session.shutdown)
    finally:
        uninterrupted(shutil.rmtree, work, ignore_errors=True)
    mark_answered(soffice)


def check(soffice=None, purpose="this", need_uno=True, profile_dir=None, live=True,
          timeout=ANSWER_TIMEOUT):
    """static_check, then (once per process and soffice) live_check. Returns soffice."""
    soffice = static_check(soffice, purpose, need_uno, profile_dir)
    if live and not answered(soffice):
        live_check(soffice, timeout=timeout)
    return soffice
