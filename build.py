#!/usr/bin/env python3
"""Set up, demonstrate and test tokki-odf.

    python3 build.py setup        install what is missing (LibreOffice, tools, .venv)
    python3 build.py demo         setup, then assemble every examples/answers/*.json
    python3 build.py test [ARGS]  setup, then pytest (ARGS go to pytest)

Standard library only, Python >= 3.8, so that it runs on whatever python3 comes
first on PATH. Each command is one function registered in COMMANDS with
@command(name); add new ones the same way.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tools.common import ROOT, TOKKI, VENV_PY, Failed, capture, run, say
from tools.oxt import build_oxt
from tools.provision import setup
from tools.xvfb import start_xvfb, stop

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


@command("setup")
def cmd_setup(args=()):
    setup()
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
                       check=False, stdin=subprocess.DEVNULL, cwd=ROOT)
            if proc.returncode == 0 and os.path.isfile(os.path.join(ROOT, out)):
                made.append(out)
            else:
                failures.append("assemble %s -> %s (exit %d)" % (src, out, proc.returncode))
        odt = os.path.join(OUT_DIR, stem + ".odt")
        if validate and odt in made:
            rc, output = capture([TOKKI, "validate", odt], cwd=ROOT)
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
    """Build the .oxt and write docs/images/*.png: Writer with it on a 1366×768 virtual
    display at 125 % in the Japanese UI, driven by clicks and keys (tools/screenshots.py)."""
    from tools.screenshots import make_screenshots
    cmd_setup()
    oxt = build_oxt()
    make_screenshots(oxt, args[0] if args else os.path.join(ROOT, IMAGES_DIR))
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
