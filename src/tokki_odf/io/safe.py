"""Defensive reading of untrusted packages and XML.

Contracts come back from contractors and from mail: treat every file as hostile.
Limits are generous for real documents (a 100-page contract is < 2 MB of XML)
and fail fast, with one clear sentence, on anything else.
"""
import contextlib
import io
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
MAX_RATIO = 200                            # inflated / compressed, per member
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


def _refuse_dtd(data: bytes, where: str) -> None:
    """A DTD can only stand in the prolog, before the root element: look there."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UnsafeDocument("%s: UTF-16 XML is not accepted; ODF parts are UTF-8" % where)
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
            raise UnsafeDocument(
                "%s: contains a DOCTYPE/DTD declaration, which ODF never needs; refused "
                "(possible entity-expansion or external-entity attack)" % where)
        else:
            return


def parse_xml(data: bytes, where: str = "XML") -> ET.Element:
    """Parse XML, refusing any DTD (entity bombs, external entities)."""
    _refuse_dtd(data, where)
    parser = ET.XMLParser()
    try:
        parser.feed(data)
        return parser.close()
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
                and info.file_size > 1024 * 1024):
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
