"""Reading and writing ODF text documents as one flat tree.

The core always works on a flat `office:document` element (the .fodt shape):
packages (.odt/.ott) are merged into that shape on reading and split again on
writing. Writes are atomic: a temporary file in the target folder, then rename.
"""
import contextlib
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile

from ..errors import UnsafeDocument, TokkiError
from ..core.odf.namespaces import NS, clark, q
from ..core.odf.document import FlatDocument
from ..core.odf.tree import clone as tree_clone
from .safe import SafeZip, parse_xml, to_utf8, MAX_FILE_BYTES
from .input import read_input
from . import pictures

TEXT_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.text-template": ".ott",
}
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
OTT_MIMETYPE = "application/vnd.oasis.opendocument.text-template"

# Order of the children of office:document (ODF 1.3, 3.1.2).
FLAT_ORDER = ["office:meta", "office:settings", "office:scripts", "office:font-face-decls",
              "office:styles", "office:automatic-styles", "office:master-styles", "office:body"]


def read_bytes(path: str) -> bytes:
    """A document's bytes: a regular file within the size limit (io/input.read_input)."""
    return read_input(path, "document")


def load_flat(path: str) -> ET.Element:
    """Read .fodt/.odt/.ott into a flat office:document element."""
    return flat_from_bytes(read_bytes(path), path)


def flat_from_bytes(data: bytes, where: str) -> ET.Element:
    if data[:2] == b"PK":
        return _flat_from_package(SafeZip(data, where), where)
    data = to_utf8(data, where)         # UTF-16/32 flat XML: the same checks as UTF-8 (F11)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        root = parse_xml(data, where)
        if root.tag != q("office:document"):
            raise TokkiError("%s: XML, but not a flat ODF document (root is %s)"
                             % (where, root.tag.split("}")[-1]))
        return root
    raise TokkiError("%s: not an ODF document (.odt, .ott or .fodt expected)" % where)


def _flat_from_package(z: SafeZip, where: str) -> ET.Element:
    mimetype = z.read("mimetype").decode("ascii", "replace").strip() if z.has("mimetype") else ""
    if mimetype and mimetype not in TEXT_MIMETYPES:
        raise TokkiError("%s: a %s package, not a text document (.odt/.ott)" % (where, mimetype))
    if not z.has("content.xml"):
        raise TokkiError("%s: a zip file, but not an ODF document (no content.xml)" % where)
    # ODF encryption (a document saved with a password) keeps the zip readable but
    # turns content.xml into ciphertext: say so instead of "not well-formed XML".
    if z.has("META-INF/manifest.xml") and b"encryption-data" in z.read("META-INF/manifest.xml"):
        raise UnsafeDocument("%s: the document is password-protected (encrypted); save it "
                             "without a password first" % where)
    root = ET.Element(q("office:document"))
    content = parse_xml(z.read("content.xml"), where + ":content.xml")
    parts = [content]
    for name in ("styles.xml", "meta.xml", "settings.xml"):
        if z.has(name):
            parts.append(parse_xml(z.read(name), "%s:%s" % (where, name)))
    for attr, value in content.attrib.items():
        root.set(attr, value)
    root.set(q("office:mimetype"), mimetype or ODT_MIMETYPE)
    slots = {}
    for part in parts:
        for child in part:
            tag = child.tag
            if tag in slots:
                if tag in (q("office:automatic-styles"), q("office:font-face-decls")):
                    seen = {c.get(q("style:name")) for c in slots[tag]}
                    slots[tag].extend(c for c in child if c.get(q("style:name")) not in seen)
                continue
            slots[tag] = child
    for name in FLAT_ORDER:
        if q(name) in slots:
            root.append(slots[q(name)])
    return pictures.inline(root, z)   # Pictures/… into the tree (F6)


def body_text(flat: ET.Element) -> ET.Element:
    return FlatDocument(flat).body(TokkiError)


# -- writing -------------------------------------------------------------------

_XML_ILLEGAL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
_XML_HARMLESS = bytes(b for b in range(256)
                      if not (b <= 0x08 or b in (0x0b, 0x0c) or 0x0e <= b <= 0x1f))


