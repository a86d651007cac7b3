"""Finding LibreOffice and converting one document with a headless soffice.

Every soffice started here gets a fresh private profile in a temporary folder
and its own process group, so it never meets the user's running LibreOffice,
and on any exit (success, error, timeout, Ctrl-C) the whole group is killed
and the temporary folder removed.
"""
import functools
import hashlib
import glob
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from urllib.parse import quote

from ..errors import TokkiError
from ..io.package import atomic_target

MIN_VERSION = (7, 6)
INSTALL_HINT = ("on Debian 12: add bookworm-backports, then "
                "apt-get install -t bookworm-backports libreoffice-writer python3-uno "
                "(or run: python3 build.py setup)")

# --convert-to filter per output format. PDF: the personal metadata (author) is
# dropped through the profile's RemovePersonalInfoOnSaving setting, see
# profile_xcu(); writer_pdf_Export itself has no such option.
FILTERS = {
    "pdf": "pdf:writer_pdf_Export",
    "docx": "docx:MS Word 2007 XML",
    "odt": "odt",
}

# soffice exits with this when it wants to be restarted (first start of a
# fresh profile, extension registration).
EXIT_RESTART = 81


def _candidates():
    found = shutil.which("soffice")
    if found:
        yield found
    yield "/usr/lib/libreoffice/program/soffice"
    for path in sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True):
        yield path


def find_soffice():
    """Path of the soffice launcher, or None."""
    for path in _candidates():
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def parse_version(text):
    """(25, 2, 3, 2) from 'LibreOffice 25.2.3.2 520(Build:2)'; None if not found."""
    m = re.search(r"(?:LibreOffice|OpenOffice)(?:\s+\w+)*?\s+(\d+(?:\.\d+)+)", text or "")
    if not m:
        return None
    return tuple(int(part) for part in m.group(1).split("."))


def cache_dir():
    """tokki's cache folder (primed profiles, LibreOffice versions): $TOKKI_PROFILE_CACHE,
    else $XDG_CACHE_HOME/tokki-odf or ~/.cache/tokki-odf. TOKKI_PROFILE_CACHE="" turns
    the cache off (None)."""
    base = os.environ.get("TOKKI_PROFILE_CACHE")
    if base is not None:
        return base or None
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "tokki-odf")


def _install_stamp(soffice):
    """What changes when this LibreOffice is replaced: identity, time and size of the
    soffice it resolves to and of soffice.bin and versionrc beside it (a package update
    writes new files: new inode, other mtime)."""
    real = os.path.realpath(soffice)
    folder = os.path.dirname(real)
    parts = [real]
    for path in (real, os.path.join(folder, "soffice.bin"), os.path.join(folder, "versionrc")):
        try:
            st = os.stat(path)
        except OSError:
            continue
        parts.append("%s:%d:%d:%d" % (os.path.basename(path), st.st_ino, st.st_mtime_ns,
                                      st.st_size))
    return "|".join(parts)


VERSION_CACHE = "office-versions.json"
VERSIONS_KEPT = 8


