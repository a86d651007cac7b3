"""summary.json and resume.

DIR/summary.json (DIR/summary-K-of-N.json for --shard K/N) is rewritten atomically
while the batch runs (at most every SAVE_EVERY seconds and at the end, also after
Ctrl+C), so a killed run still leaves a usable record. Per row: row number, id,
status (done, failed, skipped, pending), outputs (format, file, sha256, bytes,
pages, the input hash it was made from), findings, seconds.

Resume: an output is up to date when the previous summary lists it with the same
input hash — sha256 over the template file's bytes, the row's checked answers, its
id, the start article, the output format and its options (editable, PDF/A) and the
tokki version — and the file on disk still has the recorded sha256.

Shards (--shard K/N, --shard auto) each write DIR/summary-K-of-N.json;
merge_summaries() makes the one summary.json of the whole run (tokki batch-summary).
"""
import datetime
import hashlib
import json
import os
import re

from .. import __version__
from ..errors import TokkiError
from ..io.package import write_atomic

SAVE_EVERY = 2.0


def summary_name(shard=None):
    return "summary.json" if not shard else "summary-%d-of-%d.json" % shard


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def input_hash(template_sha, answers, row_id, start_article, fmt, editable=False, pdfa=False):
    options = {"odt": {"editable": bool(editable)}, "pdf": {"pdfa": bool(pdfa)}}.get(fmt, {})
    blob = json.dumps({"tokki": __version__, "template": template_sha, "answers": answers,
                       "id": row_id, "start_article": start_article, "format": fmt,
                       "options": options}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")


def row_record(row):
    rec = {"row": row.number, "id": row.id, "status": "pending", "outputs": [],
           "findings": [], "seconds": None}     # the keys of _untouched
    if row.error is not None:
        rec.update(status="failed", error=row.error, key=row.key, stage="check")
    return rec


_FRESH_KEYS = frozenset(("row", "id", "status", "outputs", "findings", "seconds"))


def _untouched(rec):
    """Is rec exactly what row_record() made for a row to do (row and id never change)?"""
    return (rec.keys() == _FRESH_KEYS and rec["status"] == "pending" and rec["seconds"] is None
            and not rec["outputs"] and not rec["findings"])


def load_previous(path):
    """{id: {format: output record}} from an earlier summary; {} if none/unreadable."""
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError):
        return {}
    found = {}
    for rec in data.get("rows", []) if isinstance(data, dict) else []:
        if not isinstance(rec, dict) or not rec.get("id"):
            continue
        for out in rec.get("outputs", []):
            if isinstance(out, dict) and out.get("format") and out.get("input_hash"):
                found.setdefault(rec["id"], {})[out["format"]] = out
    return found


def up_to_date(previous, out_dir, row_id, fmt, wanted_hash):
    """The previous output record when the file is still there, unchanged, and was made
    from the same inputs; else None."""
    rec = previous.get(row_id, {}).get(fmt)
    if not rec or rec.get("input_hash") != wanted_hash:
        return None
    # Only DIR/<id>.<fmt> counts, whatever the summary names (F30: an edited summary
    # could point at a file elsewhere with the same hash).
    name = "%s.%s" % (row_id, fmt)
    if rec.get("file") != name:
        return None
    path = os.path.join(out_dir, name)
    if os.path.islink(path) or not os.path.isfile(path):
        return None
    try:
        if file_sha256(path) != rec.get("sha256"):
            return None
    except OSError:
        return None
    return rec


class Summary:
    """summary.json: the run's header, totals, and one line of JSON per row.

    A row's line is encoded once it is final (done, failed, skipped) and reused, so that
    rewriting the file while a long batch runs stays cheap."""

    FINAL = ("done", "failed", "skipped")

    def __init__(self, path, header):
        self.path = path
        self.header = header
        self.records = []
        self._saved = 0.0
        self._encoded = {}
        self._waiting = {}          # index -> line of a row_record() no one has changed

    def totals(self):
        counts = {"rows": len(self.records), "done": 0, "failed": 0, "skipped": 0, "pending": 0}
        for rec in self.records:
            counts[rec["status"]] = counts.get(rec["status"], 0) + 1
        return counts

    def _line(self, index, rec):
        text = self._encoded.get(index)
        if text is None:
            untouched = _untouched(rec)
            if untouched:
                # a row not begun yet is the same line at every save until it begins
                # (a 10,000-row batch re-encoded thousands of them every 2 s)
                text = self._waiting.get(index)
                if text is not None:
                    return text
            text = json.dumps(rec, ensure_ascii=False)
            if rec["status"] in self.FINAL:
                self._encoded[index] = text
                self._waiting.pop(index, None)
            elif untouched:
                self._waiting[index] = text
        return text

    def text(self, **extra):
        data = dict(self.header)
        data.update(extra)
        data["totals"] = self.totals()
        head = json.dumps(data, ensure_ascii=False, indent=1)
        rows = ",\n  ".join(self._line(i, rec) for i, rec in enumerate(self.records))
        return head[:-2] + ',\n "rows": [\n  %s\n ]\n}\n' % rows

    def save(self, clock, force=False, **extra):
        if not force and clock - self._saved < SAVE_EVERY:
            return
        self._saved = clock
        write_atomic(self.path, self.text(**extra).encode("utf-8"))


