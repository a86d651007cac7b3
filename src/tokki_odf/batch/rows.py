"""Reading and checking the rows of a batch: CSV (as Excel saves it), JSONL, JSON array.

Pure apart from reading the one input file. Every row is checked before anything
is written: a bad row gets a message naming its row number, its id, the key and
the reason, and does not stop the others. Problems with the whole file (cannot be
read, unknown columns, no id column) raise InputError: nothing can run then.

Row numbers are the ones a person sees: in a CSV the spreadsheet row (the header is
row 1, the first contract row 2, a cell with line breaks still one row); in JSONL
the line; in a JSON array the item (1 = first).
"""
import codecs
import csv
import io
import json
import re
import unicodedata

from ..core.assembly.answers import CONTRACT_KEYS, normalize
from ..errors import TokkiError
from ..io.input import read_input

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
ID_COLUMN = "id"
MAX_ID_BYTES = 120           # file systems allow 255; leave room for suffixes and temp names
_BAD_ID_CHARS = set('/\\:*?"<>|')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {"COM%d" % i for i in range(1, 10)} \
    | {"LPT%d" % i for i in range(1, 10)}
# Characters XML 1.0 cannot hold: a value with one of them would make a broken document.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class InputError(TokkiError):
    """The answers file as a whole cannot be used (exit 2, nothing runs)."""


class Row:
    """One contract: where it came from, its raw answers, and after check() its answers
    or the reason it cannot be made."""

    __slots__ = ("number", "unit", "id", "raw", "answers", "error", "key", "index")

    def __init__(self, number, unit, row_id, raw, index):
        self.number = number      # row / line / item number as the user sees it
        self.unit = unit          # "row", "line" or "item"
        self.id = row_id          # file name stem (None until known)
        self.raw = raw            # dict of answers as read ($id included)
        self.answers = None       # normalised answers once checked
        self.error = None         # reason this row cannot be made
        self.key = None           # the answer key the error is about, when known
        self.index = index        # 0-based position among the file's rows (for --shard)

    @property
    def where(self):
        if self.id:
            return "%s %d (id=%s)" % (self.unit, self.number, self.id)
        return "%s %d" % (self.unit, self.number)

    def fail(self, reason, key=None):
        if self.error is None:      # the first problem found is the one reported
            self.error, self.key = reason, key

    def __repr__(self):
        return "<Row %s %s>" % (self.where, "ok" if self.error is None else self.error)


# -- reading -----------------------------------------------------------------------

def input_format(path):
    lower = path.lower()
    for ext, fmt in FORMATS.items():
        if lower.endswith(ext):
            return fmt
    raise InputError("%s: answers must be a .csv, .jsonl or .json file" % path)


def read_rows(path, encoding=None, template=None):
    """-> (rows, info) where info tells the format and, for CSV, the encoding used.

    With a template, CSV headers are checked against its questions (unknown columns
    are refused: a typo would otherwise silently give every contract the default)."""
    fmt = input_format(path)
    try:
        data = read_input(path, "rows", "answers")   # regular file within the limit (F20)
    except TokkiError as exc:
        raise InputError(str(exc)) from None
    if fmt == "csv":
        text, used = decode_csv(data, path, encoding)
        rows = _csv_rows(text, path, template)
        return rows, {"format": "csv", "encoding": used}
    text, used = _decode_json(data, path, encoding)
    rows = _jsonl_rows(text, path) if fmt == "jsonl" else _json_rows(text, path)
    return rows, {"format": fmt, "encoding": used}


