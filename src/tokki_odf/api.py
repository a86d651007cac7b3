"""The facade: the one way in for the CLI (cli/*), the batch and the LibreOffice
extension (extension/pythonpath/org_tokki_odf: core.py, form.py).

Thin adapter over the pure core (core/) and the file adapters (io/): it reads files,
calls the engine, and writes results atomically. Standard library only (the
extension imports it); office/ and batch/ are imported lazily, only by the
functions that start LibreOffice, so the .oxt never loads them.
tests/test_layout.py checks that the commands and the extension use nothing else.
"""
import json
import os
import shutil
import tempfile

import copy
import re

from . import __version__
from .core.assembly.assemble import assemble
from .core.assembly.answers import coerce_flag, normalize
from .core.drafting.numerals import NUMERAL_CLASS, nfc, parse_int
from .core.findings import ERROR, WARNING, Finding, Report, findings_dict, render_findings
from .core.odf.document import FlatDocument, parse_answer_properties
from .core.template.model import Template, split_list
from .core.template import reader as _reader
from .errors import TokkiError, AnswerError, TemplateError, UnsafeDocument
from .io.package import load_flat, odt_bytes, fodt_bytes, write_atomic
from .io.input import read_input, refuse_overwrite, write_problem
from .core.odf.text import body_paragraph_texts

__all__ = [
    "__version__", "TokkiError", "AnswerError", "TemplateError", "UnsafeDocument",
    "ERROR", "WARNING", "Finding", "Report",
    # templates
    "template_folders", "bundled_templates", "template_path", "load_template",
    "template_from_file", "template_title", "template_variants",
    # answers and assembly
    "read_answers", "normalize_answers", "coerce_flag", "split_list", "assemble",
    "assemble_document", "output_format", "write_output", "write_atomic", "odt_bytes",
    "document_text", "paragraph_texts", "document_title", "recorded_answers",
    "answer_properties", "parse_answer_properties", "last_article_number",
    # checks
    "recognition_data", "validate_paragraphs", "validation_available", "validate_file",
    "render_validation", "findings_dict",
    "render_findings", "check_template", "make_report", "check_report", "scrub_file",
    "scrub_labels", "run_batch",
]

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
    data = read_input(path, "answers")     # a regular file within the limit (F20)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswerError("%s: answers must be UTF-8 JSON" % path) from None
    return parse_json(text, path)


def parse_json(text, where):
    """json.loads with every failure as one line: syntax, and nesting too deep (F17)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswerError("%s: not valid JSON at line %d column %d: %s"
                          % (where, exc.lineno, exc.colno, exc.msg)) from None
    except RecursionError:
        raise AnswerError("%s: the JSON is nested too deeply to be answers; answers are "
                          "one object of key → value" % where) from None


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


def write_output(flat, out_path, timeout=120, inputs=()):
    """Write .odt/.fodt directly; .pdf/.docx through headless LibreOffice. inputs: the
    files the document was made from, which out_path must not be (F1)."""
    fmt = output_format(out_path)
    refuse_overwrite(out_path, inputs)
    if fmt == "odt":
        write_atomic(out_path, odt_bytes(flat))
    elif fmt == "fodt":
        write_atomic(out_path, fodt_bytes(flat))
    else:
        # lazy: only conversions need LibreOffice
        from .office.soffice import convert, uninterrupted
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
            uninterrupted(shutil.rmtree, work, ignore_errors=True)
    return out_path


def document_text(path):
    """Paragraph texts of an .odt/.ott/.fodt (one string per paragraph)."""
    return body_paragraph_texts(load_flat(path))


# -- templates, seen from the faces ---------------------------------------------------

def template_from_file(path, name):
    """A Template read from a file (e.g. one LibreOffice just stored), not cached."""
    return Template(load_flat(path), name)


def template_title(template):
    """The template's title (dc:title), e.g. 個人情報特記事項（令和5年…記載例）; else its name."""
    return FlatDocument(template.flat).title().strip() or template.name


def template_variants(template):
    """[(Cond, excerpt)] of the template's variant text (if: sections and controls), in
    template order, as the one template reader sees them (core/template/reader.py)."""
    return [(v.cond, v.excerpt) for v in _reader.read(template.flat, template.name,
                                                      template.role).variants]


