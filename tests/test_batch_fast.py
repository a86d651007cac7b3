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


def test_a_package_only_the_conversion_reads_is_stored_with_the_same_members(rows):
    template, rows = rows
    for row in rows[:6]:
        flat = assemble_document(template, row.answers, 1, where=row.where)
        deflated, ok, findings = checks.checked_odt(flat, row.where, odt_bytes)
        stored, ok2, findings2 = checks.checked_odt(flat, row.where, odt_bytes, compress=False,
                                                    full=True)
        assert (ok, findings) == (ok2, findings2)
        a, b = zipfile.ZipFile(io.BytesIO(deflated)), zipfile.ZipFile(io.BytesIO(stored))
        assert a.namelist() == b.namelist()
        assert {i.compress_type for i in b.infolist()} == {zipfile.ZIP_STORED}
        assert {i.compress_type for i in a.infolist() if i.filename != "mimetype"} \
            == {zipfile.ZIP_DEFLATED}
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def test_the_batch_deflates_only_the_packages_it_delivers(tmp_path, monkeypatch):
    """An ODT output is deflated; the package made only for the conversion is not (the
    conversion itself is in test_batch_office, which now converts stored packages)."""
    from tokki_odf.batch import run as batch_run
    seen = []
    real = checks.checked_odt

    def spy(*args, **kwargs):
        seen.append(kwargs.get("compress", True))
        return real(*args, **kwargs)
    monkeypatch.setattr(checks, "checked_odt", spy)
    csv_path = tmp_path / "c.csv"
    write_csv(contracts(3), str(csv_path))
    for editable, expected in ((False, True), (True, False)):
        del seen[:]
        opts = batch_run.Options(template=TEMPLATE, answers=str(csv_path),
                                 out=str(tmp_path / ("out%d" % editable)), formats=("odt",),
                                 editable=editable, quiet=True)
        assert batch_run.run_batch(opts, stream=io.StringIO()) == 0
        assert seen == [expected] * 3
        out = zipfile.ZipFile(str(tmp_path / ("out%d" % editable) / "R5-0001.odt"))
        assert zipfile.ZIP_DEFLATED in {i.compress_type for i in out.infolist()}


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


# -- the serialiser and the memos of issue 16 give what the plain code gives --------------

def _documents():
    import glob
    import os
    from tokki_odf.io.package import flat_from_bytes
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    seen = 0
    for path in sorted(glob.glob(os.path.join(root, "templates", "*")) +
                       glob.glob(os.path.join(root, "tests", "fixtures", "**", "*.*"),
                                 recursive=True)):
        if not path.endswith((".fodt", ".odt", ".ott")):
            continue
        try:
            with open(path, "rb") as fh:
                flat = flat_from_bytes(fh.read(), path)
        except Exception:
            continue                  # fixtures that are meant not to open
        seen += 1
        yield path, flat
    assert seen >= 3


def test_tostring_writes_what_elementtree_writes_on_every_template_and_fixture(rows):
    import xml.etree.ElementTree as ET
    from tokki_odf.io.package import tostring
    template, rows = rows
    trees = list(_documents())
    trees += [("row %d" % i, assemble_document(template, row.answers, 1, where=row.where))
              for i, row in enumerate(rows[:5])]
    for where, flat in trees:
        for el in [flat] + list(flat) + list(flat.iter())[::5]:
            assert tostring(el) == ET.tostring(el, encoding="utf-8", xml_declaration=False), \
                (where, el.tag)


def test_tostring_on_awkward_trees_equals_elementtree():
    import xml.etree.ElementTree as ET
    from tokki_odf.core.odf.namespaces import q
    from tokki_odf.io.package import tostring
    root = ET.Element(q("office:document"), {q("office:version"): "1.3"})
    root.text = "a & b < c > d"
    p = ET.SubElement(root, q("text:p"), {q("text:style-name"): 'x"y&<\n\t\r',
                                         "{http://www.w3.org/XML/1998/namespace}id": "i1",
                                         "plain": "v"})
    p.text, p.tail = "本文\ud800", "tail\r\n"
    ET.SubElement(p, q("text:s"))
    root.append(ET.Comment(" a comment "))
    root.append(ET.ProcessingInstruction("target", "data"))
    ET.SubElement(root, "{urn:not-registered}thing", {"{urn:other}a": "1"}).text = "x"
    ET.SubElement(root, "unqualified").tail = "t"
    root.tail = "root tail"
    for el in (root, p, ET.Element(q("text:p")), root[-2]):
        assert tostring(el) == ET.tostring(el, encoding="utf-8", xml_declaration=False)
    # the memo of start tags is keyed by the attributes' values too
    a = ET.Element(q("text:p"), {q("text:style-name"): "A"})
    b = ET.Element(q("text:p"), {q("text:style-name"): "B"})
    assert tostring(a) != tostring(b) and b'"B"' in tostring(b)


