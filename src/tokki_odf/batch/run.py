"""The batch: check every row, assemble ODT in-process, convert PDF/DOCX on the pool.

    run_batch(Options(template=..., answers=..., out=...)) -> exit code
    0 every row done (or already up to date), 1 some rows failed, 2 nothing could run.

Order of work for each row that passed the check: assemble (final document) →
reopen and validate the ODT → write DIR/<id>.odt atomically (editable variant with
--editable) → hand the final ODT to a warm LibreOffice worker for PDF/DOCX, which
stores, checks and renames each output. The main thread keeps at most a few jobs
queued ahead of the workers, collects results, updates the progress display and
summary.json. On any exit (end, error, Ctrl+C/SIGTERM) the workers are ended with
their process groups and the run's temporary folder is removed.
"""
import os
import shutil
import signal
import sys
import tempfile
import threading
import time

from . import progress as progress_mod  # made before LibreOffice starts: see progress.py
from . import checks
from .rows import InputError, check_rows, read_rows, select_shard
from .summary import (Summary, file_sha256, input_hash, load_previous, now_iso, row_record,
                      summary_name, up_to_date)
from .. import __version__
from ..api import assemble_document, load_template
from ..errors import TokkiError
from ..io.package import odt_bytes, write_atomic
from ..io.input import same_file, write_problem
from .guard import FolderLock, remove_stale

FORMATS = ("odt", "pdf", "docx")
CONVERTED = ("pdf", "docx")
DEFAULT_FORMATS = ("odt", "pdf")


class Options:
    def __init__(self, template, answers, out, formats=DEFAULT_FORMATS, jobs=None, resume=False,
                 shard=None, pdfa=False, editable=False, encoding=None, start_article=1,
                 timeout=60.0, recycle=200, quiet=False, bar=None):
        self.template, self.answers, self.out = template, answers, out
        self.formats = tuple(formats)
        self.jobs = jobs or default_jobs()
        self.resume, self.shard = resume, shard
        self.pdfa, self.editable, self.encoding = pdfa, editable, encoding
        self.start_article = start_article
        self.timeout, self.recycle = timeout, recycle
        self.quiet, self.bar = quiet, bar


def default_jobs(cap=8):
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, cap))


def parse_formats(text):
    names = [p.strip().lower().lstrip(".") for p in (text or "").split(",") if p.strip()]
    bad = [n for n in names if n not in FORMATS]
    if bad or not names:
        raise InputError("--format takes a comma-separated list of %s (got %r)"
                         % (", ".join(FORMATS), text))
    return tuple(n for n in FORMATS if n in names)


def _same_file(a, b):
    return same_file(a, b)


class FolderUnwritable(InputError):
    """The output folder cannot take more files (full, read-only): the batch stops."""


def bounded_jobs(jobs, documents):
    """--jobs, at most one soffice per core and per document to convert (F29)."""
    return max(1, min(jobs, default_jobs(cap=64), documents))


def _write_failure(exc, where):
    problem = write_problem(exc)
    if problem:
        return FolderUnwritable("%s: %s; the batch stopped" % (where, problem))
    return None


