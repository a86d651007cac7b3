"""tokki batch, pure parts: reading and checking rows, shards, output checks (no LibreOffice)."""
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from tokki_odf.api import load_template
from tokki_odf.batch import checks
from tokki_odf.office.soffice import single_office_pipe
from tokki_odf.batch.progress import Progress
from tokki_odf.batch.rows import (InputError, check_rows, decode_csv, id_problem, parse_shard,
                                  read_rows, select_shard)
from support.sample import contracts, csv_text, write_csv, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "tokki-r5.fodt"


@pytest.fixture(scope="module")
def template():
    return load_template(str(TEMPLATE))


def checked(template, path, **kw):
    rows, info = read_rows(str(path), template=template, **kw)
    check_rows(template, rows)
    return rows, info


# -- encodings ---------------------------------------------------------------------------

def test_cp932_as_excel_saves_it_is_detected(template, tmp_path):
    path = tmp_path / "契約.csv"
    write_csv(contracts(6), str(path))
    raw = path.read_bytes()
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("cp932")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows, info = checked(template, path)
    assert info == {"format": "csv", "encoding": "cp932"}
    assert [r.error for r in rows] == [None] * 6
    assert rows[0].answers["business_name"] == "住民情報システム運用保守業務（その1）"
    # a list cell with line breaks inside (Alt+Enter) is one cell, split into items
    assert rows[0].answers["collected_items"] == ["家族構成", "健康状態"]
    assert rows[0].answers["provided_items"] == ["氏名", "住所", "電話番号"]


@pytest.mark.parametrize("encoding,bom,expected", [
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("utf-8", b"", "utf-8"),
])
def test_utf8_with_and_without_bom(template, tmp_path, encoding, bom, expected):
    path = tmp_path / "a.csv"
    path.write_bytes(bom + csv_text(contracts(3)).encode(encoding))
    rows, info = checked(template, path)
    assert info["encoding"] == expected
    assert rows[0].id == "R5-0001"          # the BOM is not part of the first header
    assert all(r.error is None for r in rows)


def test_encoding_override_and_undecodable(tmp_path):
    data = "id,business_name\r\nx,業務\r\n".encode("cp932")
    assert decode_csv(data, "f.csv", "cp932")[0].startswith("id,")
    with pytest.raises(InputError, match="not utf-8"):
        decode_csv(data, "f.csv", "utf-8")
    with pytest.raises(InputError, match="neither UTF-8 nor CP932"):
        decode_csv(b"id\r\n\x81\x7f\xff\r\n", "f.csv")
    with pytest.raises(InputError, match="unknown encoding"):
        decode_csv(data, "f.csv", "klingon")


# -- header and cells -------------------------------------------------------------------------

