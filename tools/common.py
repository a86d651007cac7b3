"""What every build tool shares: the repository root, messages, running commands."""
import os
import shlex
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
VENV_PY = os.path.join(VENV, "bin", "python")
TOKKI = os.path.join(VENV, "bin", "tokki")


class Failed(Exception):
    """A step failed; the message says what to do. Exit code in .code."""

    def __init__(self, message, code=1):
        Exception.__init__(self, message)
        self.code = code


def say(mark, message):
    print("%s %s" % (mark, message), flush=True)


def run(argv, env=None, check=True, quiet=False, cwd=None, **kw):
    """Run a command from the repo root; raise Failed when it fails and check is set."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    if not quiet:
        say("  $", " ".join(shlex.quote(a) for a in argv))
    try:
        proc = subprocess.run(argv, cwd=cwd or ROOT, env=full_env, **kw)
    except OSError as exc:
        raise Failed("cannot run %s: %s" % (argv[0], exc))
    if check and proc.returncode != 0:
        raise Failed("`%s` failed with exit code %d" % (" ".join(argv), proc.returncode))
    return proc


def capture(argv, cwd=None):
    """(exit code, stdout) of a quiet probe; (None, '') if the program is missing."""
    try:
        proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              stdin=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None, ""
    return proc.returncode, proc.stdout.decode("utf-8", "replace")
