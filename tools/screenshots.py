"""The user guide's screenshots (docs/images/*.png), re-runnable: `python3 build.py
screenshots [OUT_DIR]`.

They show what a clerk sees on the commonest municipal laptop: a 1366×768 screen at
Windows' 125 % scaling (LibreOffice at 120 dpi, SAL_FORCEDPI=120), the Japanese UI
(ooLocale ja, libreoffice-l10n-ja) in the Japanese system locale (LANG=ja_JP.UTF-8).
A private Xvfb of that size is started for them (whatever DISPLAY says, so the size
is always the same), Writer is driven as a person would (toolbar button, keys) by
tests/support/extension_gui.py, and each dialog is taken as its own window. Which
pictures: extension_gui.SHOTS (toolbar, 挿入, the inserted provisions, 検証, 確定,
作成・更新). Needs Xvfb, xdotool and ImageMagick (`python3 build.py setup`).
"""
import os
import shutil
import subprocess
import tempfile

from .common import ROOT, VENV_PY, Failed, run, say
from .xvfb import start_xvfb, stop

SCREEN = (1366, 768)
DPI = 120          # 125 %
SYSTEM_LOCALE = "ja"


def make_screenshots(oxt, out_dir):
    xvfb, display = start_xvfb(SCREEN)
    if not display:
        raise Failed("screenshots need Xvfb (python3 build.py setup)")
    # LibreOffice (run as root and as the ordinary user) leaves empty lu*.tmp folders in
    # $TMPDIR: give it one of its own, sticky and world-writable like /tmp, removed after
    tmp = tempfile.mkdtemp(prefix="tokki-screenshots-")
    os.chmod(tmp, 0o1777)
    try:
        proc = run([VENV_PY, os.path.join("tests", "support", "extension_gui.py"),
                    "--screenshots", out_dir, "--oxt", oxt, "--dpi", str(DPI),
                    "--system-locale", SYSTEM_LOCALE],
                   env={"DISPLAY": display, "TMPDIR": tmp}, check=False,
                   stdin=subprocess.DEVNULL)
    finally:
        stop(xvfb)
        shutil.rmtree(tmp, ignore_errors=True)
    if proc.returncode != 0:
        raise Failed("screenshots failed (exit %d)" % proc.returncode)
    say("✓", "screenshots (%dx%d, %d dpi, %s) in %s" % (
        SCREEN[0], SCREEN[1], DPI, SYSTEM_LOCALE, os.path.relpath(out_dir, ROOT)))
