"""A pool of warm headless LibreOffice workers for PDF/DOCX conversion.

Each worker is a thread that owns one soffice (one soffice serialises UNO calls, so
parallelism means more processes) with its own profile in the run's temporary
folder, reused across restarts (spell check, autosave and recovery off; see
office.soffice.profile_xcu). The profile is a copy of a primed one kept in
~/.cache/tokki-odf (see primed_profile): a copy starts in ~0.2 s, a fresh profile
in ~1.2 s. The thread drives its soffice over UNO; pyuno
releases the GIL during calls, so N workers convert N documents at once.

Robustness, per document:
- a watchdog thread kills a worker's whole soffice process group when a document
  takes longer than `timeout`; the blocked UNO call then returns with an error;
- a worker whose soffice died (watchdog, crash, SIGKILL from outside) or raised is
  restarted, and the document is retried once on the restarted worker;
- workers are recycled (clean restart) after `recycle` documents;
- documents are loaded read-only (no lock file beside them) from the run's own
  folder, and each output is stored in the run's staging folder inside the output
  folder (DIR/.tokki-batch-<pid>/), checked (checks.py), then renamed into DIR: an
  output is either complete or absent.

Speed (issue 16): load + store + close run on soffice's main thread through
com.sun.star.awt.AsyncCallback (one bridge call to post it; see MAIN_THREAD), for a
chain of queued jobs in one call of a Basic function inside soffice (in_office.py;
nothing of the document crosses the bridge, soffice goes from one job to the next
without waiting for Python), the load/store property tuples are built once, and the
checks and renames are done by one finisher thread (Pool._finish) while the worker
already converts the next chain.

Cleanup: close()/abort() end every soffice with its process group, remove the
pipe sockets soffice leaves in /tmp when killed (OSL_PIPE_<uid>_<pipe name> and
OSL_PIPE_<uid>_SingleOfficeIPC_<md5 of the profile URL>), the workers' TMPDIR
(lu*.tmp), the profiles and the staging folders with any partial output, lock
file or lu*.tmp that soffice left there when killed mid-store.
"""
import collections
import hashlib
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time

from ..errors import TokkiError
from ..office import preflight
from ..office.preflight import OfficeUnavailable
from ..office.session import OfficeSession, uno_props
from ..office.soffice import (cache_dir, file_url, find_soffice, office_version, prepare_profile,
                              profile_xcu, single_office_pipe, pipe_socket_paths,
                              remove_stale_sockets)
from . import checks, in_office, reaper

STORE_FILTERS = {"pdf": "writer_pdf_Export", "docx": "MS Word 2007 XML"}
PDFA_VERSION = 2          # SelectPdfVersion: 1 = PDF/A-1b, 2 = PDF/A-2b, 3 = PDF/A-3b
SWITCH_INTERVAL = 0.0005   # s: the GIL hand-over while the pool runs (Pool.start)
MAX_ATTEMPTS = 2          # a document is retried once after a crash or a hang
NO_UPDATE = 0             # com.sun.star.document.UpdateDocMode.NO_UPDATE
NEVER_EXECUTE = 0         # com.sun.star.document.MacroExecMode.NEVER_EXECUTE
SHUTDOWN_GRACE = 10.0     # seconds a clean soffice shutdown may take before it is killed
# Run each document's load + store + close on soffice's main thread (through
# com.sun.star.awt.AsyncCallback), as `soffice --convert-to` does, instead of on a UNO
# bridge thread. Measured (bench/results/batch.md, issue 16): on a bridge thread
# soffice's main thread runs Writer's idle jobs (layout, word count with the CJK
# dictionary break iterator) between our calls; on the main thread it cannot, and
# soffice spends ~10 ms less CPU per 1-page document. TOKKI_BATCH_MAIN_THREAD=0 turns
# it off (for comparison).
MAIN_THREAD = os.environ.get("TOKKI_BATCH_MAIN_THREAD", "1") != "0"
# Documents converted one after the other in one main-thread callback (and, with the
# in-office converter, in one Basic call) when they are already queued (issue 16): as
# `soffice --convert-to` goes through its file list, with no round trip through the
# worker thread and soffice's event loop between them (measured: ~2 ms of soffice
# idling per document with a callback per document, ~3 ms more with a Basic call per
# document). After CHAIN documents the callback returns, so soffice's event loop runs
# now and then. TOKKI_BATCH_CHAIN=1 turns it off (one document per callback).
try:
    CHAIN = max(1, int(os.environ.get("TOKKI_BATCH_CHAIN") or 16))
except ValueError:
    CHAIN = 16


