"""The findings window of 検証, 比較 and ひな形に変換: modeless, one per document.

The window is a UNO dialog made visible without execute(): the clerk keeps
editing the document while it is open. Choosing a row shows it in full in the
detail box (the rows are short, the box wraps) and selects its paragraph; going
back to the document (the window loses the focus) or closing it (閉じる, the title
bar's ×, Esc) leaves the cursor at the start of that paragraph with no selection,
so that typing does not overwrite the paragraph (d-5). 再検証 / 再比較 read the
document again.

The window object lives in the module-level list _OPEN until it is closed or its
document is closed: its listeners keep working after the dispatch that opened it
has returned. Running 検証 again on the same document refreshes the window it
has instead of opening a second one.
"""
import unicodedata

import unohelper

from com.sun.star.awt import XTopWindowListener
from com.sun.star.document import XDocumentEventListener

from . import document, i18n, log
from .dialog import ActionListener, ItemListener
from .i18n import tr
from .unoutil import add_control, create

WIDTH, HEIGHT = 320, 236        # appfont units: about 700×520 px at 120 dpi (125 %)
ROW_CHARS = 40                  # a row is cut here ("…"); the detail box shows it all
EDGE_PX, TASKBAR_PX = 16, 48

VALIDATE, COMPARE, IMPORT = "validate", "compare", "import"

_OPEN = []                      # the open windows (kept alive for their listeners)


class Row:
    """One line of the window: kind error / warning / info, the messages, an excerpt,
    and where it is: index in the paragraphs read, anchor = that paragraph's text (to
    find it again after edits moved it)."""

    def __init__(self, kind, message, message_en, excerpt="", index=None, anchor=None):
        self.kind, self.message, self.message_en = kind, message, message_en
        self.excerpt, self.index, self.anchor = excerpt, index, anchor

    @classmethod
    def of_finding(cls, finding):
        return cls(finding.severity, finding.message, finding.message_en, finding.excerpt,
                   finding.index)

    def text(self, lang):
        return " ".join((self.message if lang == i18n.JA else self.message_en).split())


class Content:
    """What the window shows: a summary line, the rows, and the document's paragraphs
    [(text, paragraph object)] the rows' indexes refer to."""

    def __init__(self, summary, rows, paras, detail=None):
        self.summary, self.rows, self.paras = summary, rows, paras
        self.detail = detail            # shown in the detail box before a row is chosen


def short(text, n=ROW_CHARS):
    """The row as listed: one line, cut at about n full-width characters."""
    text = " ".join(text.split())
    width, out = 0, []
    for ch in text:
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if width > 2 * n:
            return "".join(out) + "…"
        out.append(ch)
    return text


def finding_line(finding, lang):
    """［エラー］message, in full (one line): the validate texts, as before."""
    kind = tr("validate.error" if finding.severity == "error" else "validate.warning", lang)
    message = finding.message if lang == i18n.JA else finding.message_en
    return "［%s］%s" % (kind, " ".join(message.split()))


def row_line(row, lang):
    if row.kind in ("error", "warning"):
        mark = tr("validate.error" if row.kind == "error" else "validate.warning", lang)
        return short("［%s］%s" % (mark, row.text(lang)))
    return short(row.text(lang))


def summary(report, lang, unfinalised):
    if not report.findings:
        text = tr("validate.clean", lang)
    else:
        text = tr("validate.summary", lang, errors=len(report.errors),
                  warnings=len(report.warnings))
    if unfinalised:
        text += "\n" + tr("validate.unfinalised", lang)
    return text


def validation_content(report, paras, lang, unfinalised):
    return Content(summary(report, lang, unfinalised),
                   [Row.of_finding(f) for f in report.findings], paras)


class _TopListener(unohelper.Base, XTopWindowListener):
    def __init__(self, on_close, on_deactivate):
        self.on_close, self.on_deactivate = on_close, on_deactivate

    def windowClosing(self, ev):        # the title bar's × and Esc
        self.on_close()

    def windowOpened(self, ev):
        pass

    def windowClosed(self, ev):
        pass

    def windowMinimized(self, ev):
        pass

    def windowNormalized(self, ev):
        pass

    def windowActivated(self, ev):
        pass

    def windowDeactivated(self, ev):    # the clerk went back to the document
        self.on_deactivate()

    def disposing(self, ev):
        pass


class _DocListener(unohelper.Base, XDocumentEventListener):
    """Closes the window when its document is closed."""

    def __init__(self, on_close):
        self.on_close = on_close

    def documentEventOccured(self, ev):
        if ev.EventName in ("OnPrepareUnload", "OnUnload"):
            self.on_close(collapse=False)

    def disposing(self, ev):
        self.on_close(collapse=False)


