"""Driving the extension in a visible LibreOffice on an X display (Xvfb), as a person
would: click the toolbar button, type, press keys; screenshots with ImageMagick.

Used by tests/test_extension_gui.py and by `python3 build.py screenshots`
(python tests/extension_gui.py --screenshots OUT_DIR --oxt FILE). Needs DISPLAY,
xdotool and ImageMagick's `import`; soffice runs with the X11 ("gen") VCL plugin.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "tests"))

TOOLBAR = "private:resource/toolbar/addon_org.tokki.odf.toolbar"
BUTTONS = {"assemble": 0, "validate": 1, "finalize": 2}


def missing_tools():
    return [t for t in ("xdotool", "import") if shutil.which(t) is None]


JA_LOCALE = "ja_JP.UTF-8"


def japanese_locale(folder):
    """The environment of a Japanese system locale (LANG=ja_JP.UTF-8), as on a clerk's
    PC. Without that locale LibreOffice cannot write a Japanese window title (it becomes
    「???????? - ??」 and xdotool finds no 「個人情報特記事項 — 挿入」): where the machine
    has not generated it, it is compiled into folder with localedef and found through
    LOCPATH — nothing on the machine changes."""
    env = {"LANG": JA_LOCALE, "LC_ALL": JA_LOCALE}
    listed = subprocess.run(["locale", "-a"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL).stdout.decode("ascii", "replace")
    if any(line.strip().lower() in ("ja_jp.utf8", "ja_jp.utf-8") for line in listed.split()):
        return env
    localedef = shutil.which("localedef")
    if not localedef:
        raise RuntimeError("no ja_JP.UTF-8 locale and no localedef to make one")
    target = os.path.join(folder, "locale")
    os.makedirs(target, exist_ok=True)
    proc = subprocess.run([localedef, "-i", "ja_JP", "-f", "UTF-8",
                           os.path.join(target, JA_LOCALE)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if not os.path.isdir(os.path.join(target, JA_LOCALE)):
        raise RuntimeError("localedef ja_JP.UTF-8 failed: %s" % proc.stdout.decode(
            "utf-8", "replace"))
    env["LOCPATH"] = target
    return env


class Gui:
    """A visible LibreOffice with the extension, and the X tools to drive it."""

    def __init__(self, oxt, display=None, lang="ja", env=None, system_locale=None):
        """system_locale='ja': LibreOffice (and the X tools) run in the Japanese system
        locale (japanese_locale), as on a clerk's PC; otherwise in this process's."""
        from support.extension_host import ExtensionHost
        self.display = display or os.environ.get("DISPLAY")
        if not self.display:
            raise RuntimeError("no DISPLAY: run under Xvfb (python3 build.py test does)")
        self.tmp = tempfile.mkdtemp(prefix="tokki-gui-")
        self.locale_env = japanese_locale(self.tmp) if system_locale == "ja" else {}
        # ooLocale follows LibreOffice's installed UI languages; TOKKI_UI_LANG makes the
        # extension's own dialogs Japanese even without the ja language pack.
        self.host = ExtensionHost(oxt, display=self.display, ui_locale="ja" if lang == "ja"
                                  else None, env=dict({"TOKKI_UI_LANG": lang},
                                                      **dict(self.locale_env, **(env or {}))))
        try:
            self.host.prepare()
            self.host.start()
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise

    def close(self):
        try:
            self.host.shutdown()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- X ---------------------------------------------------------------------------

    def x(self, *args, check=True):
        env = dict(os.environ, DISPLAY=self.display, **self.locale_env)
        proc = subprocess.run(list(args), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=60)
        if check and proc.returncode != 0:
            raise RuntimeError("%s failed: %s" % (" ".join(args), proc.stderr.decode()))
        return proc.stdout.decode("utf-8", "replace")

    def windows(self, name):
        out = self.x("xdotool", "search", "--name", name, check=False)
        return [w for w in out.split() if w.strip()]

    def window_names(self):
        """{id: WM_NAME as xprop prints it} of every named window: what a failed search
        saw (a title of 「???」 means LibreOffice had no locale to write it in)."""
        out = {}
        for w in self.windows("."):
            out[w] = self.x("xprop", "-id", w, "WM_NAME", check=False).strip()
        return out

    def wait_window(self, name, timeout=20.0, focus=True):
        """The id of the (newest) window whose title matches name, once it exists;
        given the keyboard focus, as a window manager would. None after timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.windows(name)
            if found:
                time.sleep(0.5)            # let it paint
                if focus:
                    self.focus_window(found[-1])
                return found[-1]
            time.sleep(0.2)
        return None

    def focus_window(self, window):
        self.x("xdotool", "windowfocus", "--sync", window, check=False)
        time.sleep(0.2)

    def geometry(self, window):
        """(x, y, width, height) of an X window on the screen (xdotool)."""
        out = self.x("xdotool", "getwindowgeometry", "--shell", window)
        values = dict(line.split("=", 1) for line in out.split() if "=" in line)
        return (int(values["X"]), int(values["Y"]), int(values["WIDTH"]),
                int(values["HEIGHT"]))

    def wait_gone(self, name, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.windows(name):
                return True
            time.sleep(0.2)
        return False

    def click(self, x, y):
        # Move in from elsewhere first: a window that appears under a resting pointer
        # gets no enter event, and its toolbar then ignores the first click.
        self.x("xdotool", "mousemove", str(max(0, x - 40)), str(y + 60))
        time.sleep(0.15)
        self.x("xdotool", "mousemove", str(x), str(y))
        time.sleep(0.15)
        self.x("xdotool", "click", "1")

    def type(self, text):
        """Enter text into the focused field. xdotool types characters that are not on
        the keyboard (all of Japanese) by remapping a spare key for each one, and a busy
        LibreOffice drops some; so text goes through the clipboard and Ctrl+V instead
        (what a clerk copying a business name from a list does anyway)."""
        if text.isascii():
            self.x("xdotool", "type", "--delay", "60", text)
            return
        self.set_clipboard(text)
        self.key("ctrl+v")

    def set_clipboard(self, text):
        import uno
        import unohelper
        from com.sun.star.datatransfer import XTransferable
        flavor = uno.createUnoStruct("com.sun.star.datatransfer.DataFlavor")
        flavor.MimeType = "text/plain;charset=utf-16"
        flavor.HumanPresentableName = "Unicode-Text"
        flavor.DataType = uno.getTypeByName("string")

        class Text(unohelper.Base, XTransferable):
            def getTransferData(self, wanted):
                return text

            def getTransferDataFlavors(self):
                return (flavor,)

            def isDataFlavorSupported(self, wanted):
                return wanted.MimeType == flavor.MimeType

        ctx = self.host.ctx
        clipboard = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.datatransfer.clipboard.SystemClipboard", ctx)
        clipboard.setContents(Text(), None)
        time.sleep(0.1)

    def key(self, *keys):
        for k in keys:
            self.x("xdotool", "key", k)
            time.sleep(0.15)

    def screenshot(self, path, window=None, crop=None):
        """PNG of a window (or the whole screen), optionally cropped to (x, y, w, h)."""
        args = ["import", "-window", window or "root"]
        if crop:
            args += ["-crop", "%dx%d+%d+%d" % (crop[2], crop[3], crop[0], crop[1]), "+repage"]
        self.x(*(args + [path]))
        return path

    # -- LibreOffice -----------------------------------------------------------------

    def open_blank(self):
        doc = self.host.new_writer(hidden=False)
        self._settle(doc)
        return doc

    def open_template(self, name="tokki-r5"):
        path = os.path.join(self.tmp, name + ".ott")
        with zipfile.ZipFile(self.host.oxt) as zf:
            with open(path, "wb") as fh:
                fh.write(zf.read("templates/tokki/%s.ott" % name))
        doc = self.host.load(path, hidden=False, as_template=True)
        self._settle(doc)
        return doc

    def _settle(self, doc):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.toolbar_buttons(doc):
                    time.sleep(0.5)
                    return
            except Exception:
                pass
            time.sleep(0.2)
        raise RuntimeError("the tokki toolbar did not appear")

    def toolbar_buttons(self, doc):
        """[(name, x, y, w, h)] of the tokki toolbar's buttons on screen (accessibility)."""
        frame = doc.getCurrentController().getFrame()
        element = frame.getPropertyValue("LayoutManager").getElement(TOOLBAR)
        if element is None:
            return []
        acc = element.getRealInterface().getAccessibleContext()
        out = []
        for i in range(acc.getAccessibleChildCount()):
            c = acc.getAccessibleChild(i).getAccessibleContext()
            loc, size = c.getLocationOnScreen(), c.getSize()
            out.append((c.getAccessibleName(), loc.X, loc.Y, size.Width, size.Height))
        return out

    def toolbar_area(self, doc):
        buttons = self.toolbar_buttons(doc)
        x0 = min(b[1] for b in buttons) - 4
        y0 = min(b[2] for b in buttons) - 4
        x1 = max(b[1] + b[3] for b in buttons) + 4
        y1 = max(b[2] + b[4] for b in buttons) + 4
        return (x0, y0, x1 - x0, y1 - y0)

    def hide_macro_infobar(self, doc):
        """Close the 「マクロが無効にされました」 bar: the test profile disables macros
        (the hardened profile of office/soffice.py), a clerk's LibreOffice does not show
        it over a new document, so the guide's pictures do not either."""
        controller = doc.getCurrentController()
        try:
            for name in ("macro", "securitywarn"):
                if controller.hasInfobar(name):
                    controller.removeInfobar(name)
        except Exception:       # no XInfobarProvider: leave it
            pass
        time.sleep(0.5)

    def focus(self, doc):
        """Give the document's window the keyboard focus (there is no window manager:
        a window without focus takes the first click for itself)."""
        frame = doc.getCurrentController().getFrame()
        frame.getContainerWindow().setFocus()
        frame.getComponentWindow().setFocus()
        time.sleep(0.3)

    def press(self, doc, button):
        self.focus(doc)
        _name, x, y, w, h = self.toolbar_buttons(doc)[BUTTONS[button]]
        self.click(x + w // 2, y + h // 2)

    def texts(self, doc):
        return self.host.paragraph_texts(doc)


# -- screenshots for docs/images ---------------------------------------------------------

SHOTS = ("toolbar.png", "dialog-insert-ja.png", "document-inserted-ja.png", "validate-ja.png",
         "finalize-ja.png", "dialog-template-ja.png")


def make_screenshots(oxt, out_dir, display=None, dpi=None, system_locale=None):
    """Write the user guide's pictures (SHOTS) into out_dir; returns their paths.

    tools/screenshots.py (`python3 build.py screenshots`) runs this on a 1366×768 Xvfb
    at 125 % (dpi=120) in the Japanese system locale. Dialogs are taken as their own
    window (import -window: the window only, no desktop around it)."""
    os.makedirs(out_dir, exist_ok=True)
    env = {"SAL_FORCEDPI": str(dpi)} if dpi else {}
    gui = Gui(oxt, display=display, env=env, system_locale=system_locale)
    made = []

    def shot(name, window=None, crop=None):
        path = os.path.join(out_dir, name)
        gui.screenshot(path, window, crop)
        made.append(path)

    def opened(title):
        win = gui.wait_window(title)
        if win is None:
            raise RuntimeError("%s did not open (windows: %s): %s" % (
                title, gui.window_names(), gui.host.tokki_log()))
        time.sleep(0.5)
        return win

    def closed(title, key="Escape"):
        gui.key(key)
        if not gui.wait_gone(title):
            raise RuntimeError("%s did not close" % title)

    try:
        # 1. 挿入 in a blank document: 業務名 and 委託者 typed, 再委託 = 制限 chosen (its
        #    help on the right says what the choice puts in)
        doc = gui.open_blank()
        shot("toolbar.png", crop=gui.toolbar_area(doc))
        gui.press(doc, "assemble")
        win = opened("個人情報特記事項 — 挿入")
        gui.type("住民情報システム運用保守業務")
        gui.key("Tab")
        gui.type("みどり市")
        # Tab to 再委託 (the 8th question) and choose 制限
        gui.key(*(["Tab"] * 6))
        gui.key("Down")
        time.sleep(0.5)
        shot("dialog-insert-ja.png", win)
        gui.key("Return")
        gui.wait_gone("個人情報特記事項 — 挿入")
        gui.x("xdotool", "mousemove", "683", "600")   # no toolbar tooltip in the picture
        gui.hide_macro_infobar(doc)
        time.sleep(1.5)
        shot("document-inserted-ja.png")
        # 2. 検証 after a mistake typed by hand: 第5条 renumbered to 第6条
        texts = gui.texts(doc)
        from support.extension_support import retype_article_number
        retype_article_number(doc, texts, "第5条", "第6条")
        gui.press(doc, "validate")
        shot("validate-ja.png", opened("個人情報特記事項 — 検証"))
        closed("個人情報特記事項 — 検証")
        # 3. 確定: the question before anything is removed (Esc answers いいえ)
        gui.press(doc, "finalize")
        shot("finalize-ja.png", opened("個人情報特記事項 — 確定"))
        closed("個人情報特記事項 — 確定")
        doc.close(True)
        # 4. 作成・更新 in a document made from the template
        doc = gui.open_template()
        gui.press(doc, "assemble")
        win = opened("個人情報特記事項 — 作成・更新")
        gui.type("介護保険認定調査業務")
        time.sleep(0.5)
        shot("dialog-template-ja.png", win)
        closed("個人情報特記事項 — 作成・更新")
        doc.close(True)
    finally:
        gui.close()
    return made


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", metavar="OUT_DIR", required=True)
    parser.add_argument("--oxt", required=True)
    parser.add_argument("--dpi", type=int, help="SAL_FORCEDPI (120 = 125 %%)")
    parser.add_argument("--system-locale", choices=["ja"],
                        help="run LibreOffice in the Japanese system locale")
    args = parser.parse_args(argv)
    if missing_tools():
        print("missing: %s" % ", ".join(missing_tools()), file=sys.stderr)
        return 2
    for path in make_screenshots(args.oxt, args.screenshots, dpi=args.dpi,
                                 system_locale=args.system_locale):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