def test_the_memoised_checks_give_the_findings_of_a_fresh_process(rows, tmp_path):
    """coverage/classify memos: findings of rows after many others equal a fresh run's."""
    import json
    import subprocess
    import sys
    template, rows = rows
    flats = [assemble_document(template, row.answers, 1, where=row.where) for row in rows]
    here = [checks.validate_flat(flat, row.answers)[1] for flat, row in zip(flats, rows)]
    last = tmp_path / "last.odt"
    last.write_bytes(odt_bytes(flats[-1]))
    code = ("import json, sys; from tokki_odf.batch import checks; "
            "flat = checks.reopen_odt(open(sys.argv[1], 'rb').read(), 'x'); "
            "print(json.dumps(checks.validate_flat(flat)[1]))")
    fresh = json.loads(subprocess.run([sys.executable, "-c", code, str(last)], check=True,
                                      stdout=subprocess.PIPE).stdout)
    assert fresh == checks.validate_flat(flats[-1])[1]
    assert here[-1] == checks.validate_flat(flats[-1], rows[-1].answers)[1]


# -- the per-template and per-text shortcuts of the fifth/seventh rounds ------------------

def _reference_assembly(template, answers):
    """Assembly the simple way, kept as the specification of _answer_free/_pruned_copy:
    copy the whole template, then delete in place, in document order (the code before
    issue 16's seventh round)."""
    from tokki_odf.core.assembly import assemble as A
    from tokki_odf.core.odf import tree
    from tokki_odf.core.odf.document import FlatDocument
    from tokki_odf.core.odf.namespaces import H, P, STYLE_NAME
    from tokki_odf.core.template.model import section_kind

    def prune(el, answers, role):
        for child in list(el):
            if child.tag == SECTION:
                kind, cond = section_kind(child.get(NAME))
                if kind == "if" and not cond(answers):
                    tree.remove(el, child)
                    continue
                prune(child, answers, role)
            elif child.tag in (P, H):
                r = role(child.get(STYLE_NAME))
                if r in ("question", "note"):
                    tree.remove(el, child)
                    continue
                A._drop_annotations(child)
                A._fill_paragraph(el, child, answers, r)
            elif child.tag in A._ANNOTATIONS:
                tree.remove(el, child)
            else:
                prune(child, answers, role)

    answers = A.normalize(template, answers, "x")
    flat = tree.clone(template.flat)
    body = FlatDocument(flat).body()
    A._drop_hidden_sections(body)
    prune(body, answers, template.role)
    return flat


def _commented_template(tmp_path):
    """tokki-r5 with what the shortcuts must handle: comments in and between paragraphs,
    a hidden section, a question right after a list paragraph."""
    from support import hostile
    text = hostile.r5_text()
    comment = ('<office:annotation><dc:creator>山田</dc:creator><text:p>メモ</text:p>'
               '</office:annotation>')
    text = text.replace('<text:p text:style-name="特記事項条">第1条　',
                        '<text:p text:style-name="特記事項条">' + comment + '第1条　', 1)
    text = text.replace('</office:text>', '<text:section text:name="hidden" '
                        'text:display="none"><text:p>見えない</text:p></text:section>'
                        + comment + '</office:text>', 1)
    path = tmp_path / "commented.fodt"
    path.write_text(text, encoding="utf-8")
    return load_template(str(path))


