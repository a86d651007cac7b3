"""Hostile files: exit 2, one line, within 2 s, nothing written, nothing read outside.

Each fixture is generated in tmp_path (nothing big is committed)."""
import io
import os
import sys
import time
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "validate"))
import odt_build  # noqa: E402
import validate_seed as seed  # noqa: E402

from tokki_odf.cli.main import main as tokki_main  # noqa: E402

MIMETYPE = b"application/vnd.oasis.opendocument.text"
CONTENT = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
           b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
           b'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
           b'<office:body><office:text><text:p>%s</text:p></office:text></office:body>'
           b'</office:document-content>')


def package(members, stored_mimetype=True):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if stored_mimetype:
            zf.writestr("mimetype", MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def billion_laughs():
    ents = "".join('<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">'
                   % ((i,) + (i - 1,) * 10) for i in range(1, 10))
    return ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">%s]>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            '<office:body><office:text><text:p>&l9;</text:p></office:text></office:body>'
            '</office:document-content>' % ents).encode()


def xxe():
    return (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            + CONTENT.split(b"?>", 1)[1].replace(b"%s", b"&e;"))


def zip_bomb(path):
    """content.xml inflating to 200 MB of zeros (a few hundred KB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", MIMETYPE, compress_type=zipfile.ZIP_STORED)
        with zf.open("content.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):
                fh.write(chunk)


def zip_encrypted(data):
    """Set the zip 'encrypted' flag on every entry (what a password-protected zip has)."""
    data = bytearray(data)
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        while pos >= 0:
            data[pos + flag_at] |= 1
            pos = data.find(sig, pos + 4)
    return bytes(data)


def corrupt_deflate():
    """A well-formed zip whose content.xml deflate stream is damaged."""
    data = bytearray(package({"content.xml": CONTENT % ("本文" * 2000).encode()}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("content.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 10, start + 40):
        data[k] = 0xFF
    return bytes(data)


def future_zip_version():
    """An entry that needs 'zip version 9.9' to extract (zipfile refuses it)."""
    data = bytearray(package({"content.xml": CONTENT % b"x"}))
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        data[pos + 6] = 99
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def odf_encrypted():
    manifest = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                b'manifest:full-path="content.xml" manifest:media-type="text/xml">'
                b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum='
                b'"x"/></manifest:file-entry></manifest:manifest>')
    return package({"content.xml": os.urandom(4000), "META-INF/manifest.xml": manifest})


def deep_nesting():
    depth = 100000
    body = b"<text:span>" * depth + b"x" + b"</text:span>" * depth
    return package({"content.xml": CONTENT % body})


def make(kind, tmp):
    path = tmp / {"docx_dtd": "evil.docx", "docx_ole": "evil.docx",
                  "fodt_dtd": "evil.fodt"}.get(kind, "evil.odt")
    if kind == "not_a_zip":
        path.write_bytes(b"This is not a document at all.\n" * 10)
    elif kind == "truncated_zip":
        path.write_bytes(package({"content.xml": CONTENT % b"x"})[:60])
    elif kind == "zip_bomb":
        zip_bomb(path)
    elif kind == "billion_laughs":
        path.write_bytes(package({"content.xml": billion_laughs()}))
    elif kind == "external_entity":
        path.write_bytes(package({"content.xml": xxe()}))
    elif kind == "fodt_dtd":
        path.write_bytes(billion_laughs().replace(b"document-content", b"document"))
    elif kind == "parent_path":
        path.write_bytes(package({"content.xml": CONTENT % b"x", "../evil.xml": b"<x/>"}))
    elif kind == "absolute_path":
        path.write_bytes(package({"content.xml": CONTENT % b"x", "/etc/evil.xml": b"<x/>"}))
    elif kind == "zip_encrypted":
        path.write_bytes(zip_encrypted(package({"content.xml": CONTENT % b"x"})))
    elif kind == "corrupt_deflate":
        path.write_bytes(corrupt_deflate())
    elif kind == "future_zip_version":
        path.write_bytes(future_zip_version())
    elif kind == "odf_encrypted":
        path.write_bytes(odf_encrypted())
    elif kind == "huge_file":
        with open(path, "wb") as fh:
            fh.truncate(100 * 1024 * 1024)      # 100 MB, sparse: cheap to make
    elif kind == "deep_nesting":
        path.write_bytes(deep_nesting())
    elif kind == "docx_dtd":
        path.write_bytes(package({"[Content_Types].xml": b"<Types/>",
                                  "word/document.xml": billion_laughs()},
                                 stored_mimetype=False))
    elif kind == "docx_ole":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "missing":
        pass
    return path


KINDS = ["not_a_zip", "truncated_zip", "zip_bomb", "billion_laughs", "external_entity",
         "fodt_dtd", "parent_path", "absolute_path", "zip_encrypted", "odf_encrypted",
         "huge_file", "deep_nesting", "docx_dtd", "docx_ole", "empty", "missing",
         "corrupt_deflate", "future_zip_version"]


@pytest.mark.parametrize("command", ["validate", "scrub"])
@pytest.mark.parametrize("kind", KINDS)
def test_hostile_file_exit_2_one_line_fast(tmp_path, capsys, kind, command):
    path = make(kind, tmp_path)
    before = sorted(os.listdir(tmp_path))
    argv = [command, str(path)] + (["--json"] if command == "validate"
                                   else ["--out", str(tmp_path / "out.odt")])
    start = time.monotonic()
    rc = tokki_main(argv)
    elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    assert rc == 2
    assert elapsed < 2.0, elapsed
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("tokki ")
    assert sorted(os.listdir(tmp_path)) == before          # nothing written
    assert "root:" not in err                              # /etc/passwd never read


def test_messages_say_what_is_wrong(tmp_path, capsys):
    expected = {"zip_bomb": "zip bomb", "billion_laughs": "DTD", "parent_path": "outside",
                "zip_encrypted": "encrypted", "odf_encrypted": "password",
                "huge_file": "MB", "docx_ole": "password", "not_a_zip": "not an ODF"}
    for kind, words in expected.items():
        tokki_main(["validate", str(make(kind, tmp_path))])
        assert words in capsys.readouterr().err, kind


def test_scrub_never_overwrites_its_input(tmp_path, capsys):
    src = odt_build.build(seed.main_variant("r5"), tmp_path / "a.odt", creator="山田太郎")
    data = Path(src).read_bytes()
    assert tokki_main(["scrub", src, "--out", src]) == 2
    assert "never overwrites" in capsys.readouterr().err
    assert Path(src).read_bytes() == data
