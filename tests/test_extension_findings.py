"""比較, ひな形に変換 and the modeless findings window, in a real LibreOffice with the
extension installed (issues 13, 14, 15): driven through vnd.tokki: URLs as
tests/test_extension.py does; the window's own logic over UNO from the packaged code.
The GUI side (typing into the document while the window is open) is in
tests/test_extension_gui.py.
"""
import json
import os
import sys
import zipfile

import pytest

from support.extension_support import (ROOT, engine_texts, example, host, oxt,  # noqa: F401
                                       packaged, retype_article_number, unpacked)

pytestmark = pytest.mark.office

FIELD = os.path.join(ROOT, "tests", "fixtures", "field")


@pytest.fixture
def doc(host):
    d = host.new_writer()
    yield d
    d.close(True)


@pytest.fixture
def template_doc(host, oxt, tmp_path):
    with zipfile.ZipFile(oxt) as zf:
        path = tmp_path / "tokki-r5.ott"
        path.write_bytes(zf.read("templates/tokki/tokki-r5.ott"))
    d = host.load(str(path), as_template=True)
    yield d
    d.close(True)


def body(host, doc):
    return host.paragraph_texts(doc)


def assembled(host, d):
    ok, message = host.dispatch(d, "vnd.tokki:insert?answers=%s"
                                % host.quote_url(example("r5-standard.json")))
    assert ok, message
    return body(host, d)


def edit_sentence(doc, texts, start, old, new):
    """Replace the words old by new in the paragraph starting with start, as typed."""
    index = next(i for i, t in enumerate(texts) if t.startswith(start))
    enum = doc.getText().createEnumeration()
    for _ in range(index + 1):
        para = enum.nextElement()
    found = texts[index].index(old)
    cursor = doc.getText().createTextCursorByRange(para.getStart())
    cursor.goRight(found, False)
    cursor.goRight(len(old), True)
    cursor.setString(new)
    return index


