"""The one engine behind the CLI, the batch and the LibreOffice extension.

Thin adapter over the pure core: it reads files, calls template/assemble, and
writes results atomically. Standard library only (the extension imports it).
"""
import json
import os
import tempfile

from .assemble import assemble
from .errors import TokkiError, AnswerError
from .odf.package import load_flat, odt_bytes, fodt_bytes, write_atomic
from .odf.text import body_paragraph_texts
from .template import Template

OUTPUT_FORMATS = ("odt", "fodt", "pdf", "docx")
_CACHE = {}


def load_template(path):
    """Parse a template once per (path, mtime, size): batches reuse it."""
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