def decode_csv(data, path, encoding=None):
    """Bytes -> (text, encoding name). UTF-8 with or without BOM and CP932 (Excel's
    'CSV (comma delimited)' on a Japanese Windows) are told apart automatically."""
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError("unknown encoding %r (e.g. utf-8, cp932)" % encoding) from None
        if codec in ("utf-8", "utf_8") and data.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            raise InputError("%s: not %s: byte %d (line %d) cannot be decoded; check "
                             "--encoding" % (path, encoding, exc.start,
                                             data.count(b"\n", 0, exc.start) + 1)) from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _undecodable(path, data, exc) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("%s: this is UTF-16 (Excel's 'Unicode text'), which is tab-separated; "
                         "save as 'CSV UTF-8 (comma delimited)' or 'CSV (comma delimited)'"
                         % path)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or _looks_wide(data):
        raise InputError("%s: this is UTF-16 or UTF-32 (it is full of NUL bytes), which Excel "
                         "saves as 'Unicode text'; save as 'CSV UTF-8 (comma delimited)' or "
                         "'CSV (comma delimited)'" % path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_exc:
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError:
            raise _undecodable(path, data, utf8_exc) from None
        if _looks_euc_jp(data, text):
            raise InputError("%s: this looks like EUC-JP, not CP932 (Shift_JIS): read as CP932 "
                             "it gives half-width katakana such as %r; give --encoding euc-jp "
                             "(or save the file as UTF-8)" % (path, _halfwidth_sample(text)))
        return text, "cp932"


def _looks_wide(data):
    """UTF-16/32 without a BOM: NUL bytes in the first line, where a CSV has none."""
    head = data[:200]
    return head.count(b"\x00") >= max(2, len(head) // 4)


_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")


def _looks_euc_jp(data, cp932_text):
    """EUC-JP bytes are valid CP932 too, but come out as runs of half-width katakana
    mixed with odd kanji (F12). Say so when the same bytes are valid EUC-JP and the
    EUC-JP reading has no half-width katakana where the CP932 reading is full of them."""
    kana = len(_HALFWIDTH_KANA.findall(cp932_text))
    if kana < 2:
        return False
    try:
        euc = data.decode("euc_jp")
    except UnicodeDecodeError:
        return False
    return len(_HALFWIDTH_KANA.findall(euc)) * 4 < kana


def _halfwidth_sample(text):
    m = re.search("[\uff61-\uff9f]{2,8}", text)
    return m.group(0) if m else ""


def _undecodable(path, data, exc):
    line = data.count(b"\n", 0, exc.start) + 1
    return InputError("%s: line %d is neither UTF-8 nor CP932 (Shift_JIS); save the sheet as "
                      "'CSV UTF-8' or give the encoding with --encoding" % (path, line))


def _decode_json(data, path, encoding):
    codec = encoding or "utf-8-sig"
    try:
        return data.decode(codec), codec
    except (UnicodeDecodeError, LookupError):
        raise InputError("%s: JSON answers must be UTF-8" % path) from None


def _norm_header(name):
    return unicodedata.normalize("NFKC", name or "").strip()


def _csv_rows(text, path, template):
    records = _strict_records(text, path)
    if not records:
        raise InputError("%s: the file is empty; the first row must name the columns "
                         "(id and the question keys)" % path)
    header = [_norm_header(h) for h in records[0]]
    # Excel leaves empty columns (trailing commas) around: ignore those that stay empty.
    used = [i for i, h in enumerate(header) if h]
    for number, record in enumerate(records[1:], start=2):
        for i, cell in enumerate(record):
            if i < len(header) and not header[i] and cell.strip():
                raise InputError("%s: column %d has no name in the first row but row %d "
                                 "has a value in it (%r)" % (path, i + 1, number, cell[:30]))
    names = [header[i] for i in used]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError("%s: the first row names %s more than once" % (path, ", ".join(dupes)))
    if ID_COLUMN not in names:
        raise InputError("%s: no %r column; the first row must name an id column (it names "
                         "the output files) and the question keys" % (path, ID_COLUMN))
    if template is not None:
        known = set(template.questions) | set(CONTRACT_KEYS) | {ID_COLUMN}
        unknown = [n for n in names if n not in known and not n.startswith(("$", "#"))]
        if unknown:
            raise InputError("%s: unknown column(s) %s; this template asks: %s (columns "
                             "starting with $ or # are ignored)"
                             % (path, ", ".join(unknown), ", ".join(template.questions)))
    plain_header = [h.lstrip("\ufeff") for h in header]
    for number, record in enumerate(records[1:], start=2):
        cells = [_norm_header(c).lstrip("\ufeff") for c in record]
        if record and (record[0].startswith("\ufeff") or
                       [c for c in cells if c] == [h for h in plain_header if h]):
            raise InputError("%s: row %d repeats the first row (the column names)%s: two CSV "
                             "exports joined into one file? Keep one header row, or run the "
                             "parts separately" % (path, number, ", with a BOM" if
                                                   record[0].startswith("\ufeff") else ""))
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue                          # blank rows at the end of a sheet
        row = Row(number, "row", None, {}, len(rows))
        rows.append(row)
        if len(record) > len(header):
            extra = [c for c in record[len(header):] if c.strip()]
            if extra:
                row.fail("%s has %d cells but the first row names %d columns"
                         % (row.where, len(record), len(header)))
        for i in used:
            name = header[i]
            cell = record[i] if i < len(record) else ""
            cell = cell.replace("\r\n", "\n").replace("\r", "\n")
            if name == ID_COLUMN:
                row.raw["$id"] = cell
            elif name.startswith(("$", "#")):
                continue
            elif cell.strip():
                row.raw[name] = cell          # an empty cell means: the template's default
        row.id = _clean_id(row.raw.get("$id"))
    return rows


def _strict_records(text, path):
    """All records of a CSV, strictly (F2): a quote left open swallows the rest of the
    file into one cell with the lenient reader; here it is an error naming the row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        row = len(records) + 1
        if "unexpected end of data" in str(exc) or "EOF" in str(exc):
            raise InputError("%s: row %d opens a quoted cell (\") that is never closed; every "
                             "later row would become part of that cell. Close the quote or "
                             "remove it" % (path, row)) from None
        raise InputError("%s: row %d is not valid CSV (%s); a cell with a quote inside must "
                         "be quoted and the quote doubled (\"\")" % (path, row, exc)) from None
    return records


def _jsonl_rows(text, path):
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        row = Row(number, "line", None, {}, len(rows))
        rows.append(row)
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            row.fail("%s: not valid JSON at column %d: %s" % (row.where, exc.colno, exc.msg))
            continue
        except RecursionError:
            row.fail("%s: the JSON is nested too deeply to be answers" % row.where)
            continue
        _take_object(row, value)
    return rows


def _json_rows(text, path):
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("%s: not valid JSON at line %d column %d: %s"
                         % (path, exc.lineno, exc.colno, exc.msg)) from None
    except RecursionError:
        raise InputError("%s: the JSON is nested too deeply to be answers" % path) from None
    if not isinstance(value, list):
        raise InputError("%s: a .json answers file for a batch must be an array of objects "
                         "(one per contract); for one contract use tokki assemble" % path)
    rows = []
    for number, item in enumerate(value, start=1):
        row = Row(number, "item", None, {}, len(rows))
        rows.append(row)
        _take_object(row, item)
    return rows


def _take_object(row, value):
    if not isinstance(value, dict):
        row.fail("%s: must be a JSON object of key → value, not %s"
                 % (row.where, type(value).__name__))
        return
    raw = dict(value)
    if ID_COLUMN in raw:                      # "id" is accepted as well as "$id"
        plain = raw.pop(ID_COLUMN)
        raw.setdefault("$id", plain)
    ident = raw.get("$id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int, type(None))):
        row.fail("%s: id must be text, not %s" % (row.where, type(ident).__name__), "id")
        ident = None
    row.raw = raw
    row.id = _clean_id(None if ident is None else str(ident))


def _clean_id(value):
    if value is None:
        return None
    return unicodedata.normalize("NFC", value).strip(" \t\u3000") or None


# -- checking ----------------------------------------------------------------------

def id_problem(ident):
    """Why ident cannot name an output file, or None."""
    if not ident:
        return "the id is empty (it names the output files)"
    bad = sorted({c for c in ident if c in _BAD_ID_CHARS or ord(c) < 32 or ord(c) == 127})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        return ("id %r cannot name a file: it contains %s; use letters, digits, - and _ "
                "(Japanese is fine)" % (ident, shown))
    invisible = sorted({c for c in ident if unicodedata.category(c) in ("Cf", "Zl", "Zp")})
    if invisible:
        return ("id %r cannot name a file: it contains the invisible or direction-changing "
                "character(s) %s, which make a file name show differently from what it is"
                % (ident, " ".join("U+%04X" % ord(c) for c in invisible)))
    if ident.startswith("."):
        return "id %r cannot name a file: it starts with a dot" % ident
    if ident.endswith((".", " ")):
        return "id %r cannot name a file on Windows: it ends with a dot or a space" % ident
    if ident.split(".")[0].upper() in _WINDOWS_RESERVED:
        return "id %r cannot name a file on Windows (a reserved device name)" % ident
    if len(ident.encode("utf-8")) > MAX_ID_BYTES:
        return "id %r is too long for a file name (%d bytes; at most %d)" % (
            ident[:20] + "…", len(ident.encode("utf-8")), MAX_ID_BYTES)
    return None


def _illegal_chars(raw):
    """(key, character) of the first value holding a character XML cannot store."""
    for key, value in raw.items():
        if key.startswith("$"):
            continue
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str):
                m = _XML_ILLEGAL.search(v)
                if m:
                    return key, m.group(0)
    return None


def check_rows(template, rows):
    """Fill row.answers, or row.error/row.key, for every row. Ids must be usable file
    names and unique (compared the way Windows and macOS compare names)."""
    seen = {}
    for row in rows:
        if row.error is None:
            problem = id_problem(row.id)
            if problem:
                row.fail("%s: %s" % (row.where, problem), "id")
        if row.id:
            seen.setdefault(unicodedata.normalize("NFKC", row.id).casefold(), []).append(row)
    for same in seen.values():
        if len(same) > 1:
            for row in same:
                others = ", ".join("%s %d" % (r.unit, r.number) for r in same if r is not row)
                row.fail("%s: id %r is also used by %s (ids name the files and must be unique)"
                         % (row.where, row.id, others), "id")
    for row in rows:
        if row.error is not None:
            continue
        bad = _illegal_chars(row.raw)
        if bad:
            row.fail("%s: %s contains the control character U+%04X, which a document cannot "
                     "hold; remove it" % (row.where, bad[0], ord(bad[1])), bad[0])
            continue
        try:
            row.answers = normalize(template, row.raw, row.where)
        except TokkiError as exc:
            row.fail(str(exc), exc.key)  # the error names its key: no message parsing
        except (RecursionError, MemoryError, ValueError, TypeError) as exc:  # never stop others
            row.fail("%s: these answers cannot be read (%s)" % (row.where, type(exc).__name__))
    return rows


def select_shard(rows, shard):
    """Rows of shard (k, n), k from 1: the rows whose position in the file is k-1 modulo n."""
    if not shard:
        return list(rows)
    k, n = shard
    return [row for row in rows if row.index % n == k - 1]


def parse_shard(text):
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", unicodedata.normalize("NFKC", text or ""))
    if not m:
        raise InputError("--shard must be K/N, e.g. 1/4 (got %r)" % text)
    k, n = int(m.group(1)), int(m.group(2))
    if n < 1 or not 1 <= k <= n:
        raise InputError("--shard K/N needs 1 ≤ K ≤ N (got %r)" % text)
    return k, n