def test_assembly_copies_only_what_is_chosen_and_gives_the_simple_way_s_tree(rows, tmp_path):
    import copy
    import glob
    import json
    from tokki_odf.core.assembly.answers import normalize
    from tokki_odf.core.assembly.assemble import _answer_free, _pruned_copy
    from tokki_odf.io.package import tostring
    template, rows = rows
    r5 = [row.answers for row in rows]
    h18 = [json.load(open(p, encoding="utf-8"))
           for p in sorted(glob.glob("examples/answers/h18-*.json"))]
    commented = _commented_template(tmp_path)
    assert b"office:annotation" in tostring(commented.flat)
    for tpl, answers in ((template, r5), (load_template("templates/tokki-h18.fodt"), h18),
                         (commented, r5[:12])):
        before = tostring(tpl.flat)
        for a in answers:
            fast = _pruned_copy(_answer_free(tpl), normalize(tpl, a, "x"), tpl.role, tpl.name)
            simple = tostring(_reference_assembly(tpl, a))
            assert tostring(fast) == simple, tpl.name
            assert "メモ".encode() not in simple and "見えない".encode() not in simple
        assert tostring(tpl.flat) == before, "assembly changed the template"
        # what the shortcut starts from is made again for another tree
        base = _answer_free(tpl)
        assert _answer_free(tpl) is base
        tpl.flat = copy.deepcopy(tpl.flat)
        assert _answer_free(tpl) is not base


def test_pointers_from_the_memo_are_fresh_copies_linked_among_themselves():
    from tokki_odf.core.drafting import pointers
    text = "第3条から第5条までの規定及び前条第2項又は第4項"
    first = pointers.find(text)
    first[0].external = True                      # refcheck marks pointers like this
    second = pointers.find(text)
    assert [p.text for p in second] == [p.text for p in first]
    assert not second[0].external
    assert all(a is not b for a, b in zip(first, second))
    for ps in (first, second):
        for p in ps:
            for link in (p.joined_to, p.range_from, p.range_to):
                assert link is None or any(link is q for q in ps)
    assert any(p.range_from is not None for p in second)
    assert any(p.joined_to is not None for p in second)


def test_styles_xml_is_reused_only_for_equal_styles(rows):
    from tokki_odf.core.odf.namespaces import clark, q
    template, rows = rows
    one = assemble_document(template, rows[0].answers, 1, where=rows[0].where)
    two = assemble_document(template, rows[1].answers, 1, where=rows[1].where)
    styles = lambda flat: zipfile.ZipFile(io.BytesIO(odt_bytes(flat))).read("styles.xml")  # noqa
    assert styles(one) == styles(two)
    style = two.find(clark("office:styles"))[0]
    style.set(q("style:display-name"), "変えた見出し")
    changed = styles(two)
    assert "変えた見出し".encode("utf-8") in changed and changed != styles(one)
    # and back: the first document's styles.xml is its own again, not the changed one
    assert "変えた見出し".encode("utf-8") not in styles(one)


def test_summary_lines_reused_for_rows_not_begun_equal_a_fresh_encoding(tmp_path):
    """Summary reuses the line of a row no one has changed yet; every save must still
    write what encoding every record afresh writes, whatever happened to the rows."""
    import json
    import random
    from tokki_odf.batch.summary import Summary, row_record

    class Row:
        def __init__(self, n):
            self.number, self.id, self.error, self.key = n, "R%03d" % n, None, None
    summary = Summary(str(tmp_path / "summary.json"), {"tokki": "test"})
    summary.records = [row_record(Row(n)) for n in range(40)]
    rng = random.Random(16)
    summary.text()
    assert len(summary._waiting) == 40          # the lines of the rows not begun are kept

    def fresh():
        data = dict(summary.header)
        data["totals"] = summary.totals()
        head = json.dumps(data, ensure_ascii=False, indent=1)
        rows = ",\n  ".join(json.dumps(r, ensure_ascii=False) for r in summary.records)
        return head[:-2] + ',\n "rows": [\n  %s\n ]\n}\n' % rows
    for _step in range(200):
        rec = rng.choice(summary.records)
        change = rng.randrange(6)
        if rec["status"] in Summary.FINAL:
            pass
        elif change == 0:
            rec["findings"] = [{"code": "X"}]
            rec["validated"] = True
        elif change == 1:
            rec["outputs"].append({"format": "odt"})
        elif change == 2:
            rec["outputs"] = []                     # --resume kept nothing
        elif change == 3:
            rec["seconds"] = 0.5
        elif change == 4:
            rec["status"] = "done"
        else:
            rec.update(status="failed", error="x", stage="convert")
        assert summary.text() == fresh()
    assert json.loads(summary.text())["rows"] == summary.records


