"""The validation result dialog: findings in a list; choosing one moves the cursor.

Modal, like the question dialog; the document scrolls behind it as findings
are chosen. 再検証 reads the document again (after edits made with the
dialog closed, or after 確定).
"""
from . import document, i18n
from .dialog import ActionListener, ItemListener
from .i18n import tr
from .unoutil import add_control, create

WIDTH, HEIGHT = 460, 250


def finding_line(finding, lang):
    kind = tr("validate.error" if finding.severity == "error" else "validate.warning", lang)
    message = finding.message if lang == i18n.JA else finding.message_en
    return "［%s］%s" % (kind, " ".join(message.split()))


def summary(report, lang, unfinalised):
    if not report.findings:
        text = tr("validate.clean", lang)
    else:
        text = tr("validate.summary", lang, errors=len(report.errors),
                  warnings=len(report.warnings))
    if unfinalised:
        text += "\n" + tr("validate.unfinalised", lang)
    return text


class ResultsDialog:
    def __init__(self, ctx, frame, lang, doc, report, paras, unfinalised, revalidate):
        self.ctx, self.frame, self.lang, self.doc = ctx, frame, lang, doc
        self.report, self.paras = report, paras
        self.unfinalised = unfinalised
        self.revalidate = revalidate
        self.model = create(ctx, "com.sun.star.awt.UnoControlDialogModel")
        self.dialog = None
        self._build()

    def _add(self, kind, name, x, y, w, h, **values):
        return add_control(self.model, kind, name, x, y, w, h, **values)

    def _build(self):
        t = lambda key, **kw: tr(key, self.lang, **kw)  # noqa: E731
        m = self.model
        m.Title = t("title.validate")
        m.Width, m.Height = WIDTH, HEIGHT
        m.Moveable = m.Closeable = True
        self._add("FixedText", "summary", 6, 6, WIDTH - 12, 20, MultiLine=True,
                  Label=summary(self.report, self.lang, self.unfinalised))
        self._add("ListBox", "findings", 6, 28, WIDTH - 12, 120, TabIndex=0,
                  StringItemList=self._lines())
        self._add("Edit", "detail", 6, 152, WIDTH - 12, 62, ReadOnly=True, MultiLine=True,
                  VScroll=True, TabIndex=1, Text=t("validate.finding_help"))
        y = HEIGHT - 20
        self._add("Button", "goto", 6, y, 90, 14, Label=t("button.goto"), TabIndex=2)
        self._add("Button", "revalidate", 100, y, 80, 14, Label=t("button.revalidate"),
                  TabIndex=3)
        self._add("Button", "close", WIDTH - 66, y, 60, 14, Label=t("button.close"),
                  PushButtonType=1, DefaultButton=True, TabIndex=4)

    def _lines(self):
        return tuple(finding_line(f, self.lang) for f in self.report.findings)

    def run(self):
        toolkit = create(self.ctx, "com.sun.star.awt.Toolkit")
        self.dialog = create(self.ctx, "com.sun.star.awt.UnoControlDialog")
        self.dialog.setModel(self.model)
        parent = self.frame.getContainerWindow() if self.frame is not None else None
        self.dialog.createPeer(toolkit, parent)
        c = self.dialog.getControl
        c("findings").addItemListener(ItemListener(lambda ev: self._chosen()))
        c("findings").addActionListener(ActionListener(lambda ev: self._chosen()))
        c("goto").addActionListener(ActionListener(lambda ev: self._chosen()))
        c("revalidate").addActionListener(ActionListener(lambda ev: self._again()))
        if self.report.findings:
            self.model.getByName("findings").SelectedItems = (0,)
            self._chosen()
        c("findings").setFocus()
        self._center(parent)
        self.dialog.execute()
        self._collapse()

    def _center(self, parent):
        """Over the document, not at the screen's top-left corner over the menus."""
        try:
            p, d = parent.getPosSize(), self.dialog.getPosSize()
            self.dialog.setPosSize(p.X + max(0, (p.Width - d.Width) // 2),
                                   p.Y + max(0, (p.Height - d.Height) // 3), 0, 0, 3)
        except Exception:
            pass

    def _collapse(self):
        """Closing leaves the cursor at the start of the finding's paragraph, with no
        selection: typing must not overwrite the paragraph (d-5)."""
        try:
            view_cursor = self.doc.getCurrentController().getViewCursor()
            view_cursor.collapseToStart()
        except Exception:
            pass

    def selected(self):
        sel = self.model.getByName("findings").SelectedItems
        return self.report.findings[sel[0]] if sel else None

    def _chosen(self):
        """Show the chosen finding and select its paragraph in the document."""
        finding = self.selected()
        if finding is None:
            return
        message = finding.message if self.lang == i18n.JA else finding.message_en
        detail = message
        if finding.excerpt:
            detail += "\n\n「%s」" % finding.excerpt
        self.model.getByName("detail").Text = detail
        if finding.index is not None and 0 <= finding.index < len(self.paras):
            try:
                document.goto_paragraph(self.doc, self.paras[finding.index][1])
            except Exception:
                pass

    def _again(self):
        self.report, self.paras = self.revalidate()
        self.model.getByName("summary").Label = summary(self.report, self.lang,
                                                        self.unfinalised)
        self.model.getByName("findings").StringItemList = self._lines()
        self.model.getByName("detail").Text = tr("validate.finding_help", self.lang)

    def dispose(self):
        try:
            if self.dialog is not None:
                self.dialog.dispose()
        except Exception:
            pass


def show(ctx, frame, lang, doc, report, paras, unfinalised, revalidate):
    dlg = ResultsDialog(ctx, frame, lang, doc, report, paras, unfinalised, revalidate)
    try:
        dlg.run()
    finally:
        dlg.dispose()
