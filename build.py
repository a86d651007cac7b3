#!/usr/bin/env python3
"""Set up, demonstrate and test tokki-odf.

    python3 build.py setup        install what is missing (LibreOffice, tools, .venv)
    python3 build.py demo         setup, then assemble every examples/answers/*.json
    python3 build.py test [ARGS]  setup, then pytest (ARGS go to pytest)

Standard library only, Python >= 3.8, so that it runs on whatever python3 comes
first on PATH. Each command is one function registered in COMMANDS with
@command(name); add new ones the same way.
"""
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
VENV_PY = os.path.join(VENV, "bin", "python")
TOKKI = os.path.join(VENV, "bin", "tokki")
STAMP = os.path.join(VENV, ".tokki-stamp")
# The Debian python3 that python3-uno belongs to: the venv is built on it.
SYSTEM_PYTHON = "/usr/bin/python3"

MIN_OFFICE = (7, 6)
OFFICE_PACKAGES = ["libreoffice-writer", "python3-uno"]
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

TEMPLATE = os.path.join("templates", "tokki-r5.fodt")
ANSWERS_DIR = os.path.join("examples", "answers")
OUT_DIR = "out"

COMMANDS = {}


def command(name):
    """Register a function as `python3 build.py NAME`. It gets the extra args, returns an exit code."""
    def register(fn):
        COMMANDS[name] = fn
        return fn
    return register


class Failed(Exception):
    """A step failed; the message says what to do. Exit code in .code."""

    def __init__(self, message, code=1):
        Exception.__init__(self, message)
        self.code = code


def say(mark, message):
    print("%s %s" % (mark, message), flush=True)