# -- answers and documents -------------------------------------------------------------

def normalize_answers(template, raw_answers, where="answers"):
    """Complete, checked answers (AnswerError with .key on the first bad one)."""
    return normalize(template, raw_answers, where)


def paragraph_texts(flat):
    """One string per paragraph of a document tree's body."""
    return body_paragraph_texts(flat)


def document_title(flat):
    return FlatDocument(flat).title()


def recorded_answers(flat):
    """(template name, answers, start article) an editable output records, or None."""
    return FlatDocument(flat).recorded_answers()


def answer_properties(flat):
    """{name: text} of the tokki:* properties an editable output carries."""
    return FlatDocument(flat).answer_property_texts()


def document_bytes(flat, last_bookmark=None):
    """The .odt bytes of a document tree; last_bookmark: end the body with one more
    paragraph holding only that bookmark (the extension's insertion sentinel)."""
    if last_bookmark:
        flat = FlatDocument(flat).with_last_paragraph(last_bookmark).flat
    return odt_bytes(flat)




def last_article_number(text):
    """The number N of the last line starting 第N条 (or 第N, as a 別記 numbers its
    articles) in text, or 0: the label grammar of core/drafting/labels.py, the one
    validate and assembly use."""
    from .core.drafting import labels
    last = 0
    for line in text.splitlines():
        try:
            label = labels.read_article(nfc(line))
        except (ValueError, KeyError):
            continue
        if label is not None:
            last = label.number
    return last


# -- checks ------------------------------------------------------------------------------

def recognition_data(path=None):
    """The validate rules' recognition data (phrases, the 指針's item names) as a
    Recognition: the bundled templates/recognition.json, or the file path."""
    from .io.recognition import bundled_recognition, load_recognition
    return bundled_recognition() if path is None else load_recognition(path)


def validate_paragraphs(paragraphs, meta=None, recognition=None):
    """The validate rules on paragraph texts + metadata -> Report. recognition: a
    Recognition (recognition_data()); default the bundled one."""
    from .core.validate import validate
    return validate(paragraphs, meta or {}, recognition or recognition_data())


def validation_available():
    """True when the validate rules are there (an engine copy may leave them out)."""
    try:
        from .core.validate import validate  # noqa: F401
        return True
    except ImportError:
        return False


def validate_file(path, structure=False, recognition=None):
    """Report of a contract file (.odt/.ott/.fodt/.txt; .docx through LibreOffice); with
    structure, (report, what tokki read: parts, articles, 項, 号 — describe()).
    recognition: as for validate_paragraphs."""
    from .io.contract import read_document
    paragraphs, meta = read_document(path, mask=True)   # F22: answers are not references
    if not structure:
        return validate_paragraphs(paragraphs, meta, recognition)
    from .core.validate import validate
    from .core.validate.structure import describe, parse
    doc = parse(paragraphs)                   # once, for the rules and for describe()
    report = validate(paragraphs, meta or {}, recognition or recognition_data(), doc=doc)
    return report, describe(doc)


def read_outline(path, lang="ja"):
    """(structure as data, indented lines) of a document: `tokki outline`."""
    from .core.validate.structure import describe, outline_lines, parse
    from .io.contract import read_document
    paragraphs, _meta = read_document(path)
    doc = parse(paragraphs)
    return describe(doc), outline_lines(doc, lang)


def render_validation(report, file=None, lang="ja", recognition=None):
    """The report as text; recognition: the one validate ran with (default the bundled)."""
    from .core.validate import render
    return render(report, file, lang, recognition or recognition_data())


def check_template(path):
    """(kind, findings) of a template file or bundled name: kind is "provisions",
    "report" or None; findings sorted, errors first."""
    from .core.lint import Linter
    from .core.findings import sort_findings
    from .core.findings import Finding
    from .core.validate.security import template_problems
    flat = load_flat(template_path(path))
    linter = Linter(flat, path)
    found = list(linter.run()) + [
        Finding(code, severity, ja, en, excerpt=excerpt, where=path, scope="template")
        for code, severity, ja, en, excerpt in template_problems(flat)]
    return linter.kind, sort_findings(found)


REPORT_TEMPLATE = "report-r5"


