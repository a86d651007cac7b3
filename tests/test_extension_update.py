"""Provisions inserted into a contract on a real LibreOffice (issue 13, items 2 and 3):
they take the contract's house style (numerals, paragraph style, spacing) and stay
updatable: 作成・更新 (vnd.tokki:assemble?answers=…) re-assembles the inserted block in
place, as one undo step, also after saving as .odt/.docx and reopening.

The extension is installed in a private profile (support/extension_support.host) and
driven through its vnd.tokki: URLs; every expectation is computed by the engine
(api.assemble_into_contract) from the contract's own paragraphs, never typed here.
"""
import json
import os
import re

import pytest

from support.extension_support import example, host, oxt, packaged, unpacked  # noqa: F401

pytestmark = pytest.mark.office

SIGNATURE = "以上の証として、本書2通を作成し、甲乙記名押印の上、各自1通を保有する。"
CAPTIONS = {5: "権利義務の譲渡等の禁止", 15: "契約の解除", 17: "損害の賠償",
            19: "管轄裁判所", 20: "準拠法"}


def contract_paragraphs(style):
    """A 20-article 業務委託契約書 (its own 甲/乙, 契約の解除, 管轄裁判所, 準拠法), written in
    style (半角/全角/漢数字), with a 項 in 第2条 written as the style writes 項 numbers."""
    from tokki_odf.core.drafting import numerals
    paras = ["業務委託契約書",
             "北野市（以下「甲」という。）と株式会社北野情報（以下「乙」という。）は、"
             "次のとおり契約を締結する。"]
    for n in range(1, 21):
        paras.append("（%s）" % CAPTIONS.get(n, "第%d条の見出し" % n))
        paras.append("第%s条　この条の本文である。" % numerals.format_int(n, style))
        if n == 2:
            paras.append("%s　この条の二つ目の項である。" % numerals.format_int(
                2, numerals.HALF if style == numerals.HALF else numerals.FULL))
    return paras


def make_contract(doc, paragraphs, tail=()):
    """The contract's text with its own house style: article bodies in a paragraph
    style 契約書本文 with single line spacing and 2 mm after, captions in 契約書見出し;
    then an empty paragraph (the cursor's) and tail. -> the contract's article style."""
    from com.sun.star.style import LineSpacing
    from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK
    families = doc.getStyleFamilies().getByName("ParagraphStyles")
    for name in ("契約書本文", "契約書見出し"):
        if not families.hasByName(name):
            style = doc.createInstance("com.sun.star.style.ParagraphStyle")
            families.insertByName(name, style)
    body_style = families.getByName("契約書本文")
    body_style.setPropertyValue("ParaLineSpacing", LineSpacing(0, 100))
    body_style.setPropertyValue("ParaBottomMargin", 200)
    body_style.setPropertyValue("ParaLeftMargin", 500)
    body_style.setPropertyValue("ParaFirstLineIndent", -500)
    families.getByName("契約書見出し").setPropertyValue("ParaLineSpacing", LineSpacing(0, 100))
    text = doc.getText()
    text.setString("")
    cursor = text.createTextCursor()
    lines = list(paragraphs) + [""] + list(tail)
    for i, para in enumerate(lines):
        if i:
            text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        text.insertString(cursor, para, False)
    enum = text.createEnumeration()
    for para in lines:
        element = enum.nextElement()
        if para.startswith("（") and para.endswith("）"):
            element.setPropertyValue("ParaStyleName", "契約書見出し")
        elif para.startswith("第") or re.match(r"^[0-9０-９]+　", para):
            element.setPropertyValue("ParaStyleName", "契約書本文")
    # the cursor on the empty paragraph after 第20条
    view = doc.getCurrentController().getViewCursor()
    enum = text.createEnumeration()
    for _ in range(len(paragraphs) + 1):
        element = enum.nextElement()
    view.gotoRange(element.getStart(), False)
    doc.getUndoManager().clear()


@pytest.fixture
def doc(host):
    d = host.new_writer()
    yield d
    d.close(True)


