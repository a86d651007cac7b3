"""A virtual display (Xvfb) for the GUI tests and the screenshots."""
import os
import shutil
import subprocess
import time

from .common import say


def start_xvfb(size=(1280, 1024)):
    """Start Xvfb (a screen of size) on the first free display from :99; returns
    (proc, ':N') or (None, None)."""
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        say("!", "no DISPLAY and no Xvfb: GUI tests will skip")
        return None, None
    for number in range(99, 130):
        if os.path.exists("/tmp/.X%d-lock" % number) or \
                os.path.exists("/tmp/.X11-unix/X%d" % number):
            continue
        proc = subprocess.Popen([xvfb, ":%d" % number, "-screen", "0", "%dx%dx24" % tuple(size),
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
