"""Adapter for `tokki compare`: a file or a bundled template's name -> comparable units.

What a side is:
- a tokki template (a bundled name such as r5 / h18, or a .fodt/.odt/.ott with art:
  sections and questions): its *default assembly* (every question at its default; a
  required text with no default is 「○○」, as the 記載例 leave it), with the article IDs
  of the art: sections kept — so two templates are aligned by ID;
- a document with recorded answers (assembled with --editable): its own text, with the
  IDs of the articles recovered by assembling the recorded answers again (when the
  document still has that run of articles, numbered from the recorded start);
- any other .odt/.ott/.fodt/.docx `tokki validate` reads: its text, aligned by caption
  and content.
"""
import os

from ..errors import TokkiError
from ..core.assembly.assemble import assemble, recorded_answers
from ..core.assembly.answers import normalize
from ..core.assembly.merge import assemble_into, block_last_text, block_record
from ..core.compare.align import units_from_paragraphs
from ..core.compare.ids import article_ids
from ..core.template.model import Template, TEXT
from ..core.validate.structure import parse
from .contract import load_document, extract

PLACEHOLDER = "〔%s〕"
TEMPLATE_EXTENSIONS = (".fodt", ".odt", ".ott")


class Side(object):
    """units, a display name, and how it was read ('template', 'recorded', 'document')."""

    def __init__(self, units, name, how, template=None, answers=None, start=1):
        self.units, self.name, self.how = units, name, how
        self.template, self.answers, self.start = template, answers, start
        self.outside = 0     # units of a returned contract outside its provisions


def default_answers(template):
    raw = {}
    for key, question in template.questions.items():
        if question.kind == TEXT and question.required:
            raw[key] = PLACEHOLDER % question.label
    return normalize(template, raw, "default answers of %s" % template.name)


def _is_template(flat, name):
    try:
        return Template(flat, name)
    except TokkiError:
        return None


def assembled_side(template, answers, start, name, how="template"):
    """The assembly of template with answers, as a side with article IDs."""
    flat, used = assemble(template, answers, start)
    ids = article_ids(template, used)
    paragraphs, _meta = extract(flat)
    return Side(units_from_paragraphs(paragraphs, _ids_for(paragraphs, ids, start)),
                name, how, template, used, start)


def _ids_for(paragraphs, ids, start):
    """{(part, number, 0): id} when a part of the document is exactly that run of articles."""
    doc = parse(paragraphs)
    want = list(range(start, start + len(ids)))
    for part_no, part in enumerate(doc.parts):
        numbers = [a.number for a in part]
        if any(a.branch for a in part):
            continue
        for offset in range(0, len(numbers) - len(want) + 1):
            if numbers[offset:offset + len(want)] == want:
                return dict(((part_no, n, 0), i) for n, i in zip(want, ids))
    return {}


def read_side(spec, load_template):
    """A Side from a path or a bundled template's name. load_template: api.load_template."""
    path = spec
    if not os.path.exists(spec):
        template = load_template(spec)      # a bundled name, or a clear error
        return assembled_side(template, default_answers(template), 1, spec)
    if os.path.isdir(spec):
        raise TokkiError("%s: is a folder; give an .odt, .ott, .fodt or .docx file" % spec)
    ext = os.path.splitext(path)[1].lower()
    if ext not in TEMPLATE_EXTENSIONS + (".docx", ".docm", ".dotx"):
        raise TokkiError("%s: cannot compare this kind of file; give an .odt, .ott, .fodt or "
                         ".docx file, or a bundled template's name (r5, h18)" % spec)
    flat = load_document(path)
    if ext in TEMPLATE_EXTENSIONS:
        template = _is_template(flat, os.path.splitext(os.path.basename(path))[0])
        if template is not None:
            return assembled_side(template, default_answers(template), 1, spec)
    paragraphs, _meta = extract(flat)
    recorded = recorded_answers(flat)
    if recorded:
        name, answers, start = recorded
        try:
            template = load_template(name)
            flat2, used = assemble(template, answers, start)
            ids = article_ids(template, used)
        except TokkiError:
            ids = []
        if ids:
            return Side(units_from_paragraphs(paragraphs, _ids_for(paragraphs, ids, start)),
                        spec, "recorded")
    return Side(units_from_paragraphs(paragraphs), spec, "document")