def write_json(folder, name, data):
    path = os.path.join(str(folder), name)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
    return path


def top_paragraphs(doc):
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append(element)
    return out


def texts(doc):
    return [p.getString() for p in top_paragraphs(doc)]


def expected_block(contract, answers, omit=None):
    """The engine's block for this contract (numbers from the contract's last article)."""
    from tokki_odf import api
    from tokki_odf.core.odf.text import body_paragraph_texts
    start = api.last_article_number("\n".join(contract)) + 1
    flat, _used = api.assemble_into_contract(api.load_template("r5"), answers, start,
                                             contract, omit)
    return body_paragraph_texts(flat)


def read(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def blocks(doc):
    names = [n for n in doc.getBookmarks().getElementNames()
             if n.startswith("tokki_provisions_")]
    props = doc.getDocumentProperties().getUserDefinedProperties()
    records = [p.Name for p in props.getPropertySetInfo().getProperties()
               if p.Name.startswith("tokki:inserted:")]
    return names, records


def insert(host, doc, answers):
    return host.dispatch(doc, "vnd.tokki:insert?answers=%s&start=continue"
                         % host.quote_url(answers))


def update(host, doc, answers):
    return host.dispatch(doc, "vnd.tokki:assemble?answers=%s" % host.quote_url(answers))


def numerals_of(name):
    from tokki_odf.core.drafting import numerals
    return {"full": numerals.FULL, "kanji": numerals.KANJI}[name]


# -- item 2: the contract's house style ----------------------------------------------------

@pytest.mark.parametrize("style", ["full", "kanji"])
def test_inserted_provisions_take_the_contract_s_house_style(host, doc, style):
    """第２０条 / 第二十条 contracts: 条, 項 and 号 numbers and references in the contract's
    numerals; article bodies in the contract's paragraph style and line spacing (not the
    template's 150 %); space above the title; the cursor's blank line kept after."""
    from com.sun.star.style.LineSpacingMode import PROP
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals_of(style))
    make_contract(doc, contract, [SIGNATURE])
    answers = example("r5-standard.json")
    ok, message = insert(host, doc, answers)
    assert ok, message
    got = texts(doc)
    block = expected_block(contract, read(answers))
    assert got == contract + block + ["", SIGNATURE]           # blank line kept (d-4)
    twenty_one = numerals.format_int(21, numerals_of(style))
    assert block[2].startswith("第%s条" % twenty_one)
    inserted = "\n".join(block)
    assert not re.search(r"第[0-9]+[条項号]", inserted)
    assert re.search(r"^２　", inserted, re.M) and re.search(r"^（１）　", inserted, re.M)
    assert not re.search(r"^[0-9]+　|^\([0-9]+\)　", inserted, re.M)
    # paragraph style and spacing of the contract's article bodies
    paras = top_paragraphs(doc)[len(contract):len(contract) + len(block)]
    reference = top_paragraphs(doc)[len(contract) - 1]
    assert reference.ParaStyleName == "契約書本文"
    for para in paras:
        if re.match(r"^(第|[0-9０-９]+　|（[0-9０-９]+）|[ア-ン]　)", para.getString()):
            assert para.ParaStyleName == "契約書本文", para.getString()
            assert (para.ParaLineSpacing.Mode, para.ParaLineSpacing.Height) == (PROP, 100)
            assert para.ParaBottomMargin == reference.ParaBottomMargin
        elif para.getString().startswith("（"):
            assert para.ParaStyleName == "契約書見出し", para.getString()
    articles = [p for p in paras if p.getString().startswith("第")]
    assert all(p.ParaLeftMargin == reference.ParaLeftMargin for p in articles)
    items = [p for p in paras if p.getString().startswith("（１）")]
    assert items and items[0].ParaLeftMargin > reference.ParaLeftMargin   # its own indent
    title = paras[0]
    assert title.getString() == "個人情報特記事項" and title.ParaTopMargin >= 600
    assert title.ParaLineSpacing.Height == 100


# -- item 3: the inserted block stays updatable ----------------------------------------------

