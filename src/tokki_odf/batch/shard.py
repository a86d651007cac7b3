"""`--shard auto`: which part of the rows this process makes, from the scheduler's environment.

No cluster of our own: Kubernetes, Slurm or GNU parallel start N copies of the same
`tokki batch` command, and each finds its part here. Shards are K/N with K from 1
(rows.select_shard: the rows whose position in the file is K-1 modulo N).

- Kubernetes Indexed Job: JOB_COMPLETION_INDEX (0-based) → K = index + 1; N from
  --shard-count or TOKKI_SHARD_COUNT (the Job's `completions`).
- Slurm job array: SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT →
  K = id - min + 1, N = count (arrays with a step or gaps are refused: K would not be
  1..N).
- GNU parallel: PARALLEL_SEQ (1-based job number) → K; N from --shard-count or
  TOKKI_SHARD_COUNT.
"""
import os

from .rows import InputError

COUNT_VAR = "TOKKI_SHARD_COUNT"


def _int(env, name):
    text = env.get(name, "").strip()
    try:
        return int(text)
    except ValueError:
        raise InputError("--shard auto: %s=%r is not a whole number" % (name, text)) from None


def _count(env, count, who):
    if count is not None:
        return count
    if env.get(COUNT_VAR, "").strip():
        n = _int(env, COUNT_VAR)
        if n < 1:
            raise InputError("--shard auto: %s must be ≥ 1 (got %d)" % (COUNT_VAR, n))
        return n
    raise InputError("--shard auto under %s needs the number of shards: --shard-count N "
                     "or %s=N" % (who, COUNT_VAR))


def auto_shard(count=None, env=None):
    """-> (k, n) from the environment; InputError (exit 2) naming what is missing."""
    env = os.environ if env is None else env
    found = [name for name in ("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "PARALLEL_SEQ")
             if env.get(name, "").strip()]
    if not found:
        raise InputError("--shard auto: none of JOB_COMPLETION_INDEX (Kubernetes Indexed "
                         "Job), SLURM_ARRAY_TASK_ID (Slurm array), PARALLEL_SEQ (GNU parallel) "
                         "is set; give --shard K/N")
    if len(found) > 1:
        raise InputError("--shard auto: several schedulers' variables are set (%s); give "
                         "--shard K/N" % ", ".join(found))
    which = found[0]
    if which == "JOB_COMPLETION_INDEX":
        k = _int(env, which) + 1
        n = _count(env, count, "a Kubernetes Indexed Job")
    elif which == "SLURM_ARRAY_TASK_ID":
        task = _int(env, which)
        low = _int(env, "SLURM_ARRAY_TASK_MIN") if env.get("SLURM_ARRAY_TASK_MIN") else 0
        step = _int(env, "SLURM_ARRAY_TASK_STEP") if env.get("SLURM_ARRAY_TASK_STEP") else 1
        if step != 1:
            raise InputError("--shard auto: the Slurm array has a step of %d; use a "
                             "contiguous array (--array=0-%s) or --shard K/N" % (step, "N-1"))
        if env.get("SLURM_ARRAY_TASK_COUNT"):
            n = _int(env, "SLURM_ARRAY_TASK_COUNT")
            if env.get("SLURM_ARRAY_TASK_MAX") and \
                    _int(env, "SLURM_ARRAY_TASK_MAX") - low + 1 != n:
                raise InputError("--shard auto: the Slurm array has gaps (MIN %d, MAX %s, "
                                 "COUNT %d); use a contiguous array or --shard K/N"
                                 % (low, env["SLURM_ARRAY_TASK_MAX"], n))
            if count is not None and count != n:
                raise InputError("--shard auto: --shard-count %d but the Slurm array has %d "
                                 "tasks" % (count, n))
        else:
            n = _count(env, count, "a Slurm array")
        k = task - low + 1
    else:
        k = _int(env, which)
        n = _count(env, count, "GNU parallel")
    if not 1 <= k <= n:
        raise InputError("--shard auto: %s gives shard %d, outside 1..%d" % (which, k, n))
    return k, n
