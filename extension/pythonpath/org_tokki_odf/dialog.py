"""The question dialog, built with UNO from the template's questions.

Nothing is hard-coded: form.fields(template) gives one row per question, in
template order — a drop-down for a choice, a check box for a flag, a line for
a text, a multi-line box (one item per line) for a list. The help pane on the
right shows the ※ guidance of the focused question and of its chosen option.
A question whose `when` condition is unmet is disabled, and enabled again as
soon as the answers it depends on change. OK checks required fields first
(form.problems) and keeps the dialog open, with the field focused, until they
are filled. Everything is reachable with Tab / Shift+Tab, Enter = OK,
Esc = Cancel; buttons have mnemonics.

Layout is in dialog units (appfont). The dialog is sized for the screen it opens
on: the work area (minus TASKBAR_PX for a taskbar the X server may not report and
TITLE_PX for the title bar) converted to appfont units with the parent window's
font, so that at 125 % or 150 % scaling (SAL_FORCEDPI=120/144) the dialog is
narrower (the help pane shrinks first) and the questions get more pages. When the
questions do not fit one page the dialog gets pages (the model's Step) and
Back / Next buttons; OK, キャンセル, 回答の読込/保存 are always on screen.
"""
import time

import unohelper
from com.sun.star.awt import XActionListener, XFocusListener, XItemListener

from . import core, form, i18n, log, store
from .i18n import tr
from .unoutil import add_control, create

TEMPLATE, EDITABLE, INSERT = "template", "editable", "insert"
UPDATE = "update"       # provisions inserted in a contract, re-assembled in place

WIDTH = 540
MARGIN = 6
LABEL_X, LABEL_W = MARGIN, 122
CTRL_X, CTRL_W = 132, 220
HELP_X = CTRL_X + CTRL_W + 8
HELP_W = WIDTH - HELP_X - MARGIN
ROW = {form.TEXT: 15, form.CHOICE: 15, form.FLAG: 21, form.LIST: 40}
MAX_AREA = 330
MIN_AREA = 90
BUTTON_H = 14
NAV_INLINE_WIDTH = 470       # below this the page buttons get their own row
TASKBAR_PX, TITLE_PX, EDGE_PX = 48, 40, 16


def screen_limits(ctx, parent):
    """(width, height) in appfont units that a dialog may take on the parent's screen,
    or None when it cannot be measured (then the fixed layout is used)."""
    try:
        from com.sun.star.util.MeasureUnit import APPFONT
        import uno
        toolkit = create(ctx, "com.sun.star.awt.Toolkit")
        area = toolkit.getWorkArea()
        w = area.Width - 2 * EDGE_PX
        h = area.Height - TASKBAR_PX - TITLE_PX - EDGE_PX
        size = uno.createUnoStruct("com.sun.star.awt.Size", max(w, 200), max(h, 200))
        logic = parent.convertSizeToLogic(size, APPFONT)
        return logic.Width, logic.Height
    except Exception:
        return None


class Result:
    def __init__(self, answers, start, switch_to=None, ok_time=None, omit=None):
        self.answers, self.start, self.switch_to = answers, start, switch_to
        self.omit = omit                # contract-level articles left out (None: default)
        self.ok_time = ok_time          # time.perf_counter() when OK was pressed


def ask(ctx, frame, lang, mode, template, answers, start=1, templates=None, last_article=0,
        folder=None, contract_articles=None, omitted=None):
    """Show the dialog; Result (answers, start, switch_to) or None when cancelled.

    contract_articles: [(id, caption, present)] of the template's contract-level
    articles in the contract (挿入): those present are listed, left out unless kept.
    omitted (UPDATE): the articles left out when the block was inserted (the others of
    present are shown kept)."""
    present = [(a, c) for a, c, there in (contract_articles or []) if there]
    dlg = QuestionDialog(ctx, frame, lang, mode, template, answers, start,
                         templates or [], last_article, folder, present, omitted)
    try:
        return dlg.run()
    finally:
        dlg.dispose()


def answers_file_name(template_name):
    """回答_r5.json: a Japanese default name for 回答の保存 (d-10)."""
    short = template_name[len("tokki-"):] if template_name.startswith("tokki-") else \
        template_name
    return "特記事項の回答_%s.json" % short


