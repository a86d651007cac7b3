"""tokki's own work per document, counted in CPU instructions (valgrind), stage by stage.

    .venv/bin/python bench/instructions.py [--rows 200] [--base COMMIT] [--out DIR]

Each stage of the batch's in-process path (assemble; read the tree back as paragraphs;
validate; package the ODT, deflated as delivered and stored as the PDF-only path makes
it; check one PDF) runs over the rows of the benchmark's CSV
under `valgrind --tool=cachegrind`, twice with and once without the loop: the
difference divided by the documents is what one document costs, without start-up.
With --base, the same for another commit (its src/ and templates/ taken with git
archive into a temporary folder, removed afterwards), side by side.

Why instructions and not seconds: on this project's shared machines the clock of the
same code drifted by 40 % within a day; the instruction count of a deterministic run
is the same on a busy machine and an idle one. It is not time (cache misses, the two
soffice on the same cores), so the batch benchmark (bench/batch.py) still gives the
ratios; this says which change made tokki's own work smaller and by how much.
Needs valgrind (`apt-get install valgrind`); writes instructions.md to --out.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from common import describe_machine, render_machine, write_results  # noqa: E402

STAGES = ("assemble", "extract", "validate", "package", "package (stored)", "pdf check")
# what one PDF of the batch costs tokki: the stored package, not the deflated one
PDF_PATH = ("assemble", "extract", "validate", "package (stored)", "pdf check")

# Runs inside valgrind with the code under test first on sys.path.
STAGE_SCRIPT = r'''
import os, sys
src, csv_path, pdf_path, stage, reps = sys.argv[1:6]
sys.path.insert(0, src)
from tokki_odf.api import assemble_document, load_template
from tokki_odf.batch import checks
from tokki_odf.batch.rows import check_rows, read_rows
from tokki_odf.core.validate import validate
from tokki_odf.io.contract import extract
from tokki_odf.io.package import odt_bytes, odt_package
from tokki_odf.io.recognition import bundled_recognition
template = load_template(os.path.join(os.path.dirname(src), "templates", "tokki-r5.fodt"))
rows, _info = read_rows(csv_path, None, template)
check_rows(template, rows)
rows = [r for r in rows if r.error is None]
rec = bundled_recognition()
flats = [assemble_document(template, r.answers, 1, where=r.where) for r in rows]
read = [extract(f, r.answers) for f, r in zip(flats, rows)]
pdf = open(pdf_path, "rb").read()
for r in rows[:3]:                     # warm: lazy imports, compiled patterns
    checks.checked_odt(assemble_document(template, r.answers, 1, where=r.where), r.where,
                       odt_bytes, full=True, answers=r.answers)
for _ in range(int(reps)):
    for i, r in enumerate(rows):
        if stage == "assemble":
            assemble_document(template, r.answers, 1, where=r.where)
        elif stage == "extract":
            extract(flats[i], r.answers)
        elif stage == "validate":
            validate(read[i][0], read[i][1], rec)
        elif stage == "package":
            odt_package(flats[i])
        elif stage == "package (stored)":
            try:
                odt_package(flats[i], compress=False)
            except TypeError:              # a commit before the stored package: deflated
                odt_package(flats[i])
        elif stage == "pdf check":
            checks.pdf_pages(pdf)
print(len(rows))
'''


def instructions(src, csv_path, pdf_path, stage, reps, work):
    """-> (instructions of the whole run, documents)."""
    script = os.path.join(work, "stage.py")
    with open(script, "w", encoding="utf-8") as fh:
        fh.write(STAGE_SCRIPT)
    env = dict(os.environ, PYTHONPYCACHEPREFIX=os.path.join(work, "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, script, src, csv_path, pdf_path, stage, str(reps)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, env=env)
    if proc.returncode != 0:
        raise SystemExit("bench/instructions.py: the %s run failed:\n%s" % (stage, proc.stderr))
    refs = [line for line in proc.stderr.splitlines() if "I   refs:" in line]
    return int(refs[-1].split()[-1].replace(",", "")), int(proc.stdout.split()[-1])


def per_document(src, csv_path, pdf_path, work):
    instructions(src, csv_path, pdf_path, "none", 0, work)   # compiles the .pyc files
    base, docs = instructions(src, csv_path, pdf_path, "none", 0, work)
    out = {}
    for stage in STAGES:
        total, docs = instructions(src, csv_path, pdf_path, stage, 2, work)
        out[stage] = round((total - base) / (2 * docs) / 1e6, 2)
    out["total"] = round(sum(out[s] for s in PDF_PATH), 2)
    return out, docs


def sample_pdf(work, csv_path):
    """One PDF as tokki makes them (the CSV's first contract), for the PDF check."""
    from tokki_odf.api import assemble_document, load_template, write_output
    from tokki_odf.batch.rows import check_rows, read_rows
    template = load_template(os.path.join(ROOT, "templates", "tokki-r5.fodt"))
    rows, _info = read_rows(csv_path, None, template)
    check_rows(template, rows)
    path = os.path.join(work, "sample.pdf")
    write_output(assemble_document(template, rows[0].answers), path)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument("--base", help="a commit to count side by side (git archive)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("bench/instructions.py: needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    sys.path.insert(0, os.path.join(ROOT, "src"))
    from support.sample import contracts, write_csv
    work = tempfile.mkdtemp(prefix="tokki-instr-")
    try:
        csv_path = os.path.join(work, "contracts.csv")
        write_csv(contracts(args.rows), csv_path)
        pdf_path = sample_pdf(work, csv_path)
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "src"],
                               stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
        runs = []
        if args.base:
            tree = os.path.join(work, "base")
            os.mkdir(tree)
            archive = subprocess.run(["git", "-C", ROOT, "archive", args.base, "src",
                                      "templates"], stdout=subprocess.PIPE, check=True).stdout
            subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
            runs.append((args.base, os.path.join(tree, "src")))
        runs.append((commit + (" with uncommitted changes" if dirty else ""),
                     os.path.join(ROOT, "src")))
        results = []
        for name, src in runs:
            stages, docs = per_document(src, csv_path, pdf_path, work)
            results.append({"code": name, "documents": docs, "M instructions per document":
                            stages})
            print("%-30s %s" % (name, json.dumps(stages, ensure_ascii=False)), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"machine": describe_machine(), "rows": args.rows, "results": results}
    write_results(args.out, "instructions", report, render)
    return 0


def render(r):
    lines = ["# tokki's own work per document, in instructions", "",
             render_machine(r["machine"]), "",
             "%d generated contracts (the batch benchmark's CSV). Million CPU instructions "
             "per document, counted by valgrind (cachegrind): each stage over every row twice, "
             "less the same run without the loop; start-up is not in it. See "
             "bench/instructions.py for why instructions. The total is what one PDF of "
             "`tokki batch --format pdf` costs: every stage but the deflated package "
             "(a delivered ODT costs the package column instead of the stored one)."
             % r["rows"], "",
             "| code | " + " | ".join(STAGES) + " | total (PDF) |",
             "|---|" + "---:|" * (len(STAGES) + 1)]
    for res in r["results"]:
        s = res["M instructions per document"]
        lines.append("| %s | " % res["code"] + " | ".join("%.2f" % s[k] for k in STAGES)
                     + " | **%.2f** |" % s["total"])
    if len(r["results"]) == 2:
        a = r["results"][0]["M instructions per document"]["total"]
        b = r["results"][1]["M instructions per document"]["total"]
        lines += ["", "Second / first: **%.2f×**." % (b / a)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