class _Batch:
    def __init__(self, opts, stream):
        self.opts = opts
        self.stream = stream
        self.pool = None
        self.workdir = None
        self.inflight = {}           # job number -> (row, record, seconds so far)
        self.progress = None
        self.lock = None
        self.summary_error = None
        self._spot_checked = False   # the first document is reopened in full

    # -- preparation ---------------------------------------------------------------------

    def prepare(self):
        o = self.opts
        template = load_template(o.template)
        self.template = template
        self.template_sha = file_sha256(o.template)
        rows, info = read_rows(o.answers, o.encoding, template)
        if not rows:
            raise InputError("%s: no contract rows in the file" % o.answers)
        check_rows(template, rows)
        self.rows = select_shard(rows, o.shard)
        self.info = info
        if os.path.exists(o.out) and not os.path.isdir(o.out):
            raise InputError("%s: exists and is not a folder" % o.out)
        try:
            os.makedirs(o.out, exist_ok=True)
        except OSError as exc:                       # F18: read-only parent, full disk
            raise InputError("%s: cannot create the folder (%s)"
                             % (o.out, write_problem(exc) or exc.strerror)) from None
        self.lock = FolderLock(o.out).acquire()      # F13: one batch per folder
        remove_stale(o.out)                          # F14: what killed runs left
        self.summary_path = os.path.join(o.out, summary_name(o.shard))
        for given in (o.template, o.answers):
            if _same_file(given, self.summary_path):
                raise InputError("%s would be overwritten by the summary; choose another "
                                 "--out folder" % given)
        self.summary = Summary(self.summary_path, {
            "tokki": __version__, "template": o.template, "template_sha256": self.template_sha,
            "answers": o.answers, "answers_sha256": file_sha256(o.answers),
            "answers_format": info["format"],
            "answers_encoding": info["encoding"], "formats": list(o.formats),
            "editable": o.editable, "pdfa": o.pdfa, "start_article": o.start_article,
            "shard": "%d/%d" % o.shard if o.shard else None, "jobs": o.jobs,
            "started": now_iso()})
        self.records = [row_record(row) for row in self.rows]
        self.summary.records = self.records

    def plan(self):
        """-> [(row, record, {fmt: input hash} still to make)] and mark skipped rows."""
        o = self.opts
        previous = load_previous(self.summary_path) if o.resume else {}
        todo = []
        for row, rec in zip(self.rows, self.records):
            if row.error is not None:
                continue
            for given in (o.template, o.answers):
                for fmt in o.formats:
                    if _same_file(given, os.path.join(o.out, "%s.%s" % (row.id, fmt))):
                        row.fail("%s: its %s output would overwrite %s" % (row.where, fmt, given),
                                 "id")
            if row.error is not None:
                rec.update(status="failed", error=row.error, key=row.key, stage="check")
                continue
            hashes = {fmt: input_hash(self.template_sha, row.answers, row.id, o.start_article,
                                      fmt, o.editable, o.pdfa) for fmt in o.formats}
            kept, need = [], {}
            for fmt, h in hashes.items():
                old = up_to_date(previous, o.out, row.id, fmt, h) if previous else None
                if old is not None:
                    kept.append(old)
                else:
                    need[fmt] = h
            rec["outputs"] = kept
            if not need:
                rec["status"] = "skipped"
                continue
            todo.append((row, rec, need))
        return todo

    # -- running -------------------------------------------------------------------------

    def run(self):
        o = self.opts
        self.prepare()
        started = time.monotonic()
        bad = [row for row in self.rows if row.error is not None]
        todo = self.plan()
        bad = [row for row in self.rows if row.error is not None]
        skipped = sum(1 for rec in self.records if rec["status"] == "skipped")
        self.progress = progress_mod.Progress(len(todo), self.stream, o.quiet, o.bar)
        note = self.progress.note
        for row in bad:
            note("✗ %s" % row.error)
        if bad:
            note("%d of %d rows cannot be made (see above); the other rows go on"
                 % (len(bad), len(self.rows)))
        if skipped:
            note("%d rows already up to date (--resume): skipped" % skipped)
        if not checks.validator():
            note("! tokki validate is not in this build: outputs are checked (they reopen, "
                 "PDF/DOCX complete, no personal metadata) but not validated")
        if len(bad) == len(self.rows):
            self.summary.save(time.monotonic(), force=True, finished=now_iso(), complete=True,
                              seconds=0.0)
            self.progress.close()
            self._total_line(time.monotonic() - started)
            return 2
        complete = False
        try:
            if any(set(need) & set(CONVERTED) for _r, _rec, need in todo):
                # (the pool hands the GIL over sooner while it runs: Pool.start)
                from ..office.soffice import require_office
                soffice = require_office("PDF/DOCX output")
                self.workdir = tempfile.mkdtemp(prefix="tokki-batch-%d-" % os.getpid())
                os.mkdir(os.path.join(self.workdir, "jobs"))
                from .pool import Pool
                converting = sum(1 for _r, _rec, need in todo if set(need) & set(CONVERTED))
                self.pool = Pool(bounded_jobs(o.jobs, converting), self.workdir, timeout=o.timeout, recycle=o.recycle,
                                 pdfa=o.pdfa, soffice=soffice).start()
            for number, (row, rec, need) in enumerate(todo):
                self._assemble(number, row, rec, need)
                self._collect(block=False)
                if self.pool is not None:
                    while self.pool.pending() >= self.pool.ahead():
                        self._collect(block=True)
                self._save()
            while self.inflight:
                self._collect(block=True)
                self._save()
            if self.pool is not None:
                pool, self.pool = self.pool, None
                pool.close()
            complete = True
        finally:
            self._finish(complete, time.monotonic() - started)
        totals = self.summary.totals()
        if totals["failed"] == 0:
            return 0
        return 1

    def _save(self):
        try:
            self.summary.save(time.monotonic())
        except OSError as exc:
            failure = _write_failure(exc, self.summary_path)
            if failure:
                raise failure from None
            raise

    def _assemble(self, number, row, rec, need):
        o = self.opts
        t0 = time.monotonic()
        try:
            flat = assemble_document(self.template, row.answers, o.start_article, where=row.where)
            # validated in memory, then serialised; the first document of a run is also
            # reopened and validated again (checks.checked_odt)
            # the package is deflated only when it is delivered: an input to the
            # conversion alone is read once by LibreOffice and deleted (issue 16)
            final, validated, findings = checks.checked_odt(
                flat, row.where, odt_bytes, full=not self._spot_checked, answers=row.answers,
                compress="odt" in need and not o.editable)
            self._spot_checked = True
            rec["findings"] = findings
            rec["validated"] = validated
            errors = checks.errors_of(findings)
            if errors:
                raise checks.OutputError("validation found %d error(s): %s" % (
                    len(errors), "; ".join("[%s] %s" % (e.get("code"), e.get("message"))
                                           for e in errors[:3])))
            if "odt" in need:
                data = final
                if o.editable:
                    data = odt_bytes(assemble_document(self.template, row.answers,
                                                       o.start_article, where=row.where,
                                                       editable=True))
                path = os.path.join(o.out, row.id + ".odt")
                try:
                    write_atomic(path, data)
                except OSError as exc:
                    failure = _write_failure(exc, path)
                    if failure:
                        raise failure from None
                    raise
                rec["outputs"].append(self._output_record(
                    "odt", path, need["odt"], {"sha256": _sha(data), "bytes": len(data)}))
            conv = [f for f in CONVERTED if f in need]
            if not conv:
                rec["seconds"] = round(time.monotonic() - t0, 3)
                self._finish_row(row, rec)
                return
            from .pool import Job
            src = os.path.join(self.workdir, "jobs", "%d.odt" % number)
            with open(src, "wb") as fh:
                fh.write(final)
            job = Job(number, src, [(f, os.path.join(o.out, "%s.%s" % (row.id, f)))
                                    for f in conv])
            self.inflight[number] = (row, rec, need, time.monotonic() - t0, job)
            self.pool.submit(job)
        except FolderUnwritable:
            raise
        except (TokkiError, Exception) as exc:   # F15: whatever the cause, only this row
            if not isinstance(exc, TokkiError):
                failure = _write_failure(exc, row.where)
                if failure:
                    raise failure from None
                exc = "internal error: %s: %s" % (type(exc).__name__, exc)
            rec.update(status="failed", error="%s: %s" % (row.where, exc)
                       if not str(exc).startswith(row.where) else str(exc),
                       stage="assemble", seconds=round(time.monotonic() - t0, 3))
            self._finish_row(row, rec)

    @staticmethod
    def _drop(path):
        if path:
            try:
                os.unlink(path)
            except OSError:
                pass

    @staticmethod
    def _output_record(fmt, path, h, facts):
        """facts: sha256 and bytes of what was written (from the bytes in hand, or the
        checks' one read of the file), then any others (pages, pdfa)."""
        out = {"format": fmt, "file": os.path.basename(path), "sha256": facts["sha256"],
               "bytes": facts["bytes"], "input_hash": h}
        out.update(facts)
        return out

    def _collect(self, block):
        if self.pool is None or not self.inflight:
            return
        for message in self.pool.notes():
            self.progress.note("! " + message)
        import queue
        try:
            result = self.pool.results.get(timeout=0.2) if block \
                else self.pool.results.get_nowait()
        except queue.Empty:
            if block and not self.pool.workers_alive() and self.pool.results.empty():
                # Every worker has gone (could not start): fail what they never took.
                from .pool import Result
                for entry in list(self.inflight.values()):
                    self._take(Result(entry[4], False, error=self.pool.dead_reason()))
            return
        while result is not None:
            self._take(result)
            try:
                result = self.pool.results.get_nowait()
            except queue.Empty:
                result = None

    def _drain(self):
        import queue
        while True:
            try:
                result = self.pool.results.get_nowait()
            except queue.Empty:
                return
            if result.job.number in self.inflight:
                self._take(result)

    def _take(self, result):
        row, rec, need, spent, _job = self.inflight.pop(result.job.number)
        self._drop(result.job.src)
        rec["seconds"] = round(spent + result.seconds, 3)
        rec["attempts"] = result.job.attempts
        if result.job.events:
            rec["retried_after"] = list(result.job.events)
        if result.ok:
            for fmt, path, facts in result.outputs:
                rec["outputs"].append(self._output_record(fmt, path, need[fmt], facts))
        else:
            rec.update(status="failed", error="%s: %s" % (row.where, result.error),
                       stage="convert")
            self._finish_row(row, rec)
            self._check_folder()
            return
        self._finish_row(row, rec)

    def _check_folder(self):
        """After a failed conversion: a full or read-only folder stops the batch (F18),
        instead of failing every later row with LibreOffice's I/O error codes."""
        out = self.opts.out
        try:
            free = shutil.disk_usage(out).free
        except OSError:
            return
        if free < 2 * 1024 * 1024:
            raise FolderUnwritable("%s: cannot write there: the disk is full; the batch "
                                   "stopped" % out)
        if not os.access(out, os.W_OK):
            raise FolderUnwritable("%s: cannot write there: the folder is read-only; the "
                                   "batch stopped" % out)

    def _finish_row(self, row, rec):
        if rec["status"] != "failed":
            rec["status"] = "done"
            fmts = ",".join(out["format"] for out in rec["outputs"])
            self.progress.row("%s done %s %.2f s" % (row.where, fmts, rec["seconds"] or 0))
        else:
            self.progress.row("✗ %s" % rec["error"], failed=True)

    def _finish(self, complete, seconds):
        ignore = threading.current_thread() is threading.main_thread()
        old = signal.signal(signal.SIGINT, signal.SIG_IGN) if ignore else None
        try:
            if self.pool is not None:
                self.pool.abort()
                self._drain()            # results finished before the stop are recorded
                self.pool = None
            if self.workdir:
                shutil.rmtree(self.workdir, ignore_errors=True)
            if self.progress is not None:
                self.progress.close()
            extra = {"finished": now_iso(), "complete": complete, "seconds": round(seconds, 3)}
            if not complete:
                extra["interrupted"] = True
            try:
                self.summary.save(time.monotonic(), force=True, **extra)
            except (OSError, TokkiError) as exc:
                self.summary_error = write_problem(exc) or str(exc)
                print("tokki batch: %s was NOT written (%s); %s"
                      % (self.summary_path, self.summary_error,
                         "an older one is there and is out of date"
                         if os.path.exists(self.summary_path) else "there is none"),
                      file=self.stream)
            self._total_line(seconds)
        finally:
            if ignore:
                signal.signal(signal.SIGINT, old)

    def _total_line(self, seconds):
        t = self.summary.totals()
        made = t["done"]
        rate = " (%.1f docs/s)" % (made / seconds) if made and seconds > 0 else ""
        parts = ["%d done" % t["done"], "%d failed" % t["failed"]]
        if t["skipped"]:
            parts.append("%d skipped" % t["skipped"])
        if t["pending"]:
            parts.append("%d not finished" % t["pending"])
        print("tokki batch: %s of %d rows in %.1f s%s → %s"
              % (", ".join(parts), t["rows"], seconds, rate, self.summary_path),
              file=self.stream, flush=True)


def _sha(data):
    import hashlib
    return hashlib.sha256(data).hexdigest()


def run_batch(opts, stream=None):
    """Run a batch; returns the exit code. Raises TokkiError when nothing could run and
    KeyboardInterrupt after cleaning up when interrupted."""
    batch = _Batch(opts, stream or sys.stderr)
    try:
        code = batch.run()
    except OSError as exc:                     # F18: full or read-only, anywhere
        failure = _write_failure(exc, opts.out)
        if failure:
            raise failure from None
        raise
    finally:
        if batch.lock is not None:
            batch.lock.release()
    if batch.summary_error:
        raise FolderUnwritable("%s: the summary could not be written (%s)"
                               % (opts.out, batch.summary_error))
    return code
