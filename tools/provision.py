"""Provisioning: Debian packages (LibreOffice from backports on bookworm), the .venv.

The probes are module functions so that tests can monkeypatch them; the planning
functions are pure and tested without touching the machine.
"""
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import time

from .common import ROOT, VENV, VENV_PY, Failed, capture, run, say

STAMP = os.path.join(VENV, ".tokki-stamp")
# The Debian python3 that python3-uno belongs to: the venv is built on it.
SYSTEM_PYTHON = "/usr/bin/python3"

MIN_OFFICE = (7, 6)
OFFICE_PACKAGES = ["libreoffice-writer", "python3-uno"]
# The Japanese UI, as a clerk has it. It must be the same LibreOffice version, so it is
# installed with the office packages (from backports on bookworm).
LOCALE_PACKAGES = ["libreoffice-l10n-ja"]
TOOL_PACKAGES = ["fonts-noto-cjk", "xvfb", "xdotool", "imagemagick", "poppler-utils",
                 "python3-venv"]
BACKPORTS = "bookworm-backports"
BACKPORTS_FILE = "/etc/apt/sources.list.d/bookworm-backports.sources"
BACKPORTS_SOURCE = """\
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}


# -- probes (monkeypatched in tests) -------------------------------------------------

def version_tuple(text):
    """(25, 2, 3) from '4:25.2.3-2+deb13u5~bpo12+1' or 'LibreOffice 25.2.3.2 520(Build:2)'."""
    text = (text or "").strip()
    text = re.sub(r"^\d+:", "", text)  # Debian epoch
    m = re.search(r"(\d+(?:\.\d+)+)", text)
    return tuple(int(p) for p in m.group(1).split(".")) if m else None


def dpkg_versions(packages):
    """{package: version} of the installed ones among packages; None without dpkg."""
    rc, out = capture(["dpkg-query", "-W", "-f", "${Package}\t${db:Status-Abbrev}\t${Version}\n"]
                      + list(packages))
    if rc is None:
        return None
    found = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1].startswith("ii"):
            found[parts[0].split(":")[0]] = parts[2]
    return found


def find_soffice():
    """Where soffice is. Its own copy of tokki_odf.office.soffice.find_soffice (the one
    the product uses): provisioning runs before the venv and the package exist, and
    build.py must not import the package to install what the package needs."""
    for path in (shutil.which("soffice"), "/usr/lib/libreoffice/program/soffice"):
        if path and os.access(path, os.X_OK):
            return path
    return None


def soffice_version():
    path = find_soffice()
    if not path:
        return None
    rc, out = capture([path, "--version"])
    return version_tuple(out.replace("LibreOffice", "")) if rc == 0 else None


def os_codename():
    try:
        with open("/etc/os-release", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("VERSION_CODENAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return ""


def has_backports_source(codename="bookworm"):
    suite = codename + "-backports"
    paths = ["/etc/apt/sources.list"]
    folder = "/etc/apt/sources.list.d"
    if os.path.isdir(folder):
        paths += [os.path.join(folder, n) for n in sorted(os.listdir(folder))
                  if n.endswith((".list", ".sources"))]
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if suite in line and not line.lstrip().startswith("#"):
                        return True
        except OSError:
            continue
    return False


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


# -- planning (pure: tested without touching the machine) -------------------------

def office_ok(installed):
    """True when the installed packages give LibreOffice >= 7.6 with python3-uno."""
    writer = version_tuple(installed.get("libreoffice-writer", ""))
    return bool(writer and writer[:2] >= MIN_OFFICE and "python3-uno" in installed)


def plan_install(installed, codename, backports_present):
    """The steps that bring this machine to what tokki-odf needs.

    installed: {package: version} from dpkg. Returns a list of steps, each
    ("write", path, text) or ("run", argv, env). Empty when nothing is missing.
    """
    office = [] if office_ok(installed) else list(OFFICE_PACKAGES)
    locale = [p for p in LOCALE_PACKAGES if office or p not in installed]
    tools = [p for p in TOOL_PACKAGES if p not in installed]
    steps = []
    if not office and not locale and not tools:
        return steps
    use_backports = bool(office or locale) and codename == "bookworm"
    if use_backports and not backports_present:
        steps.append(("write", BACKPORTS_FILE, BACKPORTS_SOURCE))
    steps.append(("run", ["apt-get", "update"], APT_ENV))
    if office or locale:
        target = ["-t", BACKPORTS] if use_backports else []
        steps.append(("run", ["apt-get", "install", "-y"] + target + office + locale, APT_ENV))
    if tools:
        steps.append(("run", ["apt-get", "install", "-y"] + tools, APT_ENV))
    return steps


def render_steps(steps):
    """The steps as shell lines for someone who has to run them with sudo."""
    lines = []
    for step in steps:
        if step[0] == "write":
            lines.append("sudo tee %s >/dev/null <<'EOF'\n%sEOF" % (step[1], step[2]))
        else:
            env = " ".join("%s=%s" % kv for kv in sorted(step[2].items()))
            lines.append("sudo %s%s" % (env + " " if env else "",
                                        " ".join(shlex.quote(a) for a in step[1])))
    return "\n".join(lines)


def apply_steps(steps):
    for step in steps:
        if step[0] == "write":
            say("…", "adding the %s apt source %s" % (BACKPORTS, step[1]))
            with open(step[1], "w", encoding="utf-8") as fh:
                fh.write(step[2])
        else:
            say("…", "installing" if "install" in step[1] else "updating package lists")
            run(step[1], env=step[2], stdin=subprocess.DEVNULL)


# -- setup steps -----------------------------------------------------------------

def ensure_system_packages():
    installed = dpkg_versions(OFFICE_PACKAGES + LOCALE_PACKAGES + TOOL_PACKAGES)
    if installed is None:
        # Not Debian: accept a LibreOffice that is already there, install nothing.
        version = soffice_version()
        if not version or version[:2] < MIN_OFFICE:
            raise Failed("LibreOffice >= %d.%d with python3-uno is needed, and this is not a "
                         "Debian system where build.py could install it: install it yourself"
                         % MIN_OFFICE, 2)
        say("✓", "LibreOffice %s (no dpkg here: the other tools are not checked)"
            % ".".join(map(str, version)))
        return
    codename = os_codename()
    steps = plan_install(installed, codename, has_backports_source())
    if steps:
        missing = [p for p in OFFICE_PACKAGES + LOCALE_PACKAGES + TOOL_PACKAGES
                   if p not in installed]
        if not office_ok(installed) and "libreoffice-writer" in installed:
            missing.insert(0, "libreoffice-writer >= %d.%d (have %s)"
                           % (MIN_OFFICE + (installed["libreoffice-writer"],)))
        say("…", "missing: " + ", ".join(missing))
        if not office_ok(installed) and codename != "bookworm":
            say("!", "this is %r, not Debian 12 (bookworm): trying the distribution's own "
                "LibreOffice, which must be >= %d.%d" % ((codename or "unknown",) + MIN_OFFICE))
        if not is_root():
            raise Failed("not root: run these commands, then run build.py again:\n"
                         + render_steps(steps), 2)
        apply_steps(steps)
        installed = dpkg_versions(OFFICE_PACKAGES + LOCALE_PACKAGES + TOOL_PACKAGES) or {}
        still = [p for p in LOCALE_PACKAGES + TOOL_PACKAGES if p not in installed]
        if not office_ok(installed) or still:
            raise Failed("after installing, still missing: %s"
                         % ", ".join((["LibreOffice >= 7.6 with python3-uno"]
                                      if not office_ok(installed) else []) + still))
    writer = installed["libreoffice-writer"]
    if not find_soffice():
        raise Failed("libreoffice-writer %s is installed but soffice is not on PATH nor in "
                     "/usr/lib/libreoffice/program" % writer)
    say("✓", "LibreOffice %s (libreoffice-writer %s, python3-uno %s)"
        % (".".join(map(str, version_tuple(writer)[:3])), writer, installed["python3-uno"]))
    say("✓", "Japanese UI: %s; tools: %s" % (", ".join(LOCALE_PACKAGES),
                                              ", ".join(TOOL_PACKAGES)))


def file_hash(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def venv_matches():
    """True when .venv exists, was made from SYSTEM_PYTHON, and sees system site-packages."""
    cfg = os.path.join(VENV, "pyvenv.cfg")
    if not (os.path.isfile(cfg) and os.access(VENV_PY, os.X_OK)):
        return False
    values = {}
    with open(cfg, encoding="utf-8") as fh:
        for line in fh:
            if "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return (values.get("include-system-site-packages") == "true"
            and os.path.realpath(values.get("home", "")) ==
            os.path.realpath(os.path.dirname(SYSTEM_PYTHON)))


def stamp_value():
    return "pyproject.toml sha256 %s; extras test\n" % file_hash(os.path.join(ROOT,
                                                                            "pyproject.toml"))


def read_stamp():
    try:
        with open(STAMP, encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        return None


def make_venv(fresh=False):
    if fresh or not venv_matches():
        if os.path.exists(VENV):
            say("…", "removing the old .venv (not made from %s with system site-packages)"
                % SYSTEM_PYTHON)
            shutil.rmtree(VENV)
        if not os.access(SYSTEM_PYTHON, os.X_OK):
            raise Failed("%s is missing (it comes with python3-uno)" % SYSTEM_PYTHON)
        say("…", "creating .venv")
        run([SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", VENV])
    if read_stamp() == stamp_value():
        say("✓", ".venv up to date (%s)" % os.path.relpath(STAMP, ROOT))
        return False
    say("…", "installing tokki-odf with extras [test] into .venv")
    run([VENV_PY, "-m", "pip", "install", "--quiet", "--progress-bar", "off",
         "--disable-pip-version-check", "-e", ".[test]"], stdin=subprocess.DEVNULL)
    with open(STAMP, "w", encoding="utf-8") as fh:
        fh.write(stamp_value())
    return True


def verify_venv():
    rc, _ = capture([VENV_PY, "-c", "import uno, tokki_odf"])
    return rc == 0


def setup():
    """Install what is missing (Debian packages, .venv); raise Failed otherwise."""
    started = time.monotonic()
    ensure_system_packages()
    rebuilt = make_venv()
    if not verify_venv():
        if rebuilt:
            raise Failed("`.venv/bin/python -c 'import uno, tokki_odf'` fails even after "
                         "installing; see the messages above")
        say("…", ".venv is broken (import uno, tokki_odf fails): rebuilding it")
        if os.path.exists(STAMP):
            os.unlink(STAMP)
        make_venv(fresh=True)
        if not verify_venv():
            raise Failed("`.venv/bin/python -c 'import uno, tokki_odf'` fails after a rebuild")
    say("✓", ".venv/bin/python imports uno and tokki_odf (setup took %.1f s)"
        % (time.monotonic() - started))
    return 0