class _NotPlain(Exception):
    """A tree tostring() leaves to ElementTree (a namespace without a registered prefix,
    QName objects, a None tag)."""


_ESCAPE_TEXT = getattr(ET, "_escape_cdata", None)
_ESCAPE_ATTRIB = getattr(ET, "_escape_attrib", None)
_NAMES = {}                 # Clark name -> (prefix:local, namespace URI to declare or None)
_NAMES_FOR = [None]         # ET._namespace_map's size the tables were made for
_STARTS = {}                # (tag, attributes) -> (start tag text, prefix:tag, namespaces)


def tostring(root) -> bytes:
    """ET.tostring(root, encoding="utf-8", xml_declaration=False), byte for byte, about
    twice as fast (issue 16): no separate pass to find the namespaces, prefixed names
    memoised across documents, one join instead of a write per piece. It uses
    ElementTree's own escaping functions, so the bytes are those of the running
    Python's ElementTree; a tree it cannot promise that for goes to ET.tostring
    (tests/test_batch_fast.py compares the two on every template and fixture)."""
    nsmap = getattr(ET, "_namespace_map", None)
    if _ESCAPE_TEXT is None or _ESCAPE_ATTRIB is None or not isinstance(nsmap, dict):
        return ET.tostring(root, encoding="utf-8", xml_declaration=False)
    try:
        return _tostring(root, nsmap)
    except _NotPlain:
        return ET.tostring(root, encoding="utf-8", xml_declaration=False)


def _tostring(root, nsmap):
    names, starts = _NAMES, _STARTS
    if _NAMES_FOR[0] != len(nsmap):           # a namespace was registered since
        names.clear()
        starts.clear()
        _NAMES_FOR[0] = len(nsmap)
    if len(starts) > 20000:
        starts.clear()
    escape_text, escape_attrib = _ESCAPE_TEXT, _ESCAPE_ATTRIB
    comment, pi = ET.Comment, ET.ProcessingInstruction
    used = set()
    out = []
    write = out.append

    def name(clark, uris):
        found = names.get(clark)
        if found is None:
            if not isinstance(clark, str):
                raise _NotPlain()
            if clark[:1] == "{":
                uri, local = clark[1:].rsplit("}", 1)
                prefix = nsmap.get(uri)
                if not prefix:
                    raise _NotPlain()
                found = ("%s:%s" % (prefix, local), None if prefix == "xml" else uri)
            else:
                found = (clark, None)
            names[clark] = found
        if found[1] is not None:
            uris.add(found[1])
        return found[0]

    def start(el, key):
        """'<prefix:tag a="v"…' and the namespaces it uses (memoised: the same start
        tags come back in every document made from one template)."""
        uris = set()
        text = "<" + name(el.tag, uris)
        for k, v in el.items():
            if not isinstance(v, str):
                raise _NotPlain()
            text += ' %s="%s"' % (name(k, uris), escape_attrib(v))
        found = (text, name(el.tag, uris), frozenset(uris))
        starts[key] = found
        return found

    def element(el):
        tag = el.tag
        if tag is comment:
            write("<!--%s-->" % el.text)
        elif tag is pi:
            write("<?%s?>" % el.text)
        else:
            key = (tag, tuple(el.items())) if el.attrib else tag
            found = starts.get(key)
            if found is None:
                found = start(el, key)
            head, tag, uris = found
            used.update(uris)
            text = el.text
            if text or len(el):
                write(head + ">")
                if text:
                    write(escape_text(text))
                for child in el:
                    element(child)
                write("</" + tag + ">")
            else:
                write(head + " />")
        if el.tail:
            write(escape_text(el.tail))

    tag = root.tag
    if tag is comment or tag is pi:
        element(root)
        return "".join(out).encode("utf-8", "xmlcharrefreplace")
    uris = set()
    tag = name(tag, uris)
    attrs = "".join(' %s="%s"' % (name(k, uris), escape_attrib(v)) if isinstance(v, str)
                    else _not_plain() for k, v in root.items())
    used.update(uris)
    text = root.text
    if text:
        write(escape_text(text))
    for child in root:
        element(child)
    body = "".join(out)
    declared = "".join(' xmlns:%s="%s"' % (prefix, escape_attrib(uri)) for prefix, uri in
                       sorted((nsmap[uri], uri) for uri in used))
    if text or len(root):
        xml = "<%s%s%s>%s</%s>" % (tag, declared, attrs, body, tag)
    else:
        xml = "<%s%s%s />" % (tag, declared, attrs)
    if root.tail:
        xml += escape_text(root.tail)
    # ElementTree writes through a UTF-8 TextIOWrapper with errors="xmlcharrefreplace"
    return xml.encode("utf-8", "xmlcharrefreplace")