def make_report(answers, template=None):
    """The 別紙2 report tree with the contract's header filled in (nothing written)."""
    from .core.compliance import fill_header, clean_meta
    flat = copy.deepcopy(load_flat(template_path(template or REPORT_TEMPLATE)))
    values = fill_header(flat, answers)
    clean_meta(flat, values.get("report.contract_title", ""))
    return flat


def check_report(report_path, answers_path=None, contract_path=None, template=None):
    """Findings of a filled report, against the contract's answers (a JSON file) or the
    contract itself. What the questions mean comes from the report template (template,
    default the bundled report-r5): its ReportForm."""
    from .core.compliance import (ReportForm, read_report, check,
                                  answers_forbid_subcontracting,
                                  contract_forbids_subcontracting)
    form = ReportForm.of(load_flat(template_path(template or REPORT_TEMPLATE)))
    data = read_report(load_flat(report_path), report_path, form)
    answers = None
    if answers_path:
        answers = read_answers(answers_path)
        forbids, source = None, ""
        provisions = _provisions_of(answers, form.provisions_template)
        if provisions is not None:
            forbids, source = answers_forbid_subcontracting(answers, form, provisions)
        source = "%s: %s" % (os.path.basename(answers_path), source)
    else:
        # what a reader sees (hidden text left out); .docx through LibreOffice
        from .io.contract import read_document
        paragraphs, _meta = read_document(contract_path)
        forbids, source = contract_forbids_subcontracting(paragraphs, form)
    return check(data, forbids, source, answers)


def _provisions_of(answers, default):
    """The provisions template the answers belong to: their $template when it can be
    found (the extension writes it), else the report template's default; None if neither."""
    named = answers.get("$template") if isinstance(answers, dict) else None
    for name in (named, default):
        if isinstance(name, str) and name.strip():
            try:
                return load_template(name.strip())
            except TokkiError:
                if name is default:
                    raise
    return None


def scrub_file(doc, out):
    """Write a copy of doc without what travels unseen with it: {what: count} removed."""
    from .io.scrub import scrub_file as scrub
    return scrub(doc, out)


def scrub_labels():
    """{what: Japanese label} of what scrub_file removes."""
    from .io.scrub import LABELS
    return dict(LABELS)


def run_batch(options, out):
    """`tokki batch`: options is an api.batch_options(...) (batch.Options)."""
    from .batch import run_batch as run
    return run(options, out)


def batch_options(**kw):
    """batch.Options from keyword arguments; formats and shard given as typed."""
    from .batch import Options, parse_formats, parse_shard
    kw["formats"] = parse_formats(kw["formats"])
    if isinstance(kw.get("shard"), str):
        kw["shard"] = parse_shard(kw["shard"])
    return Options(**kw)


def batch_shard(shard, shard_count=None):
    """(K, N) of --shard K/N, or of --shard auto from the scheduler's environment
    (Kubernetes Indexed Job, Slurm array, GNU parallel; batch/shard.py); None: all rows."""
    from .batch import InputError, parse_shard
    if shard and shard.strip().lower() == "auto":
        from .batch.shard import auto_shard
        return auto_shard(shard_count)
    if shard_count is not None:
        raise InputError("--shard-count goes with --shard auto (with --shard K/N, N is the count)")
    return parse_shard(shard) if shard else None


def merge_batch_summaries(folders, output=None):
    """One summary of the shard summaries in folders (`tokki batch-summary`), written to
    output (default: the first folder's summary.json); refuses missing or overlapping
    shards (batch/summary.py)."""
    from .batch.summary import merge_summaries, shard_summaries
    found = shard_summaries(folders)
    output = output or os.path.join(folders[0], "summary.json")
    out_dir = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(out_dir):
        raise TokkiError("%s: the folder %s does not exist" % (output, out_dir))
    summary = merge_summaries(found, out_dir)
    summary.path = output
    summary.save(0.0, force=True)
    return summary


# -- compare (issue 14): 新旧対照表, 見え消し, deviation from the recorded answers ------

