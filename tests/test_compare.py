"""tokki compare: alignment by identity, renumbering is no change, 新旧対照表, deviations.

The small contracts here are written for the tests (own words); the H18 -> R5 table is
checked against the seed's own article numbers and captions.
"""
import json
import re
import subprocess
import unicodedata
import zipfile
import xml.etree.ElementTree as ET

import pytest

from tokki_odf import api
from tokki_odf.cli.main import main
from tokki_odf.core.compare import compare_units
from tokki_odf.core.compare.align import units_from_paragraphs
from tokki_odf.core.compare.table import base_document, add_text
from tokki_odf.core.odf.namespaces import NS, q
from tokki_odf.io.package import odt_bytes, load_flat

from support.seedtext import seed_text, r5_block, SEED

ARTICLES = [
    ("目的", "この契約は、甲が乙に委託する業務における情報の取扱いについて定める。"),
    ("定義", "この契約において「情報」とは、業務に関して甲から受け取ったものをいう。"),
    ("管理", "乙は、情報を施錠できる場所に保管し、第2条に定める情報の台帳を備える。"),
    ("返却", "乙は、業務が終わったときは、第3条の台帳とともに情報を甲に返す。"),
    ("報告", "乙は、前条の返却を終えたときは、速やかに甲に書面で報告する。"),
]
EXTRA = ("教育", "乙は、業務に従事する者に年に一度の研修を行う。")


def render(articles, start=1, ref_shift=None):
    """Paragraph texts of a small contract: （見出し） then 第N条　本文; references
    第K条 in the bodies are rewritten through ref_shift (old number -> new number)."""
    out = ["情報の取扱いに関する特記事項"]
    for k, (caption, body) in enumerate(articles):
        if ref_shift:
            body = re.sub(r"第(\d+)条", lambda m: "第%d条" % ref_shift.get(int(m.group(1)),
                                                                       int(m.group(1))), body)
        out += ["（%s）" % caption, "第%d条　%s" % (start + k, body)]
    return out


def write_odt(path, paragraphs):
    flat, body = base_document("test")
    for text in paragraphs:
        add_text(ET.SubElement(body, q("text:p")), text)
    path.write_bytes(odt_bytes(flat))
    return str(path)


def compare_texts(old, new):
    return compare_units(units_from_paragraphs(old), units_from_paragraphs(new))


def kinds(comparison):
    return [r.kind for r in comparison.rows]


# -- alignment and classification ----------------------------------------------

def test_renumbering_alone_is_no_difference(tmp_path, capsys):
    old = render(ARTICLES)
    new = render(ARTICLES, start=11, ref_shift={2: 12, 3: 13})
    c = compare_texts(old, new)
    assert not c.different
    assert kinds(c) == ["same"] + ["renumbered"] * 5
    a, b = write_odt(tmp_path / "a.odt", old), write_odt(tmp_path / "b.odt", new)
    assert main(["compare", a, b, "-q"]) == 0


def test_a_wrong_reference_after_renumbering_is_a_change():
    """第3条 must become 第13条; a document that kept 第3条 points elsewhere."""
    new = render(ARTICLES, start=11, ref_shift={2: 12})          # 第3条 left as it was
    c = compare_texts(render(ARTICLES), new)
    changed = [r for r in c.rows if r.different]
    assert [r.new.unit.no for r in changed] == [14]
    assert changed[0].passages == [("第3条", "第3条")]


