#!/usr/bin/env python3
"""PDF throughput of `tokki batch` against the usual ways of driving LibreOffice.

    .venv/bin/python bench/batch.py [--rows 200] [--repeat 3] [--no-unoserver] [--out DIR]

The same generated contracts (a CP932 CSV as Excel saves it, with two mistakes:
200 rows -> 198 documents) go through:

  tokki-j1 / tokki-j2   `tokki batch --format pdf --jobs 1|2` from the CSV: check,
                        assemble, validate, warm pool (soffice start-up included)
  tokki-odt+pdf-j2      `tokki batch --format odt,pdf --jobs 2`: the issue's
                        "done means" run (198 ODT+PDF pairs, summary naming 2 rows)
  tokki-pool-x2 / -x1   tokki's warm pool (batch/pool.py, 2 or 1 workers) alone on the
                        same ODT files as the baselines: the engine without the Python work
  cli-batched-x1        one `soffice --convert-to pdf` call with all files (to compare
                        with tokki-pool-x1)
  cli-per-file          one `soffice --convert-to pdf` process per file, two lanes in
                        parallel with a profile each (both cores busy)
  cli-batched-x2        two parallel `soffice --convert-to pdf` calls, each with half
                        of the files and its own profile (the strong baseline)
  unoserver-x2          two unoserver instances (installed for the benchmark only, in
                        a venv of its own in ~/.cache/tokki-odf/bench-venv), two client threads
                        (start-up not timed: a server is meant to be running already)

The baselines convert the final ODT files tokki made, so all make the same PDFs.
Every soffice gets a profile written by the same prepare_profile() (spell check,
autosave, recovery off), primed once before timing. Reported: docs/s, latency
p50/p95 per document (where one is defined), peak RSS of the whole process tree,
failures, and whether every PDF's page count matches tokki's. Fast scenarios run
--repeat times, interleaved in a rotating order (the machine may be shared: the
1-minute load average after each run is recorded), and the median run is reported;
per-file runs once.
Writes batch.json and batch.md to the results folder.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "bench"))

from common import describe_machine, render_machine, write_results  # noqa: E402
from support.sample import contracts, write_csv  # noqa: E402
from tokki_odf.office.soffice import find_soffice, kill_group, prepare_profile  # noqa: E402

TEMPLATE = os.path.join(ROOT, "templates", "tokki-r5.fodt")
BAD = (37, 151)
UNOSERVER_VERSION = "3.7"
# kept between runs (installing takes a while) in the user's cache, not in /tmp
UNOSERVER_VENV = os.environ.get("TOKKI_BENCH_VENV", os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tokki-odf",
    "bench-venv"))
SOFFICE_ARGS = ["--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
                "--nolockcheck"]
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


# -- measuring -------------------------------------------------------------------------------

def _root_cpu(pid):
    """CPU seconds (user + system) the process itself has used so far, or None."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
        fields = stat[stat.rfind(")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _proc_table():
    """{pid: (ppid, rss bytes, CPU seconds)} of all processes."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
            fields = stat[stat.rfind(")") + 2:].split()
            ppid, rss_pages = int(fields[1]), int(fields[21])
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
        table[int(name)] = (ppid, rss_pages * os.sysconf("SC_PAGE_SIZE"), cpu)
    return table


class PeakRSS:
    """Samples the summed RSS of the descendants of root (and root itself if asked), and
    the CPU each descendant has used by its last sample (office_cpu: the soffice of
    tokki's workers too, whose CPU the kernel's reaped-children count misses; what a
    process uses after its last sample, at most `every` seconds of it, is not seen)."""

    def __init__(self, root=None, include_root=False, every=0.2):
        self.root = root or os.getpid()
        self.include_root = include_root
        self.every = every
        self.peak = 0
        self.samples = []             # (seconds since start, summed RSS bytes)
        self._t0 = time.perf_counter()
        self.root_cpu = None          # last CPU seconds seen for root itself
        self._seen_cpu = {}           # descendant pid -> last CPU seconds seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self):
        table = _proc_table()
        children = {}
        for pid, (ppid, _rss, _cpu) in table.items():
            children.setdefault(ppid, []).append(pid)
        total, todo = 0, list(children.get(self.root, []))
        if self.include_root and self.root in table:
            total += table[self.root][1]
        while todo:
            pid = todo.pop()
            total += table[pid][1]
            self._seen_cpu[pid] = table[pid][2]
            todo.extend(children.get(pid, []))
        self.peak = max(self.peak, total)
        self.samples.append((time.perf_counter() - self._t0, total))
        cpu = _root_cpu(self.root)
        if cpu is not None:
            self.root_cpu = cpu

    @property
    def office_cpu(self):
        """CPU seconds of root's descendants (soffice) as last sampled."""
        return sum(self._seen_cpu.values())

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def tree_cpu():
    """CPU seconds of this process and of every child process reaped so far (soffice,
    tokki): the delta over one scenario is the CPU it cost, whatever else the machine ran."""
    import resource
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def pages(path):
    try:
        with open(path, "rb") as fh:
            return len(_PAGE.findall(fh.read()))
    except OSError:
        return 0


def pct(values, q):
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def result(name, n_docs, wall, latencies, peak, failures, outdir, reference, note="",
           office_cpu=None):
    counts = {}
    for stem, ref in reference.items():
        counts[stem] = pages(os.path.join(outdir, stem + ".pdf"))
    mismatched = sorted(s for s, p in counts.items() if p != reference[s])
    return {"name": name, "docs": n_docs, "wall_s": round(wall, 3),
            "docs_per_s": round(n_docs / wall, 2) if wall > 0 else None,
            "p50_ms": round(pct(latencies, 0.5) * 1000, 1) if latencies else None,
            "p95_ms": round(pct(latencies, 0.95) * 1000, 1) if latencies else None,
            "peak_rss_mb": round(peak / 2 ** 20), "failures": failures,
            "pages_match": len(mismatched) == 0, "pages_mismatched": mismatched[:10],
            "office_cpu_ms_per_doc": round(office_cpu * 1000 / n_docs, 1)
            if office_cpu else None,
            "note": note}


# -- scenarios -------------------------------------------------------------------------------

def tokki_cmd():
    exe = os.path.join(os.path.dirname(sys.executable), "tokki")
    return [exe] if os.path.exists(exe) else [sys.executable, "-m", "tokki_odf.cli"]


def run_tokki(work, csv_path, jobs, formats, tag):
    out = os.path.join(work, "out-" + tag)
    shutil.rmtree(out, ignore_errors=True)
    tmp = os.path.join(work, "tmp-" + tag)
    os.makedirs(tmp, exist_ok=True)
    cmd = tokki_cmd() + ["batch", "--template", TEMPLATE, "--answers", csv_path, "--out", out,
                         "--format", formats, "--jobs", str(jobs), "-q"]
    env = dict(os.environ, TMPDIR=tmp)
    # as installed (pip compiles tokki's modules to .pyc): a PYTHONDONTWRITEBYTECODE in
    # the environment would make every run compile them again (~0.1 s); the cache is
    # kept in the work folder, not in the checkout
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(work, "pycache")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            universal_newlines=True, cwd=ROOT, env=env)
    with PeakRSS(proc.pid, include_root=True) as rss:
        _out, err = proc.communicate()
    wall = time.perf_counter() - start
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as fh:
        summary = json.load(fh)
    latencies = [r["seconds"] for r in summary["rows"] if r["status"] == "done"]
    failed = [r for r in summary["rows"] if r["status"] == "failed"]
    leftovers = os.listdir(tmp)
    return {"out": out, "wall": wall, "latencies": latencies, "peak": rss.peak,
            "python_cpu": rss.root_cpu, "office_cpu": rss.office_cpu,
            "rss_samples": rss.samples,
            "failed": failed, "exit": proc.returncode, "stderr": err, "summary": summary,
            "leftovers": leftovers}


def prime(profile, soffice):
    """Prepare a profile with tokki's settings and start soffice on it once (the first
    start of a profile exits 81 and must not be timed)."""
    prepare_profile(profile, spellcheck=False)
    for _ in range(2):
        proc = subprocess.Popen([soffice, "-env:UserInstallation=file://" + profile]
                                + SOFFICE_ARGS + ["--terminate_after_init"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            rc = proc.wait(timeout=120)
        finally:
            kill_group(proc)
        if rc == 0:
            return
    raise RuntimeError("could not prime the profile %s" % profile)


def soffice_convert(soffice, profile, files, outdir, timeout=600):
    os.makedirs(outdir, exist_ok=True)
    proc = subprocess.Popen([soffice, "-env:UserInstallation=file://" + profile] + SOFFICE_ARGS
                            + ["--convert-to", "pdf", "--outdir", outdir] + list(files),
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return proc.wait(timeout=timeout)
    finally:
        kill_group(proc)


def run_lanes(lanes, fn):
    threads = [threading.Thread(target=fn, args=(i, lane)) for i, lane in enumerate(lanes)]
    start = time.perf_counter()
    with PeakRSS() as rss:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return time.perf_counter() - start, rss.peak, rss.office_cpu


def run_per_file(work, soffice, files, profiles):
    out = os.path.join(work, "out-per-file")
    shutil.rmtree(out, ignore_errors=True)
    lanes = [files[0::2], files[1::2]]
    latencies, failures = [], []

    def lane(i, chunk):
        for path in chunk:
            t0 = time.perf_counter()
            rc = soffice_convert(soffice, profiles[i], [path], out)
            latencies.append(time.perf_counter() - t0)
            stem = os.path.splitext(os.path.basename(path))[0]
            if rc != 0 or not os.path.exists(os.path.join(out, stem + ".pdf")):
                failures.append(stem)
    wall, peak, _cpu = run_lanes(lanes, lane)
    return out, wall, latencies, peak, failures


def run_batched(work, soffice, files, profiles, lanes=2):
    out = os.path.join(work, "out-batched")
    shutil.rmtree(out, ignore_errors=True)
    lanes = [files[: len(files) // 2], files[len(files) // 2:]] if lanes == 2 else [files]

    def lane(i, chunk):
        soffice_convert(soffice, profiles[i], chunk, out)
    wall, peak, office_cpu = run_lanes(lanes, lane)
    failures = [os.path.splitext(os.path.basename(p))[0] for p in files
                if not os.path.exists(os.path.join(out, os.path.splitext(
                    os.path.basename(p))[0] + ".pdf"))]
    return out, wall, peak, failures, office_cpu


def run_pool(work, files, jobs=2, main_thread=None):
    """tokki's warm pool alone (batch/pool.py) converting the same ODT files: the
    conversion engine without CSV, assembly and validation. Start-up included."""
    from tokki_odf.batch.pool import Job, Pool
    out = os.path.join(work, "out-pool")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    pool_work = os.path.join(work, "pool-work")
    os.makedirs(pool_work, exist_ok=True)
    latencies, failures = [], []
    start = time.perf_counter()
    with PeakRSS(include_root=True) as rss:
        pool = Pool(jobs, pool_work, main_thread=main_thread).start()
        try:
            for i, path in enumerate(files):
                stem = os.path.splitext(os.path.basename(path))[0]
                pool.submit(Job(i, path, [("pdf", os.path.join(out, stem + ".pdf"))]))
            for _ in files:
                r = pool.results.get()
                latencies.append(r.seconds)
                if not r.ok:
                    failures.append(r.error)
        finally:
            pool.close()
    return out, time.perf_counter() - start, latencies, rss.peak, failures, rss.office_cpu


# -- unoserver -----------------------------------------------------------------------------------

UNO_DRIVER = r"""
import json, os, sys, threading, time
from unoserver.client import UnoClient
ports, outdir, lists = json.loads(sys.argv[1])
clients = [UnoClient(port=str(p)) for p in ports]
for c in clients:                     # wait until each server answers (not timed)
    deadline = time.time() + 120
    while True:
        try:
            from xmlrpc.client import ServerProxy
            with ServerProxy("http://127.0.0.1:%s" % c.port) as proxy:
                proxy.info()
            break
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
lat, fail = [], []
def lane(c, files):
    for path in files:
        stem = os.path.splitext(os.path.basename(path))[0]
        t0 = time.perf_counter()
        try:
            c.convert(inpath=path, outpath=os.path.join(outdir, stem + ".pdf"),
                      convert_to="pdf", update_index=False)
        except Exception as exc:
            fail.append(stem)
        lat.append(time.perf_counter() - t0)
start = time.perf_counter()
ts = [threading.Thread(target=lane, args=(c, f)) for c, f in zip(clients, lists)]
[t.start() for t in ts]; [t.join() for t in ts]
print(json.dumps({"wall": time.perf_counter() - start, "lat": lat, "fail": fail}))
"""


def ensure_unoserver():
    """Path of the throw-away venv's python with unoserver, installing it if needed;
    None (and the reason) when it cannot be had."""
    py = os.path.join(UNOSERVER_VENV, "bin", "python")
    ok = os.path.exists(py) and subprocess.run(
        [py, "-c", "import unoserver.client, uno"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL).returncode == 0
    if ok:
        return py, None
    print("… installing unoserver %s into %s (for the benchmark only)"
          % (UNOSERVER_VERSION, UNOSERVER_VENV), flush=True)
    steps = [["/usr/bin/python3", "-m", "venv", "--system-site-packages", UNOSERVER_VENV],
             [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
              "unoserver==" + UNOSERVER_VERSION]]
    for step in steps:
        proc = subprocess.run(step, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True)
        if proc.returncode != 0:
            return None, "could not install unoserver: %s" % proc.stdout.strip()[-300:]
    return py, None


def run_unoserver(work, py, files, profiles):
    out = os.path.join(work, "out-unoserver")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    unoserver = os.path.join(os.path.dirname(py), "unoserver")
    servers = []
    ports = []
    try:
        for i, profile in enumerate(profiles):
            port, uno_port = 21003 + 10 * i, 21002 + 10 * i
            tmp = os.path.join(work, "uno-tmp-%d" % i)
            os.makedirs(tmp, exist_ok=True)
            log = open(os.path.join(work, "unoserver-%d.log" % i), "wb")
            servers.append(subprocess.Popen(
                [unoserver, "--interface", "127.0.0.1", "--uno-interface", "127.0.0.1",
                 "--port", str(port), "--uno-port", str(uno_port), "--user-installation",
                 profile, "--temp-dir", tmp], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True))
            log.close()
            ports.append(port)
        lists = [files[: len(files) // 2], files[len(files) // 2:]]
        with PeakRSS() as rss:
            proc = subprocess.run([py, "-c", UNO_DRIVER, json.dumps([ports, out, lists])],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  universal_newlines=True, timeout=900)
        if proc.returncode != 0:
            raise RuntimeError("unoserver driver failed: %s" % proc.stderr[-500:])
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        return out, data["wall"], data["lat"], rss.peak, data["fail"]
    finally:
        for server in servers:
            kill_group(server, grace=2)


# -- tokki's own CPU per document ---------------------------------------------------------------

def cpu_per_document(csv_path, pdf_dir):
    """CPU milliseconds per document of tokki's own work in this process (no LibreOffice):
    the stages of the batch's path (checks.checked_odt: validate in memory, serialise,
    round-trip guard) and, for comparison, the earlier path (serialise, reopen, validate)."""
    from tokki_odf.api import assemble_document, load_template
    from tokki_odf.batch import checks
    from tokki_odf.batch.rows import check_rows, read_rows
    from tokki_odf.io.package import odt_bytes
    template = load_template(TEMPLATE)
    clock = time.process_time
    t0 = clock()
    rows, _info = read_rows(csv_path, None, template)
    check_rows(template, rows)
    rows = [r for r in rows if r.error is None]
    t1 = clock()
    stages = {"rows (read + check)": (t1 - t0)}
    now = {"assemble": 0.0, "validate + serialise + guard": 0.0, "pdf check": 0.0}
    before = {"serialise": 0.0, "reopen": 0.0, "validate": 0.0}
    pdfs = sorted(os.path.join(pdf_dir, f) for f in os.listdir(pdf_dir) if f.endswith(".pdf"))
    for row in rows[:3]:              # warm up: lazy imports, compiled patterns, caches
        flat = assemble_document(template, row.answers, 1, where=row.where)
        checks.checked_odt(flat, row.where, odt_bytes, full=True)
    for i, row in enumerate(rows):
        a = clock()
        flat = assemble_document(template, row.answers, 1, where=row.where)
        b = clock()
        # as `tokki batch --format pdf` does: the package only the conversion reads is
        # stored, not deflated
        checks.checked_odt(flat, row.where, odt_bytes, compress=False)
        c = clock()
        if pdfs:
            checks.check_output("pdf", pdfs[i % len(pdfs)])
        d = clock()
        now["assemble"] += b - a
        now["validate + serialise + guard"] += c - b
        now["pdf check"] += d - c
        e = clock()
        data = odt_bytes(flat)
        f = clock()
        tree = checks.reopen_odt(data, row.where)
        g = clock()
        checks.validate_flat(tree)
        h = clock()
        before["serialise"] += f - e
        before["reopen"] += g - f
        before["validate"] += h - g
    n = len(rows)
    ms = lambda v: round(v * 1000 / n, 2)  # noqa: E731
    now_ms = {k: ms(v) for k, v in now.items()}
    now_ms["rows (read + check)"] = ms(stages["rows (read + check)"])
    return {"documents": n, "now": now_ms, "now_total": round(sum(now_ms.values()), 2),
            "before_stages": {k: ms(v) for k, v in before.items()},
            "before_total": round(ms(now["assemble"]) + sum(ms(v) for v in before.values())
                                  + ms(now["pdf check"]) + now_ms["rows (read + check)"], 2)}


def run_scale(work, sizes, jobs=2):
    """tokki batch --format pdf --jobs 2 on growing CSVs, once each: time linear in rows,
    RSS flat over the largest run."""
    out = []
    for n in sizes:
        csv_path = os.path.join(work, "scale-%d.csv" % n)
        write_csv(contracts(n), csv_path)
        r = run_tokki(work, csv_path, jobs, "pdf", "scale-%d" % n)
        done = sum(1 for x in r["summary"]["rows"] if x["status"] == "done")
        samples = [rss for _t, rss in r["rss_samples"]]
        k = max(1, len(samples) // 10)
        # after start-up (first tenth) vs the last tenth of the run
        early = sorted(samples[k:2 * k])[len(samples[k:2 * k]) // 2] if len(samples) > 2 * k \
            else samples[0]
        late = sorted(samples[-k:])[len(samples[-k:]) // 2]
        out.append({"rows": n, "done": done, "wall_s": round(r["wall"], 1),
                    "docs_per_s": round(done / r["wall"], 2),
                    "ms_per_doc": round(r["wall"] * 1000 / done, 1),
                    "peak_rss_mb": round(r["peak"] / 2 ** 20),
                    "rss_early_mb": round(early / 2 ** 20), "rss_late_mb": round(late / 2 ** 20),
                    "python_cpu_ms_per_doc": round(r["python_cpu"] / done * 1000, 1)
                    if r["python_cpu"] else None,
                    "loadavg": round(os.getloadavg()[0], 2), "exit": r["exit"]})
        print("  scale %5d rows: %.1f docs/s, RSS %d -> %d MB (peak %d), load %.2f"
              % (n, out[-1]["docs_per_s"], out[-1]["rss_early_mb"], out[-1]["rss_late_mb"],
                 out[-1]["peak_rss_mb"], out[-1]["loadavg"]), flush=True)
        shutil.rmtree(r["out"], ignore_errors=True)
    return out


# -- main ------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200, help="contracts (2 of them bad)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each fast scenario")
    ap.add_argument("--no-unoserver", action="store_true", help="skip the unoserver baseline")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--key", type=int, default=0, metavar="N",
                    help="only the two key ratios, N rounds of back-to-back pairs (pool x1 / "
                         "one batched call, tokki -j2 / two batched calls) -> batch-key.md")
    ap.add_argument("--scale", default="200,1000,2000",
                    help="row counts for the linearity/RSS runs (once each; '' to skip)")
    args = ap.parse_args(argv)
    soffice = find_soffice()
    if not soffice:
        print("bench/batch.py: LibreOffice (soffice) is needed", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    info = describe_machine()
    began = time.perf_counter()
    work = tempfile.mkdtemp(prefix="tokki-bench-")
    # every soffice of the baselines leaves lu*.tmp folders in $TMPDIR: keep them in work
    os.makedirs(os.path.join(work, "tmp"))
    os.environ["TMPDIR"] = os.path.join(work, "tmp")
    notes = []
    try:
        csv_path = os.path.join(work, "contracts.csv")
        bad = tuple(b for b in BAD if b < args.rows)
        write_csv(contracts(args.rows, bad=bad), csv_path)
        n_docs = args.rows - len(bad)

        # The issue's "done means" run; its ODT files are the baselines' inputs.
        done = run_tokki(work, csv_path, 2, "odt,pdf", "done")
        s = done["summary"]
        pairs = sum(1 for r in s["rows"] if r["status"] == "done"
                    and {o["format"] for o in r["outputs"]} == {"odt", "pdf"})
        done_means = {"rows": s["totals"]["rows"], "odt_pdf_pairs": pairs,
                      "failed_rows": [(r["row"], r["id"], r.get("key")) for r in done["failed"]],
                      "exit": done["exit"], "tmp_left": done["leftovers"],
                      "wall_s": round(done["wall"], 2)}
        inputs = os.path.join(work, "inputs")
        os.makedirs(inputs)
        reference = {}
        for rec in s["rows"]:
            for o in rec["outputs"]:
                if o["format"] == "odt":
                    shutil.copy(os.path.join(done["out"], o["file"]), inputs)
                if o["format"] == "pdf":
                    reference[rec["id"]] = o["pages"]
        files = sorted(os.path.join(inputs, f) for f in os.listdir(inputs))
        assert len(files) == n_docs, (len(files), n_docs)

        profiles = [os.path.join(work, "profile-%d" % i) for i in range(2)]
        for p in profiles:
            prime(p, soffice)
        uno_py, why = (None, "skipped (--no-unoserver)") if args.no_unoserver or args.key \
            else ensure_unoserver()
        if why:
            notes.append("unoserver: " + why)
        uno_profiles = [os.path.join(work, "uno-profile-%d" % i) for i in range(2)]
        if uno_py:
            for p in uno_profiles:
                prime(p, soffice)

        runs = {}

        reruns = {}
        sink = [runs]
        mark = [None]

        def record(name, res):
            res["loadavg"] = round(os.getloadavg()[0], 2)
            if mark[0] is not None:
                res["cpu_ms_per_doc"] = round((tree_cpu() - mark[0]) * 1000 / n_docs, 1)
                mark[0] = None
            sink[0].setdefault(name, []).append(res)
            print("  %-18s %6.1f docs/s  (%.1f s, load %.2f)"
                  % (name, res["docs_per_s"], res["wall_s"], res["loadavg"]), flush=True)

        record("tokki-odt+pdf-j2", result(
            "tokki-odt+pdf-j2", n_docs, done["wall"], done["latencies"], done["peak"],
            len(done["failed"]) - len(bad), done["out"], reference,
            "CSV → ODT + PDF, 2 workers; latency = assembly + validation + conversion"))
        def tokki(jobs):
            r = run_tokki(work, csv_path, jobs, "pdf", "j%d" % jobs)
            if r["leftovers"]:
                notes.append("tokki-j%d left %s in TMPDIR" % (jobs, r["leftovers"]))
            res = result(
                "tokki-j%d" % jobs, n_docs, r["wall"], r["latencies"], r["peak"],
                len(r["failed"]) - len(bad), r["out"], reference,
                "CSV → PDF, %d warm worker(s), soffice start-up included" % jobs,
                office_cpu=r["office_cpu"])
            if r["python_cpu"]:
                res["python_cpu_ms_per_doc"] = round(r["python_cpu"] / n_docs * 1000, 1)
            record("tokki-j%d" % jobs, res)

        def pool(jobs=2):
            out, wall, lat, peak, fails, ocpu = run_pool(work, files, jobs)
            record("tokki-pool-x%d" % jobs, result(
                "tokki-pool-x%d" % jobs, n_docs, wall, lat, peak, len(fails), out, reference,
                "tokki's warm pool alone (%d worker%s) on the same ODT files (no CSV, "
                "assembly, validation); RSS includes the benchmark's own Python"
                % (jobs, "s" if jobs > 1 else ""), office_cpu=ocpu))

        def pool_bridge():
            out, wall, lat, peak, fails, ocpu = run_pool(work, files, 1, main_thread=False)
            record("tokki-pool-x1-bridge", result(
                "tokki-pool-x1-bridge", n_docs, wall, lat, peak, len(fails), out, reference,
                "the same pool, 1 worker, with load/store/close on a UNO bridge thread (the "
                "way before issue 16) instead of soffice's main thread", office_cpu=ocpu))

        def batched(lanes=2):
            out, wall, peak, fails, ocpu = run_batched(work, soffice, files, profiles, lanes)
            record("cli-batched-x%d" % lanes, result(
                "cli-batched-x%d" % lanes, n_docs, wall, [], peak, len(fails), out, reference,
                "%d × `soffice --convert-to pdf` with %d files each; no per-document latency"
                % (lanes, len(files) // lanes), office_cpu=ocpu))

        def unoserver():
            out, wall, lat, peak, fails = run_unoserver(work, uno_py, files, uno_profiles)
            record("unoserver-x2", result(
                "unoserver-x2", n_docs, wall, lat, peak, len(fails), out, reference,
                "2 servers, 2 client threads, update_index off; server start-up not timed"))

        if args.key:
            def marked(fn):
                def go():
                    mark[0] = tree_cpu()
                    fn()
                return go
            return key_ratios(args, info, began, runs, [marked(lambda: pool(1)),
                                                         marked(lambda: batched(1)),
                                                         marked(lambda: tokki(2)),
                                                         marked(lambda: batched(2))])
        scenarios = [lambda: tokki(2), batched, pool, lambda: tokki(1), lambda: pool(1),
                     lambda: batched(1), pool_bridge]
        if uno_py:
            scenarios.append(unoserver)
        for rep in range(args.repeat):
            # the machine may be shared: rotate the order so that no scenario always
            # follows the same one
            k = rep % len(scenarios)
            for run in scenarios[k:] + scenarios[:k]:
                mark[0] = tree_cpu()
                run()
        cpu_doc = cpu_per_document(csv_path, os.path.join(work, "out-j2"))
        print("  tokki CPU per document: %.2f ms (before issue 16's path: %.2f ms)"
              % (cpu_doc["now_total"], cpu_doc["before_total"]), flush=True)
        # the key ratios once more, back to back, if another load was on during the repeats
        rerun = []
        if os.getloadavg()[0] > 2.5:
            rerun.append(round(os.getloadavg()[0], 2))
            sink[0] = reruns
            for fn in (lambda: pool(1), lambda: batched(1), lambda: tokki(2),
                       lambda: batched(2)):
                mark[0] = tree_cpu()
                fn()
            sink[0] = runs
        sizes = [int(x) for x in args.scale.split(",") if x.strip()]
        scale = run_scale(work, sizes) if sizes else []
        out, wall, lat, peak, fails = run_per_file(work, soffice, files, profiles)
        record("cli-per-file", result(
            "cli-per-file", n_docs, wall, lat, peak, len(fails), out, reference,
            "one `soffice --convert-to pdf` process per file, 2 lanes (profile each)"))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    median = {name: sorted(rs, key=lambda r: r["docs_per_s"])[len(rs) // 2]
              for name, rs in runs.items()}
    for name, rs in runs.items():
        median[name]["runs_docs_per_s"] = [r["docs_per_s"] for r in rs]
        median[name]["runs_loadavg"] = [r["loadavg"] for r in rs]
    ours = median["tokki-j2"]["docs_per_s"]
    batched = median["cli-batched-x2"]["docs_per_s"]
    per_file = median["cli-per-file"]["docs_per_s"]
    pool1 = median["tokki-pool-x1"]["docs_per_s"]
    batched1 = median["cli-batched-x1"]["docs_per_s"]
    targets = {
        "pool alone, 1 worker >= 1.0x one batched CLI call": [round(pool1 / batched1, 2),
                                                               pool1 >= batched1],
        "tokki batch --jobs 2 (CSV -> checked PDFs) >= 0.95x two batched CLI calls": [
            round(ours / batched, 2), ours >= 0.95 * batched],
        "PDF throughput >= 4x one process per file": [round(ours / per_file, 2),
                                                      ours >= 4 * per_file],
        "tokki CPU per document (assembly + validation + checks) <= 5 ms": [
            cpu_doc["now_total"], cpu_doc["now_total"] <= 5.0],
    }
    targets["(info) tokki's pool alone vs two batched CLI calls"] = [
        round(median["tokki-pool-x2"]["docs_per_s"] / batched, 2), None]
    targets["(info) --jobs 2 / --jobs 1 (1.0 = no gain from the second core)"] = [
        round(ours / median["tokki-j1"]["docs_per_s"], 2), None]
    if "tokki-pool-x1-bridge" in median:
        targets["(info) pool 1 worker: main thread / bridge thread"] = [
            round(pool1 / median["tokki-pool-x1-bridge"]["docs_per_s"], 2), None]
    ocpu = [median[n].get("office_cpu_ms_per_doc") for n in ("tokki-j2", "cli-batched-x2")]
    if all(ocpu):
        targets["(info) soffice CPU per document, tokki -j2's workers / two batched calls "
                "(sampled)"] = [round(ocpu[0] / ocpu[1], 2), None]
    if "unoserver-x2" in median:
        targets["(info) vs unoserver x2"] = [round(ours / median["unoserver-x2"]["docs_per_s"], 2),
                                             None]
    info["loadavg_end"] = os.getloadavg()[0]
    report = {"machine": info, "rows": args.rows, "documents": n_docs, "repeat": args.repeat,
              "done_means": done_means, "results": median, "reruns": reruns,
              "cpu_per_document": cpu_doc, "scale": scale, "rerun_at_load": rerun,
              "targets": targets, "notes": notes,
              "bench_seconds": round(time.perf_counter() - began, 1)}
    write_results(args.out, "batch", report, render)
    return 0


def key_ratios(args, info, began, runs, pairs):
    """N rounds of the two pairs back to back (order alternating each round), each pair's
    ratio taken within its round so that a change of the machine's load between rounds
    cancels; the median of the rounds' ratios is reported."""
    rounds = []
    for rep in range(args.key):
        order = pairs if rep % 2 == 0 else pairs[1::-1] + pairs[:1:-1]
        for run in order:
            run()
        rounds.append({name: rs[-1] for name, rs in runs.items()})
    rows = []
    for r in rounds:
        rows.append({"pool_x1": r["tokki-pool-x1"]["docs_per_s"],
                     "cli_x1": r["cli-batched-x1"]["docs_per_s"],
                     "tokki_j2": r["tokki-j2"]["docs_per_s"],
                     "cli_x2": r["cli-batched-x2"]["docs_per_s"],
                     "cpu": [r[n].get("cpu_ms_per_doc") for n in (
                         "tokki-pool-x1", "cli-batched-x1", "tokki-j2", "cli-batched-x2")],
                     "office_cpu": [r[n].get("office_cpu_ms_per_doc") for n in (
                         "tokki-pool-x1", "cli-batched-x1", "tokki-j2", "cli-batched-x2")],
                     "python_cpu": r["tokki-j2"].get("python_cpu_ms_per_doc"),
                     "load": [r[n]["loadavg"] for n in ("tokki-pool-x1", "cli-batched-x1",
                                                        "tokki-j2", "cli-batched-x2")]})
    med = lambda v: sorted(v)[len(v) // 2]  # noqa: E731
    r1 = med([x["pool_x1"] / x["cli_x1"] for x in rows])
    r2 = med([x["tokki_j2"] / x["cli_x2"] for x in rows])
    info["loadavg_end"] = os.getloadavg()[0]
    report = {"machine": info, "rows": args.rows, "rounds": rows,
              "pool_x1_vs_cli_x1": round(r1, 2), "tokki_j2_vs_cli_x2": round(r2, 2),
              "bench_seconds": round(time.perf_counter() - began, 1)}

    def render_key(r):
        lines = ["# PDF batch benchmark: the key ratios, rerun", "", render_machine(r["machine"]),
                 "", "%d rows, %d rounds; in each round the four runs back to back (order "
                 "alternating), the ratios taken within the round, median of the rounds. "
                 "soffice CPU: what the soffice processes of each of the four used per "
                 "document, sampled from /proc every 0.2 s (the last moments of each "
                 "process are not seen); tokki Python: the CPU of the tokki -j2 process "
                 "itself per document. Load "
                 "column: 1-minute load average after each of the four runs; %s "
                 "Whole run: %.0f s."
                 % (r["rows"], len(r["rounds"]),
                    sharing([v for x in r["rounds"] for v in x["load"]], r["machine"]),
                    r["bench_seconds"]), "",
                 "| round | pool x1 | cli batched x1 | ratio | tokki -j2 | cli batched x2 | ratio "
                 "| CPU ms/doc of the four (process tree) | soffice CPU ms/doc of the four "
                 "| tokki Python ms/doc | load |",
                 "|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|"]
        for i, x in enumerate(r["rounds"], 1):
            lines.append("| %d | %.1f | %.1f | %.2f× | %.1f | %.1f | %.2f× | %s | %s | %s | %s |"
                         % (i, x["pool_x1"], x["cli_x1"], x["pool_x1"] / x["cli_x1"],
                            x["tokki_j2"], x["cli_x2"], x["tokki_j2"] / x["cli_x2"],
                ", ".join("%.1f" % v for v in x["cpu"] if v is not None),
                ", ".join("–" if v is None else "%.1f" % v for v in x.get("office_cpu", [])),
                "–" if x.get("python_cpu") is None else "%.1f" % x["python_cpu"],
                ", ".join("%.1f" % v for v in x["load"])))
        lines += ["", "| target | median ratio | result |", "|---|---:|---|",
                  "| pool alone, 1 worker >= 1.0x one batched CLI call | %.2f× | %s |"
                  % (r["pool_x1_vs_cli_x1"], "met" if r["pool_x1_vs_cli_x1"] >= 1.0
                     else "**MISSED**"),
                  "| tokki batch --jobs 2 >= 0.95x two batched CLI calls | %.2f× | %s |"
                  % (r["tokki_j2_vs_cli_x2"], "met" if r["tokki_j2_vs_cli_x2"] >= 0.95
                     else "**MISSED**"), ""]
        return "\n".join(lines)
    write_results(args.out, "batch-key", report, render_key)
    return 0


ORDER = ["tokki-j2", "tokki-j1", "tokki-odt+pdf-j2", "tokki-pool-x2", "tokki-pool-x1",
         "tokki-pool-x1-bridge", "cli-batched-x2", "cli-batched-x1", "unoserver-x2", "cli-per-file"]


def sharing(loads, machine):
    """What the recorded loads say about other work on the machine (said from the
    numbers, not assumed)."""
    try:
        cpus = int(machine.get("nproc"))
    except (TypeError, ValueError):
        cpus = os.cpu_count() or 1
    if not loads:
        return "no load recorded."
    top = max(loads)
    if top > cpus + 0.5:
        return ("it reached %.1f on %d CPUs, more than the benchmark's own processes "
                "make: other work shared the machine during the run." % (top, cpus))
    return ("at most %.1f on %d CPUs, what the benchmark's own processes make: no sign "
            "of other work on the machine." % (top, cpus))


def render(r):
    fmt = lambda v, f="%.0f": "–" if v is None else f % v  # noqa: E731
    lines = ["# PDF batch benchmark", "", render_machine(r["machine"]), "",
             ("%d generated contracts in a CP932 CSV (2 with mistakes) → %d PDFs. "
              "Median of %d interleaved runs for each scenario except cli-per-file (1 run); "
              "all runs' docs/s, with the 1-minute load average after each, in the runs "
              "column; " % (r["rows"], r["documents"], r["repeat"]))
             + sharing([v for x in r["results"].values() for v in x.get("runs_loadavg", [])],
                       r["machine"]) + " "
             "CPU ms/doc: CPU seconds of the whole process tree (the benchmark's or tokki's "
             "Python and every soffice) per document; another engineer's load changes it "
             "much less than docs/s. It is what the kernel reports for reaped children: "
             "tokki kills its workers' soffice group at the end of a run (their profiles "
             "are deleted anyway), so their soffice.bin is reaped by init and its CPU is "
             "missing from the tokki rows — compare CPU only between the baselines. "
             "soffice CPU ms/doc: what the soffice processes of the run used per document, "
             "sampled from /proc every 0.2 s (tokki's workers included; the last moments "
             "of each process are not seen, the same for every scenario). "
             "Whole benchmark: %.0f s." % r["bench_seconds"], "",
             "| scenario | docs/s | CPU ms/doc | soffice CPU ms/doc | p50 ms | p95 ms "
             "| peak RSS MB | failures | pages match | runs: docs/s (load) | how |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for name in ORDER:
        x = r["results"].get(name)
        if not x:
            continue
        lines.append("| %s | %.1f | %s | %s | %s | %s | %d | %d | %s | %s | %s |" % (
            name, x["docs_per_s"], fmt(x.get("cpu_ms_per_doc"), "%.1f"),
            fmt(x.get("office_cpu_ms_per_doc"), "%.1f"), fmt(x["p50_ms"]),
            fmt(x["p95_ms"]), x["peak_rss_mb"],
            x["failures"], "yes" if x["pages_match"] else "NO %s" % x["pages_mismatched"],
            ", ".join("%.1f (%.1f)" % vl for vl in zip(x["runs_docs_per_s"], x["runs_loadavg"])),
            x["note"]))
    lines += ["", "| target | ratio | result |", "|---|---:|---|"]
    for name, (ratio, ok) in r["targets"].items():
        lines.append("| %s | %s | %s |" % (
            name, "%.2f ms" % ratio if name.startswith("tokki CPU") else "%.2f×" % ratio,
            "–" if ok is None else "met" if ok else "**MISSED**"))
    res = r["results"]
    c = r["cpu_per_document"]
    lines += ["", "tokki's own CPU per document (in-process, %d documents, no LibreOffice; "
              "`time.process_time`): **%.2f ms** now, %.2f ms with the earlier path "
              "(serialise, reopen, validate the reopened tree)." % (
                  c["documents"], c["now_total"], c["before_total"]), "",
              "| stage (now) | ms/doc |", "|---|---:|"]
    for k, v in c["now"].items():
        lines.append("| %s | %.2f |" % (k, v))
    lines.append("| earlier path instead of 'validate + serialise + guard': %s | %.2f |" % (
        " + ".join("%s %.2f" % kv for kv in c["before_stages"].items()),
        sum(c["before_stages"].values())))
    if r.get("reruns"):
        lines += ["", "Key ratios rerun back to back because the 1-minute load was %s after "
                  "the repeats (another engineer's work on the same 2 cores):" % r["rerun_at_load"],
                  "", "| scenario | docs/s (load) |", "|---|---|"]
        for name, rs in r["reruns"].items():
            lines.append("| %s | %s |" % (name, ", ".join(
                "%.1f (%.1f)" % (x["docs_per_s"], x["loadavg"]) for x in rs)))
    if r.get("scale"):
        lines += ["", "Scale (`tokki batch --format pdf --jobs 2`, once each): time linear in "
                  "rows, RSS flat (RSS of tokki + its soffice workers, median of the second "
                  "tenth vs the last tenth of the run; workers recycle every 200 documents).",
                  "", "| rows | PDFs | wall s | docs/s | ms/doc | RSS early MB | RSS late MB "
                  "| peak RSS MB | tokki CPU ms/doc (whole process) | load after |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for x in r["scale"]:
            lines.append("| %d | %d | %.1f | %.2f | %.1f | %d | %d | %d | %s | %.2f |" % (
                x["rows"], x["done"], x["wall_s"], x["docs_per_s"], x["ms_per_doc"],
                x["rss_early_mb"], x["rss_late_mb"], x["peak_rss_mb"],
                "–" if x["python_cpu_ms_per_doc"] is None
                else "%.1f" % x["python_cpu_ms_per_doc"],
                x["loadavg"]))
    if "tokki-j1" in res and "tokki-j2" in res:
        j1, j2 = res["tokki-j1"]["docs_per_s"], res["tokki-j2"]["docs_per_s"]
        lines += ["", "Scaling: --jobs 1 %.1f docs/s, --jobs 2 %.1f docs/s (%.2f×). One soffice "
                  "worker needs about one core, so this predicts ~%.0f docs/s per core on this "
                  "kind of machine and N × that with --jobs N on N free cores (or N shards on N "
                  "machines, docs/batch-scale-out.md); on a 2-core machine the second worker "
                  "competes with tokki's own Python (and with any other load)."
                  % (j1, j2, j2 / j1, j2 / 2)]
    d = r["done_means"]
    lines += ["", "Done-means run (`tokki batch --format odt,pdf --jobs 2` on the CSV): "
              "%d rows → %d ODT+PDF pairs, failed rows %s, exit %d, %.1f s, TMPDIR left %s."
              % (d["rows"], d["odt_pdf_pairs"],
                 ", ".join("row %d (id=%s, key %s)" % tuple(f) for f in d["failed_rows"]),
                 d["exit"], d["wall_s"], d["tmp_left"] or "empty")]
    for note in r["notes"]:
        lines.append("- " + note)
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
