"""What assembly renders, validate parses back to the same target (issue 10, item 1).

Property test over every pointer shape the renderer (core/drafting/pointers.py,
used by assembly) produces: an article, a paragraph, /items (各号), /proviso
(ただし書), ranges (AからBまで, A及びB), as seen from any article and paragraph,
in half-width, full-width and kanji numerals. The rendered pointer is put into
a generated contract; validate's parser (the same module's find()) and
refcheck's resolution must land on the target, and no REF_ finding is raised.
"""
from hypothesis import given, settings, strategies as st

from tokki_odf.core.drafting import labels
from tokki_odf.core.drafting.numerals import FULL, HALF, KANJI, format_int
from tokki_odf.core.drafting.pointers import Place, Spec, render_one, render_range
from tokki_odf.core.validate import refcheck, references, validate
from tokki_odf.core.validate.structure import parse

STYLES = (HALF, FULL, KANJI)


@st.composite
def documents(draw):
    n = draw(st.integers(2, 7))
    shape = []
    for _ in range(n):
        k = draw(st.integers(1, 3))
        shape.append([(draw(st.booleans()), draw(st.booleans())) for _ in range(k)])
    style = draw(st.sampled_from(STYLES))
    a = draw(st.integers(1, n))
    p = draw(st.integers(1, len(shape[a - 1])))
    return shape, style, a, p


def _text(shape, style, here, sentence):
    out = ["個人情報取扱特記事項"]
    for i, paras in enumerate(shape, 1):
        out.append("（見出し%s）" % format_int(i, FULL))
        for j, (items, proviso) in enumerate(paras, 1):
            body = "乙は、事務を適正に行わなければならない。"
            if proviso:
                body += "ただし、甲の承認を受けたときは、この限りでない。"
            if (i, j) == here:
                body += sentence
            # 項 numbers are digits even under 第一条 (laws write ２); kanji 三　… is a 号
            label = labels.write_article(i, style) if j == 1 else labels.write_paragraph(
                j, FULL if style == KANJI else style)
            out.append("%s　%s" % (label, body))
            if items:
                out.append("%s　一つ目の事項" % labels.write_item(1, FULL))
                out.append("%s　二つ目の事項" % labels.write_item(2, FULL))
    return out


def _place(shape, a, p=None):
    paras = shape[a - 1]
    items, proviso = paras[(p or 1) - 1]
    if p is None:
        return Place(a, None, len(paras), has_items=items and len(paras) == 1,
                     has_proviso=proviso and len(paras) == 1)
    return Place(a, p, len(paras), has_items=items, has_proviso=proviso)


def _resolved(paragraphs, here):
    doc = parse(paragraphs)
    article = doc.articles[here[0] - 1]
    para = article.paragraphs[here[1] - 1]
    line = para.lines[0]
    ctx = refcheck._Context(doc, article, para, None)
    targets, last, out = {}, None, []
    for p in references.find(line.body):
        if p.external:
            continue
        t = refcheck._resolve(p, ctx, last, targets)
        targets[id(p)] = t
        last = t
        out.append((p, t))
    return out


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_single_pointer_roundtrip(doc, data):
    shape, style, a, p = doc
    ta = data.draw(st.integers(1, len(shape)))
    tp = data.draw(st.one_of(st.none(), st.integers(1, len(shape[ta - 1]))))
    target = _place(shape, ta, tp)
    suffixes = [None] + (["items"] if target.has_items else []) + (
        ["proviso"] if target.has_proviso else [])
    suffix = data.draw(st.sampled_from(suffixes))
    here = Place(a, p, len(shape[a - 1]))
    rendered = render_one(target, Spec("x", suffix), here, style, style)
    paragraphs = _text(shape, style, (a, p), "%sの規定により処理する。" % rendered)
    got = _resolved(paragraphs, (a, p))
    assert len(got) == 1, (rendered, got)
    pointer, t = got[0]
    assert t.article.number == ta, rendered
    if tp is not None and len(shape[ta - 1]) > 1:
        assert t.paragraph is not None and t.paragraph.number == tp, rendered
    assert pointer.kind == {"items": "item", "proviso": "proviso"}.get(
        suffix, "paragraph" if tp is not None and (len(shape[ta - 1]) > 1 or ta == a)
        and rendered[-1] == "項" else "article"), rendered
    report = validate(paragraphs)
    assert not [f for f in report.findings if f.code.startswith("REF_")], (
        rendered, [f.message for f in report.findings])


@settings(max_examples=200, deadline=None)
@given(documents(), st.data())
def test_range_roundtrip(doc, data):
    shape, style, a, p = doc
    first = data.draw(st.integers(1, len(shape) - 1))
    last = data.draw(st.integers(first + 1, len(shape)))
    here = Place(a, p, len(shape[a - 1]))
    rendered = render_range(_place(shape, first), _place(shape, last), here, style)
    paragraphs = _text(shape, style, (a, p), "%sの規定により処理する。" % rendered)
    got = _resolved(paragraphs, (a, p))
    assert [t.article.number for _, t in got] == [first, last], rendered
    if last == first + 1:
        assert "及び" in rendered and got[1][0].joined_to is got[0][0]
    else:
        assert got[1][0].range_from is got[0][0]
    report = validate(paragraphs)
    assert not [f for f in report.findings if f.code.startswith("REF_")], rendered


def test_labels_written_are_read_back():
    for style in STYLES:
        for n in (1, 2, 10, 21):
            lab = labels.read_article(labels.write_article(n, style) + "　本文")
            assert lab.number == n and lab.style == labels.JOU
            assert labels.read_article(labels.write_article(n, style, labels.DAI) + "　本文"
                                       ).style == labels.DAI
            assert labels.read_item(labels.write_item(n, style) + "　本文").number == n
        if style != KANJI:
            assert labels.read_paragraph(labels.write_paragraph(3, style) + "　本文").number == 3
    assert labels.read_article("第5条の2　本文").branch == 2
    assert labels.read_article("第二条の二（要配慮個人情報）").caption == "要配慮個人情報"
    assert labels.read_paragraph("②　本文").number == 2
    assert labels.read_paragraph("2.　本文").number == 2
    assert labels.read_item("⑶　本文").number == 3
    assert labels.read_kana("ア　本文").number == 1
    assert labels.kana_number("ロ", iroha=True) == 2
    assert labels.read_latin("(b)　本文").number == 2
    assert labels.read_heading_article("1　趣旨").caption == "趣旨"
    assert labels.read_heading_article("2　前項の場合において、乙は報告する。") is None