def _not_plain():
    raise _NotPlain()


def _serialise(el) -> bytes:
    """ET.tostring, refusing what would make a file no XML reader opens (F4): the last
    guard behind the answer checks, for every writer."""
    try:
        data = tostring(el)
    except UnicodeEncodeError:
        raise TokkiError("the document holds a lone surrogate character, which XML cannot "
                         "hold; nothing was written") from None
    # bytes.translate deleting every harmless byte is much faster than the regex on a
    # clean document (issue 16); the regex only runs to name what was found
    m = None
    if data.translate(None, _XML_HARMLESS) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:
        m = _XML_ILLEGAL_BYTES.search(data)
    if m:
        raise TokkiError("the document holds the control character %r, which XML cannot "
                         "hold; nothing was written" % m.group(0).decode("utf-8", "replace"))
    return data


def _part(root_tag: str, flat: ET.Element, children, same_as_last=False) -> bytes:
    part = ET.Element(q(root_tag))
    version = flat.get(q("office:version"), "1.3")
    part.set(q("office:version"), version)
    for name in children:
        el = flat.find(clark(name))
        if el is not None:
            part.append(el)
    if not same_as_last:
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + _serialise(part)
    # styles.xml is the same in every document made from one template (issue 16):
    # comparing the elements with the last ones serialised is cheaper than serialising
    key = (root_tag, len(getattr(ET, "_namespace_map", ())))
    last = _LAST_PART.get(key)
    if last is not None and _same_tree(last[0], part):
        return last[1]
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + _serialise(part)
    _LAST_PART[key] = (tree_clone(part), data)   # a copy: the caller may change its tree
    return data


_LAST_PART = {}


def _same_tree(a, b) -> bool:
    """Do a and b serialise alike (tag, attributes, text, tail, children, recursively)?"""
    if a.tag != b.tag or a.text != b.text or a.tail != b.tail or len(a) != len(b) \
            or a.attrib != b.attrib:
        return False
    return all(_same_tree(x, y) for x, y in zip(a, b))


def odt_bytes(flat: ET.Element, mimetype: str = ODT_MIMETYPE) -> bytes:
    """The package of flat; mimetype=OTT_MIMETYPE makes a template (.ott): the
    mimetype entry and the manifest's root entry always say the same."""
    return odt_package(flat, mimetype)[0]