def test_update_reassembles_the_block_in_place_as_one_undo_step(host, doc, tmp_path):
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals.FULL)
    make_contract(doc, contract, [SIGNATURE])
    standard = example("r5-standard.json")
    ok, message = insert(host, doc, standard)
    assert ok, message
    first = texts(doc)
    names, records = blocks(doc)
    assert len(names) == 1 and len(records) == 1
    # the cursor anywhere; one answer changed: 再委託 allowed with conditions
    doc.getCurrentController().getViewCursor().gotoStart(False)
    changed = dict(read(standard), subcontract="restrict")
    ok, message = update(host, doc, write_json(tmp_path, "restrict.json",
                                               {"subcontract": "restrict"}))
    assert ok, message
    second = texts(doc)
    block = expected_block(contract, {k: v for k, v in changed.items()
                                      if not k.startswith("$")})
    assert second == contract + block + ["", SIGNATURE]
    assert block != first[len(contract):len(contract) + len(block)]
    heads = [t for t in block if t.startswith("第")]
    assert [h.split("条")[0] for h in heads] == [
        "第" + numerals.format_int(21 + i, numerals.FULL) for i in range(len(heads))]
    assert "（管轄裁判所）" not in block and "（準拠法）" not in block     # still omitted
    assert doc.getUndoManager().getAllUndoActionTitles()[0] == "個人情報特記事項"
    paras = top_paragraphs(doc)[len(contract):len(contract) + len(block)]
    assert all(p.ParaStyleName == "契約書本文" for p in paras
               if p.getString().startswith("第"))
    # one undo: the previous block, exactly; and it can be updated again
    doc.getUndoManager().undo()
    assert texts(doc) == first
    names, _records = blocks(doc)
    assert len(names) == 1
    ok, message = update(host, doc, write_json(tmp_path, "prohibit.json",
                                               {"subcontract": "prohibit"}))
    assert ok, message
    assert texts(doc) == first


def _edit_one_article(doc, contract):
    """The contractor's way: one word of one inserted article changed by hand."""
    target = next(p for p in top_paragraphs(doc)[len(contract):]
                  if "再委託" in p.getString() and "承認" in p.getString())
    target.setString(target.getString().replace("承認", "了解", 1))
    return target.getString()


def test_hand_edits_in_the_block_are_not_lost_by_an_automated_update(host, doc, tmp_path):
    """A block changed by hand after insertion: assemble?answers= refuses, saying which
    article, and changes nothing; with &edits=discard it re-assembles (the edit gone)."""
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals.FULL)
    make_contract(doc, contract, [SIGNATURE])
    restricted = example("r5-restricted.json")
    ok, message = insert(host, doc, restricted)
    assert ok, message
    edited = _edit_one_article(doc, contract)
    before = texts(doc)
    prohibit = write_json(tmp_path, "prohibit.json", {"subcontract": "prohibit"})
    ok, message = update(host, doc, prohibit)
    assert not ok and "changed by hand" in message and "&edits=discard" in message, message
    assert "再委託" in message                 # the article, as the document titles it
    assert texts(doc) == before and edited in texts(doc)
    ok, message = host.dispatch(doc, "vnd.tokki:assemble?answers=%s&edits=discard"
                                % host.quote_url(prohibit))
    assert ok, message
    block = expected_block(contract, {k: v for k, v in dict(
        read(restricted), subcontract="prohibit").items() if not k.startswith("$")})
    assert texts(doc) == contract + block + ["", SIGNATURE]
    # re-assembled: no hand edits now, so a plain update goes through again
    ok, message = update(host, doc, write_json(tmp_path, "restrict.json",
                                               {"subcontract": "restrict"}))
    assert ok, message
    assert edited not in texts(doc)