def run(argv, env=None, check=True, quiet=False, **kw):
    """Run a command from the repo root; raise Failed when it fails and check is set."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    if not quiet:
        say("  $", " ".join(shlex.quote(a) for a in argv))
    try:
        proc = subprocess.run(argv, cwd=ROOT, env=full_env, **kw)
    except OSError as exc:
        raise Failed("cannot run %s: %s" % (argv[0], exc))
    if check and proc.returncode != 0:
        raise Failed("`%s` failed with exit code %d" % (" ".join(argv), proc.returncode))
    return proc


def capture(argv):
    """(exit code, stdout) of a quiet probe; (None, '') if the program is missing."""
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              stdin=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None, ""
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


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
    tools = [p for p in TOOL_PACKAGES if p not in installed]
    steps = []
    if not office and not tools:
        return steps
    use_backports = bool(office) and codename == "bookworm"
    if use_backports and not backports_present:
        steps.append(("write", BACKPORTS_FILE, BACKPORTS_SOURCE))
    steps.append(("run", ["apt-get", "update"], APT_ENV))
    if office:
        target = ["-t", BACKPORTS] if use_backports else []
        steps.append(("run", ["apt-get", "install", "-y"] + target + office, APT_ENV))
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
    installed = dpkg_versions(OFFICE_PACKAGES + TOOL_PACKAGES)
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
        missing = [p for p in OFFICE_PACKAGES + TOOL_PACKAGES if p not in installed]
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
        installed = dpkg_versions(OFFICE_PACKAGES + TOOL_PACKAGES) or {}
        still = [p for p in TOOL_PACKAGES if p not in installed]
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
    say("✓", "tools: " + ", ".join(TOOL_PACKAGES))


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


@command("setup")
def cmd_setup(args=()):
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


# -- demo --------------------------------------------------------------------------

def tokki_has(subcommand):
    """True when `tokki SUBCOMMAND --help` works (argparse exits 2 on an unknown one)."""
    rc, _ = capture([TOKKI, subcommand, "--help"])
    return rc == 0


def demo_template(answers_path, stem):
    """The template an example is for: its "$template" key, else its name's prefix
    (h18-… -> templates/tokki-h18.fodt), else the R5 template."""
    try:
        with open(os.path.join(ROOT, answers_path), encoding="utf-8-sig") as fh:
            name = json.load(fh).get("$template")
    except (OSError, ValueError, AttributeError):
        name = None
    candidates = [name] if name else []
    candidates.append("tokki-" + stem.split("-")[0])
    for candidate in candidates:
        path = os.path.join("templates", candidate + ".fodt")
        if os.path.isfile(os.path.join(ROOT, path)):
            return path
    return TEMPLATE


@command("demo")
def cmd_demo(args=()):
    cmd_setup()
    template = os.path.join(ROOT, TEMPLATE)
    answers_dir = os.path.join(ROOT, ANSWERS_DIR)
    answers = sorted(n for n in os.listdir(answers_dir) if n.endswith(".json")) \
        if os.path.isdir(answers_dir) else []
    if not os.path.isfile(template):
        raise Failed("demo: the template %s is not there yet" % TEMPLATE)
    if not answers:
        raise Failed("demo: no answer files %s/*.json yet" % ANSWERS_DIR)
    rc, _ = capture([TOKKI, "--help"])
    if rc != 0:
        raise Failed("demo: `.venv/bin/tokki --help` fails: is src/tokki_odf/cli.py there yet?")
    validate = tokki_has("validate")
    os.makedirs(os.path.join(ROOT, OUT_DIR), exist_ok=True)
    made, failures = [], []
    for name in answers:
        stem = name[:-len(".json")]
        src = os.path.join(ANSWERS_DIR, name)
        template_for = demo_template(src, stem)
        for ext in ("odt", "pdf"):
            out = os.path.join(OUT_DIR, "%s.%s" % (stem, ext))
            proc = run([TOKKI, "assemble", template_for, "--answers", src, "--out", out],
                       check=False, stdin=subprocess.DEVNULL)
            if proc.returncode == 0 and os.path.isfile(os.path.join(ROOT, out)):
                made.append(out)
            else:
                failures.append("assemble %s -> %s (exit %d)" % (src, out, proc.returncode))
        odt = os.path.join(OUT_DIR, stem + ".odt")
        if validate and odt in made:
            rc, output = capture([TOKKI, "validate", odt])
            if rc != 0:
                print(output)
                failures.append("validate %s (exit %d)" % (odt, rc))
            else:
                say("✓", "validated %s: no errors" % odt)
    if not validate:
        say("!", "`tokki validate` does not exist yet: outputs not validated")
    for path in made:
        say("✓", "made " + path)
    if failures:
        for failure in failures:
            say("✗", failure)
        return 1
    return 0


# -- test --------------------------------------------------------------------------

def start_xvfb():
    """Start Xvfb on the first free display from :99; returns (proc, ':N') or (None, None)."""
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        say("!", "no DISPLAY and no Xvfb: GUI tests will skip")
        return None, None
    for number in range(99, 130):
        if os.path.exists("/tmp/.X%d-lock" % number) or \
                os.path.exists("/tmp/.X11-unix/X%d" % number):
            continue
        proc = subprocess.Popen([xvfb, ":%d" % number, "-screen", "0", "1280x1024x24",
                                 "-nolisten", "tcp"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if os.path.exists("/tmp/.X11-unix/X%d" % number):
                say("✓", "virtual display :%d (Xvfb)" % number)
                return proc, ":%d" % number
            time.sleep(0.05)
        stop(proc)
    say("!", "could not start Xvfb: GUI tests will skip")
    return None, None


def stop(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@command("test")
def cmd_test(args=()):
    cmd_setup()
    env = {}
    xvfb = None
    try:
        if not os.environ.get("DISPLAY"):
            xvfb, display = start_xvfb()
            if display:
                env["DISPLAY"] = display
        proc = run([VENV_PY, "-m", "pytest", "-q", "-ra"] + list(args), env=env, check=False,
                   stdin=subprocess.DEVNULL)
    finally:
        stop(xvfb)
    if proc.returncode == 5:
        say("✗", "pytest collected no tests: that counts as a failure")
    elif proc.returncode != 0:
        say("✗", "pytest exited with %d" % proc.returncode)
    return proc.returncode


# -- oxt: the LibreOffice extension ------------------------------------------------

EXTENSION_DIR = "extension"
DIST_DIR = "dist"
OXT_ID = "org.tokki.odf"
# What of the repository goes into the .oxt (besides pythonpath/, templates/ and
# the engine copy, handled separately): path in repo -> path in the .oxt.
OXT_FILES = [("description.xml", "description.xml"), ("LICENSE", "LICENSE.txt")]
OXT_TREES = ["META-INF", "registry", "description", "icons"]
OXT_TOP = ["tokki.components", "tokki_component.py", "Paths.xcu"]
# The engine is copied to pythonpath/org_tokki_odf/tokki_odf/ without the parts that
# drive an external soffice or are command lines: inside LibreOffice they are
# never used (and office/ starts processes).
ENGINE_EXCLUDE_DIRS = {"office", "batch", "__pycache__"}
ENGINE_EXCLUDE_FILES = {"cli.py", "__main__.py"}
OTT_MIMETYPE = "application/vnd.oasis.opendocument.text-template"
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def package_version():
    """tokki_odf.__version__, read from the source without importing it."""
    path = os.path.join(ROOT, "src", "tokki_odf", "__init__.py")
    with open(path, encoding="utf-8") as fh:
        m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', fh.read(), re.M)
    if not m:
        raise Failed("no __version__ in src/tokki_odf/__init__.py")
    return m.group(1)


def description_version(text):
    m = re.search(r'<version\s+value="([^"]+)"', text)
    return m.group(1) if m else None


def engine_files():
    """(path in repo, path inside the engine copy) of the engine's modules."""
    src = os.path.join(ROOT, "src", "tokki_odf")
    out = []
    for folder, dirs, files in os.walk(src):
        rel = os.path.relpath(folder, src)
        dirs[:] = sorted(d for d in dirs if d not in ENGINE_EXCLUDE_DIRS and
                         not (rel == "." and d in ENGINE_EXCLUDE_DIRS))
        for name in sorted(files):
            if not name.endswith(".py") or name in ENGINE_EXCLUDE_FILES or \
                    name.endswith("_cli.py"):
                continue
            out.append((os.path.join(folder, name),
                        os.path.normpath(os.path.join(rel, name)).replace(os.sep, "/")))
    return out