class Job:
    """One document to convert: src is a final ODT in the run's folder."""

    __slots__ = ("number", "src", "targets", "attempts", "events", "token", "started")

    def __init__(self, number, src, targets):
        self.number = number          # the caller's key (position in the batch)
        self.src = src
        self.targets = list(targets)  # [(fmt, final output path)]
        self.attempts = 0
        self.events = []              # what went wrong on earlier attempts
        self.token = None
        self.started = None           # when a worker first took it (time.monotonic())


class Result:
    __slots__ = ("job", "ok", "error", "outputs", "seconds", "worker")

    def __init__(self, job, ok, error=None, outputs=(), seconds=0.0, worker=None):
        self.job, self.ok, self.error = job, ok, error
        self.outputs = list(outputs)  # [(fmt, path, facts)]
        self.seconds, self.worker = seconds, worker


class _Stopped(Exception):
    """The pool is being aborted: drop the job silently."""


_PROPS = {}


def store_properties(fmt, pdfa=False):
    """The storeToURL arguments for fmt (built once per format and option: a tuple of
    PropertyValue structs is immutable as far as the bridge is concerned)."""
    key = (fmt, bool(pdfa and fmt == "pdf"))
    props = _PROPS.get(key)
    if props is None:
        import uno
        if key[1]:
            data = uno.Any("[]com.sun.star.beans.PropertyValue",
                           uno_props(SelectPdfVersion=PDFA_VERSION))
            props = uno_props(FilterName=STORE_FILTERS[fmt], FilterData=data, Overwrite=True)
        else:
            props = uno_props(FilterName=STORE_FILTERS[fmt], Overwrite=True)
        _PROPS[key] = props
    return props


def load_properties():
    """loadComponentFromURL arguments (built once): hidden, read-only (no lock file
    beside the source), never update links nor run macros (docs/security.md)."""
    props = _PROPS.get("load")
    if props is None:
        props = _PROPS["load"] = uno_props(Hidden=True, ReadOnly=True, UpdateDocMode=NO_UPDATE,
                                           MacroExecutionMode=NEVER_EXECUTE)
    return props


_SWITCH = {"pools": 0, "before": None}
_SWITCH_LOCK = threading.Lock()


def _sooner_hand_over(on):
    """The interpreter-wide switch interval, counted over the pools that run at once:
    the first to start sets SWITCH_INTERVAL, the last to end restores what was there.
    -> whether the calling pool now holds it."""
    with _SWITCH_LOCK:
        if on:
            if _SWITCH["pools"] == 0:
                _SWITCH["before"] = sys.getswitchinterval()
                sys.setswitchinterval(min(_SWITCH["before"], SWITCH_INTERVAL))
            _SWITCH["pools"] += 1
            return True
        _SWITCH["pools"] -= 1
        if _SWITCH["pools"] == 0:
            sys.setswitchinterval(_SWITCH["before"])
        return False


_CALLBACK_CLASS = []


def _callback_class():
    """An XCallback whose notify() runs a Python function; soffice calls it on its main
    thread, and the UNO calls that function makes are then executed on soffice's main
    thread too (the bridge keeps the calling thread's identity)."""
    if not _CALLBACK_CLASS:
        import unohelper
        from com.sun.star.awt import XCallback

        class OnMainThread(unohelper.Base, XCallback):
            def __init__(self, fn):
                self.fn = fn
                self.done = threading.Event()
                self.error = None

            def notify(self, _data):
                try:
                    self.fn()
                except BaseException as exc:  # handed to the waiting worker
                    self.error = exc
                finally:
                    self.done.set()
        _CALLBACK_CLASS.append(OnMainThread)
    return _CALLBACK_CLASS[0]


def _remove_part(path):
    """Remove a partial output and the lock file soffice keeps beside it while storing."""
    folder, name = os.path.split(path)
    for victim in (path, os.path.join(folder, ".~lock.%s#" % name)):
        try:
            os.unlink(victim)
        except OSError:
            pass


class WarmOffice(OfficeSession):
    """OfficeSession that connects through pyoo's Desktop when pyoo is installed.

    pyoo.Desktop(pipe=…) resolves the UNO URL and fetches the remote context and
    Desktop, turning "not listening yet" into IOError; that is exactly the start-up
    poll. pyoo's document classes are for Calc only, so loading and storing Writer
    documents is plain UNO on the Desktop it connected."""

    def _launch(self, cmd):
        OfficeSession._launch(self, cmd)
        watch = reaper.current()            # F14: dies with the batch, even on kill -9
        if watch is not None:
            watch.group(self.proc.pid)
            watch.path(self.workdir)

    quick_exit = False

    def shutdown(self):
        proc = self.proc
        if self.quick_exit and proc is not None and proc.poll() is None:
            self._desktop = None            # no terminate() over UNO: kill the group
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            OfficeSession.shutdown(self)
        finally:
            watch = reaper.current()
            if watch is not None and proc is not None and proc.poll() is not None:
                watch.ungroup(proc.pid)

    def _try_connect(self, uno):
        try:
            import pyoo
        except ImportError:
            return OfficeSession._try_connect(self, uno)
        try:
            desktop = pyoo.Desktop(pipe=self.pipe_name)
        except IOError:
            return None
        return desktop.remote_context

    callback = None
    converter = None

    def start(self):
        OfficeSession.start(self)
        # once per start, not per document (one bridge call saved on each)
        try:
            self.callback = self._ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.awt.AsyncCallback", self._ctx)
        except Exception:
            self.callback = None
        self.converter = in_office.converter(self._ctx)
        return self


