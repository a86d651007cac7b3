"""The one engine behind the CLI, the batch and the LibreOffice extension.

Thin adapter over the pure core: it reads files, calls template/assemble, and
writes results atomically. Standard library only (the extension imports it).
"""
import json
import os
import tempfile

from .core.assembly.assemble import assemble
from .errors import TokkiError, AnswerError
from .io.package import load_flat, odt_bytes, fodt_bytes, write_atomic
from .core.odf.text import body_paragraph_texts
from .core.template.model import Template

OUTPUT_FORMATS = ("odt", "fodt", "pdf", "docx")
_CACHE = {}
_HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE_EXTENSIONS = (".fodt", ".odt", ".ott")


def template_folders():
    """Where bundled templates are looked for, first match wins: $TOKKI_TEMPLATES, the
    package data of an installed wheel (tokki_odf/templates), the source checkout's
    top-level templates/ (an editable install or src/ on sys.path)."""
    folders = [os.environ.get("TOKKI_TEMPLATES"), os.path.join(_HERE, "templates"),
               os.path.normpath(os.path.join(_HERE, os.pardir, os.pardir, "templates"))]
    return [f for f in folders if f]


def bundled_name(filename):
    """r5 for tokki-r5.fodt, report-r5 for report-r5.fodt: the name a user types."""
    stem = os.path.splitext(filename)[0]
    return stem[len("tokki-"):] if stem.startswith("tokki-") else stem


def bundled_templates():
    """[(name, path)] of the bundled templates, by name."""
    found = {}
    for folder in template_folders():
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for filename in names:
            if filename.endswith(TEMPLATE_EXTENSIONS):
                found.setdefault(bundled_name(filename), os.path.join(folder, filename))
    return sorted(found.items())


def template_path(name_or_path):
    """A template file: an existing path as given, else a bundled template's name
    (r5, h18, report-r5, or its file name tokki-r5.fodt)."""
    if os.path.exists(name_or_path) or os.sep in name_or_path or "/" in name_or_path:
        return name_or_path
    bundled = dict(bundled_templates())
    key = bundled_name(name_or_path)
    if key in bundled:
        return bundled[key]
    raise TokkiError("%s: no such file, and no bundled template of that name (bundled: %s)"
                     % (name_or_path, ", ".join(sorted(bundled)) or "none found in "
                        + ", ".join(template_folders())))


def load_template(path):
    """Parse a template once per (path, mtime, size): batches reuse it. path may be a
    bundled template's name (template_path)."""
    path = template_path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise TokkiError("%s: cannot read the template (%s)" % (path, exc.strerror)) from None
    key = (os.path.abspath(path), st.st_mtime_ns, st.st_size)
    template = _CACHE.get(key)
    if template is None:
        name = os.path.splitext(os.path.basename(path))[0]
        template = Template(load_flat(path), name)
        _CACHE.clear()
        _CACHE[key] = template
    return template


