#!/usr/bin/env python3
"""OK → updated document: how long the LibreOffice extension takes for the R5 provisions.

    .venv/bin/python bench/extension_latency.py [--runs 20] [--gui] [--out bench/results/extension.md]

Builds the .oxt from the working tree, installs it into a fresh profile
(unopkg, as the tests do) and measures, in a real LibreOffice:

- headless, through the automation URL vnd.tokki:insert?answers=… — the same
  code path as the dialog's OK without the dialog: wall time of the dispatch
  seen from this process (includes reading the answers file and the UNO
  bridge), and the extension's own measurement (its log: from the start of the
  command to the document updated, properties set and answers remembered):
    1. 作成・更新 in a new document made from tokki-r5.ott (the open template is
       saved to a temporary .fodt and parsed: the first assembly's extra cost);
    2. 作成・更新 again in that document (re-assembled from the bundled template);
    3. 挿入 into a blank document;
- with --gui (needs DISPLAY, xdotool): the real dialog in a visible Writer,
  OK pressed with the Return key; the extension logs the time from the OK
  handler's first line to the document updated. Screen repainting afterwards is
  not included.

Target (issue 4): ≤ 500 ms. Writes the Markdown report to --out.
"""
import argparse
import shutil
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "tests"))

ANSWERS = [os.path.join(ROOT, "examples", "answers", n)
           for n in ("r5-standard.json", "r5-restricted.json", "r5-provided-only.json")]
TOTAL = re.compile(r"total=([0-9.]+)ms")


def machine():
    """This script's view of bench/common.describe_machine()."""
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    try:
        from common import describe_machine
    finally:
        sys.path.pop(0)
    m = describe_machine()
    return {"cpu": m["cpu"] or platform.processor() or "?", "nproc": m["nproc"],
            "office": m["libreoffice"], "python": m["python"],
            "system": "%s %s" % (platform.system(), m["kernel"]), "date": m["date"][:10],
            "commit": m["commit"], "load_start": m["loadavg_start"]}


def log_totals(host, since):
    """The extension's own 'total=…ms' of the log lines written after `since` lines."""
    lines = host.tokki_log().splitlines()[since:]
    return [float(m.group(1)) for m in (TOTAL.search(l) for l in lines if ": ok " in l) if m]


def log_len(host):
    return len(host.tokki_log().splitlines())


def summary(values):
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return {"n": len(values), "median": statistics.median(values), "p95": p95,
            "max": values[-1], "min": values[0]}


def timed_dispatch(host, doc, url):
    start = time.perf_counter()
    ok, message = host.dispatch(doc, url)
    elapsed = (time.perf_counter() - start) * 1000
    if not ok:
        raise RuntimeError("%s failed: %s" % (url, message))
    return elapsed


def bench_headless(oxt, runs, warmup=2):
    from support.extension_support import start_host
    host = start_host(oxt)
    results = {}
    tmp = tempfile.mkdtemp(prefix="tokki-bench-")
    try:
        ott = os.path.join(tmp, "tokki-r5.ott")
        with zipfile.ZipFile(oxt) as zf:
            with open(ott, "wb") as fh:
                fh.write(zf.read("templates/tokki/tokki-r5.ott"))
        url = "vnd.tokki:insert?answers=%s"
        walls = {"template": [], "again": [], "blank": []}
        inner = {"template": [], "again": [], "blank": []}
        for i in range(warmup + runs):
            answers = ANSWERS[i % len(ANSWERS)]
            other = ANSWERS[(i + 1) % len(ANSWERS)]
            # 1 + 2: a document made from the template, then re-assembled
            doc = host.load(ott, as_template=True)
            mark = log_len(host)
            w1 = timed_dispatch(host, doc, url % host.quote_url(answers))
            w2 = timed_dispatch(host, doc, url % host.quote_url(other))
            t1, t2 = log_totals(host, mark)
            doc.close(True)
            # 3: a blank document
            doc = host.new_writer()
            mark = log_len(host)
            w3 = timed_dispatch(host, doc, url % host.quote_url(answers))
            (t3,) = log_totals(host, mark)
            doc.close(True)
            if i >= warmup:
                for key, w, t in (("template", w1, t1), ("again", w2, t2), ("blank", w3, t3)):
                    walls[key].append(w)
                    inner[key].append(t)
        for key in walls:
            results[key] = {"wall": summary(walls[key]), "inner": summary(inner[key])}
    finally:
        host.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def bench_gui(oxt, runs):
    from extension_gui import Gui
    gui = Gui(oxt)
    totals = []
    try:
        doc = gui.open_template()
        title = "個人情報特記事項 — 作成・更新"
        gui.press(doc, "assemble")
        if not gui.wait_window(title):
            raise RuntimeError("no dialog: %s" % gui.host.tokki_log())
        gui.type("住民情報システム運用保守業務")
        gui.key("Return")
        gui.wait_gone(title)
        for i in range(runs + 1):
            mark = log_len(gui.host)
            gui.press(doc, "assemble")
            if not gui.wait_window(title):
                raise RuntimeError("no dialog: %s" % gui.host.tokki_log())
            # alternate 再委託 禁止/制限 so that every OK really changes the document
            gui.key(*(["Tab"] * 7))
            gui.key("Down" if i % 2 == 0 else "Up")
            gui.key("Return")
            gui.wait_gone(title)
            time.sleep(0.3)
            found = log_totals(gui.host, mark)
            if i and found:                    # the first one warms up
                totals.append(found[-1])
        doc.close(True)
    finally:
        gui.close()
    return summary(totals) if totals else None