def _random_tree(rng, depth=0):
    """A body of paragraphs, sections (nested, some empty) and lists, with text and
    tails in random places: what _unwrap_sections must keep in reading order."""
    import xml.etree.ElementTree as ET
    from tokki_odf.core.odf.namespaces import P, q
    el = ET.Element(rng.choice([SECTION, q("text:list-item"), q("office:text")])
                    if depth else q("office:text"))
    el.text = rng.choice([None, "", "t%d" % rng.randrange(99)])
    for _ in range(rng.randrange(5 if depth < 3 else 1)):
        if rng.random() < 0.5 and depth < 3:
            child = _random_tree(rng, depth + 1)
        else:
            child = ET.Element(P)
            child.text = "p%d" % rng.randrange(99)
        child.tail = rng.choice([None, "", " ", "x%d" % rng.randrange(99)])
        el.append(child)
    return el


def test_unwrapping_all_sections_at_once_equals_unwrapping_them_one_by_one():
    import random
    import xml.etree.ElementTree as ET
    from tokki_odf.core.assembly import assemble
    from tokki_odf.core.odf import tree
    from tokki_odf.core.odf.namespaces import P, H

    def one_by_one(el):                      # what _unwrap_sections did before issue 16
        for child in list(el):
            if child.tag == SECTION:
                one_by_one(child)
                tree.unwrap(el, child)
            elif child.tag not in (P, H):
                one_by_one(child)
    rng = random.Random(16)
    for _ in range(500):
        a = _random_tree(rng)
        b = tree.clone(a)
        one_by_one(a)
        assemble._unwrap_sections(b)
        assert ET.tostring(a) == ET.tostring(b)
        assert not any(e.tag == SECTION for e in b.iter())


def _walked_structure(flat, template):
    """What _structure found before issue 16's eighth round, by walking the pruned copy
    (sections, lists and list items; paragraphs by their style's role): kept as the
    specification of the (paragraph, role, art id) triples _pruned_copy records."""
    from tokki_odf.core.odf.document import FlatDocument
    from tokki_odf.core.odf.namespaces import H, P, STYLE_NAME, q
    from tokki_odf.core.template.model import section_kind
    found = []

    def walk(el, art_id):
        for child in el:
            if child.tag == SECTION:
                kind, value = section_kind(child.get(NAME))
                walk(child, value if kind == "art" else art_id)
            elif child.tag in (P, H):
                found.append((child, template.role(child.get(STYLE_NAME)), art_id))
            elif child.tag in (q("text:list"), q("text:list-item")):
                walk(child, art_id)
    walk(FlatDocument(flat).body(), None)
    return found


def test_the_structure_recorded_while_copying_is_what_a_walk_of_the_copy_finds(rows, tmp_path):
    import glob
    import json
    from tokki_odf.core.assembly.answers import normalize
    from tokki_odf.core.assembly.assemble import _answer_free, _pruned_copy
    template, rows = rows
    r5 = [row.answers for row in rows]
    h18 = [json.load(open(p, encoding="utf-8"))
           for p in sorted(glob.glob("examples/answers/h18-*.json"))]
    lists = 0
    for tpl, answers in ((template, r5), (load_template("templates/tokki-h18.fodt"), h18),
                         (_commented_template(tmp_path), r5[:12])):
        for a in answers:
            order = []
            flat = _pruned_copy(_answer_free(tpl), normalize(tpl, a, "x"), tpl.role, tpl.name,
                                order)
            walked = _walked_structure(flat, tpl)
            assert [(id(p), r, art) for p, r, art in order] \
                == [(id(p), r, art) for p, r, art in walked], tpl.name
            lists += sum(1 for p, r, _art in order if r == "subitem")
    assert lists > 0          # list answers (one ア paragraph per item) were among them
