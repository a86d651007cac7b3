"""Rules that check a 個人情報特記事項 (or any contract) given as plain text.

Standard library only, no I/O: the input is one string per paragraph (as a
reader sees it) and a metadata dict, so the same rules run on a file (through
tokki_odf.validate_io) and on the document open in Writer (the extension).

    report = validate(paragraphs, metadata, recognition)
    report.errors, report.warnings, report.coverage, report.to_dict(file)

recognition is a Recognition (recognition.py): the phrases the rules recognise and
the 指針's item names, data of templates/recognition.json that the caller reads
(tokki_odf.io.recognition.bundled_recognition(); api.validate_paragraphs does).

Rules and codes are documented in docs/validate.md.
"""
from typing import Iterable, Optional

from . import captions
from . import coverage
from . import definitions
from . import leftovers
from . import metadata
from . import numbering
from . import refcheck
from . import twosets
from .emit import finding
from ..findings import ERROR, WARNING, Finding, Report
from .recognition import Recognition
from .render import render
from .structure import Document, parse

__all__ = ["validate", "Finding", "Report", "ERROR", "WARNING", "render", "parse",
           "Recognition"]


def validate(paragraphs: Iterable[str], meta: Optional[dict],
             recognition: Recognition, doc: Optional[Document] = None) -> Report:
    """doc: parse(paragraphs) when the caller has it already (the rules only read it)."""
    if not isinstance(recognition, Recognition):
        raise TypeError("validate: recognition must be a Recognition (the data of "
                        "templates/recognition.json), not %s" % type(recognition).__name__)
    if doc is None:
        doc = parse(list(paragraphs))
    report = Report()
    if not doc.articles:
        report.findings.append(finding(
            "STRUCTURE_NO_ARTICLES", ERROR,
            "条（「第1条」のように始まる段落）が見つかりません。特記事項の本文か確認して"
            "ください。条の番号は段落の先頭に「第1条」「第１条」「第一条」の形で書きます。",
            "no articles found (paragraphs starting 第1条, 第１条 or 第一条); is this the "
            "provisions' text?"))
    else:
        report.findings.extend(numbering.check(doc))
        report.findings.extend(refcheck.check(doc, recognition))
        report.findings.extend(captions.check(doc, recognition))
        report.findings.extend(definitions.check(doc))
        report.findings.extend(twosets.check(doc))
    report.findings.extend(leftovers.check(doc))
    cov, names, found = coverage.check(doc, recognition)
    report.coverage = cov
    report.coverage_names = names
    report.findings.extend(found)
    report.findings.extend(metadata.check(doc, meta or {}))
    report.findings.sort(key=lambda f: (f.index is None, f.index if f.index is not None else 0))
    return report