def test_hand_edits_in_the_block_are_asked_about_before_the_dialog(host, packaged, doc,
                                                                    monkeypatch):
    """作成・更新 with the cursor in a block changed by hand: the clerk is told which
    article and asked first (No: no dialog, nothing changes; Yes: the dialog opens). An
    unchanged block opens the dialog without a question."""
    from org_tokki_odf import commands, dialog, unoutil, urls
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals.FULL)
    make_contract(doc, contract, [SIGNATURE])
    ok, message = insert(host, doc, example("r5-restricted.json"))
    assert ok, message
    frame = doc.getCurrentController().getFrame()
    view = doc.getCurrentController().getViewCursor()
    said, opened, answer = [], [], [False]
    monkeypatch.setattr(unoutil, "message_box",
                        lambda ctx, frame, t, title, kind="error", buttons="ok":
                        said.append((t, buttons)) or answer[0])
    monkeypatch.setattr(dialog, "ask", lambda *a, **k: opened.append(1))

    def assemble():
        view.gotoRange(top_paragraphs(doc)[len(contract) + 3].getStart(), False)
        run = commands.Run(host.ctx, frame, "ja", urls.parse("vnd.tokki:assemble"))
        return commands.cmd_assemble(run)

    assert assemble() == "cancelled" and said == [] and opened == [1]   # no edits: no question
    edited = _edit_one_article(doc, contract)
    before = texts(doc)
    opened.clear()
    assert assemble() == "cancelled"
    assert len(said) == 1 and said[0][1] == "yesno" and "手で直されています" in said[0][0]
    assert "再委託" in said[0][0]
    assert opened == [] and texts(doc) == before and edited in before
    answer[0] = True
    assert assemble() == "cancelled" and opened == [1]    # Yes: the dialog (cancelled here)
    assert texts(doc) == before


def test_a_contract_numbered_again_moves_the_block_s_numbers(host, doc, tmp_path):
    """The block's start follows the contract: an article added before it → 第22条 on."""
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals.HALF)
    make_contract(doc, contract, [SIGNATURE])
    standard = example("r5-standard.json")
    ok, message = insert(host, doc, standard)
    assert ok, message
    # the clerk adds 第21条 to the contract, before the provisions
    paras = top_paragraphs(doc)
    cursor = doc.getText().createTextCursorByRange(paras[len(contract) - 1].getEnd())
    doc.getText().insertString(cursor, "\n", False)
    from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK
    doc.getText().insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
    doc.getText().insertString(cursor, "第21条　追加した条である。", False)
    grown = texts(doc)[:len(contract) + 1]
    assert grown[-1] == "第21条　追加した条である。"
    ok, message = update(host, doc, write_json(tmp_path, "same.json", {}))
    assert ok, message
    block = expected_block(grown, {k: v for k, v in read(standard).items()
                                   if not k.startswith("$")})
    assert block[2].startswith("第22条")
    assert texts(doc) == grown + block + ["", SIGNATURE]


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_saved_and_reopened_the_block_still_updates(host, doc, tmp_path, fmt):
    from tokki_odf.office.session import uno_props
    from tokki_odf.office.soffice import file_url
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals.KANJI)
    make_contract(doc, contract, [SIGNATURE])
    standard = example("r5-standard.json")
    ok, message = insert(host, doc, standard)
    assert ok, message
    saved = str(tmp_path / ("contract." + fmt))
    doc.storeToURL(file_url(saved), uno_props(
        FilterName={"odt": "writer8", "docx": "MS Word 2007 XML"}[fmt]))
    again = host.load(saved)
    try:
        names, records = blocks(again)
        assert len(names) == 1 and len(records) == 1, (names, records)
        a = again.getBookmarks().getByName(names[0]).getAnchor().getString()
        print("ANCHOR", len(a), repr(a[:60]), repr(a[-60:]))
        ok, message = update(host, again, write_json(tmp_path, "restrict.json",
                                                     {"subcontract": "restrict"}))
        assert ok, message
        got = texts(again)
        changed = {k: v for k, v in read(standard).items() if not k.startswith("$")}
        changed["subcontract"] = "restrict"
        block = expected_block(contract, changed)
        assert got[:len(contract)] == contract
        assert got[len(contract):len(contract) + len(block)] == block
        assert got[len(contract) + len(block):] == ["", SIGNATURE]
    finally:
        again.close(True)