def test_one_word_changed_after_an_inserted_article(tmp_path, capsys):
    new_articles = ARTICLES[:1] + [EXTRA] + ARTICLES[1:]
    new_articles[4] = (ARTICLES[3][0], ARTICLES[3][1].replace("速やかに", "直ちに")
                       if "速やかに" in ARTICLES[3][1] else ARTICLES[3][1].replace("返す", "返還する"))
    shift = {2: 3, 3: 4, 4: 5, 5: 6}
    old, new = render(ARTICLES), render(new_articles, ref_shift=shift)
    c = compare_texts(old, new)
    different = [r for r in c.rows if r.different]
    assert [(r.kind, r.new.unit.no) for r in different] == [("added", 2), ("changed", 5)]
    assert different[1].old.unit.no == 4
    (before, after), = different[1].passages      # character level: 返[還]す[る]
    assert "還" in after and after in "返還する" and before in "返す"
    assert [r.kind for r in c.rows if not r.different] == ["same", "same"] + ["renumbered"] * 3
    a, b = write_odt(tmp_path / "a.odt", old), write_odt(tmp_path / "b.odt", new)
    assert main(["compare", a, b, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["changed"] == 1 and data["summary"]["added"] == 1
    row = [r for r in data["articles"] if r["kind"] == "changed"][0]
    marks = row["new"]["marks"][1]
    assert [row["new"]["paragraphs"][1][s:e] for s, e, m in marks if m == "number"] == ["第5条", "第4条"]
    (start, end), = [(s, e) for s, e, m in marks if m == "changed"]
    marked = row["new"]["paragraphs"][1][start:end]
    assert "還" in marked and marked in "返還する"


def test_moved_split_and_merged_articles():
    moved = [ARTICLES[0], ARTICLES[1], ARTICLES[4], ARTICLES[2], ARTICLES[3]]
    c = compare_texts(render(ARTICLES), render(moved))
    assert "moved" in kinds(c) and c.different
    # 第3条 split in two sentences, each an article of its own
    first, second = ARTICLES[2][1].split("保管し、")
    split = ARTICLES[:2] + [("管理", first + "保管する。"), ("台帳", "乙は、" + second)] + ARTICLES[3:]
    c = compare_texts(render(ARTICLES), render(split))
    assert kinds(c).count("split") == 2
    c = compare_texts(render(split), render(ARTICLES))
    assert kinds(c).count("merged") == 2


def test_bare_article_labels_without_jo_are_units():
    paragraphs = ["（目的）", "第1　この契約の目的を定める。", "（期間）", "第2　期間は一年とする。"]
    units = units_from_paragraphs(paragraphs)
    assert [(u.no, u.caption, u.label) for u in units] == [(1, "目的", "第1"), (2, "期間", "第2")]


def test_full_width_digits_and_spaces_are_not_wording():
    old = render(ARTICLES)
    new = [unicodedata.normalize("NFKC", p).replace("　", " ") for p in old]
    new = [p.replace("第2条", "第２条") for p in new]
    assert not compare_texts(old, new).different


# -- templates and assembled documents -----------------------------------------

def assemble_to(tmp_path, name, answers, editable=True, start=1, template="r5"):
    path = tmp_path / name
    flat = api.assemble_document(api.load_template(template),
                                 dict({"business_name": "住民情報システム運用保守業務"}, **answers),
                                 start, editable=editable)
    api.write_output(flat, str(path))
    return str(path)


def _variant_keys_by_article(template):
    """{article ID: keys of the conditions inside its art: section} from the template."""
    from tokki_odf.core.template.model import section_kind, control_tag
    from tokki_odf.core.template import conditions
    out = {}
    for sec in template.body.iter(q("text:section")):
        kind, ident = section_kind(sec.get(q("text:name")))
        if kind != "art":
            continue
        keys = set()
        for inner in sec.iter(q("text:section")):
            k, value = section_kind(inner.get(q("text:name")))
            if k == "if":
                keys |= value.keys()
        for cc in sec.iter(q("loext:content-control")):
            tag = control_tag(cc)
            if tag.startswith("if:"):
                keys |= conditions.parse(tag[3:]).keys()
            elif tag and not tag.startswith("ref:"):
                keys.add(tag)
        out[ident] = keys
    return out


def test_every_r5_variant_pair_changes_only_the_articles_it_touches(tmp_path):
    """For every question, every pair of its values (禁止 vs 制限 …), all other answers at
    their defaults: only the articles whose art: section holds that question differ."""
    import itertools
    template = api.load_template("r5")
    touched = _variant_keys_by_article(template)
    checked = 0
    for key, question in template.questions.items():
        values = ([o.value for o in question.options] if question.kind == "choice"
                  else [True, False] if question.kind == "flag" else [])
        extra = {"subcontract": "restrict"} if key == "high_risk" else {}
        files = {v: assemble_to(tmp_path, "%s-%s.odt" % (key, v), dict(extra, **{key: v}))
                 for v in values}
        for v1, v2 in itertools.combinations(values, 2):
            c, a, b = api.compare_sides(files[v1], files[v2])
            assert c.aligned_by == "id" and a.how == b.how == "recorded"
            differ = {(r.new or r.old).unit.ident for r in c.rows if r.different}
            expected = {ident for ident, keys in touched.items() if key in keys}
            assert differ and differ <= expected, (key, v1, v2, differ, expected)
            checked += 1
    assert checked >= 12, checked
    print("variant pairs checked:", checked)


def test_variant_pair_through_the_command(tmp_path, capsys):
    """禁止 vs 制限 of 再委託 with `tokki assemble r5 --editable`: only 第6条 differs."""
    paths = []
    for value in ("prohibit", "restrict"):
        answers = tmp_path / ("%s.json" % value)
        answers.write_text(json.dumps({"business_name": "窓口業務", "subcontract": value}),
                           encoding="utf-8")
        out = tmp_path / ("%s.odt" % value)
        assert main(["assemble", "r5", "--answers", str(answers), "--out", str(out),
                     "--editable", "-q"]) == 0
        paths.append(str(out))
    capsys.readouterr()
    assert main(["compare"] + paths + ["--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["new"]["no"], r["new"]["id"]) for r in data["articles"]
            if r["kind"] != "same"] == [("changed", 6, "subcontract")]


def test_start_article_is_renumbering_only(tmp_path):
    a = assemble_to(tmp_path, "a.odt", {}, editable=False)
    b = assemble_to(tmp_path, "b.odt", {}, editable=False, start=25)
    assert main(["compare", a, b, "-q"]) == 0


def test_returned_without_recorded_answers_is_bad_input(tmp_path, capsys):
    plain = assemble_to(tmp_path, "plain.odt", {}, editable=False)
    assert main(["compare", plain]) == 2
    assert "no recorded answers" in capsys.readouterr().err


def test_returned_document_against_its_recorded_answers(tmp_path, capsys):
    path = assemble_to(tmp_path, "sent.odt", {"subcontract": "restrict"})
    assert main(["compare", path, "-q"]) == 0
    clean = api.compare_with_recorded(load_flat(path))     # the extension's open document
    assert clean["findings"] == [] and not clean["different"]
    # the contractor rewords one sentence of 第6条 and keeps the properties
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    content = parts["content.xml"].decode("utf-8")
    assert content.count("再委託") > 2
    changed = content.replace("書面により", "口頭で", 1)
    assert changed != content
    parts["content.xml"] = changed.encode("utf-8")
    out = tmp_path / "returned.odt"
    with zipfile.ZipFile(str(out), "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), parts.pop("mimetype"))
        for n, data in parts.items():
            z.writestr(n, data, compress_type=zipfile.ZIP_DEFLATED)
    assert main(["compare", str(out), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    rows = [r for r in data["articles"] if r["kind"] != "same"]
    assert len(rows) == 1 and rows[0]["new"]["id"] == "subcontract"
    assert rows[0]["passages"][0]["new"] == "口頭で"
    result = api.compare_with_recorded(str(out))
    assert [f["code"] for f in result["findings"]] == ["compare-changed"]


@pytest.mark.parametrize("start", [1, 25])
def test_returned_contract_with_the_provisions_inside(tmp_path, capsys, start):
    """A whole 業務委託契約書: its own articles first, then the provisions (numbered on
    from start=25, or as a 別紙 numbered from 1 again): only the provisions are compared."""
    flat = api.assemble_document(api.load_template("r5"),
                                 {"business_name": "窓口業務", "materials": "return_or_dispose"},
                                 start, editable=True)
    body = flat.find("office:body/office:text", NS)
    own = ["業務委託契約書"] + render(ARTICLES)[1:] + ["別記"]
    if start == 25:
        own = ["業務委託契約書"] + render(ARTICLES * 5)[1:][:48]
    for k, text in enumerate(own):
        p = ET.Element(q("text:p"))
        p.text = text
        body.insert(k, p)
    path = tmp_path / "contract.odt"
    path.write_bytes(odt_bytes(flat))
    assert main(["compare", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outside_articles"] == len([t for t in own if t.startswith("第")]) + 1
    assert {r["kind"] for r in data["articles"]} <= {"same"}
    assert data["articles"][0]["new"]["no"] == start


def test_bad_inputs_exit_2_and_write_nothing(tmp_path, capsys):
    a = assemble_to(tmp_path, "a.odt", {})
    assert main(["compare", a, str(tmp_path / "missing.odt")]) == 2
    assert main(["compare", a, "nosuchtemplate"]) == 2
    (tmp_path / "x.txt").write_text("第1条　本文", encoding="utf-8")
    assert main(["compare", a, str(tmp_path / "x.txt")]) == 2
    assert main(["compare", a, a, "--out", str(tmp_path / "t.xlsx")]) == 2
    assert main(["compare", a, a, "--redline", str(tmp_path / "r.pdf")]) == 2
    assert main(["compare", a, a, "--out", a]) == 2
    err = capsys.readouterr().err
    assert all(line.startswith("tokki compare: error: ") for line in err.splitlines())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.odt", "x.txt"]


# -- H18 -> R5: the 全部改正, against the seed -----------------------------------

def _seed_articles(block):
    """{caption: number} of the first (禁止/main) variant of every captioned article."""
    found = {}
    for m in re.finditer(r"\((?P<c>[^()。]{2,30})\)\s*第\s*(?P<n>\d+)\s*条", block):
        found.setdefault(m.group("c").replace(" ", ""), int(m.group("n")))
    return found


@pytest.fixture(scope="module")
def h18_r5():
    if not SEED.exists():
        pytest.skip("the seed text is not on this machine")
    text = seed_text()
    start = re.search(r"^\(記載例\)\s*$", text, re.M).start()
    end = text.index("業務の委託に係る個人情報の安全確保のために守るべき事項", start)
    return _seed_articles(text[start:end]), _seed_articles(r5_block()), api.compare_files("h18", "r5")


def test_h18_to_r5_pairs_the_articles_the_seed_numbers(h18_r5):
    h18, r5, result = h18_r5
    rows = result["comparison"]["articles"]
    assert result["comparison"]["aligned_by"] == "id"
    by_old = {r["old"]["caption"]: r for r in rows if r["old"] and r["old"]["caption"]}
    # the default assembly has the 禁止 variants; the seed prints the 制限 ones too
    h18 = {c: n for c, n in h18.items() if not c.endswith("の制限")}
    r5 = {c: n for c, n in r5.items() if not c.endswith("の制限")}
    common = set(h18) & set(r5)
    assert len(common) >= 14
    for caption in common:   # e.g. 複写又は複製の禁止: H18 第8条 <-> R5 第7条
        row = by_old[caption]
        assert (row["old"]["no"], row["new"]["no"]) == (h18[caption], r5[caption]), caption
    assert (h18["複写又は複製の禁止"], r5["複写又は複製の禁止"]) == (8, 7)
    # the 条例's 罰則 articles are deleted, the new articles added
    deleted = [r["old"]["no"] for r in rows if r["kind"] == "deleted"]
    assert deleted == [h18["罰則"], h18["罰則"] + 1]
    added = {r["new"]["caption"] for r in rows if r["kind"] == "added"}
    renamed = {"個人情報に関する秘密保持", "セキュリティ対策の整備義務等"}   # same IDs, new captions
    assert added == set(r5) - set(h18) - renamed
    assert {"管轄裁判所", "準拠法"} <= added
    assert result["different"]


def test_h18_to_r5_table_odt_and_pdf(tmp_path, soffice):
    odt, pdf = tmp_path / "新旧対照表.odt", tmp_path / "新旧対照表.pdf"
    assert main(["compare", "h18", "r5", "--out", str(odt), "-q"]) == 1
    assert main(["compare", "h18", "r5", "--out", str(pdf), "--elide", "-q"]) == 1
    with zipfile.ZipFile(str(odt)) as z:
        content = ET.fromstring(z.read("content.xml"))
    underlined = {s.get(q("style:name")) for s in content.iter(q("style:style"))
                  if any(p.get(q("style:text-underline-style")) == "solid"
                         for p in s.iter(q("style:text-properties")))}
    assert underlined
    spans = ["".join(s.itertext()) for s in content.iter(q("text:span"))
             if s.get(q("text:style-name")) in underlined]
    assert "関係法令及び" in spans            # R5 第1条's addition, underlined
    table = content.find(".//table:table", NS)
    header = [("".join(c.itertext())) for c in table.find("table:table-header-rows", NS)
              .iter(q("table:table-cell"))]
    assert header == ["改正後", "改正前"]
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    lines = [unicodedata.normalize("NFKC", l) for l in layout.splitlines()]
    assert any(re.search(r"改正後\s{4,}改正前", l) for l in lines)
    # two columns: the 複写 row holds R5 第7条 on the left, H18 第8条 on the right
    assert any(re.search(r"第\s*7\s*条\s+\(略\)\s{4,}第\s*8\s*条\s+\(略\)", l) for l in lines)
    assert any("(新設)" in l for l in lines) and any("(削る)" in l for l in lines)


def test_docx_saved_by_libreoffice_is_no_difference(tmp_path, soffice):
    odt = assemble_to(tmp_path, "sent.odt", {"copying": "within_spec"})
    docx = str(tmp_path / "sent.docx")
    api.write_output(load_flat(odt), docx)       # through headless LibreOffice
    assert main(["compare", odt, docx, "-q"]) == 0
    assert main(["compare", docx, "-q"]) == 0     # the recorded answers travel in the DOCX


def test_redline_accept_gives_new_and_reject_gives_old(tmp_path, office):
    old = render(ARTICLES)
    new_articles = ARTICLES[:1] + [EXTRA] + [ARTICLES[1], ARTICLES[4], ARTICLES[2]]
    new_articles[3] = (ARTICLES[4][0], ARTICLES[4][1].replace("書面", "電子メール"))
    new = render(new_articles, ref_shift={2: 3, 3: 5})
    a, b = write_odt(tmp_path / "a.odt", old), write_odt(tmp_path / "b.odt", new)
    red = str(tmp_path / "redline.odt")
    assert main(["compare", a, b, "--redline", red, "-q"]) == 1
    for action, expected in (("AcceptAllTrackedChanges", new), ("RejectAllTrackedChanges", old)):
        doc = office.load(red)
        try:
            assert doc.getRedlines().getCount() > 0
            helper = office.context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", office.context)
            helper.executeDispatch(doc.getCurrentController().getFrame(), ".uno:" + action,
                                   "", 0, ())
            assert doc.getRedlines().getCount() == 0
            assert office.paragraph_texts(doc) == expected, action
        finally:
            office.close(doc)


def test_h18_r5_redline_in_writer(tmp_path, office):
    red = str(tmp_path / "r.odt")
    c, a, b = api.compare_sides("h18", "r5")
    api.write_redline(c, red)
    old = [p for u in a.units for p in u.paragraphs]
    new = [p for u in b.units for p in u.paragraphs]
    for action, expected in (("AcceptAllTrackedChanges", new), ("RejectAllTrackedChanges", old)):
        doc = office.load(red)
        try:
            count = doc.getRedlines().getCount()
            assert count > 20
            helper = office.context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", office.context)
            helper.executeDispatch(doc.getCurrentController().getFrame(), ".uno:" + action,
                                   "", 0, ())
            assert office.paragraph_texts(doc) == expected, action
        finally:
            office.close(doc)


def test_table_order_elision_and_placeholders():
    from tokki_odf.core.compare.table import build_table
    new_articles = ARTICLES[:1] + [EXTRA] + ARTICLES[1:4]
    c = compare_texts(render(ARTICLES), render(new_articles, ref_shift={2: 3, 3: 4}))
    flat = build_table(c, order="old-new", elide=True)
    rows = flat.findall(".//table:table-row", NS)
    cells = [["\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
              for cell in row.findall("table:table-cell", NS)] for row in rows]
    assert cells[0] == ["改正前", "改正後"]
    assert ["（新設）", "（教育）\n第2条　乙は、業務に従事する者に年に一度の研修を行う。"] in cells
    assert ["（定義）\n第2条\u3000（略）", "（定義）\n第3条\u3000（略）"] in cells
    assert any(c[1] == "（削る）" for c in cells)       # 第5条（報告） is gone
    # the renumbered article's number is underlined in both columns even when elided
    row = rows[[k for k, c in enumerate(cells) if c[0].startswith("（定義）")][0]]
    spans = [("".join(s.itertext())) for s in row.iter(q("text:span"))]
    assert spans == ["第2条", "第3条"]
