#!/usr/bin/env python3
"""`tokki compare` on two 100-article contracts (target, issue 14: <= 1 s).

    .venv/bin/python bench/compare.py [--runs 7] [--out bench/results]

The contracts: the R5 記載例 (default answers) repeated until it has 100 articles (the
captions of repetition k end in ・その k+1, as no contract has two identical articles), with
consistent numbering (repetition k numbers its articles 21k+1 … and shifts every internal
第N条 alike). NEW differs from OLD as a revision does: 3 articles inserted near the start
(so every later number and reference changes), 5 articles with one word changed, 2
deleted, 1 moved. Both are written as .odt without recorded answers, so the alignment is
by caption and content (difflib), the slower path. Measured:
- compare: read both .odt files, align, diff (api.compare_sides), what `tokki compare`
  does before it prints;
- + table: the same and the 新旧対照表 as .odt (api.write_compare_table);
- worst case: every article of NEW reworded (no identical article left, so every pair
  is scored by similarity).
Median of --runs. Writes compare.json and compare.md.
"""
import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from assemble import describe_machine, render_machine, write_results  # noqa: E402
from tokki_odf import api  # noqa: E402
from tokki_odf.core.compare.align import units_from_paragraphs  # noqa: E402
from tokki_odf.core.compare.table import base_document, add_text  # noqa: E402
from tokki_odf.core.odf.namespaces import q  # noqa: E402
from tokki_odf.io.contract import extract  # noqa: E402
from tokki_odf.io.package import odt_bytes  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

REF = re.compile(r"第(\d+)条")


def articles_of_r5():
    flat = api.assemble_document(api.load_template("r5"), {"business_name": "庁内システム運用業務"})
    units = units_from_paragraphs(extract(flat)[0])
    return units[0].paragraphs, [u.paragraphs for u in units if u.number is not None]


def contract(n=100):
    """[(paragraphs of one article with numbers as placeholders)] and a renderer."""
    title, arts = articles_of_r5()
    out = []
    k = 0
    while len(out) < n:
        for paras in arts:
            if len(out) == n:
                break
            if k and paras[0].startswith("（"):   # a contract has no two identical articles
                paras = [paras[0][:-1] + "・その%d）" % (k + 1)] + paras[1:]
            out.append((k, paras))
        k += 1
    return title, out, len(arts)


def render(title, arts, per, order):
    """Paragraph texts: arts[i] = (repetition, paragraphs); numbers follow `order`."""
    # the position of each (rep, original number) in the final order
    where = {}
    for pos, (rep, paras) in enumerate(order):
        num = int(REF.match(paras[1] if paras[0].startswith("（") else paras[0]).group(1))
        where[(rep, num)] = pos + 1
    texts = list(title)
    for rep, paras in order:
        for p in paras:
            texts.append(REF.sub(lambda m: "第%d条" % where.get((rep, int(m.group(1))),
                                                                 int(m.group(1)) + per * rep), p))
    return texts


def write(path, paragraphs):
    flat, body = base_document("bench")
    for text in paragraphs:
        add_text(ET.SubElement(body, q("text:p")), text)
    with open(path, "wb") as fh:
        fh.write(odt_bytes(flat))


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args(argv)
    machine = describe_machine()
    title, arts, per = contract(100)
    old = list(arts)
    new = list(arts)
    inserted = [(90, [p.replace("乙は", "乙は、追加条項として", 1) for p in arts[k][1]])
                for k in (3, 4, 5)]
    new[2:2] = inserted
    for k in (10, 30, 50, 70, 90):
        rep, paras = new[k]
        new[k] = (rep, [paras[0]] + [p.replace("乙", "受託者", 1) for p in paras[1:]])
    del new[40], new[60]
    new.insert(20, new.pop(80))
    reworded = [(rep, [p.replace("乙", "受託者").replace("甲", "委託者") for p in paras])
                for rep, paras in new]
    work = tempfile.mkdtemp(prefix="tokki-bench-")
    try:
        a, b, w = (os.path.join(work, n) for n in ("old.odt", "new.odt", "worst.odt"))
        write(a, render(title, arts, per, old))
        write(b, render(title, arts, per, new))
        write(w, render(title, arts, per, reworded))
        c, sa, sb = api.compare_sides(a, b)
        counts = c.summary()
        t_compare = median_time(lambda: api.compare_sides(a, b), args.runs)
        table = os.path.join(work, "table.odt")
        t_table = median_time(lambda: api.write_compare_table(api.compare_sides(a, b)[0], table),
                              args.runs)
        t_worst = median_time(lambda: api.compare_sides(a, w), max(3, args.runs // 2))
        worst_counts = api.compare_sides(a, w)[0].summary()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    machine["loadavg_end"] = os.getloadavg()[0]
    report = {"machine": machine, "runs": args.runs,
              "articles": {"old": len(sa.units) - 1, "new": len(sb.units) - 1},
              "kinds": counts, "worst_kinds": worst_counts,
              "seconds": {"compare": t_compare, "compare_table_odt": t_table,
                          "worst_all_reworded": t_worst},
              "target_met": t_compare <= 1.0 and t_table <= 1.0}
    write_results(args.out, "compare", report, render_md)


def render_md(r):
    s = r["seconds"]
    lines = ["# `tokki compare` on two 100-article contracts", "",
             render_machine(r["machine"]), "",
             "Target (issue 14): comparing two 100-article contracts in ≤ 1 s. "
             "`python bench/compare.py --runs %d` (median of the runs; see the script's "
             "docstring for how the contracts differ)." % r["runs"], "",
             "Articles: OLD %d, NEW %d. Found: %s." % (
                 r["articles"]["old"], r["articles"]["new"],
                 ", ".join("%s %d" % (k, v) for k, v in r["kinds"].items() if v)), "",
             "| measurement | seconds |", "|---|---:|",
             "| read both .odt, align, diff | %.3f |" % s["compare"],
             "| the same + the 新旧対照表 as .odt | %.3f |" % s["compare_table_odt"],
             "| worst case: every article reworded (%s) | %.3f |" % (
                 ", ".join("%s %d" % (k, v) for k, v in r["worst_kinds"].items() if v),
                 s["worst_all_reworded"]), "",
             "Target: %s." % ("met" if r["target_met"] else "**MISSED**"), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
