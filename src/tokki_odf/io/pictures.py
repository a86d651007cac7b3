"""Embedded pictures travel with the flat tree (F6).

The engine works on one flat `office:document` tree, the .fodt shape, where a
picture is stored inline: `<draw:image><office:binary-data>base64…`. A package
(.odt/.ott) keeps it as a member (`Pictures/logo.png`) that `xlink:href` points at.
So, on reading a package, every picture the document points at is moved into the
tree (inline()); on writing a package, every inline picture is moved out again to
`Pictures/<sha256>.<ext>` with its manifest entry (extract()). A .fodt output keeps
them inline, as LibreOffice itself writes .fodt. One mechanism, so assemble (from an
.odt/.ott template), scrub and the batch all keep a seal (印影), a logo or a map.

External pictures (http:, file:, an absolute or ../ path) are not embedded ones:
core/odf/active.py removes them from every output. Standard library only.
"""
import base64
import binascii
import copy
import hashlib
import re
import xml.etree.ElementTree as ET

from ..core.odf.namespaces import clark, q

PICTURE_TAGS = (q("draw:image"), q("draw:fill-image"), q("style:background-image"))
HREF = q("xlink:href")
BINARY = q("office:binary-data")

_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png", "image/png"), (b"\xff\xd8\xff", "jpg", "image/jpeg"),
          (b"GIF87a", "gif", "image/gif"), (b"GIF89a", "gif", "image/gif"),
          (b"BM", "bmp", "image/bmp"), (b"II*\x00", "tif", "image/tiff"),
          (b"MM\x00*", "tif", "image/tiff"), (b"\xd7\xcd\xc6\x9a", "wmf", "image/x-wmf"),
          (b"\x01\x00\x00\x00", "emf", "image/x-emf"))
# An SVG picture is a document of its own: it may point at the network or carry
# scripts. Only an SVG without any such reference is kept as a picture.
_SVG_ACTIVE = re.compile(
    rb"<\s*script|\son[a-z]+\s*=|(?:href|src)\s*=\s*[\"'](?!#|data:image/)|"
    rb"url\(\s*[\"']?(?!#|data:image/)|<!ENTITY|<\s*foreignObject", re.I)


def kind_of(data):
    """(extension, media type) of picture bytes."""
    for magic, ext, media in _MAGIC:
        if data.startswith(magic):
            return ext, media
    head = data[:512].lstrip()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]:
        return "svg", "image/svg+xml"
    return "bin", "application/octet-stream"


def inert(data):
    """False for an SVG that refers to anything outside itself or holds a script."""
    if kind_of(data)[0] != "svg":
        return True
    return _SVG_ACTIVE.search(data) is None


def is_internal(href):
    """A path inside the package (Pictures/x.png, ./Pictures/x.png)."""
    if not href:
        return False
    h = href[2:] if href.startswith("./") else href
    return not (re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", h) or h.startswith(("/", "\\", "#"))
                or ".." in h.replace("\\", "/").split("/"))


def _member(href):
    return href[2:] if href.startswith("./") else href


def inline(root, zsafe):
    """Move every picture the tree points at from the package into the tree."""
    cache = {}
    for el in root.iter():
        if el.tag not in PICTURE_TAGS:
            continue
        href = el.get(HREF)
        if not is_internal(href):
            continue
        name = _member(href)
        if not zsafe.has(name):
            continue
        if name not in cache:
            cache[name] = zsafe.read(name)
        data = cache[name]
        if not inert(data):
            continue                        # left pointing at nothing; active.py drops it
        for child in list(el):
            if child.tag == BINARY:
                el.remove(child)
        binary = ET.Element(BINARY)
        binary.text = base64.b64encode(data).decode("ascii")
        el.insert(0, binary)
        for attr in (HREF, q("xlink:type"), q("xlink:show"), q("xlink:actuate")):
            el.attrib.pop(attr, None)
    return root


def has_inline(flat):
    return any(el.find(clark("office:binary-data")) is not None
               for el in flat.iter() if el.tag in PICTURE_TAGS)


def decode(binary):
    try:
        return base64.b64decode("".join((binary.text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def extract(flat):
    """-> (tree to write, {member name: (bytes, media type)}). The caller's tree is not
    changed: a copy is made when there is anything to move out."""
    if not has_inline(flat):
        return flat, {}
    flat = copy.deepcopy(flat)
    members = {}
    for el in flat.iter():
        if el.tag not in PICTURE_TAGS:
            continue
        binary = el.find(clark("office:binary-data"))
        if binary is None:
            continue
        data = decode(binary)
        el.remove(binary)
        if not data or not inert(data):
            continue
        ext, media = kind_of(data)
        name = "Pictures/%s.%s" % (hashlib.sha256(data).hexdigest()[:32], ext)
        members[name] = (data, media)
        el.set(HREF, name)
        el.set(q("xlink:type"), "simple")
        el.set(q("xlink:show"), "embed")
        el.set(q("xlink:actuate"), "onLoad")
    return flat, members