class FindingsWindow:
    """kind: VALIDATE, COMPARE or IMPORT. refresh() -> a new Content (None: no 再…
    button). extra: (label, function) of one more button (比較: ファイルと比較…)."""

    def __init__(self, ctx, frame, lang, doc, kind, title, content, refresh=None,
                 extra=None):
        self.ctx, self.frame, self.lang, self.doc = ctx, frame, lang, doc
        self.kind, self.title, self.content = kind, title, content
        self.refresh, self.extra = refresh, extra
        self.model = create(ctx, "com.sun.star.awt.UnoControlDialogModel")
        self.dialog = None
        self.closed = False
        self._doc_listener = None
        self._selected = False          # the view cursor holds the paragraph we selected
        self._listeners = []            # strong references to every UNO listener
        self._build()

    # -- building -----------------------------------------------------------------------

    def _add(self, kind, name, x, y, w, h, **values):
        return add_control(self.model, kind, name, x, y, w, h, **values)

    def _build(self):
        m = self.model
        m.Title = self.title
        m.Width, m.Height = WIDTH, HEIGHT
        m.Moveable = m.Closeable = True
        self._add("FixedText", "summary", 6, 4, WIDTH - 12, 24, MultiLine=True,
                  Label=self.content.summary)
        self._add("ListBox", "findings", 6, 30, WIDTH - 12, 100, TabIndex=0,
                  StringItemList=self._lines())
        self._add("Edit", "detail", 6, 134, WIDTH - 12, HEIGHT - 160, ReadOnly=True,
                  MultiLine=True, VScroll=True, TabIndex=1, Text=self._help())
        y, x = HEIGHT - 20, 6
        self._add("Button", "goto", x, y, 76, 14, Label=tr("button.goto", self.lang),
                  TabIndex=2)
        x += 80
        if self.refresh is not None:
            key = "button.recompare" if self.kind == COMPARE else "button.revalidate"
            self._add("Button", "refresh", x, y, 62, 14, Label=tr(key, self.lang),
                      TabIndex=3)
            x += 66
        if self.extra is not None:
            self._add("Button", "extra", x, y, 86, 14, Label=self.extra[0], TabIndex=4)
        self._add("Button", "close", WIDTH - 56, y, 50, 14, Label=tr("button.close", self.lang),
                  DefaultButton=True, TabIndex=5)

    def _help(self):
        return self.content.detail or tr("findings.detail_help", self.lang)

    def _lines(self):
        return tuple(row_line(r, self.lang) for r in self.content.rows)

    # -- showing --------------------------------------------------------------------------

    def show(self):
        toolkit = create(self.ctx, "com.sun.star.awt.Toolkit")
        self.dialog = create(self.ctx, "com.sun.star.awt.UnoControlDialog")
        self.dialog.setModel(self.model)
        parent = self.frame.getContainerWindow() if self.frame is not None else None
        self.dialog.createPeer(toolkit, parent)
        c = self.dialog.getControl
        self._on(c("findings").addItemListener, ItemListener(lambda ev: self._chosen()))
        self._on(c("findings").addActionListener, ActionListener(lambda ev: self._chosen()))
        self._on(c("goto").addActionListener, ActionListener(lambda ev: self._chosen()))
        self._on(c("close").addActionListener, ActionListener(lambda ev: self.close()))
        if self.refresh is not None:
            self._on(c("refresh").addActionListener, ActionListener(lambda ev: self._again()))
        if self.extra is not None:
            self._on(c("extra").addActionListener, ActionListener(lambda ev: self.extra[1]()))
        self._on(self.dialog.addTopWindowListener, _TopListener(self.close, self._collapse))
        try:
            self._doc_listener = _DocListener(self.close)
            self._on(self.doc.addDocumentEventListener, self._doc_listener)
        except Exception:
            log.exception("findings window: document listener")
        self._place(parent)
        self.dialog.setVisible(True)
        if self.content.rows and self.content.detail is None:   # else: the report first
            self.select(0)
        c("findings").setFocus()
        self._log_geometry()
        _OPEN.append(self)

    def _on(self, add, listener):
        self._listeners.append(listener)
        add(listener)

    def _place(self, parent):
        """On the right of the document window, below its menus and toolbars (never at
        the screen's top-left over the menus), inside the work area."""
        try:
            d = self.dialog.getPosSize()
            area = create(self.ctx, "com.sun.star.awt.Toolkit").getWorkArea()
            if parent is not None:
                p = parent.getPosSize()
                x = p.X + p.Width - d.Width - 2 * EDGE_PX
                y = p.Y + max(p.Height // 4, min(160, p.Height - d.Height))
            else:
                x, y = area.X + area.Width - d.Width, area.Y + area.Height // 4
            right, bottom = area.X + area.Width, area.Y + area.Height - TASKBAR_PX
            x = max(area.X + EDGE_PX, min(x, right - d.Width - EDGE_PX))
            y = max(area.Y + 3 * EDGE_PX, min(y, bottom - d.Height - EDGE_PX))
            self.dialog.setPosSize(x, y, 0, 0, 3)      # PosSize.POS
        except Exception:
            log.exception("findings window: placing")

    def _log_geometry(self):
        """Where the window is, in pixels (the GUI test reads it)."""
        try:
            d = self.dialog.getPosSize()
            log.write("findings %s %d,%d %dx%d rows=%d" % (self.kind, d.X, d.Y, d.Width,
                                                          d.Height, len(self.content.rows)))
        except Exception:
            pass

    def to_front(self):
        try:
            self.dialog.setVisible(True)
            self.dialog.toFront()
        except Exception:
            pass

    # -- content --------------------------------------------------------------------------

    def update(self, title, content, refresh=None, extra=None):
        """New content in the open window (検証 run again on the same document)."""
        self.title, self.content = title, content
        if refresh is not None:
            self.refresh = refresh
        self.model.Title = title
        self._show_content()
        self.to_front()

    def _show_content(self):
        self.model.getByName("summary").Label = self.content.summary
        self.model.getByName("findings").StringItemList = self._lines()
        self.model.getByName("detail").Text = self._help()
        if self.content.rows and self.content.detail is None:   # else: the report first
            self.select(0)

    def select(self, position):
        self.model.getByName("findings").SelectedItems = (position,)
        self._chosen()

    def selected(self):
        sel = self.model.getByName("findings").SelectedItems
        return self.content.rows[sel[0]] if sel and sel[0] < len(self.content.rows) else None

    def _chosen(self):
        """Show the chosen row in full and select its paragraph in the document."""
        row = self.selected()
        if row is None:
            return
        detail = row.text(self.lang)
        if row.excerpt:
            detail += "\n\n「%s」" % row.excerpt
        paragraph = self._paragraph(row)
        if paragraph is not None:
            try:
                document.goto_paragraph(self.doc, paragraph)
                self._selected = True
            except Exception:            # deleted since it was read
                detail += "\n\n" + tr("findings.gone", self.lang)
        self.model.getByName("detail").Text = detail

    def _paragraph(self, row):
        paras = self.content.paras
        if row.index is None or not paras:
            return None
        if 0 <= row.index < len(paras):
            text, paragraph = paras[row.index]
            if row.anchor is None or text == row.anchor:
                return paragraph
        if row.anchor is not None:          # the text moved: the nearest paragraph so worded
            found = [i for i, (t, _p) in enumerate(paras) if t == row.anchor]
            if found:
                return paras[min(found, key=lambda i: abs(i - row.index))][1]
        return paras[row.index][1] if 0 <= row.index < len(paras) else None

    def _again(self):
        try:
            content = self.refresh()
        except Exception as exc:
            log.exception("findings window: refresh")
            text = getattr(exc, "text", None)
            self.model.getByName("detail").Text = text(self.lang) if callable(text) \
                else "%s: %s" % (type(exc).__name__, exc)
            return
        if content is not None:
            self.content = content
            self._show_content()

    # -- closing --------------------------------------------------------------------------

    def _collapse(self):
        """The paragraph chosen is selected while the window is active (the clerk sees
        it); when the clerk goes back to the document (the window is deactivated) or
        closes the window, the selection becomes a cursor at the paragraph's start:
        typing then inserts, it never replaces the paragraph."""
        if not self._selected:
            return
        self._selected = False
        try:
            self.doc.getCurrentController().getViewCursor().collapseToStart()
        except Exception:
            pass

    def close(self, collapse=True):
        """Close and forget the window; the cursor stays at the start of the chosen
        paragraph with nothing selected."""
        if self.closed:
            return
        self.closed = True
        if collapse:
            self._selected = True
            self._collapse()
        if self in _OPEN:
            _OPEN.remove(self)
        try:
            self.doc.removeDocumentEventListener(self._doc_listener)
        except Exception:
            pass
        try:
            if self.dialog is not None:
                self.dialog.setVisible(False)
                self.dialog.dispose()
        except Exception:
            pass
        self.dialog = None

    dispose = close


def window_of(doc):
    """The open findings window of doc, or None."""
    for win in _OPEN:
        try:
            if win.doc == doc and not win.closed:
                return win
        except Exception:
            continue
    return None


def show(ctx, frame, lang, doc, kind, title, content, refresh=None, extra=None):
    """Open the findings window of doc, or refresh the one it has (one per document;
    a window of another kind is replaced). Returns at once: the window is modeless."""
    win = window_of(doc)
    if win is not None:
        if win.kind == kind and (win.extra is None) == (extra is None):
            win.update(title, content, refresh, extra)
            return win
        win.close(collapse=False)
    win = FindingsWindow(ctx, frame, lang, doc, kind, title, content, refresh, extra)
    win.show()
    return win


def show_validation(ctx, frame, lang, doc, report, paras, unfinalised, revalidate):
    """検証's window: revalidate() -> (report, paras)."""
    def again():
        report2, paras2 = revalidate()
        return validation_content(report2, paras2, lang, unfinalised)
    return show(ctx, frame, lang, doc, VALIDATE, tr("title.validate", lang),
                validation_content(report, paras, lang, unfinalised), again)


def close_all():
    for win in list(_OPEN):
        win.close(collapse=False)
