"""tokki batch end to end for ODT (in-process, no LibreOffice): exit codes, summary,
resume, shards, editable vs final outputs, atomic writes, inputs left untouched."""
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tokki_odf.core.assembly.assemble import recorded_answers
from tokki_odf.batch import Options, run_batch
from tokki_odf.batch import checks
from tokki_odf.batch.rows import InputError
from support.sample import contracts, write_csv, write_jsonl
from tokki_odf.io.package import load_flat

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "tokki-r5.fodt"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run(answers, out, **kw):
    kw.setdefault("formats", ("odt",))
    summary = out / kw.pop("summary", "summary.json")
    err = io.StringIO()
    code = run_batch(Options(template=str(kw.pop("template", TEMPLATE)), answers=str(answers),
                             out=str(out), **kw), err)
    data = json.loads(summary.read_text(encoding="utf-8")) if summary.exists() else None
    return code, data, err.getvalue()


@pytest.fixture
def csv12(tmp_path):
    path = tmp_path / "契約一覧.csv"
    write_csv(contracts(12, bad=(3, 8)), str(path))
    return path


def test_bad_rows_reported_others_made_inputs_untouched(tmp_path, csv12):
    before = sha(csv12), sha(TEMPLATE)
    out = tmp_path / "out"
    code, data, err = run(csv12, out)
    assert code == 1
    assert (sha(csv12), sha(TEMPLATE)) == before
    assert data["totals"] == {"rows": 12, "done": 10, "failed": 2, "skipped": 0, "pending": 0}
    assert data["complete"] is True and data["answers_encoding"] == "cp932"
    failed = [r for r in data["rows"] if r["status"] == "failed"]
    assert [(r["row"], r["id"], r["key"], r["stage"]) for r in failed] == [
        (5, "R5-0004", "business_name", "check"), (10, "R5-0009", "subcontract", "check")]
    assert "✗ row 5 (id=R5-0004): business_name（業務名）is required" in err
    assert "10 done, 2 failed of 12 rows" in err.splitlines()[-1]
    made = sorted(p.name for p in out.iterdir())
    assert made == sorted(["summary.json"] + ["R5-%04d.odt" % i for i in range(1, 13)
                                              if i not in (4, 9)])
    for rec in data["rows"]:
        if rec["status"] == "done":
            (odt,) = rec["outputs"]
            assert odt["sha256"] == sha(out / odt["file"]) and rec["seconds"] >= 0
            if checks.validator():
                assert rec["validated"] is True
                assert not checks.errors_of(rec["findings"])


def test_outputs_are_final_by_default_and_editable_on_request(tmp_path, csv12):
    code, _, _ = run(csv12, tmp_path / "final")
    code, _, _ = run(csv12, tmp_path / "editable", editable=True)
    final = load_flat(str(tmp_path / "final" / "R5-0001.odt"))
    editable = load_flat(str(tmp_path / "editable" / "R5-0001.odt"))
    assert recorded_answers(final) is None
    assert not list(final.iter("{%s}content-control" % LOEXT))
    name, answers, start = recorded_answers(editable)
    assert answers["business_name"] == "住民情報システム運用保守業務（その1）" and start == 1


def test_resume_skips_what_is_up_to_date(tmp_path, csv12):
    out = tmp_path / "out"
    run(csv12, out)
    stamp = {p.name: p.stat().st_mtime_ns for p in out.glob("*.odt")}
    code, data, err = run(csv12, out, resume=True)
    assert code == 1 and data["totals"]["skipped"] == 10 and data["totals"]["done"] == 0
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.odt")} == stamp
    assert all(len(r["outputs"]) == 1 for r in data["rows"] if r["status"] == "skipped")

    # one row changed, one output edited by hand, one deleted: exactly those are redone
    rows = contracts(12, bad=(3, 8))
    rows[0]["court"] = "大阪地方裁判所"
    write_csv(rows, str(csv12))
    (out / "R5-0002.odt").write_bytes(b"edited")
    (out / "R5-0003.odt").unlink()
    code, data, _ = run(csv12, out, resume=True)
    redone = sorted(r["id"] for r in data["rows"] if r["status"] == "done")
    assert redone == ["R5-0001", "R5-0002", "R5-0003"]
    assert data["totals"]["skipped"] == 7

    # another template (here: the same text, different bytes) redoes every row
    other = tmp_path / "tokki-r5-copy.fodt"
    other.write_bytes(TEMPLATE.read_bytes() + b"\n")
    code, data, _ = run(csv12, out, resume=True, template=other)
    assert data["totals"]["done"] == 10 and data["totals"]["skipped"] == 0


