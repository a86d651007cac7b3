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
"""
import datetime
import hashlib
import json
import os

from .. import __version__
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
           "findings": [], "seconds": None}
    if row.error is not None:
        rec.update(status="failed", error=row.error, key=row.key, stage="check")
    return rec


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

    def totals(self):
        counts = {"rows": len(self.records), "done": 0, "failed": 0, "skipped": 0, "pending": 0}
        for rec in self.records:
            counts[rec["status"]] = counts.get(rec["status"], 0) + 1
        return counts

    def _line(self, index, rec):
        text = self._encoded.get(index)
        if text is None:
            text = json.dumps(rec, ensure_ascii=False)
            if rec["status"] in self.FINAL:
                self._encoded[index] = text
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