def ott_bytes(odt):
    """An .odt package rewritten as a template (.ott): mimetype and manifest root."""
    import io
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(odt))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "mimetype":
                data = OTT_MIMETYPE.encode("ascii")
            elif info.filename == "META-INF/manifest.xml":
                data = data.replace(b'manifest:full-path="/" manifest:version="1.3" '
                                    b'manifest:media-type="application/vnd.oasis.'
                                    b'opendocument.text"',
                                    b'manifest:full-path="/" manifest:version="1.3" '
                                    b'manifest:media-type="' + OTT_MIMETYPE.encode() + b'"')
            out.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_DATE), data,
                         compress_type=info.compress_type)
    return buf.getvalue()


def bundled_templates():
    """[(name, .ott bytes)] of templates/*.fodt that are tokki templates (they parse)."""
    sys.path.insert(0, os.path.join(ROOT, "src"))
    try:
        from tokki_odf.errors import TokkiError
        from tokki_odf.odf.package import load_flat, odt_bytes
        from tokki_odf.template import Template
    finally:
        sys.path.pop(0)
    out = []
    folder = os.path.join(ROOT, "templates")
    for name in sorted(os.listdir(folder)):
        stem, ext = os.path.splitext(name)
        if ext != ".fodt":
            continue
        flat = load_flat(os.path.join(folder, name))
        try:
            Template(flat, stem)
        except TokkiError as exc:
            say("·", "templates/%s is not an assembly template, not bundled (%s)"
                % (name, str(exc)[:80]))
            continue
        out.append((stem, ott_bytes(odt_bytes(flat))))
    return out


def check_xml(name, data):
    import xml.dom.minidom
    try:
        xml.dom.minidom.parseString(data)
    except Exception as exc:
        raise Failed("oxt: %s is not well-formed XML: %s" % (name, exc))