def test_a_second_set_is_refused_saying_how_to_update(host, doc, packaged):
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals.HALF)
    make_contract(doc, contract, [SIGNATURE])
    standard = example("r5-standard.json")
    ok, message = insert(host, doc, standard)
    assert ok, message
    once = texts(doc)
    doc.getCurrentController().getViewCursor().gotoEnd(False)
    ok, message = insert(host, doc, standard)
    assert not ok and "already contains" in message and "Create / Update" in message
    assert texts(doc) == once
    from org_tokki_odf.i18n import tr
    assert "作成・更新" in tr("err.already_inserted", "ja", title="個人情報特記事項")


def test_finalize_removes_the_block_s_record(host, doc, tmp_path):
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals.HALF)
    make_contract(doc, contract, [SIGNATURE])
    ok, message = insert(host, doc, example("r5-standard.json"))
    assert ok, message
    before = texts(doc)
    ok, message = host.dispatch(doc, "vnd.tokki:finalize?ask=no")
    assert ok, message
    assert blocks(doc) == ([], [])
    assert texts(doc) == before
    # nothing left to update: a new set is refused (the title is there), nothing changes
    changed = dict(read(example("r5-standard.json")), subcontract="restrict")
    ok, message = update(host, doc, write_json(tmp_path, "x.json", changed))
    assert not ok and "already contains" in message and "delete" in message
    assert texts(doc) == before


# -- the 作成・更新 dialog for an inserted block ------------------------------------------------

def test_the_update_dialog_shows_the_block_s_numbering_and_kept_articles(host, packaged, doc):
    """UPDATE mode: no template list and no numbering choice; the numbering the block
    continues with is stated; the contract-level articles the contract has are listed
    with 「…も入れる」 ticked as they were kept at insertion; OK returns that."""
    from org_tokki_odf import core, dialog
    from org_tokki_odf.unoutil import create
    from tokki_odf.core.drafting import numerals
    template = core.load_template(dict(core.bundled_templates())["tokki-r5"])
    contract = contract_paragraphs(numerals.HALF)
    articles = core.contract_articles(template, contract)
    present = [(a, c) for a, c, there in articles if there]
    assert [a for a, _c in present] == ["termination", "court", "governing_law"]
    answers = dict(read(example("r5-standard.json")))
    dlg = dialog.QuestionDialog(host.ctx, doc.getCurrentController().getFrame(), "ja",
                                dialog.UPDATE, template,
                                {k: v for k, v in answers.items() if not k.startswith("$")},
                                21, [], 20, None, present, omitted=["termination", "court"])
    try:
        dlg.dialog = create(host.ctx, "com.sun.star.awt.UnoControlDialog")
        dlg.dialog.setModel(dlg.model)
        dlg.dialog.createPeer(create(host.ctx, "com.sun.star.awt.Toolkit"), None)
        dlg._listen()
        dlg._refresh()
        dlg._show_page(1)
        m = dlg.model
        assert not m.hasByName("template") and not m.hasByName("continue")
        assert not m.hasByName("start")
        assert "第21条から" in m.getByName("numbering_label").Label
        assert "第20条" in m.getByName("numbering_label").Label
        assert "組み立て直します" in m.getByName("intro").Label
        states = [m.getByName("keep_%d" % i).State for i in range(len(present))]
        assert states == [0, 0, 1]                  # 準拠法 was kept, the others left out
        m.getByName("keep_0").State = 1             # now keep 契約解除 too
        dlg._ok()
        assert dlg.result is not None
        assert dlg.result.start == 21 and dlg.result.omit == ["court"]
        assert dlg.result.answers["business_name"] == answers["business_name"]
    finally:
        dlg.dispose()


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_a_returned_contract_is_compared_with_its_inserted_block_s_answers(host, doc, tmp_path,
                                                                          fmt):
    """Issue 14 × 13: the contractor returns the contract (a .docx saved by Writer); its
    inserted provisions are checked against what their recorded answers assemble to in
    this contract (numerals, omitted articles): unchanged → no difference; one word
    changed in one article → exactly that article."""
    from tokki_odf import api
    from tokki_odf.office.session import uno_props
    from tokki_odf.office.soffice import file_url
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals.FULL)
    make_contract(doc, contract, [SIGNATURE])
    ok, message = insert(host, doc, example("r5-restricted.json"))
    assert ok, message
    filt = {"odt": "writer8", "docx": "MS Word 2007 XML"}[fmt]
    returned = str(tmp_path / ("returned." + fmt))
    doc.storeToURL(file_url(returned), uno_props(FilterName=filt))
    result = api.compare_with_recorded(returned)
    assert not result["different"], [f for f in result["findings"] if f["code"] != "compare-same"]
    # the contractor changes one word in one inserted article
    paras = top_paragraphs(doc)
    target = next(p for p in paras[len(contract):] if "再委託" in p.getString() and
                  "承認" in p.getString())
    target.setString(target.getString().replace("承認", "了解", 1))
    doc.storeToURL(file_url(returned), uno_props(FilterName=filt))
    result = api.compare_with_recorded(returned)
    assert result["different"]
    changed = [f for f in result["findings"] if f["code"] != "compare-same"]
    assert len(changed) == 1, result["summary"]
    assert "了解" in json.dumps(result["comparison"], ensure_ascii=False)


