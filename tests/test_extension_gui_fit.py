"""The dialogs fit every common screen (issue 13, item 1): 1366×768 and 1920×1080 at
100 %, 125 % and 150 % scaling (LibreOffice: SAL_FORCEDPI=96/120/144), with room for a
40 px taskbar. For each size an Xvfb of that size is started, Writer is started on it
with that DPI, the 挿入 dialog (blank document) and the 作成・更新 dialog (the template)
are opened with the toolbar button (also in the Japanese system locale at 1366×768,
125 %: CASES), and

- the dialog's X window (xdotool getwindowgeometry) lies inside the screen less a
  40 px taskbar at the bottom;
- OK, キャンセル, 回答の読込 and 回答の保存 lie inside the dialog (their positions as
  the dialog logs them, relative to the dialog window).

A screenshot of the whole screen is kept for each case in the test's tmp folder.
Slow (one LibreOffice per size): run with `python3 build.py test tests/test_extension_gui_fit.py`.
"""
import os
import re
import shutil
import subprocess
import time

import pytest

from support.extension_support import oxt  # noqa: F401

pytestmark = [pytest.mark.office, pytest.mark.gui]

TASKBAR = 40
SIZES = [(1366, 768, 96), (1366, 768, 120), (1366, 768, 144),
         (1920, 1080, 96), (1920, 1080, 120), (1920, 1080, 144)]
# (width, height, dpi, system locale): every size in this process's locale, and the
# clerk's laptop — 1366×768 at 125 % — in the Japanese system locale (LANG=ja_JP.UTF-8,
# made with localedef when the machine lacks it), where the window titles are Japanese
# in the locale's encoding and the dialogs are found by those titles.
CASES = [size + (None,) for size in SIZES] + [(1366, 768, 120, "ja")]


def start_xvfb(width, height):
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        pytest.skip("no Xvfb")
    for number in range(140, 180):
        if os.path.exists("/tmp/.X%d-lock" % number) or \
                os.path.exists("/tmp/.X11-unix/X%d" % number):
            continue
        proc = subprocess.Popen([xvfb, ":%d" % number, "-screen", "0",
                                 "%dx%dx24" % (width, height), "-nolisten", "tcp"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if os.path.exists("/tmp/.X11-unix/X%d" % number):
                return proc, ":%d" % number
            time.sleep(0.05)
        proc.terminate()
        proc.wait()
    pytest.skip("could not start Xvfb")


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def logged_geometry(log, mode):
    """The last 'dialog MODE x,y WxH … ok=x,y,w,h …' line the dialog logged."""
    found = None
    for line in log.splitlines():
        m = re.search(r"dialog %s (-?\d+),(-?\d+) (\d+)x(\d+) pages=(\d+) (.*)$" % mode, line)
        if m:
            buttons = {name: tuple(int(v) for v in rect.split(","))
                       for name, rect in re.findall(r"(\w+)=([-\d,]+)", m.group(6))}
            found = (tuple(int(m.group(i)) for i in range(1, 5)), int(m.group(5)), buttons)
    return found


@pytest.mark.parametrize("width,height,dpi,system_locale", CASES,
                         ids=["%dx%d-%ddpi" % c[:3] + ("-%s" % c[3] if c[3] else "")
                              for c in CASES])
def test_dialogs_fit_the_screen_with_their_buttons(oxt, tmp_path, width, height, dpi,
                                                   system_locale):
    from support.extension_gui import Gui, missing_tools
    if missing_tools():
        pytest.skip("missing %s" % ", ".join(missing_tools()))
    xvfb, display = start_xvfb(width, height)
    gui = None
    try:
        gui = Gui(oxt, display=display, env={"SAL_FORCEDPI": str(dpi)},
                  system_locale=system_locale)
        cases = [("insert", "個人情報特記事項 — 挿入", gui.open_blank),
                 ("template", "個人情報特記事項 — 作成・更新", gui.open_template)]
        for mode, title, opener in cases:
            doc = opener()
            try:
                gui.press(doc, "assemble")
                win = gui.wait_window(title)
                assert win, "no %s dialog (windows: %s); log:\n%s" % (
                    mode, gui.window_names(), gui.host.tokki_log())
                time.sleep(0.5)
                shot = str(tmp_path / ("%s-%dx%d-%d.png" % (mode, width, height, dpi)))
                gui.screenshot(shot)
                x, y, w, h = gui.geometry(win)
                where = "%s dialog at %d,%d %dx%d on %dx%d at %d dpi (%s)" % (
                    mode, x, y, w, h, width, height, dpi, shot)
                assert x >= 0 and y >= 0, where
                assert x + w <= width, where
                assert y + h <= height - TASKBAR, where
                logged = logged_geometry(gui.host.tokki_log(), mode)
                assert logged, gui.host.tokki_log()
                (_lx, _ly, lw, lh), _pages, buttons = logged
                assert (lw, lh) == (w, h), (logged, where)
                for name in ("ok", "cancel", "load", "save"):
                    bx, by, bw, bh = buttons[name]
                    assert 0 <= bx and bx + bw <= w and 0 <= by and by + bh <= h, \
                        (name, buttons[name], where)
                gui.key("Escape")
                assert gui.wait_gone(title)
            finally:
                doc.close(True)
    finally:
        if gui is not None:
            gui.close()
        stop(xvfb)
