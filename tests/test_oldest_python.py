"""The extension's Python runs on the oldest interpreter a supported LibreOffice bundles.

LibreOffice on Windows and macOS brings its own Python; the oldest among the versions we
support (docs/versions.md) is 3.8. This runs, under a Python 3.8 from pyenv, what the .oxt
ships: the engine (src/tokki_odf/core/ and the files tools/oxt.py packs with it) and the
extension's pure modules (urls, i18n, form, core, store), imported from the built .oxt
as LibreOffice imports them, then a real assembly and validation of the bundled R5
template with the engine's own example answers.
"""
import glob
import json
import os
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OLDEST = (3, 8)
CANDIDATES = [os.path.expanduser("~/.pyenv/versions/%d.%d.*/bin/python" % OLDEST),
              "/root/.pyenv/versions/%d.%d.*/bin/python" % OLDEST,
              "/usr/bin/python%d.%d" % OLDEST]


def oldest_python():
    for pattern in CANDIDATES:
        for path in sorted(glob.glob(pattern), reverse=True):
            if os.access(path, os.X_OK):
                return path
    return None


SCRIPT = r"""
import compileall, json, os, sys
pythonpath = sys.argv[1]
answers = json.loads(sys.argv[2])
assert sys.version_info[:2] == (3, 8), sys.version
sys.path.insert(0, pythonpath)
# every .py the .oxt ships compiles on this Python (quiet=1: only errors are printed)
assert compileall.compile_dir(pythonpath, quiet=1, legacy=True, force=True)
from org_tokki_odf import core, form, i18n, store, urls
assert core.PACKAGED, "the engine must come from the .oxt, not src/"
names = [name for name, _ in core.bundled_templates()]
assert "tokki-r5" in names, names
template = core.load_template(core.find_template("tokki-r5"))
assert form.fields(template)
assert form.problems(template, answers) == []
made = core.assemble(template, answers)
paragraphs = made.paragraphs()
assert any(p.startswith("第1条") for p in paragraphs), paragraphs[:5]
report = core.validate(paragraphs)
assert report.findings is not None and not report.errors, report.errors
assert urls.parse("vnd.tokki:assemble") is not None
print("ok", sys.version.split()[0], len(paragraphs), "paragraphs")
"""


def test_oxt_python_runs_on_the_oldest_bundled_python(tmp_path):
    python = oldest_python()
    if python is None:
        pytest.skip("no Python %d.%d here (pyenv install %d.%d.18): CI must have it"
                    % (OLDEST + OLDEST))
    sys.path.insert(0, ROOT)
    try:
        from tools.oxt import build_oxt
    finally:
        sys.path.pop(0)
    oxt = build_oxt(str(tmp_path / "dist"))
    unpacked = tmp_path / "oxt"
    with zipfile.ZipFile(oxt) as zf:
        zf.extractall(str(unpacked))
    with open(os.path.join(ROOT, "examples", "answers", "r5-restricted.json"),
              encoding="utf-8") as fh:
        answers = json.load(fh)
    answers.setdefault("client_name", "豊島区")   # the dialog asks 委託者 and the court:
    answers.setdefault("court", "東京地方裁判所")  # a sample default is no answer
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([python, "-I", "-c", SCRIPT, str(unpacked / "pythonpath"),
                           json.dumps(answers, ensure_ascii=False)],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=env, cwd=str(tmp_path), timeout=300)
    out = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0, out
    assert out.startswith("ok 3.8."), out
