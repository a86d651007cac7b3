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


@pytest.mark.parametrize("dpi", [120, 144], ids=["125%", "150%"])
def test_findings_window_is_modeless_and_fits_at_125_percent(oxt, tmp_path, dpi):
    """The 検証 window on 1366×768 at 125 % (120 dpi) and 150 %: inside the work area, below the
    document's menus and toolbars (not at the top-left over the menus); while it is
    shown the document takes typing (modeless), and the text typed goes in before the
    chosen paragraph instead of replacing it; Esc closes it, no selection is left."""
    from support.extension_gui import Gui, missing_tools
    from support.extension_support import example, retype_article_number
    if missing_tools():
        pytest.skip("missing %s" % ", ".join(missing_tools()))
    width, height = 1366, 768
    xvfb, display = start_xvfb(width, height)
    gui = None
    try:
        gui = Gui(oxt, display=display, env={"SAL_FORCEDPI": str(dpi)})
        doc = gui.open_blank()
        try:
            ok, message = gui.host.dispatch(doc, "vnd.tokki:insert?answers=%s"
                                            % gui.host.quote_url(example("r5-standard.json")))
            assert ok, message
            index = retype_article_number(doc, gui.texts(doc), "第5条", "第6条")
            gui.press(doc, "validate")
            title = "個人情報特記事項 — 検証"
            win = gui.wait_window(title)
            assert win, gui.host.tokki_log()
            time.sleep(0.5)
            shot = str(tmp_path / ("findings-1366x768-%d.png" % dpi))
            gui.screenshot(shot)
            x, y, w, h = gui.geometry(win)
            where = "findings window at %d,%d %dx%d (%s)" % (x, y, w, h, shot)
            assert x >= 0 and x + w <= width and y + h <= height - TASKBAR, where
            _tx, ty, _tw, th = gui.toolbar_area(doc)
            assert y >= ty + th, where                      # below the menus and toolbars
            # the first finding (第6条) is chosen: its paragraph is selected
            chosen = gui.texts(doc)[index]
            assert doc.getCurrentController().getViewCursor().getString() == chosen
            # back to the document and type: the window stays, the text goes in
            gui.focus(doc)
            time.sleep(1)
            gui.type("abc")
            time.sleep(0.5)
            assert gui.windows(title), "the findings window closed when the document " \
                                       "was edited"
            texts = gui.texts(doc)
            assert texts[index] == "abc" + chosen, texts[index - 1:index + 2]
            # Esc in the window closes it; nothing is left selected
            gui.focus_window(win)
            gui.key("Escape")
            assert gui.wait_gone(title)
            assert doc.getCurrentController().getViewCursor().isCollapsed()
        finally:
            doc.close(True)
    finally:
        if gui is not None:
            gui.close()
        stop(xvfb)