def documents_folder():
    """Where 回答の保存/読込 open: the user's Documents (ドキュメント) folder, else home;
    never the hidden profile folder (d-10)."""
    import os
    home = os.path.expanduser("~")
    for name in ("Documents", "ドキュメント"):
        path = os.path.join(home, name)
        if os.path.isdir(path):
            return path
    return home if os.path.isdir(home) else None


def _listener(base, method):
    """A UNO listener object whose one event method calls a Python function."""
    class L(unohelper.Base, base):
        def __init__(self, fn):
            self.fn = fn

        def disposing(self, event):
            pass
    if base is XFocusListener:
        L.focusGained = lambda self, ev: self.fn(ev)
        L.focusLost = lambda self, ev: None
    else:
        setattr(L, method, lambda self, ev: self.fn(ev))
    return L


ActionListener = _listener(XActionListener, "actionPerformed")
ItemListener = _listener(XItemListener, "itemStateChanged")
FocusListener = _listener(XFocusListener, "focusGained")


class QuestionDialog:
    def __init__(self, ctx, frame, lang, mode, template, answers, start, templates,
                 last_article, folder, present=(), omitted=None):
        self.present = list(present) if last_article else []
        self.omitted = None if omitted is None else set(omitted)
        self.ctx, self.frame, self.lang, self.mode = ctx, frame, lang, mode
        self.template = template
        self.fields = form.fields(template)
        self.variants = form.variants(template)
        self.values = form.values_for(template, answers)
        self.start = start or 1
        self.templates = templates          # [(name, title)] in 挿入 mode
        self.template_names = []
        self.last_article = last_article
        self.folder = folder
        self.result = None
        self.switch_to = None
        self.focused = None
        self.tab = 0
        self.pages = 1
        self.page_of = {}
        self.model = create(ctx, "com.sun.star.awt.UnoControlDialogModel")
        self.dialog = None
        self.width, self.max_area = WIDTH, MAX_AREA
        self.label_w, self.ctrl_x, self.ctrl_w = LABEL_W, CTRL_X, CTRL_W
        self.help_x, self.help_w = HELP_X, HELP_W
        self.parent = None
        try:
            self.parent = frame.getContainerWindow() if frame is not None else None
        except Exception:
            self.parent = None
        self.limits = screen_limits(ctx, self.parent) if self.parent is not None else None
        self._fit_width()
        self._build()

    def _fit_width(self):
        """Narrow the dialog to the screen: the help pane gives way first, then the
        labels and fields shrink in proportion."""
        if not self.limits:
            return
        width = int(min(WIDTH, self.limits[0]))
        if width >= WIDTH:
            return
        self.width = max(width, 300)
        fields_w = LABEL_W + 10 + CTRL_W
        help_w = self.width - 2 * MARGIN - fields_w - 8
        if help_w < 110:
            scale = float(self.width - 2 * MARGIN - 8 - 110) / fields_w
            self.label_w = int(LABEL_W * scale)
            self.ctrl_w = int(CTRL_W * scale)
            help_w = 110
        self.ctrl_x = MARGIN + self.label_w + 4
        self.help_x = self.ctrl_x + self.ctrl_w + 8
        self.help_w = self.width - self.help_x - MARGIN

    # -- building ----------------------------------------------------------------------

    def _add(self, kind, name, x, y, w, h, step=0, **values):
        first = {"Step": step}
        if kind not in ("FixedText", "FixedLine", "GroupBox"):
            first["TabIndex"] = self.tab
            self.tab += 1
        first.update(values)
        return add_control(self.model, kind, name, x, y, w, h, **first)

    def _build(self):
        t = lambda key, **kw: tr(key, self.lang, **kw)  # noqa: E731
        m = self.model
        m.Title = t("title.insert" if self.mode == INSERT else "title.assemble")
        m.Moveable = True
        m.Closeable = True
        y = MARGIN
        title = core.template_title(self.template)
        intro = {TEMPLATE: t("mode.template", name=title),
                 EDITABLE: t("mode.editable", name=title),
                 INSERT: t("mode.insert"), UPDATE: t("mode.update", name=title)}[self.mode]
        self._add("FixedText", "intro", MARGIN, y, self.width - 2 * MARGIN, 16, Label=intro,
                  MultiLine=True)
        y += 18
        y = self._build_header(y)
        self._add("FixedLine", "line1", MARGIN, y, self.width - 2 * MARGIN, 6)
        y += 8
        top = y
        if self.limits:
            # the rest of the dialog below the questions: line, buttons, margins
            fixed = top + 2 + 8 + BUTTON_H + MARGIN
            if self.width < NAV_INLINE_WIDTH:
                fixed += BUTTON_H + 2          # the page buttons' own row, if needed
            self.max_area = int(max(MIN_AREA, min(MAX_AREA, self.limits[1] - fixed)))
        # Questions, paginated when they do not fit.
        page, cy = 1, top
        placed = []
        for f in self.fields:
            h = ROW[f.kind]
            if cy + h - top > self.max_area and cy > top:
                page, cy = page + 1, top
            placed.append((f, page, cy))
            cy += h
        self.pages = page
        area = max(cy for _f, _p, cy in placed) - top if placed else 0
        area = max(area, min(self.max_area, sum(ROW[f.kind] for f in self.fields)))
        if self.pages > 1:
            area = self.max_area
        for f, pg, fy in placed:
            self._build_field(f, pg if self.pages > 1 else 0, fy)
        # Help pane.
        self._add("FixedText", "help_title", self.help_x, top, self.help_w, 10,
                  Label=t("help.title"))
        self._add("Edit", "help", self.help_x, top + 11, self.help_w, area - 11, ReadOnly=True,
                  MultiLine=True, VScroll=True, Text=t("help.focus"), Tabstop=False)
        y = top + area + 2
        if self.pages > 1 and self.width < NAV_INLINE_WIDTH:
            # narrow: the page buttons get a row of their own above the others
            y = self._build_nav(t, MARGIN, y) + BUTTON_H + 2
        self._add("FixedLine", "line2", MARGIN, y, self.width - 2 * MARGIN, 6)
        y += 8
        # Buttons.
        self._add("Button", "load", MARGIN, y, 80, BUTTON_H, Label=t("button.load"))
        self._add("Button", "save", MARGIN + 84, y, 80, BUTTON_H, Label=t("button.save"))
        if self.pages > 1 and self.width >= NAV_INLINE_WIDTH:
            self._build_nav(t, MARGIN + 168, y)
        self._add("Button", "ok", self.width - MARGIN - 124, y, 60, BUTTON_H,
                  Label=t("button.ok"), DefaultButton=True, PushButtonType=0)
        self._add("Button", "cancel", self.width - MARGIN - 60, y, 60, BUTTON_H,
                  Label=t("button.cancel"), PushButtonType=2)
        m.Width = self.width
        m.Height = y + BUTTON_H + MARGIN
        m.Step = 1 if self.pages > 1 else 0

    def _build_nav(self, t, x, y):
        self._add("Button", "prev", x, y, 56, BUTTON_H, Label=t("button.prev"))
        self._add("Button", "next", x + 60, y, 56, BUTTON_H, Label=t("button.next"))
        self._add("FixedText", "pageno", x + 122, y + 3, 40, 10, Label="")
        return y

    def _build_header(self, y):
        t = lambda key, **kw: tr(key, self.lang, **kw)  # noqa: E731
        if self.mode == INSERT:
            self._add("FixedText", "template_label", MARGIN, y + 2, 60, 10,
                      Label=t("insert.template"))
            pairs = list(self.templates) or [(self.template.name,
                                              core.template_title(self.template))]
            self.template_names = [name for name, _title in pairs]
            self._add("ListBox", "template", 70, y, 300, 12, Dropdown=True,
                      StringItemList=tuple(title for _name, title in pairs),
                      SelectedItems=(self.template_names.index(self.template.name),)
                      if self.template.name in self.template_names else (0,))
            y += 15
            self._add("FixedText", "numbering_label", MARGIN, y + 2, 60, 10,
                      Label=t("insert.numbering"))
            self._add("RadioButton", "from_one", 70, y, self.width - 76, 11,
                      Label=t("insert.from_one"), State=1)
            y += 12
            if self.last_article:
                label = t("insert.continue", next=self.last_article + 1,
                          last=self.last_article)
            else:
                label = t("insert.continue_none")
            self._add("RadioButton", "continue", 70, y, self.width - 76, 11, Label=label, State=0,
                      Enabled=bool(self.last_article))
            y += 14
            y = self._build_keep(t, y)
        elif self.mode == UPDATE:
            label = t("update.numbering", next=self.start, last=self.last_article) \
                if self.last_article else t("update.from", next=self.start)
            self._add("FixedText", "numbering_label", MARGIN, y + 2, self.width - 2 * MARGIN,
                      10, Label=label)
            y += 14
            y = self._build_keep(t, y)
        else:
            self._add("FixedText", "start_label", MARGIN, y + 2, 120, 10,
                      Label=t("insert.start_at"))
            # a plain line, not a NumericField: that one drops full-width 「２５」
            self._add("Edit", "start", self.ctrl_x, y, 40, 12, Text=str(self.start),
                      MaxTextLen=5)
            y += 15
        return y

    def _build_keep(self, t, y):
        """The contract-level articles the contract already has: left out when
        continuing it, unless kept (UPDATE: as they were when inserted)."""
        if not self.present:
            return y
        self._add("FixedText", "keep_label", 70, y, self.width - 76, 10,
                  Label=t("insert.present", captions="".join(c for _a, c in self.present)))
        y += 11
        x = 70
        for i, (article, caption) in enumerate(self.present):
            kept = self.omitted is not None and article not in self.omitted
            self._add("CheckBox", "keep_%d" % i, x, y, 100, 11, State=int(kept),
                      Label=t("insert.keep", caption=caption))
            x += 104
            if x + 100 > self.width - MARGIN and i + 1 < len(self.present):
                x, y = 70, y + 12
        return y + 13

    def _build_field(self, f, step, y):
        value = self.values[f.key]
        name = "q_" + f.key
        tip = (f.help or "")[:300]
        label = f.label + (tr("required.mark", self.lang)
                           if f.kind == form.TEXT and (f.required or form.is_sample_default(
                               f.question)) else "")
        if f.kind == form.FLAG:
            self._add("CheckBox", name, LABEL_X, y, self.label_w + 10 + self.ctrl_w, ROW[f.kind] - 2,
                      step, Label=label, State=1 if value else 0, MultiLine=True,
                      HelpText=tip)
            return
        self._add("FixedText", "l_" + f.key, LABEL_X, y + 1, self.label_w, ROW[f.kind] - 3, step,
                  Label=label, MultiLine=True, HelpText=tip)
        if f.kind == form.CHOICE:
            self._add("ListBox", name, self.ctrl_x, y, self.ctrl_w, 12, step, Dropdown=True,
                      StringItemList=tuple(o[1] for o in f.options),
                      SelectedItems=(value,), HelpText=tip, LineCount=len(f.options))
        elif f.kind == form.LIST:
            self._add("Edit", name, self.ctrl_x, y, self.ctrl_w, ROW[f.kind] - 3, step, Text=value,
                      MultiLine=True, VScroll=True, HelpText=tip)
        else:
            self._add("Edit", name, self.ctrl_x, y, self.ctrl_w, 12, step, Text=value, HelpText=tip)

    # -- running ---------------------------------------------------------------------------

    def run(self):
        toolkit = create(self.ctx, "com.sun.star.awt.Toolkit")
        self.dialog = create(self.ctx, "com.sun.star.awt.UnoControlDialog")
        self.dialog.setModel(self.model)
        parent = self.parent
        self.dialog.createPeer(toolkit, parent)
        self._listen()
        self._refresh()
        self._show_page(1)
        self._center(parent)
        self._log_geometry()
        first = self.dialog.getControl("q_" + self.fields[0].key) if self.fields else None
        if first is not None:
            first.setFocus()
        self.dialog.execute()
        if self.switch_to:
            return Result(None, None, self.switch_to)
        return self.result

    def _center(self, parent):
        """Centre on the parent window, then move the whole dialog into the work area
        (less a taskbar's height at the bottom)."""
        try:
            if parent is None:
                return
            p = parent.getPosSize()
            d = self.dialog.getPosSize()
            x = p.X + max(0, (p.Width - d.Width) // 2)
            y = p.Y + max(0, (p.Height - d.Height) // 2)
            try:
                area = create(self.ctx, "com.sun.star.awt.Toolkit").getWorkArea()
                bottom = area.Y + area.Height - TASKBAR_PX
                right = area.X + area.Width
                x = max(area.X, min(x, right - d.Width - EDGE_PX // 2))
                y = max(area.Y + TITLE_PX // 2, min(y, bottom - d.Height - EDGE_PX // 2))
            except Exception:
                pass
            self.dialog.setPosSize(x, y, 0, 0, 3)      # PosSize.POS
        except Exception:
            pass

    def _log_geometry(self):
        """Where the dialog and its buttons are, in pixels (the GUI test reads it)."""
        try:
            d = self.dialog.getPosSize()
            parts = ["dialog %s %d,%d %dx%d" % (self.mode, d.X, d.Y, d.Width, d.Height),
                     "pages=%d" % self.pages]
            for name in ("ok", "cancel", "load", "save"):
                r = self.dialog.getControl(name).getPosSize()
                parts.append("%s=%d,%d,%d,%d" % (name, r.X, r.Y, r.Width, r.Height))
            log.write(" ".join(parts))
        except Exception:
            log.exception("dialog geometry")

    def _listen(self):
        c = self.dialog.getControl
        for f in self.fields:
            control = c("q_" + f.key)
            control.addFocusListener(FocusListener(lambda ev, k=f.key: self._focus(k)))
            if f.kind in (form.CHOICE, form.FLAG):
                control.addItemListener(ItemListener(lambda ev, k=f.key: self._changed(k)))
        c("ok").addActionListener(ActionListener(lambda ev: self._ok()))
        c("save").addActionListener(ActionListener(lambda ev: self._save()))
        c("load").addActionListener(ActionListener(lambda ev: self._load()))
        if self.pages > 1:
            c("prev").addActionListener(ActionListener(lambda ev: self._turn(-1)))
            c("next").addActionListener(ActionListener(lambda ev: self._turn(1)))
        if self.mode == INSERT:
            c("template").addItemListener(ItemListener(lambda ev: self._template_chosen()))

    # -- reading and writing control values -------------------------------------------------

    def read_values(self):
        out = {}
        for f in self.fields:
            model = self.model.getByName("q_" + f.key)
            if f.kind == form.CHOICE:
                sel = model.SelectedItems
                out[f.key] = sel[0] if sel else 0
            elif f.kind == form.FLAG:
                out[f.key] = model.State == 1
            else:
                out[f.key] = model.Text
        return out

    def write_values(self, values):
        for f in self.fields:
            model = self.model.getByName("q_" + f.key)
            value = values[f.key]
            if f.kind == form.CHOICE:
                model.SelectedItems = (value,)
            elif f.kind == form.FLAG:
                model.State = 1 if value else 0
            else:
                model.Text = value

    def answers(self):
        return form.answers_of(self.template, self.read_values())

    def read_start(self):
        if self.mode == INSERT:
            cont = self.model.getByName("continue")
            return self.last_article + 1 if cont.State == 1 and self.last_article else 1
        if self.mode == UPDATE:
            return self.start
        return form.parse_start(self.model.getByName("start").Text)

    # -- events ------------------------------------------------------------------------------

    def _focus(self, key):
        self.focused = key
        self._show_help()

    def _changed(self, key):
        self.focused = key
        self._refresh()

    def _refresh(self):
        """Enable exactly the questions asked for the current answers; update help."""
        answers = self.answers()
        for key, on in form.enabled(self.template, answers).items():
            for name in ("q_" + key, "l_" + key):
                if self.model.hasByName(name):
                    self.model.getByName(name).Enabled = on
        self._show_help(answers)

    def _show_help(self, answers=None):
        if self.focused is None:
            return
        answers = answers or self.answers()
        text = form.help_text(self.template, self.focused, answers, self.lang, self.variants)
        self.model.getByName("help").Text = text

    def _turn(self, delta):
        self._show_page(min(self.pages, max(1, self.model.Step + delta)))

    def _show_page(self, page):
        if self.pages <= 1:
            return
        self.model.Step = page
        self.model.getByName("prev").Enabled = page > 1
        self.model.getByName("next").Enabled = page < self.pages
        self.model.getByName("pageno").Label = tr("page", self.lang, page=page,
                                                  pages=self.pages)

    def _message(self, text, kind="error"):
        toolkit = create(self.ctx, "com.sun.star.awt.Toolkit")
        from com.sun.star.awt.MessageBoxType import ERRORBOX, INFOBOX
        box = toolkit.createMessageBox(self.dialog.getPeer(),
                                       ERRORBOX if kind == "error" else INFOBOX, 1,
                                       tr("app", self.lang), text)
        box.execute()
        box.dispose()

    def _ok(self):
        pressed = time.perf_counter()
        answers = self.answers()
        omit = None
        if self.mode in (INSERT, UPDATE) and self.present and self.read_start() > 1:
            omit = [article for i, (article, _c) in enumerate(self.present)
                    if self.model.getByName("keep_%d" % i).State != 1]
        # a question of an article left out (管轄裁判所 when the contract has its own) is not asked
        found = form.problems(self.template, answers, self.lang, omitted=omit or ())
        if self.mode not in (INSERT, UPDATE) and form.parse_start(
                self.model.getByName("start").Text) is None:
            found = [("$start", tr("check.start", self.lang))] + found
        if found:
            self._message("\n".join(message for _key, message in found))
            key = next((k for k, _m in found if k), None)
            if key is not None:
                self._focus_field(key)
            return
        self.result = Result(answers, self.read_start(), ok_time=pressed, omit=omit)
        self.dialog.endExecute()

    def _focus_field(self, key):
        if key == "$start":
            self.dialog.getControl("start").setFocus()
            return
        name = "q_" + key
        step = self.model.getByName(name).Step
        if self.pages > 1 and step:
            self._show_page(step)
        self.dialog.getControl(name).setFocus()
        self.focused = key
        self._show_help()

    def _template_chosen(self):
        sel = self.model.getByName("template").SelectedItems
        names = self.template_names
        if sel and names[sel[0]] != self.template.name:
            self.switch_to = names[sel[0]]
            self.dialog.endExecute()

    def _save(self):
        from . import unoutil
        path = unoutil.pick_file(self.ctx, self.lang, True,
                                 i18n.strip_mnemonic(tr("button.save", self.lang)),
                                 default_name=answers_file_name(self.template.name),
                                 folder=documents_folder())
        if not path:
            return
        try:
            core.write_text_atomic(path, core.answers_json(self.answers(), self.template.name))
        except OSError as exc:
            self._message(tr("err.write", self.lang, detail=str(exc)))
            return
        self._message(tr("answers.saved", self.lang, path=path), "info")
        self._refocus()

    def _load(self):
        from . import unoutil
        path = unoutil.pick_file(self.ctx, self.lang, False,
                                 i18n.strip_mnemonic(tr("button.load", self.lang)),
                                 folder=documents_folder())
        if not path:
            return
        try:
            loaded = core.read_answers_file(path)
            if not isinstance(loaded, dict):
                raise ValueError("not a JSON object")
        except Exception as exc:
            log.write("loading answers %s: %s" % (path, exc))
            self._message(tr("err.answers_file", self.lang, detail=str(exc)))
            return
        bad = form.bad_choices(self.template, loaded, self.lang)
        if bad:
            log.write("loading answers %s: refused: %s" % (path, bad[0]))
            self._message("\n".join(bad))
            return
        known = store.known_answers(self.template, loaded)
        current = self.answers()
        current.update(known)
        self.write_values(form.values_for(self.template, current))
        self._refresh()
        self._refocus()

    def _refocus(self):
        """Back to the question being answered (first one if none), so that Enter means
        OK again rather than pressing the button that had the focus."""
        key = self.focused or (self.fields[0].key if self.fields else None)
        if key is not None:
            self._focus_field(key)

    def dispose(self):
        try:
            if self.dialog is not None:
                self.dialog.dispose()
        except Exception:
            pass