def write(tmp_path, text, name="a.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_column_refused_with_the_allowed_keys(template, tmp_path):
    path = write(tmp_path, "id,business_nmae\nx,業務\n")
    with pytest.raises(InputError) as err:
        read_rows(str(path), template=template)
    assert "business_nmae" in str(err.value) and "business_name" in str(err.value)


def test_header_problems(template, tmp_path):
    with pytest.raises(InputError, match="no 'id' column"):
        read_rows(str(write(tmp_path, "business_name\n業務\n")), template=template)
    with pytest.raises(InputError, match="more than once"):
        read_rows(str(write(tmp_path, "id,court,court\nx,a,b\n")), template=template)
    with pytest.raises(InputError, match="empty"):
        read_rows(str(write(tmp_path, "")), template=template)


def test_ignored_columns_empty_cells_flags_and_blank_rows(template, tmp_path):
    text = ("id,business_name,$備考,#memo,high_risk,computer_processing,court,,\n"
            "a,業務A,メモ,x,はい,0,,,\n"
            ",,,,,,,,\n"
            "b,業務B,,,TRUE,いいえ,大阪地方裁判所,,\n")
    rows, _ = checked(template, write(tmp_path, text))
    assert [r.id for r in rows] == ["a", "b"]
    a, b = rows
    assert a.error is None and b.error is None
    assert a.answers["high_risk"] is True and a.answers["computer_processing"] is False
    assert a.answers["court"] == "東京地方裁判所"         # empty cell: the template's default
    assert b.answers["high_risk"] is True and b.answers["computer_processing"] is False
    assert b.answers["court"] == "大阪地方裁判所"
    assert b.number == 4                                 # spreadsheet row, blank row counted


def test_bad_rows_name_row_id_key_and_reason(template, tmp_path):
    path = tmp_path / "c.csv"
    write_csv(contracts(20, bad=(6, 13)), str(path))
    rows, _ = checked(template, path)
    bad = [r for r in rows if r.error]
    assert [(r.number, r.id, r.key) for r in bad] == [(8, "R5-0007", "business_name"),
                                                      (15, "R5-0014", "subcontract")]
    assert bad[0].error.startswith("row 8 (id=R5-0007): business_name（業務名）")
    assert "required" in bad[0].error
    assert "'一部可' is not an option" in bad[1].error and "prohibit（禁止）" in bad[1].error
    assert sum(1 for r in rows if r.error is None) == 18


@pytest.mark.parametrize("ident,fragment", [
    ("", "empty"), ("a/b", "'/'"), ("..", "dot"), (".hidden", "dot"), ("CON", "reserved"),
    ("lpt1.txt", "reserved"), ("x" * 200, "too long"), ("tab\there", "'\\t'"),
    ("a:b", "':'"), ("end.", "ends with"),
])
def test_unsafe_ids(ident, fragment):
    assert fragment in id_problem(ident)


def test_safe_ids():
    for ident in ("R5-0001", "令和5年度_住民情報", "契約 12", "a.b"):
        assert id_problem(ident) is None


def test_duplicate_ids_fail_every_row_sharing_them(template, tmp_path):
    text = "id,business_name\nK-1,業務A\nk-1,業務B\nK-2,業務C\n"
    rows, _ = checked(template, write(tmp_path, text))
    assert rows[0].error and "row 3" in rows[0].error
    assert rows[1].error and "row 2" in rows[1].error
    assert rows[0].key == "id" and rows[2].error is None


def test_control_character_is_refused_clearly(template, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x", "business_name": "業務\u0007名"}) + "\n",
                    encoding="utf-8")
    rows, _ = checked(template, path)
    assert rows[0].key == "business_name" and "U+0007" in rows[0].error


def test_more_cells_than_columns(template, tmp_path):
    rows, _ = checked(template, write(tmp_path, "id,business_name\na,業務,extra\n"))
    assert "3 cells" in rows[0].error


# -- JSONL / JSON --------------------------------------------------------------------------------

def test_jsonl_bad_line_does_not_stop_the_others(template, tmp_path):
    path = tmp_path / "a.jsonl"
    write_jsonl(contracts(3), str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "{not json")
    lines.insert(2, "")
    lines.append('["a list"]')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, info = checked(template, path)
    assert info["format"] == "jsonl"
    assert [r.number for r in rows] == [1, 2, 4, 5, 6]
    assert "not valid JSON" in rows[1].error and rows[1].unit == "line"
    assert "JSON object" in rows[4].error
    assert [r.error is None for r in rows] == [True, False, True, True, False]
    assert rows[2].answers["collected_items"] == ["要介護度", "主治医意見"]


def test_json_array_and_ids(template, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"id": 7, "business_name": "業務"},
                                {"$id": "b", "business_name": "業務", "high_risk": 1},
                                {"business_name": "業務"}], ensure_ascii=False), encoding="utf-8")
    rows, _ = checked(template, path)
    assert [r.id for r in rows] == ["7", "b", None]
    assert rows[0].error is None and rows[1].answers["high_risk"] is True
    assert "item 3" in rows[2].error and "id is empty" in rows[2].error
    path.write_text('{"id": "x"}', encoding="utf-8")
    with pytest.raises(InputError, match="array"):
        read_rows(str(path))


def test_file_level_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_rows(str(tmp_path / "missing.csv"))
    with pytest.raises(InputError, match=r"\.csv, \.jsonl or \.json"):
        read_rows(str(tmp_path / "a.xlsx"))


# -- shards -------------------------------------------------------------------------------------

def test_shards_partition_the_rows(template, tmp_path):
    path = tmp_path / "c.csv"
    write_csv(contracts(10), str(path))
    rows, _ = read_rows(str(path), template=template)
    parts = [select_shard(rows, (k, 3)) for k in (1, 2, 3)]
    ids = [r.id for part in parts for r in part]
    assert sorted(ids) == sorted(r.id for r in rows) and len(ids) == len(set(ids))
    assert [r.id for r in parts[1]] == ["R5-0002", "R5-0005", "R5-0008"]
    assert parse_shard("２/４") == (2, 4)
    for bad in ("0/2", "3/2", "x", "1/0"):
        with pytest.raises(InputError):
            parse_shard(bad)


# -- output checks ---------------------------------------------------------------------------

def fake_pdf(extra=b"", xmp=b""):
    return (b"%PDF-1.7\n1 0 obj <</Type /Page>> endobj\n2 0 obj <</Type/Pages /Count 1>> endobj\n"
            + xmp + b"\n3 0 obj <<" + extra + b">> endobj\ntrailer\n%%EOF\n")


