"""Small UNO helpers: property values, configuration, message boxes, file pickers."""
import os

import uno

from . import i18n


def props(**values):
    out = []
    for name, value in values.items():
        prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        prop.Name = name
        prop.Value = value
        out.append(prop)
    return tuple(out)


def create(ctx, service):
    return ctx.ServiceManager.createInstanceWithContext(service, ctx)


# LibreOffice gives every button, check box, radio button and label that has no mnemonic
# of its own an automatic one when a dialog is shown; in a Japanese UI that appends
# letters in order — 「OK(E)」, 「…を加える(A)」, 「エラー 0 件、警告 2 件(A)」 (d-11).
# Labels keep the mnemonics they choose (「回答の保存(~S)…」); the others are marked as
# having one on a zero-width space (nothing is drawn or appended), and plain labels are
# NoLabel (not the label of the next control).
NO_MNEMONIC = "~\u200b"
_MNEMONIC_KINDS = ("Button", "CheckBox", "RadioButton")


def without_auto_mnemonic(kind, values):
    label = values.get("Label")
    if not isinstance(label, str) or "~" in label:
        return values
    if kind in _MNEMONIC_KINDS and label:
        values["Label"] = NO_MNEMONIC + label
    elif kind == "FixedText":
        values.setdefault("NoLabel", True)
    return values


def add_control(dialog_model, kind, name, x, y, w, h, **values):
    """Insert a control model (kind: 'Edit', 'ListBox', …) into a dialog model
    (labels without a mnemonic of their own get none: without_auto_mnemonic)."""
    values = without_auto_mnemonic(kind, values)
    model = dialog_model.createInstance("com.sun.star.awt.UnoControl%sModel" % kind)
    model.PositionX, model.PositionY, model.Width, model.Height = x, y, w, h
    for key, value in values.items():
        setattr(model, key, value)
    dialog_model.insertByName(name, model)
    return model


def config(ctx, nodepath):
    provider = create(ctx, "com.sun.star.configuration.ConfigurationProvider")
    return provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess", props(nodepath=nodepath))


def ui_language(ctx):
    """'ja' or 'en', following LibreOffice's user-interface language."""
    if os.environ.get("TOKKI_UI_LANG") in (i18n.JA, i18n.EN):
        return os.environ["TOKKI_UI_LANG"]
    for nodepath, name in (("/org.openoffice.Setup/L10N", "ooLocale"),
                           ("/org.openoffice.System/L10N", "UILocale")):
        try:
            value = config(ctx, nodepath).getByName(name)
        except Exception:
            continue
        if value:
            return i18n.language_of(value)
    return i18n.EN


def user_folder(ctx):
    """<profile>/user/tokki-odf (created), where last answers and the log live."""
    subst = create(ctx, "com.sun.star.util.PathSubstitution")
    user = uno.fileUrlToSystemPath(subst.substituteVariables("$(user)", True))
    path = os.path.join(user, "tokki-odf")
    os.makedirs(path, exist_ok=True)
    return path


def file_url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def parent_window(frame):
    try:
        return frame.getContainerWindow()
    except Exception:
        return None


def message_box(ctx, frame, text, title, kind="error", buttons="ok"):
    """Show a message box; returns True for OK/Yes. Headless LibreOffice returns at once."""
    from com.sun.star.awt.MessageBoxType import ERRORBOX, INFOBOX, QUERYBOX, WARNINGBOX
    kinds = {"error": ERRORBOX, "info": INFOBOX, "query": QUERYBOX, "warning": WARNINGBOX}
    # MessageBoxButtons: OK = 1, OK_CANCEL = 2, YES_NO = 3
    codes = {"ok": 1, "okcancel": 2, "yesno": 3}
    toolkit = create(ctx, "com.sun.star.awt.Toolkit")
    box = toolkit.createMessageBox(parent_window(frame), kinds[kind], codes[buttons], title, text)
    try:
        result = box.execute()
    finally:
        box.dispose()
    # MessageBoxResults: OK = 1, YES = 2
    return result in (1, 2)


def pick_file(ctx, lang, save, title, default_name="", folder=None):
    """A file dialog for answers JSON; the chosen system path, or None."""
    label = i18n.tr("answers.filter", lang)
    return pick_document(ctx, title, [(label, "*.json")], save, default_name, folder,
                         extension=".json", auto_extension=True)


def pick_document(ctx, title, filters, save=False, default_name="", folder=None,
                  extension=None, auto_extension=False):
    """A file dialog for documents: filters [(label, '*.odt;*.docx')]; the chosen system
    path (save: with extension added when missing), or None when cancelled.
    auto_extension: the save dialog's 「自動的にファイル名の拡張子を付ける」 ticked."""
    # TemplateDescription: FILEOPEN_SIMPLE = 0, FILESAVE_AUTOEXTENSION = 10
    picker = create(ctx, "com.sun.star.ui.dialogs.FilePicker")
    picker.initialize((10 if save else 0,))
    picker.setTitle(title)
    for label, pattern in filters:
        picker.appendFilter(label, pattern)
    if filters:
        picker.setCurrentFilter(filters[0][0])
    if folder and os.path.isdir(folder):
        picker.setDisplayDirectory(file_url(folder))
    if default_name:
        picker.setDefaultName(default_name)
    if save and auto_extension:
        try:
            from com.sun.star.ui.dialogs.ExtendedFilePickerElementIds import \
                CHECKBOX_AUTOEXTENSION
            picker.setValue(CHECKBOX_AUTOEXTENSION, 0, True)
        except Exception:
            pass
    if picker.execute() != 1:
        return None
    files = picker.getSelectedFiles()
    if not files:
        return None
    path = uno.fileUrlToSystemPath(files[0])
    if save and extension and not path.lower().endswith(extension):
        path += extension
    return path


def open_document(ctx, path):
    """Open a file in a new Writer window (as File ▸ Open does)."""
    desktop = create(ctx, "com.sun.star.frame.Desktop")
    return desktop.loadComponentFromURL(file_url(path), "_blank", 0, ())
