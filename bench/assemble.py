#!/usr/bin/env python3
"""ODT-only assembly speed against the floor, on one core.

    .venv/bin/python bench/assemble.py [--seconds 3] [--out bench/results]

- floor: the same template as an .odt package: unzip + parse (safe reader), then
  serialise + zip (odt_bytes) — what any tool must do to read and write it;
- assemble: tokki's engine (template parsed once, as in a batch): answers →
  final document → .odt bytes, for rotating synthetic contracts;
- assemble + validate: the same, then the bytes read back and checked by tokki
  validate's rules (what `tokki batch` does for every ODT);
- tokki batch --format odt: end to end on 200 generated contracts (CSV read and
  checked, assembled, validated, written atomically, summary.json).

Targets (issue 5): assembly >= 100 docs/s per core and <= 3x the floor's time.
Writes assemble.json and assemble.md to the results folder.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "bench"))

from common import describe_machine, render_machine, write_results  # noqa: E402
from tokki_odf.api import assemble_document, load_template  # noqa: E402
from tokki_odf.batch.rows import check_rows, read_rows  # noqa: E402
from support.sample import contracts, write_csv  # noqa: E402
from tokki_odf.io.package import flat_from_bytes, load_flat, odt_bytes  # noqa: E402

TEMPLATE = os.path.join(ROOT, "templates", "tokki-r5.fodt")


def rate(fn, seconds):
    """docs/s of fn() over at least `seconds` (after a short warm-up)."""
    for _ in range(20):
        fn()
    n, start = 0, time.perf_counter()
    while True:
        for _ in range(20):
            fn()
        n += 20
        spent = time.perf_counter() - start
        if spent >= seconds:
            return n / spent


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    info = describe_machine()

    template = load_template(TEMPLATE)
    package = odt_bytes(load_flat(TEMPLATE))
    with tempfile.TemporaryDirectory(prefix="tokki-bench-") as work:
        csv_path = os.path.join(work, "contracts.csv")
        write_csv(contracts(200), csv_path)
        rows, _ = read_rows(csv_path, template=template)
        check_rows(template, rows)
        answers = [r.answers for r in rows]
        state = {"i": 0}

        def floor():
            odt_bytes(flat_from_bytes(package, "template.odt"))

        def assemble():
            state["i"] = (state["i"] + 1) % len(answers)
            odt_bytes(assemble_document(template, answers[state["i"]]))

        from tokki_odf.batch.checks import reopen_odt, validate_flat

        def assemble_validate():
            state["i"] = (state["i"] + 1) % len(answers)
            data = odt_bytes(assemble_document(template, answers[state["i"]]))
            available, _findings = validate_flat(reopen_odt(data, "doc.odt"))
            assert available, "tokki validate is not in this build"

        results = {"floor": rate(floor, args.seconds),
                   "assemble": rate(assemble, args.seconds),
                   "assemble_validate": rate(assemble_validate, args.seconds)}

        out = os.path.join(work, "out")
        tokki = os.path.join(os.path.dirname(sys.executable), "tokki")
        cmd = [tokki if os.path.exists(tokki) else sys.executable, "batch", "--template",
               TEMPLATE, "--answers", csv_path, "--out", out, "--format", "odt", "-q"]
        if not os.path.exists(tokki):
            cmd[1:1] = ["-m", "tokki_odf.cli"]
        start = time.perf_counter()
        proc = subprocess.run(cmd, stderr=subprocess.PIPE, universal_newlines=True, cwd=ROOT)
        wall = time.perf_counter() - start
        summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
        done = summary["totals"]["done"]
        results["batch_odt"] = done / wall
        results["batch_odt_exit"] = proc.returncode
        results["batch_odt_rows"] = done
        results["batch_odt_wall_s"] = wall

    ratio = results["floor"] / results["assemble"]
    info["loadavg_end"] = os.getloadavg()[0]
    verdict = {
        "assembly >= 100 docs/s per core": results["assemble"] >= 100,
        "assembly time <= 3x floor": ratio <= 3.0,
    }
    report = {"machine": info, "docs_per_s": results,
              "assemble_time_vs_floor": ratio, "targets": verdict,
              "template": os.path.relpath(TEMPLATE, ROOT),
              "template_package_bytes": len(package)}
    write_results(args.out, "assemble", report, render)
    return 0


def render(r):
    d = r["docs_per_s"]
    mark = lambda ok: "met" if ok else "**MISSED**"  # noqa: E731
    lines = ["# ODT assembly benchmark", "", render_machine(r["machine"]), "",
             "One process, one core. Template `%s` (%d bytes as .odt)."
             % (r["template"], r["template_package_bytes"]), "",
             "| measurement | docs/s | ms/doc |", "|---|---:|---:|"]
    for key, label in (("floor", "floor: unzip + parse + serialise + zip the template"),
                       ("assemble", "tokki assembly → .odt bytes"),
                       ("assemble_validate", "assembly + validation of the written ODT"),
                       ("batch_odt", "`tokki batch --format odt`, 200 rows end to end "
                                     "(wall clock, incl. start-up)")):
        lines.append("| %s | %.0f | %.2f |" % (label, d[key], 1000.0 / d[key]))
    lines += ["", "Assembly takes %.2f× the floor's time per document." % r["assemble_time_vs_floor"],
              "", "| target | result |", "|---|---|"]
    for name, ok in r["targets"].items():
        lines.append("| %s | %s |" % (name, mark(ok)))
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