def test_pdf_checks(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(fake_pdf())
    assert checks.check_pdf(str(path)) == 1
    path.write_bytes(fake_pdf(b"/Author (Yamada Taro)"))
    with pytest.raises(checks.OutputError, match="author"):
        checks.check_pdf(str(path))
    path.write_bytes(fake_pdf(xmp=b"<x:xmpmeta><dc:creator>Yamada</dc:creator></x:xmpmeta>"))
    with pytest.raises(checks.OutputError, match="creator"):
        checks.check_pdf(str(path))
    # the one pass that counts pages also sees an author after them, in either string form
    path.write_bytes(fake_pdf(b"/Type /Page /Author<FEFF5C71>"))
    with pytest.raises(checks.OutputError, match="author"):
        checks.check_pdf(str(path))
    assert checks.pdf_pages(fake_pdf(b"/Type /Page /Authority 1")) == 2
    # a creator outside the XMP packet, or a packet never closed, names nobody there
    assert checks.pdf_pages(fake_pdf(xmp=b"<x:xmpmeta></x:xmpmeta><dc:creator>")) == 1
    assert checks.pdf_pages(fake_pdf(xmp=b"<x:xmpmeta><dc:creator>Yamada")) == 1
    path.write_bytes(fake_pdf()[:-8])
    with pytest.raises(checks.OutputError, match="incomplete"):
        checks.check_pdf(str(path))
    path.write_bytes(fake_pdf(xmp=b"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B"
                                  b"</pdfaid:conformance>"))
    assert checks.is_pdfa(str(path)) == "2B"


def test_check_output_reads_the_file_once_for_every_fact(tmp_path):
    # the summary's sha256/bytes come from the same read as the checks (the batch's main
    # thread no longer reads each output again); a bad output still raises
    path = tmp_path / "a.pdf"
    data = fake_pdf()
    path.write_bytes(data)
    assert checks.check_output("pdf", str(path)) == {
        "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "pages": 1}
    path.write_bytes(fake_pdf(b"/Author (Yamada Taro)"))
    with pytest.raises(checks.OutputError, match="author"):
        checks.check_output("pdf", str(path))


def test_docx_checks(tmp_path):
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:creator>%s</dc:creator></cp:coreProperties>')
    path = tmp_path / "a.docx"
    for creator, ok in (("", True), ("山田太郎", False)):
        with zipfile.ZipFile(str(path), "w") as zf:
            zf.writestr("word/document.xml", "<w:document/>")
            zf.writestr("docProps/core.xml", core % creator)
        if ok:
            checks.check_docx(str(path))
        else:
            with pytest.raises(checks.OutputError, match="山田太郎"):
                checks.check_docx(str(path))
    path.write_bytes(b"PK\x03\x04broken")
    with pytest.raises(checks.OutputError):
        checks.check_docx(str(path))


def test_single_office_pipe_name_matches_libreoffice():
    # Observed on LibreOffice 25.2 for -env:UserInstallation=file:///tmp/exp/prof
    assert single_office_pipe("/tmp/exp/prof") == "SingleOfficeIPC_45cfecfc1951701d7297989f98269bb7"


# -- progress ---------------------------------------------------------------------------------

class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_plain_lines_without_a_terminal():
    out = io.StringIO()
    p = Progress(12, out)
    p.row("row 2 (id=a) done odt 0.01 s")
    p.row("✗ row 3 (id=b): bad", failed=True)
    p.close()
    assert out.getvalue().splitlines() == ["[ 1/12] row 2 (id=a) done odt 0.01 s",
                                           "[ 2/12] ✗ row 3 (id=b): bad"]
    quiet = io.StringIO()
    p = Progress(3, quiet, quiet=True)
    p.row("ok")
    p.row("✗ bad", failed=True)
    assert quiet.getvalue() == "[2/3] ✗ bad\n"


def test_progress_bar_on_a_terminal():
    import importlib.util
    if importlib.util.find_spec("tqdm") is None:
        pytest.skip("tqdm is not installed")
    try:
        import uno  # noqa: F401  (as in a full run: tqdm is then imported past its hook)
    except ImportError:
        pass
    out = FakeTTY()
    p = Progress(4, out)
    assert p.bar is not None
    for _ in range(4):
        p.row("done")
    p.close()
    assert "4/4" in out.getvalue() and "doc" in out.getvalue()


def test_sample_is_deterministic():
    a = hashlib.sha256(csv_text(contracts(50, bad=(3, 9))).encode("utf-8")).hexdigest()
    b = hashlib.sha256(csv_text(contracts(50, bad=(3, 9))).encode("utf-8")).hexdigest()
    assert a == b