def _init_uno():
    """Bootstrap pyuno in the calling (main) thread. Its first getComponentContext() is not
    thread-safe: two workers connecting at once for the first time can get a half-made
    service manager (seen as "AttributeError: createInstanceWithContext")."""
    import uno
    ctx = uno.getComponentContext()
    ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
    try:
        import pyoo  # noqa: F401  (imports uno classes; do it here, not in two threads)
    except ImportError:
        pass


def profile_cache_dir():
    """Where primed profiles are kept (office.soffice.cache_dir; None: no cache)."""
    return cache_dir()


def primed_profile(soffice, start_timeout=60.0):
    """A profile with tokki's settings that LibreOffice has already started on once.

    The first start of a fresh profile costs about a second (soffice sets the profile
    up, exits 81 and is started again); a copy of a primed one starts in ~0.2 s. The
    primed profile (~200 KB, no absolute paths inside) is kept in profile_cache_dir()
    under a key of the LibreOffice build and our settings, made once per machine and
    user; workers copy it. Returns None when there is no cache (then every worker
    prepares a fresh profile)."""
    base = profile_cache_dir()
    soffice = soffice or find_soffice()
    if not base or not soffice:
        return None
    key = hashlib.sha256(("%s\n%s\n%s" % (os.path.realpath(soffice),
                                           office_version(soffice), profile_xcu(spellcheck=False))
                          ).encode("utf-8")).hexdigest()[:16]
    path = os.path.join(base, "profile-" + key)
    if os.path.isfile(os.path.join(path, ".tokki-primed")):
        return path
    try:
        os.makedirs(base, exist_ok=True)
        work = tempfile.mkdtemp(prefix=".priming-", dir=base)
    except OSError:
        return None
    try:
        profile = os.path.join(work, "profile")
        prepare_profile(profile, spellcheck=False)
        tmp = os.path.join(work, "tmp")
        os.mkdir(tmp)
        env = dict(os.environ, TMPDIR=tmp)
        env.pop("SESSION_MANAGER", None)
        pipe = "tokki-prime-%d" % os.getpid()
        session = WarmOffice(start_timeout=start_timeout, soffice=soffice, profile_dir=profile,
                             pipe_name=pipe, env=env)
        try:
            session.start()
        finally:
            session.shutdown()
            remove_stale_sockets(pipe_socket_paths([pipe, single_office_pipe(profile)]))
        with open(os.path.join(profile, ".tokki-primed"), "w") as fh:
            fh.write("primed by tokki-odf for %s\n" % soffice)
        try:
            os.rename(profile, path)
        except OSError:
            if not os.path.isfile(os.path.join(path, ".tokki-primed")):
                return None           # neither ours nor another run's: no cache then
        return path
    except OfficeUnavailable:
        raise                         # no LibreOffice will start: say why, once
    except (OSError, TokkiError):
        return None
    finally:
        shutil.rmtree(work, ignore_errors=True)


