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
from tokki_odf.core.validate import refcheck, references
from support.recognition import REC, validate
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
    ctx = refcheck._Context(doc, article, para, None, REC)
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


# -- 第N (no 条) and 「N　見出し」 documents, and ref:= (always by number) ------------------

FORMS = (labels.DAI, labels.HEADING)


def _form_text(shape, style, form, here, sentence):
    """A document numbered 第1, 第2 … (dai) or 「1　見出し」 headings (heading)."""
    out = ["個人情報取扱特記事項"]
    for i, paras in enumerate(shape, 1):
        if form == labels.DAI:
            out.append("（見出し%s）" % format_int(i, FULL))
        for j, (items, proviso) in enumerate(paras, 1):
            body = "乙は、事務を適正に行わなければならない。"
            if proviso:
                body += "ただし、甲の承認を受けたときは、この限りでない。"
            if (i, j) == here:
                body += sentence
            if j == 1 and form == labels.HEADING:
                out.append("%s　見出し%s" % (labels.write_article(i, style, form),
                                           format_int(i, FULL)))
                out.append(body)
            elif j == 1:
                out.append("%s　%s" % (labels.write_article(i, style, form), body))
            else:
                out.append("%s　%s" % (labels.write_paragraph(j, style), body))
            if items:
                out.append("%s　一つ目の事項" % labels.write_item(1, FULL))
                out.append("%s　二つ目の事項" % labels.write_item(2, FULL))
    return out


def _form_resolved(paragraphs, here, form):
    doc = parse(paragraphs)
    article = doc.articles[here[0] - 1]
    assert article.style == form
    para = article.paragraphs[here[1] - 1]
    ctx = refcheck._Context(doc, article, para, None, REC)
    text = "".join(line.body for line in para.lines
                   if line.kind not in ("item",) and "一つ目" not in line.text
                   and "二つ目" not in line.text)
    targets, last, out = {}, None, []
    for p in references.find(text, bare_articles=form == labels.DAI,
                             heading_articles=form == labels.HEADING,
                             articles_are_external=True):
        if p.external:
            continue
        t = refcheck._resolve(p, ctx, last, targets)
        targets[id(p)] = t
        last = t
        out.append((p, t))
    return out


@st.composite
def form_documents(draw):
    n = draw(st.integers(2, 7))
    form = draw(st.sampled_from(FORMS))
    most = 1 if form == labels.HEADING else 3     # headings: one 項 each, (1) items
    shape = [[(draw(st.booleans()), draw(st.booleans()))
              for _ in range(draw(st.integers(1, most)))] for _ in range(n)]
    style = draw(st.sampled_from((HALF, FULL)))
    a = draw(st.integers(1, n))
    p = draw(st.integers(1, len(shape[a - 1])))
    return shape, style, form, a, p


@settings(max_examples=300, deadline=None)
@given(form_documents(), st.data())
def test_pointer_roundtrip_dai_and_heading(doc, data):
    """第3, 第5第2項, 3 (1の規定), with and without ref:= : rendered, parsed back, same
    target, and validate raises no REF_ finding."""
    shape, style, form, a, p = doc
    ta = data.draw(st.integers(1, len(shape)))
    tp = None if form == labels.HEADING else data.draw(
        st.one_of(st.none(), st.integers(1, len(shape[ta - 1]))))
    if ta == a and tp is None:
        tp = None if form == labels.HEADING else 1
    absolute = data.draw(st.booleans())
    target = _place(shape, ta, tp)
    here = Place(a, p, len(shape[a - 1]))
    spec = Spec("x", None, absolute)
    rendered = render_one(target, spec, here, style, style, form)
    if (form == labels.HEADING or absolute) and ta != a:
        assert rendered.startswith(format_int(ta, style) if form == labels.HEADING
                                   else "第" + format_int(ta, style)), rendered
        assert "条" not in rendered
    paragraphs = _form_text(shape, style, form, (a, p), "%sの規定により処理する。" % rendered)
    got = _form_resolved(paragraphs, (a, p), form)
    assert len(got) == 1, (rendered, got)
    pointer, t = got[0]
    assert t.article.number == ta, rendered
    if tp is not None and len(shape[ta - 1]) > 1:
        assert t.paragraph is not None and t.paragraph.number == tp, rendered
    report = validate(paragraphs)
    assert not [f for f in report.findings if f.code.startswith("REF_")
                and f.severity == "error"], (rendered, [f.message for f in report.findings])


@settings(max_examples=200, deadline=None)
@given(form_documents(), st.data())
def test_range_roundtrip_dai_and_heading(doc, data):
    shape, style, form, a, p = doc
    first = data.draw(st.integers(1, len(shape) - 1))
    last = data.draw(st.integers(first + 1, len(shape)))
    absolute = data.draw(st.booleans())
    here = Place(a, p, len(shape[a - 1]))
    rendered = render_range(_place(shape, first), _place(shape, last), here, style, form,
                            absolute)
    paragraphs = _form_text(shape, style, form, (a, p), "%sの規定により処理する。" % rendered)
    got = _form_resolved(paragraphs, (a, p), form)
    assert [t.article.number for _, t in got] == [first, last], rendered
    if last == first + 1:
        assert "及び" in rendered and got[1][0].joined_to is got[0][0]
    else:
        assert got[1][0].range_from is got[0][0]
    report = validate(paragraphs)
    assert not [f for f in report.findings if f.code.startswith("REF_")
                and f.severity == "error"], rendered


def test_absolute_target_syntax():
    from tokki_odf.core.drafting.pointers import parse_target
    specs = parse_target("=scope.2")
    assert specs[0].absolute and specs[0].id == "scope.2" and str(specs[0]) == "=scope.2"
    a, b = parse_target("=scope..return")
    assert a.absolute and b.absolute
    assert not parse_target("scope")[0].absolute
    here = Place(5, 1, 1)
    assert render_one(Place(4, None, 1), Spec("x"), here) == "前条"
    assert render_one(Place(4, None, 1), Spec("x", None, True), here) == "第4条"
    assert render_one(Place(4, 2, 2), Spec("x", None, True), here, form=labels.DAI) == "第4第2項"
    assert render_one(Place(5, 3, 4), Spec("x"), Place(5, 4, 4)) == "前項"
    assert render_one(Place(5, 3, 4), Spec("x", None, True), Place(5, 4, 4)) == "第3項"
    assert render_one(Place(4, None, 1), Spec("x"), here, form=labels.HEADING) == "4"
    assert render_range(Place(1, None, 1), Place(4, None, 1), here, form=labels.DAI,
                        absolute=True) == "第1から第4まで"
    assert render_range(Place(1, None, 1), Place(4, None, 1), here, form=labels.DAI) == \
        "第1から前条まで"


def test_heading_pointers_are_not_counters():
    """A bare number is a pointer only where a pointer can stand (1の規定, 前記2, 2(1),
    1から3まで, 1及び2); 1日, 2年, 3人, 別表1, 様式2 and 第1 are not."""
    def arts(text):
        return [p.art[1] for p in references.find(text, heading_articles=True)
                if p.heading]
    assert arts("乙は、1の規定にかかわらず、前記2に掲げる措置をとる。") == [1, 2]
    assert arts("2(1)の責任者") == [2]
    assert arts("1から3までの規定、4及び5に定める事項") == [1, 3, 4, 5]
    assert arts("令和5年4月1日から30日まで、3人以上、1か月以内、別表1の規定、様式2による") == []
    assert arts("第1に定める") == []
    assert arts("1の規定") and not references.find("1の規定")   # only in heading documents