def odt_package(flat: ET.Element, mimetype: str = ODT_MIMETYPE, compress: bool = True):
    """-> (the .odt package's bytes, {member name: the bytes zipped as it}): what
    odt_bytes writes, and its members before compression (the batch checks the XML
    parts there instead of inflating the package again).

    compress=False stores the members uncompressed: for a package only LibreOffice
    reads, once, before it is deleted (the batch's input to a PDF/DOCX conversion when
    no ODT is delivered). Setting up deflate for each of the four small members cost
    more than the rest of packaging (issue 16); a delivered ODT is always deflated."""
    flat, members = pictures.extract(flat)   # inline pictures out to Pictures/ (F6)
    auto = flat.find(clark("office:automatic-styles"))
    content_auto = ET.Element(q("office:automatic-styles"))
    if auto is not None:
        content_auto.extend(el for el in auto if el.tag != q("style:page-layout"))
    view = ET.Element(q("office:document"))
    view.attrib.update(flat.attrib)
    for name in FLAT_ORDER:
        el = flat.find(clark(name))
        if el is not None:
            view.append(el)
    content_view = ET.Element(q("office:document"))
    content_view.attrib.update(flat.attrib)
    for name in ("office:scripts", "office:font-face-decls"):
        el = flat.find(clark(name))
        if el is not None:
            content_view.append(el)
    content_view.append(content_auto)
    content_view.append(flat.find(clark("office:body")))

    parts = {
        "content.xml": _part("office:document-content", content_view,
                             ["office:scripts", "office:font-face-decls",
                              "office:automatic-styles", "office:body"]),
        "styles.xml": _part("office:document-styles", view,
                            ["office:font-face-decls", "office:styles",
                             "office:automatic-styles", "office:master-styles"],
                            same_as_last=True),
        "meta.xml": _part("office:document-meta", view, ["office:meta"]),
    }
    if flat.find(clark("office:settings")) is not None:
        parts["settings.xml"] = _part("office:document-settings", view, ["office:settings"])
    # The manifest's version must be the document's: LibreOffice refuses a package
    # whose manifest says 1.3 when content.xml says 1.4 (what Writer 24.2+ saves).
    version = flat.get(q("office:version"), "1.3")
    manifest = ['<?xml version="1.0" encoding="UTF-8"?>',
                '<manifest:manifest xmlns:manifest="%s" manifest:version="%s">'
                % (NS["manifest"], version),
                ' <manifest:file-entry manifest:full-path="/" manifest:version="%s" '
                'manifest:media-type="%s"/>' % (version, mimetype)]
    for name in parts:
        manifest.append(' <manifest:file-entry manifest:full-path="%s" '
                        'manifest:media-type="text/xml"/>' % name)
    for name in sorted(members):
        manifest.append(' <manifest:file-entry manifest:full-path="%s" '
                        'manifest:media-type="%s"/>' % (name, members[name][1]))
    manifest.append("</manifest:manifest>")
    manifest_bytes = "\n".join(manifest).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        # deflate level 1: a third of the CPU of the default level for a package ~5 %
        # larger (issue 16: a batch packs every row)
        method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        for name, data in parts.items():
            zf.writestr(_info(name), data, compress_type=method, compresslevel=1)
        for name in sorted(members):
            zf.writestr(_info(name), members[name][0], compress_type=zipfile.ZIP_STORED)
        zf.writestr(_info("META-INF/manifest.xml"), manifest_bytes, compress_type=method)
    contents = {"mimetype": mimetype.encode("ascii")}
    contents.update(parts)
    contents.update((name, members[name][0]) for name in sorted(members))
    contents["META-INF/manifest.xml"] = manifest_bytes
    return buf.getvalue(), contents


def _info(name):
    # A fixed timestamp keeps outputs byte-for-byte reproducible (resume hashes, diffs).
    return zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))


def fodt_bytes(flat: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + _serialise(flat)


@contextlib.contextmanager
def atomic_target(path: str, suffix: str = ".part"):
    """Yield a temporary path in path's folder; on success it replaces path, on any
    exception (Ctrl+C included) it is removed. The name is chosen before anything is
    created, so an interrupt at any point leaves either nothing or the whole file."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise TokkiError("%s: the folder %s does not exist" % (path, folder))
    tmp = os.path.join(folder, ".tokki-%s%s" % (os.urandom(8).hex(), suffix))
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: str, data: bytes) -> None:
    """Write data to path via a temporary file in the same folder, then rename."""
    with atomic_target(path) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def write_document(flat: ET.Element, path: str) -> None:
    """Write .odt (or .fodt by extension) atomically."""
    lower = path.lower()
    if lower.endswith(".fodt"):
        write_atomic(path, fodt_bytes(flat))
    elif lower.endswith(".odt"):
        write_atomic(path, odt_bytes(flat))
    elif lower.endswith(".ott"):
        write_atomic(path, odt_bytes(flat, OTT_MIMETYPE))
    else:
        raise TokkiError("%s: output must end in .odt or .fodt" % path)
