"""A small log in the LibreOffice profile: <profile>/user/tokki-odf/tokki.log.

Every command writes one line (what, how long, ok or the error); automation
errors are only reported here and in the dispatch result. The file is cut to
its last half when it passes 512 KB. Standard library only; the profile
folder is found once through UNO (PathSubstitution $(user)).
"""
import os
import sys
import time
import traceback

MAX_BYTES = 512 * 1024
_folder = [None]


def set_folder(path):
    _folder[0] = path


def folder():
    """<profile>/user/tokki-odf, created on first use; None when it cannot be."""
    if _folder[0] is None:
        try:
            import uno
            ctx = uno.getComponentContext()
            subst = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.util.PathSubstitution", ctx)
            user = uno.fileUrlToSystemPath(subst.substituteVariables("$(user)", True))
            path = os.path.join(user, "tokki-odf")
            os.makedirs(path, exist_ok=True)
            _folder[0] = path
        except Exception:
            _folder[0] = ""
    return _folder[0] or None


def path():
    base = folder()
    return os.path.join(base, "tokki.log") if base else None


def write(message):
    line = "%s %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), message)
    target = path()
    if target:
        try:
            if os.path.exists(target) and os.path.getsize(target) > MAX_BYTES:
                with open(target, "rb") as fh:
                    fh.seek(-MAX_BYTES // 2, os.SEEK_END)
                    tail = fh.read()
                with open(target, "wb") as fh:
                    fh.write(tail[tail.find(b"\n") + 1:])
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(line)
            return
        except OSError:
            pass
    try:
        sys.stderr.write("tokki: " + line)
    except Exception:
        pass


def exception(what):
    write("%s failed:\n%s" % (what, traceback.format_exc().rstrip()))