def width(text):
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def read_json(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


# -- 比較 --------------------------------------------------------------------------------

def test_compare_with_the_recorded_answers_reports_the_edited_article(host, template_doc,
                                                                      tmp_path):
    d = template_doc
    texts = assembled(host, d)
    out = str(tmp_path / "same.json")
    ok, message = host.dispatch(d, "vnd.tokki:compare?recorded=yes&report=%s"
                                % host.quote_url(out))
    assert ok and message == "no differences in wording", message
    assert read_json(out)["findings"] == []
    # the clerk (or the contractor) changes one sentence of 第7条
    seventh = next(t for t in texts if t.startswith("第7条"))
    word = "複写" if "複写" in seventh else seventh[4:8]
    index = edit_sentence(d, texts, "第7条", word, "転記")
    out = str(tmp_path / "changed.json")
    ok, message = host.dispatch(d, "vnd.tokki:compare?recorded=yes&report=%s"
                                % host.quote_url(out))
    assert ok, message
    data = read_json(out)
    assert [(f["code"], f["article"]) for f in data["findings"]] == [("compare-changed", 7)]
    assert "転記" in data["findings"][0]["excerpt"]
    # its index is the article's paragraph (or its caption) in the open document
    at = data["findings"][0]["index"]
    assert at in (index, index - 1), (at, index)
    assert body(host, d)[at + (1 if at == index - 1 else 0)].startswith("第7条")


def test_compare_with_a_chosen_file(host, template_doc, tmp_path):
    from tokki_odf.office.session import uno_props
    from tokki_odf.office.soffice import file_url
    d = template_doc
    texts = assembled(host, d)
    old = str(tmp_path / "last-year.odt")
    d.storeToURL(file_url(old), uno_props(FilterName="writer8"))
    edit_sentence(d, texts, "第3条", texts[next(i for i, t in enumerate(texts)
                                                if t.startswith("第3条"))][4:6], "◆◆")
    out = str(tmp_path / "report.txt")
    ok, message = host.dispatch(d, "vnd.tokki:compare?with=%s&report=%s"
                                % (host.quote_url(old), host.quote_url(out)))
    assert ok, message
    assert "1 articles differ" in message and "Article 3" in message or "第3条" in message
    with open(out, encoding="utf-8") as fh:
        text = fh.read()
    assert "last-year.odt" in text.splitlines()[0]
    assert "compare-changed\t第3条" in text
    assert text.count("compare-") == 1


def test_compare_without_recorded_answers_says_to_choose_a_file(host, doc, tmp_path):
    doc.getText().setString("第1条　甲は乙に委託する。")
    out = str(tmp_path / "none.json")
    ok, message = host.dispatch(doc, "vnd.tokki:compare?recorded=yes&report=%s"
                                % host.quote_url(out))
    assert not ok and "no recorded answers" in message and "with=" in message
    assert not os.path.exists(out)


@pytest.mark.parametrize("url, words", [
    ("vnd.tokki:compare?report=file%3A%2F%2F%2Ftmp%2Fr.json", "either with="),
    ("vnd.tokki:compare?recorded=yes&with=file%3A%2F%2F%2Ftmp%2Fa.odt", "either with="),
    ("vnd.tokki:compare?recorded=maybe", "only be yes"),
    ("vnd.tokki:compare?with=file%3A%2F%2F%2Fno%2Fsuch.odt", "no/such.odt"),
    ("vnd.tokki:import?out=file%3A%2F%2F%2Ftmp%2Ft.docx", ".fodt or .odt"),
    ("vnd.tokki:import?out=relative.fodt", "local file URL"),
])
def test_bad_compare_and_import_urls_are_refused(host, doc, url, words):
    doc.getText().setString("第1条　甲は乙に委託する。")
    ok, message = host.dispatch(doc, url)
    assert not ok and words in message, message
    assert body(host, doc) == ["第1条　甲は乙に委託する。"]


# -- ひな形に変換 ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def field(tmp_path_factory):
    sys.path.insert(0, FIELD)
    try:
        import corpus
    finally:
        sys.path.remove(FIELD)
    out = str(tmp_path_factory.mktemp("field"))
    corpus.build(out, office=False, mutations=False)
    return dict((name, files) for name, files, _truth in corpus.iter_documents(out))


@pytest.mark.parametrize("name, form", [("kagawa_kijun", "docx_word"),
                                        ("itabashi_tokki", "odt")])
def test_import_on_the_open_hinagata_writes_a_template(host, field, tmp_path, name, form):
    """The open ひな型 (a Word file numbered by Heading 1 「第%1」: the labels exist only as
    list labels in Writer) -> the same template `tokki import FILE` makes, passing
    check-template."""
    from tokki_odf import api
    source = field[name][form]
    d = host.load(source)
    try:
        out = str(tmp_path / "imported.fodt")
        ok, message = host.dispatch(d, "vnd.tokki:import?out=%s" % host.quote_url(out))
        assert ok, message
        assert os.path.isfile(out) and "wrote" in message
        kind, findings = api.check_template(out)
        assert kind == "provisions"
        assert [f.message for f in findings if f.severity == "error"] == []
        _flat, from_file, _text = api.import_template(source, out=str(tmp_path / "cli.fodt"))
        assert article_ids(out) == [a["id"] for a in from_file["articles"]]
        assert article_ids(out) == article_ids(str(tmp_path / "cli.fodt"))
    finally:
        d.close(True)


def article_ids(template_path):
    from tokki_odf.core.odf.namespaces import q
    from tokki_odf.io.package import load_flat
    return [s.get(q("text:name"))[4:] for s in load_flat(template_path).iter(q("text:section"))
            if (s.get(q("text:name")) or "").startswith("art:")]


def test_import_refuses_a_template_and_writes_nothing(host, template_doc, tmp_path):
    out = str(tmp_path / "again.fodt")
    ok, message = host.dispatch(template_doc, "vnd.tokki:import?out=%s" % host.quote_url(out))
    assert not ok and "already a tokki template" in message
    assert not os.path.exists(out)


# -- 検証: two sets, and the window -----------------------------------------------------------

def test_validate_in_writer_reports_two_sets_as_tokki_validate_does(host, doc, tmp_path):
    from tokki_odf import api
    from tokki_odf.office.session import uno_props
    from tokki_odf.office.soffice import file_url
    ok, message = host.dispatch(doc, "vnd.tokki:insert?answers=%s"
                                % host.quote_url(example("r5-standard.json")))
    assert ok, message
    once = body(host, doc)
    # the same provisions pasted a second time at the end
    text = doc.getText()
    from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK
    cursor = text.createTextCursorByRange(text.getEnd())
    for line in once:
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        text.insertString(cursor, line, False)
    out = str(tmp_path / "report.json")
    ok, message = host.dispatch(doc, "vnd.tokki:validate?report=%s" % host.quote_url(out))
    assert ok, message
    in_writer = [f for f in read_json(out)["errors"] if f["code"] == "STRUCTURE_TWO_SETS"]
    assert len(in_writer) == 1
    assert body(host, doc)[in_writer[0]["index"]].startswith("第1条")
    saved = str(tmp_path / "saved.odt")
    doc.storeToURL(file_url(saved), uno_props(FilterName="writer8"))
    on_file = [f.to_dict() for f in api.validate_file(saved).findings
               if f.code == "STRUCTURE_TWO_SETS"]
    assert [(f["index"], f["message"]) for f in on_file] == \
        [(f["index"], f["message"]) for f in in_writer]


def test_the_findings_window_is_modeless_moves_the_cursor_and_leaves_no_selection(
        host, packaged, doc):
    """show() returns with the window open (modeless); choosing a row selects its
    paragraph; the document can be changed meanwhile; 再検証 re-reads it; running 検証
    again refreshes the same window; closing collapses the selection."""
    from org_tokki_odf import commands, core, document, results
    ok, _ = host.dispatch(doc, "vnd.tokki:insert?answers=%s"
                          % host.quote_url(example("r5-standard.json")))
    assert ok
    index = retype_article_number(doc, body(host, doc), "第5条", "第6条")
    paras = document.paragraphs(doc)
    report = core.validate([t for t, _ in paras], document.metadata(doc))
    frame = doc.getCurrentController().getFrame()
    reads = []

    def again():
        reads.append(1)
        return commands._revalidate(doc)

    win = results.show_validation(host.ctx, frame, "ja", doc, report, paras, False, again)
    try:
        assert results.window_of(doc) is win and not win.closed
        lines = list(win.model.getByName("findings").StringItemList)
        assert lines[0].startswith("［エラー］第6条")
        assert all(width(line) <= 2 * results.ROW_CHARS + 2 for line in lines), lines
        wanted = next(i for i, f in enumerate(report.findings)
                      if f.code == "NUM_ARTICLE_DUPLICATE")
        win.select(wanted)
        view = doc.getCurrentController().getViewCursor()
        assert view.getString() == paras[report.findings[wanted].index][0]
        assert report.findings[wanted].index in (index, index + 2)
        assert "第6条" in win.model.getByName("detail").Text
        # the document is edited while the window is open: fixed by hand, then 再検証
        retype_article_number(doc, body(host, doc), "第6条", "第5条")
        win._again()
        assert reads and win.model.getByName("findings").StringItemList[0].find("第6条") < 0
        # 検証 again on the same document: the same window, refreshed
        paras2 = document.paragraphs(doc)
        report2 = core.validate([t for t, _ in paras2], document.metadata(doc))
        again_win = results.show_validation(host.ctx, frame, "ja", doc, report2, paras2,
                                            False, again)
        assert again_win is win and len(results._OPEN) == 1
        win.select(0) if win.content.rows else None
    finally:
        win.close()
    assert results.window_of(doc) is None and win.dialog is None
    assert doc.getCurrentController().getViewCursor().isCollapsed()


def test_a_compare_window_replaces_the_validation_window(host, packaged, template_doc):
    from org_tokki_odf import commands, results
    d = template_doc
    texts = assembled(host, d)
    edit_sentence(d, texts, "第7条", texts[next(i for i, t in enumerate(texts)
                                                if t.startswith("第7条"))][4:6], "◆◆")
    frame = d.getCurrentController().getFrame()
    from org_tokki_odf.commands import Run
    from org_tokki_odf import urls
    r = Run(host.ctx, frame, "ja", urls.parse("vnd.tokki:compare"))
    commands.show_compare(r, d, None)
    win = results.window_of(d)
    try:
        assert win.kind == results.COMPARE
        assert "記録された回答" in win.model.getByName("summary").Label
        assert len(win.content.rows) == 1
        win.select(0)
        selected = d.getCurrentController().getViewCursor().getString()
        assert selected in ("（複写又は複製の禁止）",) or selected.startswith("第7条") or \
            selected.startswith("（"), selected
    finally:
        results.close_all()
    assert results.window_of(d) is None


def test_compare_and_import_are_in_the_tools_menu(host):
    from support.extension_support import config_node
    merging = config_node(host.ctx, "/org.openoffice.Office.Addons/AddonUI/"
                                    "OfficeMenuBarMerging/org.tokki.odf.menu/tools")
    sub = merging.MenuItems.getByName("m00").Submenu
    entries = [sub.getByName(n).URL for n in sub.getElementNames()]
    assert entries[-2:] == ["vnd.tokki:compare", "vnd.tokki:import"]
    with open(os.path.join(ROOT, "extension", "registry", "Addons.xcu"),
              encoding="utf-8") as fh:
        xcu = fh.read()
    for ja in ("比較(~M)…", "ひな形に変換(~T)…"):
        assert '<value xml:lang="ja">%s</value>' % ja in xcu


def test_import_from_the_menu_asks_where_and_shows_the_report(host, packaged, field,
                                                              tmp_path, monkeypatch):
    """ひな形に変換 without parameters: the save dialog is offered the document's folder
    and a Japanese name; the report is shown in the findings window (rows: what is left
    for a person; the detail box: the whole report), with a button to open the template."""
    from tokki_odf import api
    from org_tokki_odf import commands, results, unoutil, urls
    source = field["itabashi_tokki"]["odt"]
    d = host.load(source)
    asked = {}
    out = str(tmp_path / "板橋_テンプレート.fodt")

    def pick(ctx, title, filters, save=False, default_name="", folder=None, extension=None):
        asked.update(title=title, default_name=default_name, folder=folder, save=save)
        return out
    monkeypatch.setattr(unoutil, "pick_document", pick)
    try:
        frame = d.getCurrentController().getFrame()
        r = commands.Run(host.ctx, frame, "ja", urls.parse("vnd.tokki:import"))
        message = commands.cmd_import(r)
        assert "wrote" in message and os.path.isfile(out)
        assert asked["save"] and asked["folder"] == os.path.dirname(source)
        assert asked["default_name"] == os.path.splitext(os.path.basename(source))[0] + \
            "_テンプレート.fodt"
        win = results.window_of(d)
        assert win.kind == results.IMPORT
        assert "ひな型の取込み" in win.model.getByName("detail").Text
        _flat, data, _text = api.import_template(source)
        assert len(win.content.rows) == len(data["review"])
        # (a hidden mnemonic, 「~」 on a zero-width space, keeps LibreOffice from adding (A))
        assert win.model.getByName("extra").Label.replace("~\u200b", "") == "テンプレートを開く"
    finally:
        results.close_all()
        d.close(True)


def test_compare_with_a_docx_saved_by_libreoffice_is_the_same(host, template_doc, tmp_path):
    """The chosen file may be the DOCX sent to the contractor: converted by the running
    LibreOffice (the engine in the .oxt cannot start another one), then compared."""
    from tokki_odf.office.session import uno_props
    from tokki_odf.office.soffice import file_url
    d = template_doc
    assembled(host, d)
    sent = str(tmp_path / "送付版.docx")
    d.storeToURL(file_url(sent), uno_props(FilterName="MS Word 2007 XML"))
    out = str(tmp_path / "r.json")
    ok, message = host.dispatch(d, "vnd.tokki:compare?with=%s&report=%s"
                                % (host.quote_url(sent), host.quote_url(out)))
    assert ok and message == "no differences in wording", message
    assert read_json(out)["different"] is False


def test_closing_the_document_closes_its_findings_window(host, packaged):
    from org_tokki_odf import core, document, results
    d = host.new_writer()
    d.getText().setString("第1条　甲は乙に委託する。")
    paras = document.paragraphs(d)
    report = core.validate([t for t, _ in paras], {})
    frame = d.getCurrentController().getFrame()
    win = results.show_validation(host.ctx, frame, "ja", d, report, paras, False,
                                  lambda: (report, paras))
    assert results.window_of(d) is win
    d.close(True)
    assert win.closed and win not in results._OPEN


def test_compare_from_the_menu_without_recorded_answers_asks_for_a_file(
        host, packaged, doc, tmp_path, monkeypatch):
    """比較 from the menu on a document without recorded answers: the message says to
    choose a file, the file dialog follows, the differences fill the findings window and
    choosing the row moves the cursor to that article."""
    from tokki_odf.office.session import uno_props
    from tokki_odf.office.soffice import file_url
    from org_tokki_odf import commands, document, results, unoutil, urls
    doc.getText().setString("")
    ok, _ = host.dispatch(doc, "vnd.tokki:insert?answers=%s"
                          % host.quote_url(example("r5-standard.json")))
    assert ok
    # provisions without their record (as after 確定, or typed in): nothing to compare with
    # but a file (a block still recorded is compared with its answers)
    assert document.remove_tokki_properties(doc) >= 1 and not document.has_record(doc)
    old = str(tmp_path / "送付版.odt")
    doc.storeToURL(file_url(old), uno_props(FilterName="writer8"))
    texts = body(host, doc)
    index = edit_sentence(doc, texts, "第9条", texts[next(i for i, t in enumerate(texts)
                                                        if t.startswith("第9条"))][4:6], "◆◆")
    said = []
    monkeypatch.setattr(unoutil, "message_box",
                        lambda ctx, frame, text, title, kind="error", buttons="ok":
                        said.append(text) or True)
    monkeypatch.setattr(unoutil, "pick_document", lambda *a, **k: old)
    frame = doc.getCurrentController().getFrame()
    r = commands.Run(host.ctx, frame, "ja", urls.parse("vnd.tokki:compare"))
    try:
        assert commands.cmd_compare(r) == "1 differences (shown)"
        assert said and "記録された回答" in said[0] and "選んでください" in said[0]
        win = results.window_of(doc)
        assert "送付版.odt" in win.model.getByName("summary").Label
        win.select(0)
        selected = doc.getCurrentController().getViewCursor().getString()
        here = body(host, doc)
        assert selected in (here[index], here[index - 1]), selected
    finally:
        results.close_all()
