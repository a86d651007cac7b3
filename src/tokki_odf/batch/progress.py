"""Progress: a tqdm bar with ETA on a terminal, one plain line per row otherwise.

tqdm is optional (extra `batch`); without it a terminal gets the plain lines too.
It is imported only for a bar (~60 ms of CPU, most of it importlib.metadata for its
version: a batch with -q or into a log file does not pay it), and must be imported
before anything imports `uno`: pyuno's import hook turns the ModuleNotFoundError
tqdm expects for its optional `envwrap` into a plain ImportError, which tqdm 4.70
does not catch. The batch makes its Progress before it starts LibreOffice; when uno
is in already, tqdm is imported past its hook.
"""
import sys


def _bar_class():
    import builtins
    hooked = builtins.__import__
    uno = sys.modules.get("uno")
    plain = getattr(uno, "_builtin_import", None)
    if plain is not None and getattr(hooked, "__name__", "") == "_uno_import":
        # uno is in already (a library caller, the tests): tqdm is imported past
        # pyuno's hook (uno.py keeps Python's own import as _builtin_import)
        builtins.__import__ = plain
    try:
        from tqdm import tqdm
    except ImportError:          # not installed, or uno's hook in the way (see above)
        return None
    finally:
        builtins.__import__ = hooked
    return tqdm


class Progress:
    def __init__(self, total, stream=None, quiet=False, bar=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.count = 0
        self.quiet = quiet
        if bar is None:
            bar = not quiet and _isatty(self.stream)
        self.bar = None
        bar_class = _bar_class() if bar and total else None
        if bar_class is not None:
            self.bar = bar_class(total=total, unit="doc", file=self.stream, dynamic_ncols=True,
                                 smoothing=0.1, leave=True)

    def note(self, text):
        """A message that is always shown (bad rows, warnings)."""
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def row(self, text, failed=False):
        """One finished row: the bar moves; without a bar, a line (failures even with -q)."""
        self.count += 1
        if self.bar is not None:
            if failed:
                self.bar.write(text, file=self.stream)
            self.bar.update(1)
        elif failed or not self.quiet:
            width = len(str(self.total))
            print("[%*d/%d] %s" % (width, self.count, self.total, text), file=self.stream,
                  flush=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _isatty(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
