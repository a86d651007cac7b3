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


# -- issue 13: the extension's 検証 and 確定 through the same code as the CLI -------------

def validate_file(path):
    """-> Report of `tokki validate PATH` (the same reading and the same rules): the
    extension validates a copy of the open document through this, so that Writer and
    the command line agree (template link, author, everything in the file)."""
    from .core.validate import validate
    from .io.contract import read_document
    paragraphs, meta = read_document(path)
    return validate(paragraphs, meta)


def scrub_document(src, out):
    """`tokki scrub SRC --out OUT`: -> {what: count} removed (io.scrub.LABELS names them)."""
    from .io.scrub import scrub_file
    return scrub_file(src, out)


def scrub_labels():
    """{what: Japanese label} of what scrub removes (the one list, io.scrub.LABELS)."""
    from .io.scrub import LABELS
    return dict(LABELS)


# -- issue 13: provisions merged into a contract (core.assembly.merge) ----------------------

def contract_articles(template, contract_paragraphs):
    """[(article id, caption, True when the contract already has one)] of the articles
    the template marks contract-level (甲乙の定義 is handled apart: defined_parties)."""
    from .core.assembly import merge
    return [(level.article, level.caption, present)
            for level, present in merge.present_in(template, contract_paragraphs)]


def assemble_into_contract(template, answers, start, contract_paragraphs, omit=None,
                           where="answers"):
    """-> (flat, used answers): the provisions for a contract whose paragraphs are
    given: the contract-level articles in omit (default: those the contract has) left
    out before numbering, 甲/乙 not defined again when the contract defines them, and
    第N条/項/号 in the contract's numeral style (半角/全角/漢数字)."""
    from .core.assembly import merge
    if omit is None:
        omit = [a for a, _c, present in contract_articles(template, contract_paragraphs)
                if present]
    trimmed = merge.without_articles(template, omit)
    # an omitted article takes its questions with it (e.g. 管轄裁判所)
    answers = {k: v for k, v in (answers or {}).items()
               if k.startswith("$") or k in trimmed.questions}
    flat, used = assemble(trimmed, answers, start, where, False)
    merge.restyle(flat, merge.numeral_style(contract_paragraphs),
                  merge.defined_parties(contract_paragraphs))
    return flat, used