# -- merging shard summaries (tokki batch-summary) -----------------------------------------

_SHARD_FILE = re.compile(r"^summary-(\d+)-of-(\d+)\.json$")
# header fields that must be the same in every shard: they decide what was made
SAME = ("tokki", "template_sha256", "answers_sha256", "formats", "editable", "pdfa",
        "start_article")


class MergeError(TokkiError):
    """Shard summaries that do not make one run (exit 2)."""


def shard_summaries(folders):
    """[(path, data)] of the summary-K-of-N.json files in folders (a folder may hold
    several shards' summaries, or one shard's each); MergeError for what is unreadable."""
    found = []
    for folder in folders:
        if not os.path.isdir(folder):
            raise MergeError("%s: not a folder" % folder)
        names = sorted(n for n in os.listdir(folder) if _SHARD_FILE.match(n))
        if not names:
            raise MergeError("%s: no shard summaries (summary-K-of-N.json) in it" % folder)
        for name in names:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as fh:
                    data = json.loads(fh.read().decode("utf-8"))
            except (OSError, ValueError) as exc:
                raise MergeError("%s: cannot be read as a summary (%s)" % (path, exc)) from None
            if not isinstance(data, dict) or not isinstance(data.get("rows"), list) \
                    or not data.get("shard"):
                raise MergeError("%s: not a shard summary of tokki batch" % path)
            found.append((path, data))
    return found


def merge_summaries(found, out_dir):
    """One summary (a dict in the shape of a single run's summary.json) from the shards'.

    Refuses (MergeError, naming them) shards of different runs, the same shard twice,
    shards whose rows overlap, missing shards and shards that did not finish."""
    if not found:
        raise MergeError("no shard summaries given")
    shards = {}
    counts = set()
    for path, data in found:
        m = re.fullmatch(r"(\d+)/(\d+)", str(data.get("shard")))
        if not m:
            raise MergeError("%s: shard %r is not K/N" % (path, data.get("shard")))
        k, n = int(m.group(1)), int(m.group(2))
        counts.add(n)
        if k in shards:
            raise MergeError("shard %d/%d given twice: %s and %s" % (k, n, shards[k][0], path))
        shards[k] = (path, data)
    if len(counts) > 1:
        raise MergeError("the shards are of different splits (%s): %s" % (
            ", ".join("of %d" % c for c in sorted(counts)),
            ", ".join(p for p, _d in found)))
    n = counts.pop()
    missing = [k for k in range(1, n + 1) if k not in shards]
    if missing:
        raise MergeError("missing shard%s %s of %d (have %s)" % (
            "s" if len(missing) > 1 else "", ", ".join("%d/%d" % (k, n) for k in missing), n,
            ", ".join("%d/%d" % (k, n) for k in sorted(shards))))
    first_path, first = shards[1]
    for k in sorted(shards):
        path, data = shards[k]
        for key in SAME:
            if data.get(key) != first.get(key):
                raise MergeError("%s and %s are not from the same run: %s differs (%r, %r)"
                                 % (first_path, path, key, first.get(key), data.get(key)))
        if not data.get("complete"):
            raise MergeError("%s: shard %d/%d did not finish (%s); run it again (--resume "
                             "keeps what it made)" % (path, k, n, "interrupted"
                                                      if data.get("interrupted") else "no end"))
    seen = {}
    rows = []
    for k in sorted(shards):
        path, data = shards[k]
        folder = os.path.dirname(os.path.abspath(path))
        for rec in data["rows"]:
            for key in (("row", rec.get("row")), ("id", rec.get("id"))):
                if key[1] is None:
                    continue
                if key in seen:
                    raise MergeError("shards overlap: %s %s is in %s and %s"
                                     % (key[0], key[1], seen[key], path))
                seen[key] = path
            rec = dict(rec)
            if os.path.abspath(folder) != os.path.abspath(out_dir):
                outs = []
                for o in rec.get("outputs", []):
                    o = dict(o)
                    o["file"] = os.path.relpath(os.path.join(folder, o["file"]), out_dir)
                    outs.append(o)
                rec["outputs"] = outs
            rows.append(rec)
    rows.sort(key=lambda r: (r.get("row") is None, r.get("row") or 0))
    header = dict(first)
    header.pop("rows", None)
    header.pop("totals", None)
    header.pop("interrupted", None)
    header["shard"] = None
    header["shards"] = [{"shard": "%d/%d" % (k, n), "summary": os.path.relpath(
        shards[k][0], out_dir), "seconds": shards[k][1].get("seconds"),
        "jobs": shards[k][1].get("jobs")} for k in sorted(shards)]
    starts = [d.get("started") for _p, d in shards.values() if d.get("started")]
    ends = [d.get("finished") for _p, d in shards.values() if d.get("finished")]
    header["started"] = min(starts) if starts else None
    header["finished"] = max(ends) if ends else None
    secs = [d.get("seconds") for _p, d in shards.values() if d.get("seconds") is not None]
    header["seconds"] = max(secs) if secs else None   # shards run side by side
    header["complete"] = True
    summary = Summary(os.path.join(out_dir, "summary.json"), header)
    summary.records = rows
    return summary