def compare_sides(old, new=None, load=None):
    """(Comparison, old side, new side) of two files / bundled template names; with new
    None, old is a returned document compared with what its recorded answers assemble to.
    load: how a template named by recorded answers is loaded (default load_template; the
    extension passes its own, which knows the templates bundled in the .oxt)."""
    from .core.compare import compare_units
    from .io.compare import read_side, recorded_sides
    load = load or load_template
    if new is None:
        a, b = recorded_sides(old, load)
    else:
        a, b = read_side(old, load), read_side(new, load)
    return compare_units(a.units, b.units), a, b


def _compare_result(comparison, a, b):
    return {"different": comparison.different, "summary": comparison.summary(),
            "findings": [f.to_dict() for f in comparison.findings()],
            "comparison": comparison.to_dict(a.name, b.name)}


def compare_files(old, new, load=None):
    """Compare two files (or bundled template names): {"different", "summary",
    "findings" (validate-style dicts, code compare-KIND; index: the paragraph of NEW
    the article starts at), "comparison" (the --json data)}. load: as compare_sides."""
    return _compare_result(*compare_sides(old, new, load))


def compare_with_recorded(path_or_flat, load=None):
    """A returned contract against what its recorded answers assemble to (TokkiError if it
    has none): the same dict as compare_files. Accepts a path or a flat document tree.
    load: as compare_sides."""
    from .core.compare import compare_units
    from .io.compare import recorded_sides
    load = load or load_template
    if isinstance(path_or_flat, str):
        a, b = recorded_sides(path_or_flat, load)
    else:
        a, b = recorded_sides("この文書", load, flat=path_or_flat)
    return _compare_result(compare_units(a.units, b.units), a, b)


def compare_title(comparison):
    """「<the new text's title>　新旧対照表」, or 新旧対照表 when there is no title."""
    for row in comparison.rows:
        for side in (row.new, row.old):
            if side is not None and side.unit.number is None and side.unit.paragraphs:
                return side.unit.paragraphs[0].strip() + "\u3000新旧対照表"
        break
    return "新旧対照表"


def write_compare_table(comparison, out_path, order="new-old", elide=False, title=None):
    """The 新旧対照表 as .odt/.fodt, or .pdf/.docx through LibreOffice (write_output)."""
    from .core.compare.table import build_table
    flat = build_table(comparison, order=order, elide=elide,
                       title=title or compare_title(comparison),
                       note="（傍線部分は変更箇所）")
    return write_output(flat, out_path)


def write_redline(comparison, out_path):
    """NEW with tracked changes against OLD (見え消し), .odt or .fodt."""
    import datetime
    from .core.compare.redline import build_redline
    if output_format(out_path) not in ("odt", "fodt"):
        raise TokkiError("%s: the redline must be .odt or .fodt (LibreOffice tracked changes)"
                         % out_path)
    now = datetime.datetime.now().replace(microsecond=0).isoformat()
    return write_output(build_redline(comparison, compare_title(comparison), date=now),
                        out_path)
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
    # extract types heading (outline) numbering in itself (core/odf/lists: 第1　趣旨)
    paragraphs, meta = extract(load_document(path))
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
    flat, used, _trimmed = merge.assemble_into(template, answers, start, contract_paragraphs,
                                               omit, where)
    return flat, used


def is_article_head(text):
    """True when a paragraph starts 第N条 (半角/全角/漢数字), as a contract's article does."""
    from .core.assembly import merge
    return bool(merge.ARTICLE_HEAD.match(nfc(text or "")))


# -- issue 13, item 3: an inserted block that stays updatable ----------------------------

from .core.assembly.merge import BOOKMARK_PREFIX as INSERTED_BOOKMARK_PREFIX  # noqa: E402
from .core.assembly.merge import RECORD_PREFIX as INSERTED_RECORD_PREFIX  # noqa: E402


def inserted_record(template_name, answers, start, omit, merged, seq=1, title=""):
    """The text of the property tokki:inserted:<id> recording an inserted block: the
    template, the answers, the start article, the omitted contract-level articles."""
    from .core.assembly import merge
    return merge.record_text(template_name, answers, start, omit, merged, seq, title)


def parse_inserted_record(text):
    """inserted_record's text -> {template, answers, start, omit, merged, seq}, or None."""
    from .core.assembly import merge
    return merge.parse_record(text)


def scrub_document(src, out):
    """`tokki scrub SRC --out OUT` for the extension's 確定: -> {what: count} removed."""
    return scrub_file(src, out)
