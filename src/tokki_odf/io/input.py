"""Every file tokki reads, and every file it writes, passes through here.

read_input(): inputs are regular files within a size limit. A FIFO would block a
read for ever, a character device (/dev/zero, /dev/urandom) never ends, a folder
is not a document: each is refused with one line before a byte is read. The file
is opened non-blocking (a FIFO without writer cannot hang the open), checked with
fstat on the descriptor actually read (no race with a rename), and read with a cap
(a file that grows while it is read cannot exceed the limit).

refuse_overwrite(): an output path that is one of the inputs — the same path, a
hard link to it, a symlink to it, or a symlink the input is reached through — is
refused before anything is written (F1: `assemble t.fodt --out t.fodt`).

Standard library only: the extension packs this module (tools/oxt.py).
"""
import errno
import os
import stat

from ..errors import TokkiError, UnsafeDocument

MB = 1024 * 1024
# Documented in docs/security.md ("Inputs").
LIMITS = {
    "document": 50 * MB,      # .odt/.ott/.fodt/.docx: templates, contracts to validate or scrub
    "answers": 10 * MB,       # one contract's answers (JSON)
    "rows": 100 * MB,         # a batch's CSV/JSONL/JSON: 100 MB is > 100 000 contracts
}


def _limit(kind):
    return LIMITS.get(kind, LIMITS["document"])


def read_input(path, kind="document", what=None):
    """The bytes of the regular file path, at most LIMITS[kind] of them; TokkiError
    (exit 2, one line) for anything else. what names the file in messages."""
    what = what or kind
    limit = _limit(kind)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise TokkiError("%s: no such file" % path) from None
    except IsADirectoryError:
        raise TokkiError("%s: is a folder, not a %s file" % (path, what)) from None
    except PermissionError:
        raise TokkiError("%s: not readable (permission denied)" % path) from None
    except OSError as exc:
        raise TokkiError("%s: cannot be read (%s)" % (path, exc.strerror or exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise TokkiError("%s: is a folder, not a %s file" % (path, what))
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeDocument("%s: is a %s, not a regular file; tokki reads only regular "
                                 "files" % (path, _kind_of(st.st_mode)))
        if st.st_size > limit:
            raise UnsafeDocument("%s: %d MB is larger than the %d MB allowed for a %s file"
                                 % (path, st.st_size // MB, limit // MB, what))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks, total = [], 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            except OSError as exc:
                raise TokkiError("%s: cannot be read (%s)" % (path, exc.strerror or exc)) \
                    from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnsafeDocument("%s: larger than the %d MB allowed for a %s file"
                                     % (path, limit // MB, what))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind_of(mode):
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def same_file(a, b):
    """True when writing a would change b: the same path after symlinks, or the same
    inode (a hard link)."""
    if not a or not b:
        return False
    try:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
    except (OSError, ValueError):
        pass
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def refuse_overwrite(outputs, inputs):
    """TokkiError if any output path is one of the input paths (same path, hard link,
    symlink). Called by every command before it writes anything."""
    if isinstance(outputs, str):
        outputs = [outputs]
    for out in outputs:
        for given in inputs:
            if given and same_file(out, given):
                raise TokkiError("%s: the output would overwrite the input %s; choose another "
                                 "output name (tokki never overwrites its inputs)" % (out, given))


WRITE_ERRNOS = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
                errno.EACCES: "permission denied", errno.EPERM: "permission denied",
                getattr(errno, "EDQUOT", -1): "the disk quota is exceeded",
                errno.EFBIG: "the file is too large for the file system"}


def write_problem(exc):
    """A one-line reason for an OSError met while writing, or None if it is not one of
    the ordinary causes (full disk, read-only folder, permissions)."""
    if isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS:
        where = exc.filename or ""
        return "cannot write %s: %s" % (where or "the output", WRITE_ERRNOS[exc.errno])
    return None