def report(info, headless, gui, runs):
    names = {"template": "作成・更新: new document from tokki-r5.ott, first assembly",
             "again": "作成・更新 again: re-assembled with other answers",
             "blank": "挿入: into a blank document"}
    lines = ["# LibreOffice extension: OK → updated document (R5)", "",
             "Target (issue 4): the provisions updated ≤ 500 ms after OK.", "",
             "## How", "",
             "`.venv/bin/python bench/extension_latency.py --runs %d%s` (from the repository "
             "root). The .oxt is built from the working tree and installed with `unopkg` "
             "into a fresh profile; the R5 answers rotate over `examples/answers/r5-*.json`; "
             "2 warm-up rounds are not counted. *wall*: the dispatch of "
             "`vnd.tokki:insert?answers=…` timed from the benchmark process (the dialog's "
             "code path without the dialog, plus reading the answers file and the UNO "
             "bridge); *extension*: the time the extension logs for the command."
             % (runs, " --gui" if gui else ""), "",
             "## Machine", "",
             "- %s, `nproc` = %s" % (info["cpu"], info["nproc"]),
             "- LibreOffice %s, Python %s, %s; %s; commit %s" % (
                info["office"], info["python"], info["system"], info["date"], info["commit"]), "",
             "## Results (ms)", "",
             "| what | n | wall median | wall p95 | extension median | extension p95 | max |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for key in ("template", "again", "blank"):
        r = headless[key]
        lines.append("| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |" % (
            names[key], r["wall"]["n"], r["wall"]["median"], r["wall"]["p95"],
            r["inner"]["median"], r["inner"]["p95"], r["wall"]["max"]))
    if gui:
        lines.append("| **dialog, visible Writer: OK (Return key) → document re-assembled** "
                     "| %d | – | – | **%.0f** | **%.0f** | %.0f |"
                     % (gui["n"], gui["median"], gui["p95"], gui["max"]))
    worst = max([headless[k]["wall"]["p95"] for k in headless] + ([gui["p95"]] if gui else []))
    lines += ["", "Worst p95: %.0f ms — %s the 500 ms target." % (
        worst, "within" if worst <= 500 else "**over**"), "",
        "## Notes", "",
        "- Where the time goes (profiled once, 2026-11-27, with the extension's log; "
        "not measured by this script): assembling R5 in the "
        "engine 2–7 ms, writing the .odt 2–5 ms, `insertDocumentFromURL` replacing the "
        "old body 19–40 ms, document properties ~1 ms; for a document made from the "
        "template, saving the open template to a temporary .fodt and parsing it adds "
        "43–49 ms (measured in one headless session, 4 rounds).",
        "- Not included: Writer repainting the page after the command returns, and the "
        "first command after LibreOffice starts (Python and the engine are imported "
        "then: ~40 ms more; it falls in the uncounted warm-up).",
        "- 1-minute load average %.2f at the start, %.2f at the end on %s CPUs%s; "
        "the p95 and max columns move between runs more than the medians."
        % (info["load_start"], os.getloadavg()[0], info["nproc"],
           " (other work shared the machine)" if max(info["load_start"], os.getloadavg()[0])
           > float(info["nproc"] or 1) + 0.5 else ""), ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--gui", action="store_true", help="also the real dialog (needs DISPLAY)")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "extension.md"))
    args = parser.parse_args(argv)
    from support import extension_support
    oxt_dir = tempfile.mkdtemp(prefix="tokki-bench-oxt-")
    try:
        oxt = extension_support.load_build().build_oxt(oxt_dir)
        info = machine()
        headless = bench_headless(oxt, args.runs)
        gui = bench_gui(oxt, max(5, args.runs // 2)) if args.gui else None
    finally:
        shutil.rmtree(oxt_dir, ignore_errors=True)
    text = report(info, headless, gui, args.runs)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
