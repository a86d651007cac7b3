"""The validate rules' recognition data (templates/recognition.json) -> a Recognition.

The file ships where the templates ship: the package data of the wheel
(tokki_odf/templates/), the .oxt's engine copy (tokki_odf/templates/ there) and
the source checkout's top-level templates/. It is looked for in the same
folders as the bundled templates, first match wins: $TOKKI_TEMPLATES (a folder
with its own recognition.json replaces the bundled one), the package data, the
checkout. Read once per file version (path, size, mtime): an edited file is
picked up by the next check, an unchanged one is never parsed twice.
"""
import json
import os
import unicodedata

from ..errors import RecognitionError, TokkiError
from ..core.validate.recognition import Recognition
from .input import read_input

FILENAME = "recognition.json"
_PKG = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # tokki_odf/
_CACHE = {}


def folders():
    """Where recognition.json is looked for (the bundled templates' folders, in order)."""
    found = [os.environ.get("TOKKI_TEMPLATES"), os.path.join(_PKG, "templates"),
             os.path.normpath(os.path.join(_PKG, os.pardir, os.pardir, "templates"))]
    return [f for f in found if f]


def bundled_path():
    """The recognition.json in use; TokkiError when none of the folders has one."""
    for folder in folders():
        path = os.path.join(folder, FILENAME)
        if os.path.isfile(path):
            return path
    raise TokkiError("no %s (the validate rules' phrases) in %s: the installation is "
                     "incomplete" % (FILENAME, ", ".join(folders())))


def bundled_recognition():
    """The Recognition of the bundled templates/recognition.json (cached)."""
    return load_recognition(bundled_path())


def load_recognition(path):
    """The Recognition of a recognition.json file (cached per path, size and mtime).
    Bad JSON or a wrong shape: RecognitionError (exit 2) naming the file and the key."""
    where = os.path.abspath(path)
    try:
        st = os.stat(path)
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = None
    cached = _CACHE.get(where)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    data = read_input(path, kind="answers", what="recognition data (JSON)")
    try:
        parsed = json.loads(unicodedata.normalize("NFC", data.decode("utf-8")))
    except UnicodeDecodeError as exc:
        raise RecognitionError("%s: not UTF-8 (byte %d); save it as UTF-8"
                               % (path, exc.start), where=path) from None
    except ValueError as exc:
        raise RecognitionError("%s: not valid JSON (%s)" % (path, exc), where=path) from None
    try:
        rec = Recognition.from_dict(parsed)
    except RecognitionError as exc:
        raise RecognitionError("%s: %s" % (path, exc), key=exc.key, where=path) from None
    if stamp is not None:
        _CACHE[where] = (stamp, rec)     # one version per file: the newest
    return rec
