"""One batch per output folder (F13), and what dead batches left behind (F14).

FolderLock: DIR/.tokki-batch.lock, held with flock for the whole run. The kernel
releases it when the process ends, however it ends (kill -9 included), so a lock
is never stale; a second run into the same folder gets exit 2 naming the holder.

remove_stale(): a batch killed with kill -9 cannot clean up. The next run removes
what runs of dead processes left: DIR/.tokki-batch-<pid>/ (staging, partial PDFs),
$TMPDIR/tokki-batch-<pid>-*/ (profiles, job ODTs = contract text) and the pipe
sockets /tmp/OSL_PIPE_<uid>_tokki-batch-<pid>-w<n>. A pid that is alive (or that
we cannot tell) is left alone.
"""
import errno
import os
import re
import shutil
import stat
import tempfile

from .rows import InputError

LOCK_NAME = ".tokki-batch.lock"
_STAGING = re.compile(r"^\.tokki-batch-(\d+)$")
_RUN = re.compile(r"^tokki-batch-(\d+)-")
_SOCKET = re.compile(r"^OSL_PIPE_%d_tokki-batch-(\d+)-w\d+$" % (os.getuid()
                                                                if hasattr(os, "getuid") else 0))

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, as before
    fcntl = None


class FolderLock:
    def __init__(self, folder):
        self.path = os.path.join(folder, LOCK_NAME)
        self.fd = None

    def acquire(self):
        if fcntl is None:
            return self
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                             0o644)
            except OSError as exc:
                raise InputError("%s: cannot create the batch lock (%s)"
                                 % (self.path, exc.strerror)) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = _read_pid(fd)
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise InputError("another tokki batch%s is writing to %s; wait for it to "
                                     "finish or choose another --out folder"
                                     % (" (pid %s)" % holder if holder else "",
                                        os.path.dirname(self.path))) from None
                raise
            # The file may have been removed by the previous holder between our open and
            # our flock: then we hold a lock on a file nobody else can see. Try again.
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except OSError:
                same = False
            if not same:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, ("%d\n" % os.getpid()).encode("ascii"))
            self.fd = fd
            return self

    def release(self):
        if self.fd is None:
            return
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


def _read_pid(fd):
    try:
        os.lseek(fd, 0, 0)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
        return text if text.isdigit() else None
    except OSError:
        return None


def pid_alive(pid):
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale(out_dir, tmp_dir=None):
    """Remove what dead batch runs left in out_dir, in tmp_dir and in /tmp; -> count."""
    removed = 0
    tmp_dir = tmp_dir or tempfile.gettempdir()
    for folder, pattern in ((out_dir, _STAGING), (tmp_dir, _RUN)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            m = pattern.match(name)
            if not m or pid_alive(int(m.group(1))):
                continue
            path = os.path.join(folder, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode) and (not hasattr(os, "getuid") or
                                             st.st_uid == os.getuid()):
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
    try:
        names = os.listdir("/tmp")
    except OSError:
        names = []
    for name in names:
        m = _SOCKET.match(name)
        if m and not pid_alive(int(m.group(1))):
            path = os.path.join("/tmp", name)
            try:
                if stat.S_ISSOCK(os.lstat(path).st_mode):
                    os.unlink(path)
                    removed += 1
            except OSError:
                pass
    return removed
