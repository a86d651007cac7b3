"""Workers die with the batch, even on kill -9 (F14).

A batch that is killed with SIGKILL runs no cleanup: its soffice workers (each in
its own process group, ~250 MB) would live on, and its folders in /tmp (profiles,
job ODTs: contract text) and pipe sockets would stay. So the pool starts one small
watchdog process, the reaper, in a session of its own, and tells it over a pipe
every process group and path it creates. The reaper only reads that pipe. When the
pipe reaches end-of-file without the word "done" — the batch is gone, however it
went — it kills every group it was told of and removes every path. A batch that
ends normally cleans up itself and says "done"; the reaper then just exits.
"""
import json
import os
import subprocess
import sys
import threading

_CODE = r'''
import json, os, shutil, signal, sys
groups, paths, done = set(), [], False
for line in sys.stdin:
    try:
        kind, value = json.loads(line)
    except ValueError:
        continue
    if kind == "group":
        groups.add(int(value))
    elif kind == "ungroup":
        groups.discard(int(value))
    elif kind == "path":
        paths.append(value)
    elif kind == "done":
        done = True
if not done:
    for pgid in groups:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
    import time
    time.sleep(0.3)
    for path in reversed(paths):
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
        except OSError:
            pass
'''

_current = None


class Reaper:
    def __init__(self):
        self.proc = None
        self.lock = threading.Lock()

    def start(self):
        global _current
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", _CODE], stdin=subprocess.PIPE,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                         start_new_session=True, close_fds=True)
        except OSError:
            self.proc = None          # no watchdog: the normal cleanup still runs
        _current = self
        return self

    def _send(self, kind, value=None):
        with self.lock:
            if self.proc is None or self.proc.stdin is None:
                return
            try:
                self.proc.stdin.write((json.dumps([kind, value]) + "\n").encode("utf-8"))
                self.proc.stdin.flush()
            except (OSError, ValueError):
                pass

    def group(self, pgid):
        self._send("group", int(pgid))

    def ungroup(self, pgid):
        self._send("ungroup", int(pgid))

    def path(self, path):
        self._send("path", os.path.abspath(path))

    def close(self):
        """The batch cleaned up itself: the reaper exits without touching anything."""
        global _current
        if _current is self:
            _current = None
        self._send("done")
        with self.lock:
            proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait()


def current():
    """The running pool's reaper, or None."""
    return _current