@functools.lru_cache(maxsize=8)
def office_version(soffice=None):
    """Version tuple of the given (or found) soffice, or None if absent/unreadable.

    `soffice --version` starts LibreOffice (~0.13 s, ~0.15 s of CPU): the answer is kept
    in the cache folder under the install's stamp, so each batch or conversion does not
    pay it again (issue 16)."""
    soffice = soffice or find_soffice()
    if not soffice:
        return None
    folder = cache_dir()
    stamp = _install_stamp(soffice)
    known = _read_versions(folder)
    if stamp in known:
        version = parse_version("LibreOffice " + str(known[stamp]))
        if version:
            return version
    try:
        out = subprocess.run([soffice, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                             timeout=60, start_new_session=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    version = parse_version(out.decode("utf-8", "replace"))
    if version and folder:
        # one entry per install path, the last few installs only
        kept = [(k, v) for k, v in known.items() if k.split("|")[0] != stamp.split("|")[0]]
        known = dict(kept[-(VERSIONS_KEPT - 1):] + [(stamp, ".".join(map(str, version)))])
        _write_versions(folder, known)
    return version


def _read_versions(folder):
    if not folder:
        return {}
    try:
        with open(os.path.join(folder, VERSION_CACHE), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(data, dict) else {}


def _write_versions(folder, known):
    """Atomically; a cache that cannot be written is no error."""
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".versions-", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(known, fh, ensure_ascii=False, indent=0)
            os.replace(tmp, os.path.join(folder, VERSION_CACHE))
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def require_office(purpose="this"):
    """Path of a usable soffice (LibreOffice >= 7.6), or a TokkiError saying how to get one."""
    soffice = find_soffice()
    if not soffice:
        raise TokkiError("LibreOffice >= %d.%d is needed for %s, but soffice was not found; "
                         "install it %s" % (MIN_VERSION + (purpose, INSTALL_HINT)))
    version = office_version(soffice)
    if version is None:
        raise TokkiError("LibreOffice >= %d.%d is needed for %s, but `%s --version` did not "
                         "say which version it is; reinstall it %s"
                         % (MIN_VERSION + (purpose, soffice, INSTALL_HINT)))
    if version[:2] < MIN_VERSION:
        raise TokkiError("LibreOffice >= %d.%d is needed for %s, but %s is %s; upgrade it %s"
                         % (MIN_VERSION + (purpose, soffice, ".".join(map(str, version)),
                                           INSTALL_HINT)))
    return soffice


# -- private profiles ----------------------------------------------------------

def _item(path, name, value):
    return ('<item oor:path="%s"><prop oor:name="%s" oor:op="fuse"><value>%s</value>'
            '</prop></item>' % (path, name, value))


def profile_xcu(spellcheck=False, remove_personal_info=True):
    """registrymodifications.xcu for a quiet, private, throw-away profile."""
    items = [
        _item("/org.openoffice.Office.Linguistic/SpellChecking", "IsSpellAuto",
              "true" if spellcheck else "false"),
        _item("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "false"),
        _item("/org.openoffice.Office.Recovery/RecoveryInfo", "Enabled", "false"),
        _item("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
        _item("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "false"),
        _item("/org.openoffice.Office.Common/Security/Scripting", "RemovePersonalInfoOnSaving",
              "true" if remove_personal_info else "false"),
    ] + no_fetch_items()
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            + "\n".join(items) + "\n</oor:items>\n")


def no_fetch_items():
    """Settings that keep LibreOffice from fetching or running anything a document
    points at (docs/security.md): links never updated on load, pictures linked from
    untrusted documents blocked, OLE and DDE disabled, macros never run. Outputs hold
    no such references anyway (core/odf/active.py); this covers inputs (.docx)."""
    sec = "/org.openoffice.Office.Common/Security/Scripting"
    return [
        _item("/org.openoffice.Office.Writer/Content/Update", "Link", str(WRITER_LINKS_NEVER)),
        _item("/org.openoffice.Office.Writer/Content/Update", "Field", "false"),
        _item(sec, "BlockUntrustedRefererLinks", "true"),
        _item(sec, "DisableActiveContent", "true"),
        _item(sec, "DisableMacrosExecution", "true"),
        _item(sec, "MacroSecurityLevel", "3"),
    ]


WRITER_LINKS_NEVER = 0      # sw linkenum.hxx: NEVER 0, MANUAL 1, AUTOMATIC 2


def prepare_profile(folder, **options):
    """Create a profile folder with our settings; returns the -env:UserInstallation argument."""
    user = os.path.join(folder, "user")
    os.makedirs(user, exist_ok=True)
    with open(os.path.join(user, "registrymodifications.xcu"), "w", encoding="utf-8") as fh:
        fh.write(profile_xcu(**options))
    return "-env:UserInstallation=" + file_url(folder)


def file_url(path):
    """The file URL LibreOffice is given for path: always absolute (a relative URL is
    rejected by storeToURL with 0x81a and resolved against soffice's cwd elsewhere), so
    every URL handed to LibreOffice is made here."""
    return "file://" + quote(os.path.abspath(path))


# -- process groups ------------------------------------------------------------

def kill_group(proc, grace=0.0):
    """Kill proc's whole process group (it must have been started with
    start_new_session=True) and reap proc. With grace > 0, SIGTERM first."""
    pgid = proc.pid
    if grace > 0 and proc.poll() is None:
        _signal_group(pgid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    _signal_group(pgid, signal.SIGKILL)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
        pass
    # Grandchildren (soffice.bin under oosplash) may take a moment to go.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return
        if not _group_has_live_members(pgid):
            return
        time.sleep(0.05)


def _signal_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_has_live_members(pgid):
    """False when every member left in the group is a zombie (waiting for init to reap it)."""
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return True
    for pid in pids:
        try:
            with open("/proc/%s/stat" % pid, "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        # fields: state ppid pgrp ...
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


# -- conversion ----------------------------------------------------------------

def convert(src, dst, fmt=None, timeout=120):
    """Convert the document src to dst (format pdf, docx or odt; default: dst's extension).

    Raises TokkiError on a missing input, an unknown format, a soffice failure
    (with its messages) or when soffice takes longer than timeout seconds.
    dst is replaced atomically; nothing is left behind on failure.
    """
    fmt = (fmt or os.path.splitext(dst)[1].lstrip(".")).lower()
    if fmt not in FILTERS:
        raise TokkiError("%s: cannot convert to %r; use one of %s"
                         % (dst, fmt, ", ".join(sorted(FILTERS))))
    src = os.path.abspath(src)
    if not os.path.isfile(src):
        raise TokkiError("%s: no such file" % src)
    dst = os.path.abspath(dst)
    folder = os.path.dirname(dst)
    if not os.path.isdir(folder):
        raise TokkiError("%s: the folder %s does not exist" % (dst, folder))
    soffice = require_office("converting to %s" % fmt.upper())
    from . import preflight
    preflight.static_check(soffice, "converting to %s" % fmt.upper(), need_uno=False)

    work = tempfile.mkdtemp(prefix="tokki-soffice-")
    try:
        profile_arg = prepare_profile(os.path.join(work, "profile"))
        tmp = os.path.join(work, "tmp")      # soffice's lu*.tmp: removed with work
        os.mkdir(tmp)
        if not preflight.answered(soffice) and _has_uno():
            # Its first start on this profile must answer within 15 s, or we say why.
            preflight.live_check(soffice, profile_dir=os.path.join(work, "profile"),
                                 env=_env(tmp))
        outdir = os.path.join(work, "out")
        os.mkdir(outdir)
        # Give the input a plain name so that soffice's output name is predictable.
        ext = os.path.splitext(src)[1].lower() or ".odt"
        staged = os.path.join(work, "in" + ext)
        shutil.copyfile(src, staged)
        produced = os.path.join(outdir, "in." + fmt)
        cmd = [soffice, profile_arg, "--headless", "--invisible", "--nologo", "--norestore",
               "--nodefault", "--nolockcheck", "--convert-to", FILTERS[fmt],
               "--outdir", outdir, staged]
        deadline = time.monotonic() + timeout
        for attempt in (1, 2):
            rc, err = _run(cmd, deadline, timeout, work, tmp)
            if rc == EXIT_RESTART and attempt == 1 and not os.path.exists(produced):
                continue  # fresh profile asked for a restart: once more
            if _crashed(rc) and attempt == 1:
                # A crash: once more, as the batch pool retries a crash. (The crash
                # first seen here, a shared Python extension with a foreign python3 on
                # PATH, was deterministic; office_env prevents it.)
                if os.path.exists(produced):
                    os.unlink(produced)
                continue
            break
        if rc != 0 or not os.path.isfile(produced) or os.path.getsize(produced) == 0:
            detail = err.strip() or "no message"
            raise TokkiError("LibreOffice could not convert %s to %s (exit %s): %s"
                             % (src, fmt.upper(), rc, detail))
        # Same folder as dst, then rename: dst is either the old file or the new one.
        with atomic_target(dst) as tmp:
            shutil.copyfile(produced, tmp)
    finally:
        uninterrupted(_remove_work, work)
    return dst


def _remove_work(work):
    remove_pipe_sockets(profile_dir=os.path.join(work, "profile"))
    shutil.rmtree(work, ignore_errors=True)


def uninterrupted(cleanup, *args, **kwargs):
    """Run cleanup(*args, **kwargs) to its end even when Ctrl+C or SIGTERM (both raise
    KeyboardInterrupt in the CLI) lands in the middle of it: it is run again (every
    cleanup here is idempotent), then the KeyboardInterrupt is raised. A cleanup cut
    short left soffice's whole work folder in TMPDIR — profile, in.odt, out/, and the
    lu*.tmp of a killed soffice in tmp/ (F19, seen when the signal came as the
    conversion finished)."""
    interrupted = None
    for _ in range(20):
        try:
            cleanup(*args, **kwargs)
            break
        except KeyboardInterrupt as exc:
            interrupted = exc
    if interrupted is not None:
        raise interrupted


def _crashed(rc):
    """soffice died of a signal: abort (134) or a segmentation fault (139), or killed."""
    return rc is not None and (rc < 0 or rc in (134, 139))


def _run(cmd, deadline, timeout, work, tmp=None):
    """Run soffice in its own process group; return (exit code, stderr text)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TokkiError("LibreOffice did not finish the conversion within %g s" % timeout)
    errlog = os.path.join(work, "stderr.txt")
    with open(errlog, "wb") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True, cwd=work,
                                env=_env(tmp))
        try:
            rc = proc.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            uninterrupted(kill_group, proc)
            raise TokkiError("LibreOffice did not finish the conversion within %g s "
                             "(stopped it)" % timeout) from None
        except BaseException:
            uninterrupted(kill_group, proc)
            raise
        # soffice is done; make sure nothing it started lingers.
        uninterrupted(kill_group, proc)
    with open(errlog, "rb") as fh:
        text = fh.read().decode("utf-8", "replace")
    noise = ("javaldx", "java may not function")
    text = "\n".join(line for line in text.splitlines() if not any(n in line for n in noise))
    return rc, text


def _has_uno():
    try:
        import uno  # noqa: F401
    except ImportError:
        return False
    return True


def _env(tmp=None):
    env = office_env()
    if tmp:
        env["TMPDIR"] = tmp
    # Keep soffice away from the desktop session manager of whoever runs us.
    env.pop("SESSION_MANAGER", None)
    env.setdefault("HOME", tempfile.gettempdir())
    return env


# -- the Python inside soffice -----------------------------------------------------------
# A distribution's LibreOffice (Debian: python3-uno) embeds the system Python. When it
# first runs Python code — an extension's Python component, e.g. tokki's own toolbar
# handler once the extension is installed for all users, which every document load
# instantiates — that embedded Python finds its home by looking for "python3" on PATH.
# With another python3 first on PATH (pyenv, conda, a Python built in /usr/local, a venv
# of one of those) it takes that Python's prefix, does not find LibreOffice's uno.py /
# unohelper.py (they are in the system's dist-packages), and soffice aborts with
# "terminate called after throwing an instance of 'std::bad_alloc'" (exit 134) in
# pyuno's error path. PYTHONHOME and PYTHONPATH point it elsewhere the same way.

SYSTEM_PYTHON = "/usr/bin/python3"
_FOREIGN_PYTHON_VARS = ("PYTHONHOME", "PYTHONPATH")


def office_path(path, system_python=SYSTEM_PYTHON):
    """PATH for soffice: path without the folders whose python3 is not the system one
    (the one a distribution's LibreOffice embeds), so that its embedded Python finds
    its own home; everything else in the same order."""
    system = os.path.realpath(system_python)
    keep = []
    for folder in (path or "").split(os.pathsep):
        candidate = os.path.join(folder or ".", "python3")
        if os.path.exists(candidate) and os.path.realpath(candidate) != system:
            continue
        keep.append(folder)
    return os.pathsep.join(keep) or os.defpath


def office_env(env=None):
    """A copy of env (default: ours) for any soffice tokki starts: PATH without foreign
    python3 folders (office_path), no PYTHONHOME/PYTHONPATH."""
    env = dict(os.environ if env is None else env)
    for name in _FOREIGN_PYTHON_VARS:
        env.pop(name, None)
    env["PATH"] = office_path(env.get("PATH"))
    return env


def _unlink(path):
    try:
        os.unlink(path)
    except OSError:
        pass


# -- pipe sockets -------------------------------------------------------------------
# soffice leaves its pipe sockets in /tmp whatever TMPDIR says, and keeps them when it is
# killed: OSL_PIPE_<uid>_<accept pipe name> and OSL_PIPE_<uid>_SingleOfficeIPC_<md5>.

def single_office_pipe(profile_dir):
    """Name of the single-instance pipe soffice makes for a profile: 'SingleOfficeIPC_' +
    the MD5 of the UserInstallation URL (as UTF-16), hex bytes without zero padding."""
    digest = hashlib.md5(file_url(profile_dir).encode("utf-16-le")).digest()
    return "SingleOfficeIPC_" + "".join("%x" % b for b in digest)


def pipe_socket_paths(pipe_names):
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return ["/tmp/OSL_PIPE_%d_%s" % (uid, name) for name in pipe_names]


def remove_stale_sockets(paths):
    for path in paths:
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError:
            pass


def remove_pipe_sockets(pipe_name=None, profile_dir=None):
    """After soffice has stopped: remove the sockets it left for this pipe and profile."""
    names = [n for n in (pipe_name, profile_dir and single_office_pipe(profile_dir)) if n]
    remove_stale_sockets(pipe_socket_paths(names))
