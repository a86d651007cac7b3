"""Scale-out (issue 16): --shard auto from Kubernetes / Slurm / GNU parallel, and
`tokki batch-summary` merging the shards into the summary a single run gives."""
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.sample import contracts, write_csv
from tokki_odf.batch.rows import InputError
from tokki_odf.batch.shard import auto_shard

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "tokki-r5.fodt"
TIMING = ("seconds", "attempts")
RUN_ONLY = ("started", "finished", "seconds", "jobs", "shard", "shards", "answers")


# -- --shard auto ---------------------------------------------------------------------

@pytest.mark.parametrize("env,count,want", [
    ({"JOB_COMPLETION_INDEX": "0"}, 4, (1, 4)),
    ({"JOB_COMPLETION_INDEX": "3", "TOKKI_SHARD_COUNT": "4"}, None, (4, 4)),
    ({"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_MAX": "8",
      "SLURM_ARRAY_TASK_COUNT": "4"}, None, (3, 4)),
    ({"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "2"},
     None, (1, 2)),
    ({"PARALLEL_SEQ": "2"}, 3, (2, 3)),
    ({"PARALLEL_SEQ": "3", "TOKKI_SHARD_COUNT": "3"}, None, (3, 3)),
])
def test_shard_from_the_schedulers_environment(env, count, want):
    assert auto_shard(count, env) == want


@pytest.mark.parametrize("env,count,says", [
    ({}, 4, "none of JOB_COMPLETION_INDEX"),
    ({"JOB_COMPLETION_INDEX": "1"}, None, "--shard-count N or TOKKI_SHARD_COUNT"),
    ({"JOB_COMPLETION_INDEX": "4"}, 4, "shard 5, outside 1..4"),
    ({"JOB_COMPLETION_INDEX": "x"}, 4, "not a whole number"),
    ({"PARALLEL_SEQ": "0"}, 4, "outside 1..4"),
    ({"PARALLEL_SEQ": "1", "SLURM_ARRAY_TASK_ID": "1"}, 4, "several schedulers"),
    ({"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2",
      "SLURM_ARRAY_TASK_COUNT": "3"}, None, "step of 2"),
    ({"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "5",
      "SLURM_ARRAY_TASK_COUNT": "3"}, None, "gaps"),
    ({"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4"},
     3, "--shard-count 3 but the Slurm array has 4"),
])
def test_shard_auto_refuses_what_does_not_name_one_shard(env, count, says):
    with pytest.raises(InputError, match=says.replace("(", r"\(").replace(".", r"\.")):
        auto_shard(count, env)


# -- end to end: 4 shards side by side == one run -------------------------------------------

def tokki(*args, env=None, **kw):
    cmd = [sys.executable, "-m", "tokki_odf.cli"] + [str(a) for a in args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, cwd=str(ROOT),
                            env=dict(os.environ, **(env or {})), **kw)


def done(proc):
    out, err = proc.communicate(timeout=300)
    return proc.returncode, err


def comparable(summary, base):
    """Rows as a single run would record them (files as paths relative to base's folder,
    no timings), and the header fields that decide what was made."""
    rows = []
    for rec in summary["rows"]:
        rec = {k: v for k, v in rec.items() if k not in TIMING}
        rec["outputs"] = sorted((dict(o, file=os.path.basename(o["file"]))
                                 for o in rec["outputs"]), key=lambda o: o["format"])
        rows.append(rec)
    head = {k: v for k, v in summary.items() if k not in RUN_ONLY + ("rows",)}
    return head, rows


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """One single run and four shards run side by side (ODT only), each shard in its own
    folder as an Indexed Job / array / parallel would give it."""
    tmp = tmp_path_factory.mktemp("shards")
    csv_path = tmp / "contracts.csv"
    write_csv(contracts(23, bad=(4, 17)), str(csv_path))
    common = ["batch", "--template", TEMPLATE, "--answers", csv_path, "--format", "odt", "-q"]
    single = tokki(*common, "--out", tmp / "single")
    shards = []
    for k in range(4):
        env = {"JOB_COMPLETION_INDEX": str(k)} if k < 2 else {"PARALLEL_SEQ": str(k + 1),
                                                              "TOKKI_SHARD_COUNT": "4"}
        extra = ["--shard-count", "4"] if k < 2 else []
        shards.append(tokki(*common, "--out", tmp / ("part-%d" % (k + 1)), "--shard", "auto",
                            *extra, env=env))
    results = [done(p) for p in [single] + shards]
    return tmp, results


def test_four_shards_merge_into_the_single_run(sharded):
    tmp, results = sharded
    # bad rows at positions 4 and 17 fall in shards 1 and 2 (position modulo 4)
    assert [rc for rc, _err in results] == [1, 1, 1, 0, 0], results
    for k in range(1, 5):
        assert (tmp / ("part-%d" % k) / ("summary-%d-of-4.json" % k)).exists()
    merged_dir = tmp / "all"
    merged_dir.mkdir()
    rc, err = done(tokki("batch-summary", *[tmp / ("part-%d" % k) for k in (3, 1, 4, 2)],
                         "-o", merged_dir / "summary.json"))
    assert rc == 1, err
    assert "21 done, 2 failed of 23 rows in 4 shards" in err
    merged = json.loads((merged_dir / "summary.json").read_text(encoding="utf-8"))
    single = json.loads((tmp / "single" / "summary.json").read_text(encoding="utf-8"))
    assert comparable(merged, merged_dir) == comparable(single, tmp / "single")
    assert merged["totals"] == single["totals"]
    assert [s["shard"] for s in merged["shards"]] == ["1/4", "2/4", "3/4", "4/4"]
    # the merged summary points at the shards' files, which are the single run's bytes
    for rec in merged["rows"]:
        for o in rec["outputs"]:
            path = merged_dir / o["file"]
            assert sha(path) == o["sha256"]
            assert sha(tmp / "single" / os.path.basename(o["file"])) == o["sha256"]


def test_merge_refuses_missing_overlapping_and_foreign_shards(sharded, tmp_path):
    tmp, _results = sharded
    parts = [tmp / ("part-%d" % k) for k in range(1, 5)]
    rc, err = done(tokki("batch-summary", parts[0], parts[1], parts[3], "-o",
                         tmp_path / "s.json"))
    assert rc == 2 and "missing shard 3/4 of 4" in err, err
    assert not (tmp_path / "s.json").exists()
    rc, err = done(tokki("batch-summary", parts[0], parts[0], parts[2], parts[3], "-o",
                         tmp_path / "s.json"))
    assert rc == 2 and "shard 1/4 given twice" in err, err
    # a shard whose rows are also in another one (a copy under another K)
    bad = tmp_path / "bad"
    bad.mkdir()
    data = json.loads((parts[0] / "summary-1-of-4.json").read_text(encoding="utf-8"))
    data["shard"] = "2/4"
    (bad / "summary-2-of-4.json").write_text(json.dumps(data), encoding="utf-8")
    rc, err = done(tokki("batch-summary", parts[0], bad, parts[2], parts[3], "-o",
                         tmp_path / "s.json"))
    assert rc == 2 and "shards overlap: row 2" in err, err
    # a shard of another answers file
    data = json.loads((parts[1] / "summary-2-of-4.json").read_text(encoding="utf-8"))
    data["answers_sha256"] = "0" * 64
    (bad / "summary-2-of-4.json").write_text(json.dumps(data), encoding="utf-8")
    rc, err = done(tokki("batch-summary", parts[0], bad, parts[2], parts[3], "-o",
                         tmp_path / "s.json"))
    assert rc == 2 and "answers_sha256 differs" in err, err
    # an interrupted shard
    data = json.loads((parts[1] / "summary-2-of-4.json").read_text(encoding="utf-8"))
    data["complete"], data["interrupted"] = False, True
    (bad / "summary-2-of-4.json").write_text(json.dumps(data), encoding="utf-8")
    rc, err = done(tokki("batch-summary", parts[0], bad, parts[2], parts[3], "-o",
                         tmp_path / "s.json"))
    assert rc == 2 and "shard 2/4 did not finish (interrupted)" in err, err
    rc, err = done(tokki("batch-summary", tmp_path / "nothing-here"))
    assert rc == 2 and "not a folder" in err, err
    assert not (tmp_path / "s.json").exists()


def test_shard_count_without_auto_is_refused(tmp_path):
    csv_path = tmp_path / "c.csv"
    write_csv(contracts(2), str(csv_path))
    rc, err = done(tokki("batch", "--template", TEMPLATE, "--answers", csv_path, "--out",
                         tmp_path / "o", "--format", "odt", "--shard", "1/2",
                         "--shard-count", "2"))
    assert rc == 2 and "--shard-count goes with --shard auto" in err
    rc, err = done(tokki("batch", "--template", TEMPLATE, "--answers", csv_path, "--out",
                         tmp_path / "o", "--format", "odt", "--shard", "auto",
                         env={"JOB_COMPLETION_INDEX": "", "SLURM_ARRAY_TASK_ID": "",
                              "PARALLEL_SEQ": ""}))
    assert rc == 2 and "none of JOB_COMPLETION_INDEX" in err


def test_two_pdf_shards_side_by_side_merge_into_the_single_run(tmp_path, soffice):
    """The small PDF run: two shards at once (one LibreOffice each) and one single run."""
    csv_path = tmp_path / "contracts.csv"
    write_csv(contracts(6, bad=(2,)), str(csv_path))
    common = ["batch", "--template", TEMPLATE, "--answers", csv_path, "--format", "odt,pdf",
              "--jobs", "1", "-q"]
    procs = [tokki(*common, "--out", tmp_path / "single")]
    for k in (1, 2):
        procs.append(tokki(*common, "--out", tmp_path / ("part-%d" % k), "--shard", "auto",
                           env={"SLURM_ARRAY_TASK_ID": str(k + 9), "SLURM_ARRAY_TASK_MIN": "10",
                                "SLURM_ARRAY_TASK_MAX": "11", "SLURM_ARRAY_TASK_COUNT": "2"}))
    assert [done(p)[0] for p in procs] == [1, 1, 0]
    merged = tmp_path / "merged.json"
    rc, err = done(tokki("batch-summary", tmp_path / "part-1", tmp_path / "part-2", "-o", merged))
    assert rc == 1 and "5 done, 1 failed of 6 rows in 2 shards" in err, err

    def pdf_free(summary):
        # a PDF carries its creation time: compare its pages, not its bytes
        for rec in summary["rows"]:
            for o in rec["outputs"]:
                if o["format"] == "pdf":
                    assert o["pages"] >= 1
                    o.pop("sha256"), o.pop("bytes")
        return summary
    one = json.loads((tmp_path / "single" / "summary.json").read_text(encoding="utf-8"))
    many = json.loads(merged.read_text(encoding="utf-8"))
    assert comparable(pdf_free(many), tmp_path) == comparable(pdf_free(one), tmp_path)
    for rec in many["rows"]:
        for o in rec["outputs"]:
            assert (tmp_path / o["file"]).is_file()
    leftovers = [p for p in (tmp_path / "part-1").iterdir() if p.name.startswith(".tokki-batch")]
    assert not leftovers