def recorded_sides(spec, load_template, flat=None):
    """(baseline, returned) for `tokki compare RETURNED`: what the recorded answers
    assemble to with the template they name, and the document itself. flat: the
    document's tree when it is already open (the extension), spec then only names it."""
    if flat is None:
        if not os.path.isfile(spec):
            raise TokkiError("%s: no such file (with one file, tokki compare checks a returned "
                             "contract against its recorded answers; to compare two versions "
                             "give both: tokki compare OLD NEW)" % spec)
        flat = load_document(spec)
    recorded = recorded_answers(flat)
    block = None if recorded else block_record(flat)
    if not recorded and block is None:
        raise TokkiError("%s: has no recorded answers (tokki:template and tokki:answers "
                         "properties, or provisions inserted with the extension's 挿入); give "
                         "two files (tokki compare OLD NEW), or assemble with --editable" % spec)
    name, answers, start = recorded or (block["template"], block["answers"], block["start"])
    try:
        template = load_template(name)
    except TokkiError as exc:
        raise TokkiError("%s: its recorded template %r cannot be found (%s)"
                         % (spec, name, exc)) from None
    paragraphs, _meta = extract(flat)
    label = "%s（%s の記録された回答）" % (name, os.path.basename(spec))
    if block is not None and block["merged"]:
        baseline = _merged_side(template, block, paragraphs, label)
        # the contract goes on after the block (署名欄): not part of its last article
        last = block_last_text(flat, block["id"])
        if last is not None and last in paragraphs:
            paragraphs = paragraphs[:len(paragraphs) - paragraphs[::-1].index(last)]
    else:
        baseline = assembled_side(template, answers, start, label, "recorded")
    ids = article_ids(template, baseline.answers)
    units = units_from_paragraphs(paragraphs, _ids_for(paragraphs, ids, start))
    returned = Side(provisions_scope(units, baseline.units, start), spec, "returned")
    returned.outside = len(units) - len(returned.units)
    if returned.outside:   # inside a contract: its title is not the provisions' title
        baseline.units = [u for u in baseline.units if u.number is not None]
        for k, u in enumerate(baseline.units):
            u.position = k
    return baseline, returned


def _merged_side(template, block, paragraphs, name):
    """The baseline of provisions merged into a contract by 挿入: assembled again as the
    extension did (its omitted articles left out, the contract's numerals), so that only
    what someone changed afterwards differs. The contract's paragraphs outside the block
    decide the numerals, as they did at insertion."""
    flat, used, trimmed = assemble_into(template, block["answers"], block["start"],
                                        list(paragraphs), block["omit"])
    ids = article_ids(trimmed, used)
    assembled, _meta = extract(flat)
    return Side(units_from_paragraphs(assembled, _ids_for(assembled, ids, block["start"])),
                name, "recorded", trimmed, used, block["start"])


def provisions_scope(units, baseline, start):
    """The units of a returned document that are the provisions: the document may be a
    whole 業務委託契約書 with the provisions inside (numbered from start) or attached as
    別紙 (a part numbered from 1 again). Kept: the part that shares the most articles with
    the baseline (by text, numbers masked), and in it the articles numbered from start on;
    the preamble only when the document is the provisions alone."""
    parts = sorted(set(u.part for u in units if u.number is not None))
    if len(parts) <= 1 and start == 1:
        return units
    known = set(u.masked for u in baseline if u.number is not None)
    best = max(parts, key=lambda p: (sum(1 for u in units if u.part == p and u.masked in known),
                                     -p)) if parts else 0
    kept = [u for u in units if u.number is not None and u.part == best and u.number >= start]
    if not kept:
        return units
    for k, u in enumerate(kept):
        u.position = k
    return kept
