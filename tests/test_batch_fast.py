"""The batch's fast path (issue 16): validating the assembled tree in memory checks what
is delivered, and the per-row caches do not change any output."""
import zipfile
import io

import pytest

from tokki_odf.core.odf.namespaces import NAME, SECTION

from support.sample import contracts, write_csv
from tokki_odf.api import assemble_document, load_template
from tokki_odf.batch import checks
from tokki_odf.batch.rows import check_rows, read_rows
from tokki_odf.io.package import odt_bytes

TEMPLATE = "templates/tokki-r5.fodt"


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    path = tmp_path_factory.mktemp("fast") / "c.csv"
    write_csv(contracts(48), str(path))
    template = load_template(TEMPLATE)
    rows, _info = read_rows(str(path), None, template)
    check_rows(template, rows)
    return template, rows


def test_in_memory_validation_equals_reopened_validation_and_changes_nothing(rows):
    template, rows = rows
    for row in rows:
        flat = assemble_document(template, row.answers, 1, where=row.where)
        before = odt_bytes(flat)
        data, validated, findings = checks.checked_odt(flat, row.where, odt_bytes)
        assert validated
        assert data == before == odt_bytes(flat)      # validation left the tree alone
        again_ok, again = checks.validate_flat(checks.reopen_odt(data, row.where))
        assert (again_ok, again) == (validated, findings), row.where
        # full=True does the same comparison itself and passes
        assert checks.checked_odt(flat, row.where, odt_bytes, full=True)[0] == data


def _rezip(data, name, fn):
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            part = src.read(info.filename)
            out.writestr(info, fn(part) if info.filename == name else part)
    return buf.getvalue()


@pytest.mark.parametrize("bad", [b"\x01", b"\r", b"\x0b", "\ufffe".encode("utf-8")])
def test_bytes_that_would_not_read_back_as_written_are_refused(rows, bad):
    template, rows = rows
    flat = assemble_document(template, rows[0].answers, 1, where=rows[0].where)
    good = odt_bytes(flat)
    assert checks.round_trips(good)
    broken = _rezip(good, "content.xml", lambda b: b.replace("第".encode("utf-8"), bad, 1))
    assert not checks.round_trips(broken)
    assert not checks.round_trips(good[:200])          # not a complete zip

    def serialise(_flat):
        return broken
    with pytest.raises(checks.OutputError, match="read back"):
        checks.checked_odt(flat, rows[0].where, serialise)


def test_section_kind_memo_gives_the_same_answers(rows):
    from tokki_odf.core.template import model
    template, _rows = rows
    names = [s.get(NAME) for s in template.flat.iter(SECTION)]
    assert names
    fresh = [model.section_kind.__wrapped__(n) for n in names]
    assert [model.section_kind(n) for n in names] == fresh
    assert [model.section_kind(n) for n in names] == fresh