def test_without_resume_everything_is_made_again(tmp_path, csv12):
    out = tmp_path / "out"
    run(csv12, out)
    code, data, _ = run(csv12, out)
    assert data["totals"]["done"] == 10


def test_shards_make_disjoint_parts(tmp_path, csv12):
    out = tmp_path / "out"
    made = []
    for k in (1, 2, 3):
        code, data, _ = run(csv12, out, shard=(k, 3), summary="summary-%d-of-3.json" % k)
        assert data["shard"] == "%d/3" % k
        made += [r["id"] for r in data["rows"]]
    assert sorted(made) == ["R5-%04d" % i for i in range(1, 13)]
    assert not (out / "summary.json").exists()


def test_nothing_could_run(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b", "scope": "all"}\n', encoding="utf-8")
    code, data, err = run(path, tmp_path / "out")
    assert code == 2 and data["totals"]["failed"] == 2
    with pytest.raises(InputError, match="unknown column"):
        run(_csv(tmp_path, "id,colour\na,red\n"), tmp_path / "out2")
    assert not (tmp_path / "out2").exists()


def _csv(tmp_path, text):
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_values_that_break_the_template_fail_that_row(tmp_path):
    if not checks.validator():
        pytest.skip("tokki validate is not in this build")
    path = tmp_path / "a.jsonl"
    rows = [{"id": "ok", "business_name": "住民情報システム運用保守業務"},
            {"id": "broken", "business_name": "住民業務",
             # a bare 前号 as an item is read as the contract's own reference; wording
             # such as 「第99条第2項に定める情報」 inside an answer is not (F22, hardening)
             "provided_items": ["氏名", "前号"]}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    code, data, err = run(path, tmp_path / "out")
    assert code == 1
    ok, broken = data["rows"]
    assert ok["status"] == "done"
    assert broken["status"] == "failed" and broken["stage"] == "assemble"
    assert "validation found 1 error" in broken["error"] and "前号" in broken["error"]
    assert broken["findings"] and not (tmp_path / "out" / "broken.odt").exists()


def test_jsonl_and_no_temp_files_left(tmp_path):
    path = tmp_path / "a.jsonl"
    write_jsonl(contracts(5), str(path))
    out = tmp_path / "out"
    code, data, _ = run(path, out)
    assert code == 0 and data["answers_format"] == "jsonl"
    assert sorted(p.name for p in out.iterdir()) == ["R5-000%d.odt" % i for i in range(1, 6)] \
        + ["summary.json"]


def test_cli_exit_codes_and_plain_progress(tmp_path, csv12):
    tokki = [sys.executable, "-m", "tokki_odf.cli"]
    base = ["batch", "--template", str(TEMPLATE), "--format", "odt"]
    proc = subprocess.run(tokki + base + ["--answers", str(csv12), "--out", str(tmp_path / "o")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, cwd=str(ROOT))
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert any(line.startswith("[ 1/10] row 2 (id=R5-0001) done odt") for line in lines)
    assert lines[-1].startswith("tokki batch: 10 done, 2 failed of 12 rows")
    proc = subprocess.run(tokki + base + ["--answers", str(tmp_path / "none.csv"),
                                          "--out", str(tmp_path / "o")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, cwd=str(ROOT))
    assert proc.returncode == 2 and "no such file" in proc.stderr
    proc = subprocess.run(tokki + base[:-1] + ["odt,xls", "--answers", str(csv12), "--out",
                                               str(tmp_path / "o")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, cwd=str(ROOT))
    assert proc.returncode == 2 and "--format" in proc.stderr


def test_summary_never_overwrites_an_input(tmp_path):
    folder = tmp_path / "same"
    folder.mkdir()
    path = folder / "summary.json"
    path.write_text(json.dumps([{"id": "a", "business_name": "業務"}], ensure_ascii=False),
                    encoding="utf-8")
    before = sha(path)
    with pytest.raises(InputError, match="overwritten"):
        run(path, folder)
    assert sha(path) == before