class Worker:
    def __init__(self, pool, index):
        self.pool, self.index = pool, index
        self.root = os.path.join(pool.workdir, "w%d" % index)
        self.profile = os.path.join(self.root, "profile")
        self.tmp = os.path.join(self.root, "tmp")
        self.pipe = "tokki-batch-%d-w%d" % (os.getpid(), index)
        self.session = None
        self._closing = None
        self.since_start = 0
        self.converted = 0
        self.restarts = 0
        self.deadline = None
        self.timed_out = False
        self.lock = threading.Lock()
        self.dead = None              # reason, when this worker gave up
        self.current = None           # the job being converted (retried if that fails)
        self.carry = collections.deque()   # jobs of a chain that failed, not begun yet
        self.chain = None             # (jobs, progress file) while a chain converts in soffice
        self.chain_seen = -1          # the chain's last index the watchdog saw
        self.chains = 0
        self.start_error = None       # the exception that made it give up at its first start
        self.ready = False            # its first start has answered or failed (Pool.start)
        self.thread = threading.Thread(target=self._loop, name="tokki-office-%d" % index,
                                       daemon=True)

    # -- soffice lifetime ------------------------------------------------------------

    def sockets(self):
        return pipe_socket_paths([self.pipe, single_office_pipe(self.profile)])

    def _env(self):
        env = dict(os.environ)
        env.pop("SESSION_MANAGER", None)
        env["TMPDIR"] = self.tmp          # soffice's lu*.tmp go here, removed with the run
        env.setdefault("HOME", self.root)
        return env

    def _new_profile(self, seed=None):
        shutil.rmtree(self.profile, ignore_errors=True)
        if seed:
            try:
                shutil.copytree(seed, self.profile, symlinks=True)
                return
            except (OSError, shutil.Error):
                shutil.rmtree(self.profile, ignore_errors=True)
        prepare_profile(self.profile, spellcheck=False)

    def start(self):
        os.makedirs(self.tmp, exist_ok=True)
        if not os.path.isdir(os.path.join(self.profile, "user")):
            self._new_profile(self.pool.seed_profile)
        last = None
        for fresh in (False, True):
            if fresh:                         # a profile damaged by a kill: make a new one
                self._new_profile()           # (not from the cache, in case that is the cause)
            if self.pool.stopping:
                raise _Stopped()
            session = WarmOffice(start_timeout=self.pool.start_timeout, soffice=self.pool.soffice,
                                 profile_dir=self.profile, pipe_name=self.pipe, env=self._env())
            session.preflight_static = False   # Pool.start did preflight.static_check
            with self.lock:
                self.session = session
            try:
                session.start()
            except OfficeUnavailable:
                # the first start in this process did not answer within
                # preflight.ANSWER_TIMEOUT (diagnosed): a fresh profile would wait as long
                self._stop_session()
                raise
            except Exception as exc:  # TokkiError, or a UNO error while connecting
                last = exc
                self._stop_session()
                continue
            self.since_start = 0
            return
        raise TokkiError("LibreOffice could not be started for worker %d: %s"
                         % (self.index, last))

    def alive(self):
        s = self.session
        return s is not None and s.proc is not None and s.proc.poll() is None

    def kill(self):
        """Kill this worker's soffice process group now (any thread)."""
        s = self.session
        proc = (s.proc if s is not None else None) or self._closing
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def _stop_session(self, quick=False):
        with self.lock:
            session, self.session = self.session, None
            if session is not None and quick:
                session.quick_exit = True
            if session is not None:
                # A hung soffice would block desktop.terminate() for ever: the watchdog
                # kills it if the clean shutdown takes longer than SHUTDOWN_GRACE.
                self._closing = session.proc   # shutdown() forgets it before terminate()
                self.timed_out = False
                self.deadline = time.monotonic() + SHUTDOWN_GRACE
        if session is not None:
            try:
                session.shutdown()        # terminate, kill the group, reap
            finally:
                with self.lock:
                    self._closing = None
                    self.deadline = None
        remove_stale_sockets(self.sockets())
        if os.path.isdir(self.tmp):
            for name in os.listdir(self.tmp):
                path = os.path.join(self.tmp, name)
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    try:
                        os.unlink(path)
                    except OSError:
                        pass

    def restart(self):
        self._stop_session()
        self.restarts += 1
        self.start()

    # -- the thread ----------------------------------------------------------------

    def _loop(self):
        pool = self.pool
        try:
            try:
                self.start()
            except _Stopped:
                return
            except Exception as exc:
                self.dead = str(exc) or type(exc).__name__
                self.start_error = exc
                return
            finally:
                pool._started(self)
            while not pool.stopping:
                job = self.carry.popleft() if self.carry else pool._next_job()
                if job is None:
                    return
                try:
                    result = self._handle(job)
                except Exception as exc:  # a bug here must not lose the job
                    result = Result(job, False, error="internal error in the worker: %s: %s"
                                    % (type(exc).__name__, exc), worker=self.index)
                if result is not None:
                    pool.results.put(result)
        finally:
            # at the end of a run nothing of this soffice is kept (its profile is removed
            # with the run): kill it instead of a clean shutdown (issue 16: ~0.1-0.3 s on
            # the way out of every run)
            self._stop_session(quick=pool._closed and not pool.stopping)
            pool._worker_exited(self)

    def _handle(self, job):
        pool = self.pool
        if job.started is None:
            job.started = time.monotonic()
        while True:
            job.attempts += 1
            self.current = job
            try:
                if not self.alive():
                    self.restart()
                elif pool.recycle and self.since_start >= pool.recycle:
                    self.restart()            # recycling: a clean, fast restart
                self._convert(job)            # and the jobs queued behind it (CHAIN)
                return None
            except _Stopped:
                return None
            except Exception as exc:
                if pool.stopping:
                    return None
                if self.current is None:
                    # between two documents of a chain: every job taken was handed over
                    try:
                        self.restart()
                    except _Stopped:
                        pass
                    except Exception as start_exc:
                        self.dead = str(start_exc) or type(start_exc).__name__
                    return None
                job = self.current            # the document that was being converted
                started = job.started
                reason = self._reason(exc)
                job.events.append(reason)
                try:
                    self.restart()
                except _Stopped:
                    return None
                except Exception as start_exc:
                    self.dead = str(start_exc) or type(start_exc).__name__
                    return Result(job, False, error="%s; then %s" % (reason, start_exc),
                                  seconds=time.monotonic() - started, worker=self.index)
                if job.attempts >= MAX_ATTEMPTS:
                    return Result(job, False, error="%s (first attempt: %s)"
                                  % (reason, job.events[0]),
                                  seconds=time.monotonic() - started, worker=self.index)

    def _reason(self, exc):
        if self.timed_out:
            return "LibreOffice did not finish within %g s (stopped it and restarted)" \
                % self.pool.timeout
        proc = self.session.proc if self.session is not None else None
        rc = proc.poll() if proc is not None else None
        if rc is not None:
            how = "killed by signal %d" % -rc if rc < 0 else "exit code %d" % rc
            return "LibreOffice stopped while converting (%s)" % how
        message = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
        return "LibreOffice could not convert the document: %s" % message.strip()

    def _convert(self, job):
        """Convert job and (up to CHAIN in all) the jobs already queued behind it. Each
        converted job is handed to the pool's finisher thread (Pool._finish: checks and
        renames) while this worker goes on. Raises on the first failure with
        self.current = the job being converted then."""
        session = self.session
        if session is None:
            raise TokkiError("LibreOffice is not running")
        if session.converter is not None:
            self._convert_chain(session, job)
        else:
            self._convert_each(session, job)

    def _staged(self, job):
        """[(fmt, staging path, final path)] of job's outputs for this attempt."""
        pool = self.pool
        job.token = "%d-%d" % (job.number, job.attempts)
        return [(fmt, os.path.join(pool.staging(os.path.dirname(final)),
                                   "%s.%s" % (job.token, fmt)), final)
                for fmt, final in job.targets]

    def _chain(self, job):
        """job and the jobs to convert with it in one call: first those carried over from
        a chain that failed, then queued ones; at most CHAIN, no more than recycling
        allows, and leaving the other workers their share of the queue (a chain, once
        begun, is one worker's: at the end of a run the chains get short, and every
        worker stays busy)."""
        pool = self.pool
        want = min(CHAIN, 1 + len(self.carry) + pool.pending() // len(pool.workers))
        if pool.recycle:
            want = min(want, max(1, pool.recycle - self.since_start))
        chain = [job]
        while len(chain) < want and not pool.stopping:
            more = self.carry.popleft() if self.carry else pool._queued_job()
            if more is None:
                break
            if more.started is None:
                more.started = time.monotonic()
            more.attempts += 1
            chain.append(more)
        return chain

    def _convert_chain(self, session, job):
        """The chain of job in one call of the in-office converter (in_office.py) on
        soffice's main thread. Each job is handed to the finisher as soon as the chain's
        progress file shows the next one begun (while the call goes on), so results and
        checks come one by one, not a chain at a time. What was converted before a
        failure is delivered, the job that failed (or was converting when soffice hung or
        died) raises, and the jobs after it are carried over to be converted next (not
        counted as attempted)."""
        pool = self.pool
        chain = self._chain(job)
        staged = [self._staged(one) for one in chain]
        self.chains += 1
        progress = os.path.join(self.root, "progress-%d" % self.chains)
        request = (tuple((file_url(one.src),
                          tuple((file_url(part), store_properties(fmt, pool.pdfa))
                                for fmt, part, _final in parts))
                         for one, parts in zip(chain, staged)),
                   load_properties(), file_url(progress))
        answers = []
        delivered = [0]             # chain[:delivered] handed over
        seen = [0]                  # chain[:seen] seen begun
        last_tick = [time.monotonic()]

        def run():
            answers.extend(session.converter.invoke(request, (), ())[0])

        def deliver(upto, began):
            # index k in the progress file: job k began, so the jobs before it are
            # stored and closed (ConvertChain stops at a failure before writing k).
            # A job first seen at a tick began since the tick before: its seconds
            # count from then (within 0.05 s), not from when the chain was sent.
            while seen[0] <= min(upto, len(chain) - 1):
                one = chain[seen[0]]
                if seen[0] and one.attempts == 1 and not one.events:
                    one.started = began
                seen[0] += 1
            while delivered[0] < min(upto, len(chain)):
                one, parts = chain[delivered[0]], staged[delivered[0]]
                delivered[0] += 1
                self.since_start += 1
                self.converted += 1
                pool._hand_over(one, parts, one.started, self.index)

        def tick():
            if not pool.stopping:
                deliver(in_office.read_progress(progress), last_tick[0])
                last_tick[0] = time.monotonic()

        self.current = chain[0]
        with self.lock:
            self.timed_out = False
            self.chain, self.chain_seen = (chain, progress), -1
            self.deadline = time.monotonic() + pool.timeout
        failed = None
        try:
            if pool.main_thread and session.callback is not None:
                self._on_main_thread(session.callback, run, tick)
            else:
                run()
        except Exception as exc:
            failed = exc
        finally:
            with self.lock:
                self.deadline = None
                self.chain = None
                hung = self.timed_out
        at = len(chain)
        if failed is None and (hung or not self.alive()):
            # The watchdog (or a crash) ended soffice during the chain, e.g. in a close()
            # after the last store, whose error is ignored: the call can return as if
            # nothing happened; the job that was converting then is retried.
            failed = TokkiError("LibreOffice stopped while converting")
        elif failed is None and len(answers) != len(chain):
            failed = TokkiError("the converter answered %d times for %d documents"
                                % (len(answers), len(chain)))
        elif failed is None:
            at = next((i for i, answer in enumerate(answers) if answer), len(chain))
            if at < len(chain):
                failed = TokkiError(in_office.failure(answers[at]))
        if failed is not None and at == len(chain):
            at = min(max(in_office.read_progress(progress), 0), len(chain) - 1)
        try:
            os.unlink(progress)
        except OSError:
            pass
        if pool.stopping:
            for parts in staged[delivered[0]:]:
                for _fmt, part, _final in parts:
                    _remove_part(part)
            raise _Stopped()
        deliver(at, last_tick[0])
        if failed is None:
            self.current = None
            return
        for parts in staged[at:]:
            for _fmt, part, _final in parts:
                _remove_part(part)
        for later in reversed(chain[at + 1:]):
            later.attempts -= 1
            self.carry.appendleft(later)
        self.current = chain[at]
        raise failed

    def note_progress(self, now):
        """The watchdog's look at a chain converting in soffice: a new index in its
        progress file means a new document began, with a deadline of its own."""
        with self.lock:
            chain = self.chain
        if chain is None:
            return
        seen = in_office.read_progress(chain[1])
        with self.lock:
            if self.chain is chain and seen != self.chain_seen and not self.timed_out \
                    and self.deadline is not None:
                self.chain_seen = seen
                self.deadline = now + self.pool.timeout

    def _convert_each(self, session, job):
        """Without the in-office converter: job, then (up to CHAIN in all) the jobs
        already queued behind it, loaded, stored and closed from Python one after the
        other in one main-thread callback."""
        pool = self.pool
        desktop = session.desktop
        load = load_properties()

        def one(job):
            self.current = job
            parts = self._staged(job)
            with self.lock:
                self.timed_out = False
                self.deadline = time.monotonic() + pool.timeout
            ok = False
            try:
                self._convert_over_the_bridge(desktop, job, parts, load)
                with self.lock:
                    self.deadline = None
                    hung = self.timed_out
                if hung or not self.alive():
                    # as in _convert_chain: a kill during close() returns quietly
                    raise TokkiError("LibreOffice stopped while converting")
                if pool.stopping:
                    raise _Stopped()
                ok = True
            finally:
                with self.lock:
                    self.deadline = None
                if not ok:
                    for _fmt, part, _final in parts:
                        _remove_part(part)
            self.since_start += 1
            self.converted += 1
            pool._hand_over(job, parts, job.started, self.index)
            self.current = None

        def run():
            one(job)
            done = 1
            while done < CHAIN and not pool.stopping and self.session is session \
                    and not (pool.recycle and self.since_start >= pool.recycle):
                more = pool._queued_job()
                if more is None:
                    return
                more.started = time.monotonic()
                more.attempts += 1
                one(more)
                done += 1

        if pool.main_thread and session.callback is not None:
            self._on_main_thread(session.callback, run)
        else:
            run()

    def _convert_over_the_bridge(self, desktop, job, parts, load):
        """Load, store and close driven from Python: for a LibreOffice that cannot run
        the in-office converter (in_office.py), and for comparison."""
        doc = desktop.loadComponentFromURL(file_url(job.src), "_blank", 0, load)
        if doc is None:
            raise TokkiError("LibreOffice could not open the document")
        try:
            for fmt, part, _final in parts:
                doc.storeToURL(file_url(part), store_properties(fmt, self.pool.pdfa))
        finally:
            try:
                doc.close(True)
            except Exception:
                pass

    def _on_main_thread(self, async_callback, fn, tick=None):
        """Run fn through soffice's AsyncCallback and wait for it, calling tick every
        0.05 s meanwhile; a soffice that dies (watchdog, crash) before or while running
        it raises."""
        cb = _callback_class()(fn)
        async_callback.addCallback(cb, None)
        while not cb.done.wait(0.05):
            if tick is not None:
                tick()
            if not self.alive():
                # its UNO calls fail now that the process is gone: let fn end, so that
                # self.current is the job it was converting, not the one before
                cb.done.wait(5.0)
                raise TokkiError("LibreOffice stopped while converting")
        if cb.error is not None:
            raise cb.error


class Pool:
    """N warm soffice workers. submit() jobs, read Results from .results, then close()."""

    def __init__(self, jobs, workdir, timeout=60.0, recycle=200, pdfa=False, soffice=None,
                 start_timeout=60.0, main_thread=None):
        if jobs < 1:
            raise ValueError("jobs must be >= 1")
        self.workdir = workdir
        self.timeout = float(timeout)
        self.recycle = recycle
        self.pdfa = pdfa
        self.soffice = soffice
        self.start_timeout = start_timeout
        self.main_thread = MAIN_THREAD if main_thread is None else bool(main_thread)
        self.staging_name = ".tokki-batch-%d" % os.getpid()
        self.seed_profile = None
        self._switched = False        # holds the sooner GIL hand-over (start to cleanup)
        self.stopping = False
        self.results = queue.Queue()
        self._queue = queue.Queue()
        self._notes = queue.Queue()
        self._lock = threading.Lock()
        self._start_cond = threading.Condition()
        self._closed = False
        self.workers = [Worker(self, i) for i in range(jobs)]
        self._alive = len(self.workers)
        self._watchdog = threading.Thread(target=self._watch, name="tokki-watchdog", daemon=True)
        self._outdirs = set()
        self.reaper = None
        # converted jobs waiting for their checks and renames (Pool._finish)
        self._checks = queue.Queue()
        self._checking = 0
        self._finisher = threading.Thread(target=self._finish_loop, name="tokki-checks",
                                          daemon=True)

    # -- running -----------------------------------------------------------------------

    def start(self, profile_cache=True):
        soffice = preflight.static_check(self.soffice, "PDF/DOCX output", need_uno=True)
        # A worker waits for the GIL each time a UNO call returns, and soffice's main
        # thread waits with it: hand the GIL over sooner than the default 5 ms while the
        # pool runs (bench/results/batch-profile.md, fourth round); restored by _cleanup.
        if not self._switched:
            self._switched = _sooner_hand_over(True)
        self.reaper = reaper.Reaper().start()
        self.reaper.path(self.workdir)
        for worker in self.workers:
            for socket in worker.sockets():
                self.reaper.path(socket)
        self.soffice = soffice
        _init_uno()
        if profile_cache:
            self.seed_profile = primed_profile(soffice, self.start_timeout)
        first = not preflight.answered(soffice)
        self._finisher.start()
        for worker in self.workers:
            worker.thread.start()
        self._watchdog.start()
        if first:
            # Fail fast, once, with the reason (not every row after a minute each): the
            # workers' own first start is the live check (issue 16: a separate probe
            # started and stopped one more soffice, ~0.4 s, before any work). The first
            # start of a process gives up after preflight.ANSWER_TIMEOUT with a diagnosis.
            with self._start_cond:
                self._start_cond.wait_for(lambda: any(w.ready and not w.dead
                                                      for w in self.workers)
                                          or all(w.ready for w in self.workers))
            if not any(w.ready and not w.dead for w in self.workers):
                error = next((w.start_error for w in self.workers
                              if isinstance(w.start_error, OfficeUnavailable)), None)
                reason = self.dead_reason()
                self.abort()
                if error is not None:
                    raise error
                raise OfficeUnavailable(reason)
        return self

    def _started(self, worker):
        with self._start_cond:
            worker.ready = True
            self._start_cond.notify_all()

    # -- checks and renames, off the workers' threads -------------------------------------

    def _hand_over(self, job, parts, started, worker):
        with self._lock:
            self._checking += 1
        self._checks.put((job, parts, started, worker))

    def _finish_loop(self):
        while True:
            item = self._checks.get()
            if item is None:
                return
            try:
                result = self._finish(*item)
            except Exception as exc:  # a bug here must not lose the job
                result = Result(item[0], False, error="internal error in the checks: %s: %s"
                                % (type(exc).__name__, exc), worker=item[3])
            finally:
                for _fmt, part, _final in item[1]:
                    _remove_part(part)          # nothing once renamed
            if result is not None:
                self.results.put(result)
            with self._lock:
                self._checking -= 1

    def _finish(self, job, parts, started, worker):
        """Check every stored output (checks.py), then rename them all into place: a
        job's outputs are delivered together or not at all."""
        if self.stopping:
            return None
        done = []
        try:
            for fmt, part, final in parts:
                facts = checks.check_output(fmt, part)
                if fmt == "pdf" and self.pdfa:
                    facts["pdfa"] = checks.is_pdfa(part)
                    if not facts["pdfa"]:
                        raise checks.OutputError("the PDF does not declare PDF/A")
                done.append((fmt, part, final, facts))
        except checks.OutputError as exc:
            return Result(job, False, error=str(exc), seconds=time.monotonic() - started,
                          worker=worker)
        if self.stopping:
            return None
        outputs = []
        for fmt, part, final, facts in done:
            os.chmod(part, 0o644)
            os.replace(part, final)
            outputs.append((fmt, final, facts))
        return Result(job, True, outputs=outputs, seconds=time.monotonic() - started,
                      worker=worker)

    def staging(self, folder):
        """This run's staging folder inside an output folder (same file system, so the
        rename is atomic). soffice stores there: its own temporary files (lu*.tmp) and
        lock files (.~lock.*#), left behind when it is killed mid-store, go with it."""
        path = os.path.join(folder, self.staging_name)
        if not os.path.isdir(path):
            os.makedirs(path, exist_ok=True)
            if self.reaper is not None:
                self.reaper.path(path)
        return path

    def submit(self, job):
        for _fmt, path in job.targets:
            self._outdirs.add(os.path.dirname(os.path.abspath(path)))
        with self._lock:
            if self._alive == 0:
                self.results.put(Result(job, False, error=self.dead_reason()))
                return
            self._queue.put(job)

    def pending(self):
        return self._queue.qsize()

    def ahead(self):
        """How many jobs a caller should keep queued: enough for every worker's next
        chain (Worker._chain), so that none waits for the caller between two."""
        return (CHAIN + 1) * len(self.workers)

    def workers_alive(self):
        """True while a worker runs or converted jobs still wait for their checks."""
        return any(w.thread.is_alive() for w in self.workers) or self._checking > 0

    def dead_reason(self):
        reasons = [w.dead for w in self.workers if w.dead]
        return reasons[0] if reasons else "LibreOffice workers are not running"

    def _next_job(self):
        while not self.stopping:
            try:
                job = self._queue.get(timeout=0.2)
            except queue.Empty:
                if self._closed:
                    return None
                continue
            if job is None:               # close()/abort(): no more jobs
                return None
            return job
        return None

    def _queued_job(self):
        """The next queued job if there is one now, else None (a chain ends there)."""
        if self.stopping:
            return None
        try:
            job = self._queue.get_nowait()
        except queue.Empty:
            return None
        if job is None:                   # an end marker: leave it for _next_job
            self._queue.put(None)
        return job

    def _wake_workers(self):
        # one end-marker per worker: an idle worker stops at once instead of at its next
        # 0.2 s poll (issue 16: that poll was on the way out of every run)
        for _worker in self.workers:
            self._queue.put(None)

    def notes(self):
        """Messages about workers that gave up since the last call (for the progress)."""
        out = []
        while True:
            try:
                out.append(self._notes.get_nowait())
            except queue.Empty:
                return out

    def _worker_exited(self, worker):
        if worker.dead and not self.stopping:
            self._notes.put("LibreOffice worker %d stopped for good: %s"
                            % (worker.index, worker.dead))
        with self._lock:
            self._alive -= 1
            last = self._alive == 0
        if last and not self.stopping:
            # Nobody is left to take the queued jobs: fail them, so that none is lost.
            while True:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is not None:
                    self.results.put(Result(job, False, error=self.dead_reason()))

    def _watch(self):
        while not (self._closed and self._alive == 0):
            now = time.monotonic()
            for worker in self.workers:
                worker.note_progress(now)
                with worker.lock:
                    if worker.deadline is not None and now > worker.deadline \
                            and not worker.timed_out:
                        worker.timed_out = True
                        worker.kill()
            time.sleep(0.1)

    # -- ending --------------------------------------------------------------------------

    def close(self):
        """Let the workers finish the queued jobs, then stop them cleanly."""
        self._closed = True
        self._wake_workers()
        for worker in self.workers:
            if worker.thread.is_alive():
                worker.thread.join()
        self._stop_finisher()
        self._cleanup()

    def _stop_finisher(self, timeout=None):
        if self._finisher.ident is not None:
            self._checks.put(None)
            self._finisher.join(timeout)

    def abort(self):
        """Stop now (Ctrl+C): kill every soffice, drop queued jobs, clean up."""
        self.stopping = True
        self._closed = True
        self._wake_workers()
        for worker in self.workers:
            worker.kill()
        for worker in self.workers:
            if worker.thread.ident is not None:
                worker.thread.join(timeout=30)
        self._stop_finisher(timeout=30)
        self._cleanup()

    def _cleanup(self):
        for worker in self.workers:
            worker._stop_session()        # idempotent: reaps anything a stuck thread left
        for folder in self._outdirs:
            shutil.rmtree(os.path.join(folder, self.staging_name), ignore_errors=True)
        for worker in self.workers:
            shutil.rmtree(worker.root, ignore_errors=True)
        if self._switched:
            self._switched = _sooner_hand_over(False)
        if self.reaper is not None:
            self.reaper.close()
