"""Benchmark: `tokki validate` on a 100-page contract (target: ≤ 200 ms).

The contract is generated from the seed's R5 記載例 (main wording, as the tests
copy it) by repeating its 21 articles with consistent numbering: repetition k
numbers its articles 21k+1 … 21k+21 and every internal 第N条 is shifted the
same way, so all references resolve and every rule does its full work.
A page is counted as 1,200 characters (A4, 10.5 pt 明朝, 40 × 30).

    python bench/validate_bench.py [--pages 100] [--runs 15]

Prints the timings and the machine; bench/results/validate.md records a run.
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests" / "fixtures" / "validate"))

import validate_seed  # noqa: E402  (reads the seed, repairs the PDF text)

from tokki_odf.core.validate import validate  # noqa: E402
from tokki_odf.io.recognition import bundled_recognition  # noqa: E402
from tokki_odf.io.contract import read_document  # noqa: E402

REC = bundled_recognition()   # the bundled templates/recognition.json, read once

CHARS_PER_PAGE = 1200
ARTICLE = re.compile(r"第(\s*)(\d+)(\s*)条")
CAPTION = re.compile(r"^([（(][^（）()]+)([）)])$")


def contract(pages):
    base = validate_seed.main_variant("r5")
    title, body = base[0], base[1:]
    out = [title]
    k = 0
    while sum(len(p) for p in out) < pages * CHARS_PER_PAGE:
        shift = 21 * k
        # each repetition's captions say which (（基本的責務・第2期）): the same captions
        # and wording twice are two sets of provisions, an error (STRUCTURE_TWO_SETS),
        # not the long contract this measures
        tag = "・第%d期" % (k + 1)
        out.extend(CAPTION.sub(lambda m: m.group(1) + tag + m.group(2), ARTICLE.sub(
            lambda m: "第%s%d%s条" % (m.group(1), int(m.group(2)) + shift, m.group(3)), p))
            if k else ARTICLE.sub(lambda m: "第%s%d%s条" % (m.group(1), int(m.group(2)) + shift,
                                                         m.group(3)), p)
            for p in body)
        k += 1
    return out, k


def write_odt(paragraphs, path):
    from odf import text
    from odf.opendocument import OpenDocumentText
    doc = OpenDocumentText()
    for p in paragraphs:
        doc.text.addElement(text.P(text=p))
    doc.save(path)


def timed(fn, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times), max(times)


def machine():
    """bench/common.describe_machine() in one line."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        from common import describe_machine
    finally:
        sys.path.pop(0)
    m = describe_machine()
    return "%s, %s cores (nproc), Python %s, %s" % (m["cpu"] or platform.processor(),
                                                   m["nproc"], m["python"], platform.system())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()

    paragraphs, reps = contract(args.pages)
    chars = sum(len(p) for p in paragraphs)
    report = validate(paragraphs, None, REC)
    n_articles = 21 * reps
    print("machine:   %s" % machine())
    print("contract:  %d pages (%d characters), %d paragraphs, %d articles (R5 × %d)"
          % (chars // CHARS_PER_PAGE, chars, len(paragraphs), n_articles, reps))
    print("findings:  %d errors, %d warnings" % (len(report.errors), len(report.warnings)))
    assert not report.errors, [f.message for f in report.errors[:3]]

    core = timed(lambda: validate(paragraphs, None, REC), args.runs)
    print("core:      validate(paragraphs)            median %6.1f ms  (min %.1f, max %.1f)"
          % core)
    with tempfile.TemporaryDirectory() as tmp:
        odt = os.path.join(tmp, "contract-100p.odt")
        write_odt(paragraphs, odt)
        size = os.path.getsize(odt)
        read = timed(lambda: read_document(odt), args.runs)
        print("read:      read_document(.odt, %d KB)     median %6.1f ms  (min %.1f, max %.1f)"
              % ((size // 1024,) + read))
        both = timed(lambda: validate(*read_document(odt), REC), args.runs)
        print("file:      read + validate                 median %6.1f ms  (min %.1f, max %.1f)"
              % both)
        cli = timed(lambda: subprocess.run(
            [sys.executable, "-m", "tokki_odf.cli", "validate", odt, "--json"],
            capture_output=True, check=False,
            env=dict(os.environ, PYTHONPATH=str(REPO / "src"))), max(3, args.runs // 3))
        print("cli:       tokki validate --json (process)  median %6.1f ms  (min %.1f, max %.1f)"
              % cli)
    verdict = "OK" if both[0] <= 200 else "TOO SLOW"
    print("target:    read + validate ≤ 200 ms: %s" % verdict)
    return 0 if both[0] <= 200 else 1


if __name__ == "__main__":
    sys.exit(main())