def test_compare_in_writer_checks_an_inserted_block_against_its_answers(host, doc, tmp_path):
    """比較 (compare?recorded=yes) in a contract with provisions inserted by 挿入: the
    block's record counts as the recorded answers, as for `tokki compare`; the one
    article edited by hand is the one difference, under the block's template name."""
    from tokki_odf.core.drafting import numerals
    contract = contract_paragraphs(numerals.FULL)
    make_contract(doc, contract, [SIGNATURE])
    ok, message = insert(host, doc, example("r5-restricted.json"))
    assert ok, message
    same = str(tmp_path / "same.json")
    ok, message = host.dispatch(doc, "vnd.tokki:compare?recorded=yes&report=%s"
                                % host.quote_url(same))
    assert ok and message == "no differences in wording", message
    _edit_one_article(doc, contract)
    changed = str(tmp_path / "changed.txt")
    ok, message = host.dispatch(doc, "vnd.tokki:compare?recorded=yes&report=%s"
                                % host.quote_url(changed))
    assert ok and "1 articles differ" in message, message
    with open(changed, encoding="utf-8") as fh:
        text = fh.read()
    assert "tokki-r5" in text.splitlines()[0] and text.count("compare-changed") == 1
    assert "了解" in text


def test_a_mid_paragraph_cursor_is_asked_about_before_the_questions(host, packaged, doc,
                                                                     monkeypatch):
    """d-14: 挿入 with the cursor inside a paragraph would split it: the clerk is asked
    first (No: nothing happens, the dialog does not open); at a paragraph's end, no question."""
    from org_tokki_odf import commands, dialog, unoutil, urls
    text = doc.getText()
    text.setString("業務委託契約書")
    view = doc.getCurrentController().getViewCursor()
    view.gotoStart(False)
    view.goRight(2, False)                       # 業務|委託契約書
    said, opened = [], []
    monkeypatch.setattr(unoutil, "message_box",
                        lambda ctx, frame, t, title, kind="error", buttons="ok":
                        said.append((t, buttons)) and False)
    monkeypatch.setattr(dialog, "ask", lambda *a, **k: opened.append(1))
    frame = doc.getCurrentController().getFrame()
    r = commands.Run(host.ctx, frame, "ja", urls.parse("vnd.tokki:insert"))
    assert commands.cmd_insert(r) == "cancelled"
    assert said and "段落の途中" in said[0][0] and said[0][1] == "yesno"
    assert opened == [] and texts(doc) == ["業務委託契約書"]
    view.gotoEnd(False)
    said.clear()
    assert commands.cmd_insert(r) == "cancelled"     # the dialog (stub) returned None
    assert said == [] and opened == [1]