def build_oxt(out_dir=None):
    """Write dist/tokki-odf-VERSION.oxt; returns its path. Standard library only."""
    import zipfile
    version = package_version()
    with open(os.path.join(ROOT, "description.xml"), encoding="utf-8") as fh:
        description = fh.read()
    declared = description_version(description)
    if declared != version:
        raise Failed("description.xml says version %s but tokki_odf.__version__ is %s: "
                     "make them equal (one version number)" % (declared, version))
    if '<identifier value="%s"/>' % OXT_ID not in description:
        raise Failed("description.xml: the identifier must be %s" % OXT_ID)
    entries = []  # (name in oxt, bytes)
    for src, dst in OXT_FILES:
        with open(os.path.join(ROOT, src), "rb") as fh:
            entries.append((dst, fh.read()))
    ext = os.path.join(ROOT, EXTENSION_DIR)
    for name in OXT_TOP:
        with open(os.path.join(ext, name), "rb") as fh:
            entries.append((name, fh.read()))
    for tree in OXT_TREES:
        for folder, dirs, files in os.walk(os.path.join(ext, tree)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".sh", ".md", "~")):
                    continue
                path = os.path.join(folder, name)
                with open(path, "rb") as fh:
                    entries.append((os.path.relpath(path, ext).replace(os.sep, "/"), fh.read()))
    pkg = os.path.join(ext, "pythonpath", "org_tokki_odf")
    for name in sorted(os.listdir(pkg)):
        if name.endswith(".py"):
            with open(os.path.join(pkg, name), "rb") as fh:
                entries.append(("pythonpath/org_tokki_odf/" + name, fh.read()))
    for src, rel in engine_files():
        with open(src, "rb") as fh:
            entries.append(("pythonpath/org_tokki_odf/tokki_odf/" + rel, fh.read()))
    templates = bundled_templates()
    if not templates:
        raise Failed("oxt: no tokki template in templates/ to bundle")
    for stem, data in templates:
        entries.append(("templates/tokki/%s.ott" % stem, data))
    for name, data in entries:
        if name.endswith((".xml", ".xcu", ".components")):
            check_xml(name, data)
        if name.endswith(".py"):
            try:
                compile(data, name, "exec")
            except SyntaxError as exc:
                raise Failed("oxt: %s does not compile: %s" % (name, exc))
    names = [n for n, _ in entries]
    if len(set(names)) != len(names):
        raise Failed("oxt: duplicate entries: %s" % sorted({n for n in names
                                                             if names.count(n) > 1}))
    out_dir = out_dir or os.path.join(ROOT, DIST_DIR)
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, "tokki-odf-%s.oxt" % version)
    tmp = target + ".part"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    os.replace(tmp, target)
    say("✓", "%s (%d files, %d KB; templates: %s)"
        % (os.path.relpath(target, ROOT), len(entries), os.path.getsize(target) // 1024,
           ", ".join(s for s, _ in templates)))
    return target


@command("oxt")
def cmd_oxt(args=()):
    """Build the LibreOffice extension into dist/ (no LibreOffice needed)."""
    out_dir = args[0] if args else None
    build_oxt(out_dir)
    return 0


# -- screenshots: the user guide's pictures ------------------------------------------

IMAGES_DIR = os.path.join("docs", "images")


@command("screenshots")
def cmd_screenshots(args=()):
    """Build the .oxt, run Writer with it on a virtual display, click the toolbar button
    and write docs/images/*.png (the dialog in Japanese, the validation result…)."""
    cmd_setup()
    oxt = build_oxt()
    out = args[0] if args else os.path.join(ROOT, IMAGES_DIR)
    env = {}
    xvfb = None
    try:
        if not os.environ.get("DISPLAY"):
            xvfb, display = start_xvfb()
            if not display:
                raise Failed("screenshots need a display: install xvfb (python3 build.py setup)")
            env["DISPLAY"] = display
        proc = run([VENV_PY, os.path.join("tests", "extension_gui.py"), "--screenshots", out,
                    "--oxt", oxt], env=env, check=False, stdin=subprocess.DEVNULL)
    finally:
        stop(xvfb)
    if proc.returncode != 0:
        raise Failed("screenshots failed (exit %d)" % proc.returncode)
    say("✓", "screenshots in %s" % os.path.relpath(out, ROOT))
    return 0


# -- bench: batch and assembly benchmarks --------------------------------------------

@command("bench")
def cmd_bench(args=()):
    """bench/assemble.py, bench/batch.py (ARGS go to bench/batch.py, e.g. --repeat 1) and
    bench/extension_latency.py; results with the machine's description in bench/results/."""
    cmd_setup()
    started = time.monotonic()
    for script, extra in (("assemble.py", []), ("batch.py", list(args)),
                          ("extension_latency.py", ["--runs", "20"])):
        proc = run([VENV_PY, os.path.join("bench", script)] + extra, check=False,
                   stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            raise Failed("bench/%s failed (exit %d)" % (script, proc.returncode))
    say("✓", "benchmarks took %.0f s; results in bench/results/" % (time.monotonic() - started))
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help") or argv[0] not in COMMANDS:
        print(__doc__.strip())
        print("\ncommands: " + ", ".join(sorted(COMMANDS)))
        return 0 if argv and argv[0] in ("-h", "--help", "help") else 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except Failed as exc:
        say("✗", str(exc))
        return exc.code
    except KeyboardInterrupt:
        say("✗", "interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