def read_answers(path):
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise TokkiError("%s: cannot read the answers (%s)" % (path, exc.strerror)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswerError("%s: answers must be UTF-8 JSON" % path) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswerError("%s: not valid JSON at line %d column %d: %s"
                          % (path, exc.lineno, exc.colno, exc.msg)) from None


def assemble_document(template, answers, start_article=1, where="answers", editable=False):
    """-> flat document tree (nothing written). See assemble.assemble for editable."""
    flat, _used = assemble(template, answers, start_article, where, editable)
    return flat


def output_format(path):
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in OUTPUT_FORMATS:
        raise TokkiError("%s: the output must end in %s" % (
            path, ", ".join("." + f for f in OUTPUT_FORMATS)))
    return ext


def write_output(flat, out_path, timeout=120):
    """Write .odt/.fodt directly; .pdf/.docx through headless LibreOffice."""
    fmt = output_format(out_path)
    if fmt == "odt":
        write_atomic(out_path, odt_bytes(flat))
    elif fmt == "fodt":
        write_atomic(out_path, fodt_bytes(flat))
    else:
        from .office.soffice import convert  # lazy: only conversions need LibreOffice
        folder = os.path.dirname(os.path.abspath(out_path))
        if not os.path.isdir(folder):
            raise TokkiError("%s: the folder %s does not exist" % (out_path, folder))
        work = tempfile.mkdtemp(prefix="tokki-")
        try:
            src = os.path.join(work, "document.odt")
            with open(src, "wb") as fh:
                fh.write(odt_bytes(flat))
            convert(src, out_path, fmt, timeout=timeout)
        finally:
            for name in os.listdir(work):
                os.unlink(os.path.join(work, name))
            os.rmdir(work)
    return out_path


def document_text(path):
    """Paragraph texts of an .odt/.ott/.fodt (one string per paragraph)."""
    return body_paragraph_texts(load_flat(path))


# -- tokki import (issue 15): a ひな型 -> a tokki template ------------------------------
IMPORT_INPUTS = (".docx", ".odt", ".fodt", ".ott", ".txt")
IMPORT_OUTPUTS = (".fodt", ".odt")


def read_hinagata(path):
    """(paragraph texts, wrapped) of a ひな型 file: .docx/.odt/.fodt/.ott through the
    safe readers (heading numbering typed in), .txt as UTF-8 (or CP932) pasted text.
    What the reader set aside is listed in import_template's report (I-SOURCE)."""
    return _read_hinagata(path)[:2]


def _hinagata_warnings(meta):
    """Japanese lines for what io.contract left out of the text."""
    out = []
    hidden = meta.get("hidden") or []
    if hidden:
        out.append("隠し文字・隠し段落・隠しセクション %d 件は読み込んでいません（テンプレートに"
                   "入りません）。必要なら Writer で表示してから取り込んでください。" % len(hidden))
    if meta.get("annotations"):
        out.append("コメント %d 件は取り込んでいません。" % len(meta["annotations"]))
    if meta.get("tracked_changes"):
        out.append("変更履歴 %d 件があります。表示されている文（挿入は反映、削除は除く）を取り込み"
                   "ました。変更を承認してから取り込むと確実です。" % len(meta["tracked_changes"]))
    return out


def _read_hinagata(path):
    from .core.importer import type_outline_labels
    from .io.contract import load_document, extract
    from .io.package import read_bytes
    lower = path.lower()
    if not lower.endswith(IMPORT_INPUTS):
        raise TokkiError("%s: a ひな型 must be %s" % (path, ", ".join(IMPORT_INPUTS)))
    if lower.endswith(".txt"):
        data = read_bytes(path)
        for encoding in ("utf-8-sig", "cp932"):
            try:
                return data.decode(encoding).replace("\r\n", "\n").split("\n"), True, []
            except UnicodeDecodeError:
                continue
        raise TokkiError("%s: the text is neither UTF-8 nor Shift_JIS (CP932)" % path)
    paragraphs, meta = extract(type_outline_labels(load_document(path)))
    return paragraphs, False, _hinagata_warnings(meta)


def import_template(path_or_paragraphs, out=None, name=None, title=None, wrapped=None,
                    source=None):
    """A ひな型 -> (template flat tree, report dict, report text in Japanese).

    path_or_paragraphs: a .docx/.odt/.fodt/.ott/.txt path, or the paragraph texts of an
    open document (the extension passes those; wrapped=False then). out: when given,
    the template is written there (.fodt or .odt, atomically). Nothing else is written."""
    from .core.importer import import_paragraphs
    if out is not None and not out.lower().endswith(IMPORT_OUTPUTS):
        raise TokkiError("%s: the template must end in .fodt or .odt" % out)
    if isinstance(path_or_paragraphs, str):
        path = path_or_paragraphs
        if out is not None and os.path.exists(out) and os.path.exists(path) and \
                os.path.samefile(out, path):
            raise TokkiError("%s: the output would overwrite the ひな型 itself" % out)
        paragraphs, was_wrapped, warnings = _read_hinagata(path)
        source = source or os.path.basename(path)
    else:
        paragraphs, was_wrapped, warnings = list(path_or_paragraphs), False, []
        source = source or "開いている文書"
    if wrapped is None:
        wrapped = was_wrapped
    if name is None:
        name = os.path.splitext(os.path.basename(out))[0] if out else "imported"
    flat, report = import_paragraphs(paragraphs, name=name, title=title, wrapped=wrapped,
                                     source=source, warnings=warnings)
    if out is not None:
        data = odt_bytes(flat) if out.lower().endswith(".odt") else fodt_bytes(flat)
        write_atomic(out, data)
    return flat, report.to_dict(), report.render()
