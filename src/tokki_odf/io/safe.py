"""Defensive reading of untrusted packages and XML.

Contracts come back from contractors and from mail: treat every file as hostile.
Limits are generous for real documents (a 100-page contract is < 2 MB of XML)
and fail fast, with one clear sentence, on anything else.
"""
import contextlib
import io
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib

try:
    from lzma import LZMAError
except ImportError:  # Python built without lzma: zipfile cannot use it either
    LZMAError = zlib.error

from ..errors import UnsafeDocument

MAX_FILE_BYTES = 50 * 1024 * 1024          # the package on disk
MAX_MEMBER_BYTES = 64 * 1024 * 1024        # one inflated member
MAX_TOTAL_BYTES = 256 * 1024 * 1024        # all members we read, inflated
MAX_RATIO = 200                            # inflated / compressed, per member …
RATIO_FROM_BYTES = 16 * 1024 * 1024        # … once it inflates beyond this (F23: 1 MB of
                                           # one repeated kanji compresses 1000:1)
MAX_MEMBERS = 10000


@contextlib.contextmanager
def nesting_guard(where):
    """Turn a RecursionError (a tree nested thousands deep: no real document is) while
    reading or walking a document into one clear UnsafeDocument naming `where`."""
    try:
        yield
    except RecursionError:
        raise UnsafeDocument("%s: the XML is nested too deeply to be a real document; refused"
                             % where) from None
_DTD_MESSAGE = ("%s: contains a DOCTYPE/DTD declaration, which ODF never needs; refused "
                "(possible entity-expansion or external-entity attack)")

# Byte patterns of '<' followed by '?' or '!' (or a BOM) in the encodings a parser can
# detect from the first four bytes (XML 1.0, appendix F).
_SNIFF = ((b"\x00\x00\xfe\xff", "utf-32-be", 4), (b"\xff\xfe\x00\x00", "utf-32-le", 4),
          (b"\x00\x00\x00<", "utf-32-be", 0), (b"<\x00\x00\x00", "utf-32-le", 0),
          (b"\xfe\xff", "utf-16-be", 2), (b"\xff\xfe", "utf-16-le", 2),
          (b"\x00<\x00", "utf-16-be", 0), (b"<\x00", "utf-16-le", 0))
_DECL_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\sencoding\s*=\s*["'][^"']*["']""")


def to_utf8(data: bytes, where: str) -> bytes:
    """XML bytes in UTF-16 or UTF-32 (with or without a BOM) -> the same XML in UTF-8,
    so that one DTD check sees every document whatever its encoding (F11)."""
    for magic, codec, skip in _SNIFF:
        if data.startswith(magic):
            try:
                text = data[skip:].decode(codec)
            except UnicodeDecodeError:
                raise UnsafeDocument("%s: not well-formed XML (not valid %s)"
                                     % (where, codec.upper())) from None
            text = _DECL_ENCODING.sub(r"\1", text, count=1)
            return text.encode("utf-8", "surrogatepass")
    return data


def _refuse_dtd(data: bytes, where: str) -> None:
    """A DTD can only stand in the prolog, before the root element: look there.
    data is UTF-8 (to_utf8); the parser's doctype hook below is the second guard,
    for any other encoding a declaration may name."""
    pos, n = 0, len(data)
    if data.startswith(b"\xef\xbb\xbf"):
        pos = 3
    while pos < n:
        while pos < n and data[pos:pos + 1] in (b" ", b"\t", b"\r", b"\n"):
            pos += 1
        if data.startswith(b"<?", pos):
            end = data.find(b"?>", pos)
            pos = n if end < 0 else end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos)
            pos = n if end < 0 else end + 3
        elif data.startswith(b"<!", pos):
            raise UnsafeDocument(_DTD_MESSAGE % where)
        else:
            return


class _Doctype(Exception):
    pass


class _NoDoctypeBuilder(ET.TreeBuilder):
    """expat reports a DOCTYPE to the target after decoding, in whatever encoding the
    document declared: refuse it there too, before its internal subset is read."""

    def doctype(self, name, pubid, system):
        raise _Doctype()


def parse_xml(data: bytes, where: str = "XML") -> ET.Element:
    """Parse XML in any encoding, refusing any DTD (entity bombs, external entities)."""
    data = to_utf8(data, where)
    _refuse_dtd(data, where)
    parser = ET.XMLParser(target=_NoDoctypeBuilder())
    try:
        parser.feed(data)
        return parser.close()
    except _Doctype:
        raise UnsafeDocument(_DTD_MESSAGE % where) from None
    except ET.ParseError as exc:
        raise UnsafeDocument("%s: not well-formed XML (%s)" % (where, exc)) from None


class SafeZip:
    """Read members of a zip archive with size, ratio and path checks."""

    def __init__(self, data: bytes, where: str):
        self.where = where
        if len(data) > MAX_FILE_BYTES:
            raise UnsafeDocument("%s: %d MB is larger than the %d MB allowed for a contract"
                                 % (where, len(data) // 2**20, MAX_FILE_BYTES // 2**20))
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error,
                NotImplementedError) as exc:
            raise UnsafeDocument("%s: not a zip package (%s)" % (where, exc)) from None
        if len(infos) > MAX_MEMBERS:
            raise UnsafeDocument("%s: %d entries in the package; at most %d allowed"
                                 % (where, len(infos), MAX_MEMBERS))
        self.infos = {}
        for info in infos:
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
                raise UnsafeDocument("%s: entry %r points outside the package; refused"
                                     % (where, name))
            if info.flag_bits & 0x1:
                raise UnsafeDocument("%s: entry %r is encrypted (password-protected "
                                     "document); save it without a password first"
                                     % (where, name))
            self.infos[name] = info
        self._read_total = 0

    def names(self):
        return list(self.infos)

    def has(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise UnsafeDocument("%s: the package has no %s" % (self.where, name))
        if info.file_size > MAX_MEMBER_BYTES or (
                info.compress_size and info.file_size / max(info.compress_size, 1) > MAX_RATIO
                and info.file_size > RATIO_FROM_BYTES):
            raise UnsafeDocument("%s: entry %r inflates to %d MB (zip bomb?); refused"
                                 % (self.where, name, info.file_size // 2**20))
        # Do not trust the declared size: stop reading once over the limit.
        out = bytearray()
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > MAX_MEMBER_BYTES or self._read_total + len(out) > MAX_TOTAL_BYTES:
                        raise UnsafeDocument("%s: entry %r inflates beyond %d MB (zip bomb?); "
                                             "refused" % (self.where, name, MAX_MEMBER_BYTES // 2**20))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError,
                ValueError, struct.error, zlib.error, LZMAError) as exc:  # corrupt data
            raise UnsafeDocument("%s: entry %r cannot be read (%s)"
                                 % (self.where, name, exc)) from None
        self._read_total += len(out)
        return bytes(out)
