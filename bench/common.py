"""What the benchmarks share: the one description of the machine they ran on, and
writing results (FOLDER/NAME.json + .md). Imported as `from common import …` (the
scripts run from any folder: each puts bench/ on sys.path)."""
import datetime
import json
import os
import platform
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              universal_newlines=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def describe_machine():
    """The machine a benchmark ran on: cores, CPU model, memory, LibreOffice, load."""
    model = ""
    for line in _run(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    if not model:
        try:
            with open("/proc/cpuinfo") as fh:
                model = next((l.split(":", 1)[1].strip() for l in fh
                              if l.startswith("model name")), "")
        except OSError:
            pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(re.search(r"MemTotal:\s+(\d+)", fh.read()).group(1))
            mem = "%.1f GiB" % (kb / 2 ** 20)
    except (OSError, AttributeError):
        pass
    sys.path.insert(0, os.path.join(ROOT, "src"))
    try:
        from tokki_odf.office.soffice import find_soffice
    finally:
        sys.path.pop(0)
    soffice = find_soffice()
    office = _run([soffice, "--version"]).strip() if soffice else ""
    commit = _run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip()
    if commit and _run(["git", "-C", ROOT, "status", "--porcelain", "-uno"]).strip():
        commit += " with uncommitted changes"     # the numbers are not that commit's
    return {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "nproc": _run(["nproc"]).strip() or str(os.cpu_count() or 0), "cpu": model,
            "memory": mem, "libreoffice": office, "python": platform.python_version(),
            "kernel": platform.release(), "commit": commit,
            "loadavg_start": os.getloadavg()[0]}


def render_machine(m):
    return ("Machine: %s CPU(s) (`nproc`), %s, %s RAM; %s; Python %s; Linux %s; "
            "commit %s; %s; 1-min load average at start %.2f%s."
            % (m["nproc"], m["cpu"] or "unknown CPU", m["memory"], m["libreoffice"] or
               "LibreOffice not found", m["python"], m["kernel"], m["commit"], m["date"],
               m["loadavg_start"],
               ", at end %.2f" % m["loadavg_end"] if "loadavg_end" in m else ""))


def write_results(folder, name, report, render):
    """FOLDER/NAME.json (the numbers) and FOLDER/NAME.md (rendered), and print the latter."""
    with open(os.path.join(folder, name + ".json"), "w", encoding="utf-8") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    md = render(report)
    with open(os.path.join(folder, name + ".md"), "w", encoding="utf-8") as fh:
        fh.write(md)
    sys.stdout.write(md)
