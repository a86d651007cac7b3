"""`pip install .` into a fresh virtual environment works from any folder: the bundled
templates ship as package data (tokki report, tokki assemble r5). Slow (~15 s): it
builds and installs the wheel; `-m "not slow"` leaves it out. Needs no network: the
package has no required dependencies."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_a_fresh_install_finds_its_templates_from_any_folder(tmp_path):
    venv = tmp_path / "venv"
    work = tmp_path / "elsewhere"
    work.mkdir()
    # a copy of what a clone has, so the build's build/ and *.egg-info stay out of the repo
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE", "NOTICE"):
        shutil.copy(str(REPO / name), str(source / name))
    for name in ("src", "templates"):
        shutil.copytree(str(REPO / name), str(source / name),
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(source)],
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True, timeout=300)
        if pip.returncode != 0:
            pytest.skip("pip cannot install here (no build backend offline?): "
                        + pip.stdout.strip().splitlines()[-1])
        shutil.copy(str(REPO / "examples" / "answers" / "r5-standard.json"), str(work / "a.json"))
        tokki = str(venv / "bin" / "tokki")
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        env.pop("TOKKI_TEMPLATES", None)
        for argv, out in ((["report", "--answers", "a.json", "--out", "r.odt"], "r.odt"),
                          (["assemble", "r5", "--answers", "a.json", "--out", "x.odt"], "x.odt")):
            proc = subprocess.run([tokki] + argv, cwd=str(work), env=env, timeout=120,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  universal_newlines=True)
            assert proc.returncode == 0, proc.stderr
            assert (work / out).stat().st_size > 1000
        # the validate rules' phrases ship too (package data: templates/recognition.json)
        proc = subprocess.run([tokki, "validate", "--json", "x.odt"], cwd=str(work), env=env,
                              timeout=120, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["coverage"]["7"], proc.stdout
        listed = subprocess.run([tokki, "templates"], cwd=str(work), env=env, timeout=60,
                                stdout=subprocess.PIPE, universal_newlines=True).stdout
        assert "site-packages" in listed and "report-r5" in listed
    finally:
        shutil.rmtree(str(venv), ignore_errors=True)
        shutil.rmtree(str(source), ignore_errors=True)
