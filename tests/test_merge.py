"""core/assembly/merge.py: provisions merged into a contract (issue 13), without Writer."""
from tokki_odf import api
from tokki_odf.core.assembly import merge
from tokki_odf.core.drafting import numerals
from tokki_odf.core.odf.text import body_paragraph_texts

ANSWERS = {"business_name": "文書管理業務", "client_name": "北野市"}


def contract(style, captions=("管轄裁判所", "準拠法")):
    paras = ["北野市（以下「甲」という。）と株式会社北野（以下「乙」という。）は契約する。"]
    for i, caption in enumerate(captions):
        paras += ["（%s）" % caption, "第%s条　本文。" % numerals.format_int(18 + i, style)]
    return paras


def test_the_templates_mark_their_contract_level_articles():
    r5 = api.load_template("r5")
    assert [l.article for l in merge.contract_level(r5)] == [
        "termination", "damages", "court", "governing_law"]
    assert merge.contract_level(r5)[2].caption == "（管轄裁判所）"
    assert [l.article for l in merge.contract_level(api.load_template("h18"))] == [
        "termination", "damages"]


def test_standalone_assembly_is_unchanged_by_the_mark():
    r5 = api.load_template("r5")
    from tokki_odf.core.odf.namespaces import NS, q
    flat = api.assemble_document(r5, ANSWERS)
    names = [p.get(q("meta:name")) for p in flat.find("office:meta", NS)
             .findall("meta:user-defined", NS)]
    assert "tokki:contract-level" not in names
    texts = body_paragraph_texts(flat)
    assert "（管轄裁判所）" in texts and texts.count("（準拠法）") == 1


def test_what_the_contract_has_is_left_out_and_numbers_close_up():
    r5 = api.load_template("r5")
    paras = contract(numerals.HALF)
    present = {a: there for a, _c, there in api.contract_articles(r5, paras)}
    assert present == {"termination": False, "damages": False, "court": True,
                       "governing_law": True}
    flat, _used = api.assemble_into_contract(r5, ANSWERS, 20, paras)
    texts = body_paragraph_texts(flat)
    assert "（管轄裁判所）" not in texts and "（準拠法）" not in texts
    whole = "\n".join(texts)
    assert "（以下「甲」という。）" not in whole and "（以下「乙」という。）" not in whole
    full = body_paragraph_texts(api.assemble_document(r5, ANSWERS, 20))
    assert len(texts) == len(full) - 4          # 2 captions and 2 articles
    # kept when asked: nothing omitted
    kept, _ = api.assemble_into_contract(r5, ANSWERS, 20, paras, omit=[])
    assert "（管轄裁判所）" in body_paragraph_texts(kept)


def test_numerals_follow_the_contract():
    r5 = api.load_template("r5")
    for style, twenty in ((numerals.FULL, "第２０条"), (numerals.KANJI, "第二十条"),
                          (numerals.HALF, "第20条")):
        paras = contract(style, captions=("秘密保持",))
        assert merge.numeral_style(paras) == style
        texts = body_paragraph_texts(api.assemble_into_contract(r5, ANSWERS, 20, paras)[0])
        heads = [t for t in texts if t.startswith("第")]
        assert heads[0].startswith(twenty)


def _paragraph_and_item_heads(texts):
    import re
    paras = [t for t in texts if re.match(r"^[0-9０-９]+\u3000", t)]
    items = [t for t in texts if re.match(r"^[(（][0-9０-９]+[)）]\u3000", t)]
    return paras, items


def test_paragraph_and_item_numbers_follow_the_contract():
    """項 numbers and 号 labels in the contract's numerals too (issue 13: 第２０条 → ２　,
    （１）; 第二十条 → ２　, （１）, as 法令 write them), numbered by the engine itself,
    references included (第２１条第１項各号 / 第二十一条第一項各号)."""
    r5 = api.load_template("r5")
    answers = {"business_name": "文書管理業務", "client_name": "北野市",
               "provided_items": ["氏名", "住所"]}
    cases = ((numerals.FULL, "２\u3000", "（１）\u3000", "第２１条第１項各号"),
             (numerals.KANJI, "２\u3000", "（１）\u3000", "第二十一条第一項各号"),
             (numerals.HALF, "2\u3000", "(1)\u3000", "第21条第1項各号"))
    for style, para, item, ref in cases:
        paras = contract(style, captions=("秘密保持",))
        texts = body_paragraph_texts(api.assemble_into_contract(r5, answers, 20, paras)[0])
        heads, items = _paragraph_and_item_heads(texts)
        want = numerals.style_of(para[0])
        assert heads and all(numerals.style_of(h.split("\u3000")[0]) == want for h in heads)
        assert heads[0].startswith(para), (style, heads[0])
        assert items and all(i[0] == item[0] for i in items), (style, items)
        assert items[0].startswith(item), (style, items[0])
        assert any(ref in t for t in texts), (style, ref)


def test_the_contract_s_own_paragraph_style_wins():
    """A 全角 contract whose 項 are written 2　 (半角) gets 半角 項 numbers."""
    r5 = api.load_template("r5")
    paras = contract(numerals.FULL, captions=("秘密保持",)) + ["2\u3000二つ目の項。",
                                                             "(1)\u3000号。"]
    house = merge.house_style(paras, r5.house)
    assert (house.article, house.paragraph, house.item) == (numerals.FULL, numerals.HALF,
                                                            numerals.HALF)
    assert r5.house.article == numerals.HALF        # the template itself is not changed


def test_inserted_records_round_trip_and_refuse_damage():
    text = api.inserted_record("tokki-r5", {"subcontract": "restrict"}, 21, ["court"], True, 3,
                               "個人情報特記事項")
    assert api.parse_inserted_record(text) == {
        "template": "tokki-r5", "answers": {"subcontract": "restrict"}, "start": 21,
        "omit": ["court"], "merged": True, "seq": 3, "title": "個人情報特記事項"}
    for bad in ("", "{", "[]", '{"template": 1, "answers": {}}',
                '{"template": "t", "answers": {}, "omit": [1]}',
                '{"template": "t", "answers": {}, "start": "x"}'):
        assert api.parse_inserted_record(bad) is None
    assert api.INSERTED_BOOKMARK_PREFIX.replace("_", "").isalnum()   # a Word bookmark name


def test_block_record_and_scrub_of_an_inserted_block(tmp_path):
    """The record compare uses is the one whose bookmark is in the text; `tokki scrub`
    removes the bookmark with the record (issue 13: nothing of tokki left after scrub)."""
    import xml.etree.ElementTree as ET
    from tokki_odf.core.odf.document import FlatDocument
    from tokki_odf.core.odf.namespaces import NS, q
    from tokki_odf.io.scrub import scrub_tree
    r5 = api.load_template("r5")
    answers = {"business_name": "文書管理業務"}
    flat, _used, _t = merge.assemble_into(r5, answers, 21, contract(numerals.HALF))
    doc = FlatDocument(flat)
    assert merge.block_record(flat) is None
    for ident, seq in (("old", 1), ("cur", 2), ("gone", 3)):
        doc.add_user_property(merge.RECORD_PREFIX + ident,
                              merge.record_text("tokki-r5", answers, 21, ["court"], True, seq))
    paras = flat.findall(".//text:p", NS)
    ET.SubElement(paras[0], q("text:bookmark-start")).set(q("text:name"),
                                                          merge.BOOKMARK_PREFIX + "cur")
    ET.SubElement(paras[-1], q("text:bookmark-end")).set(q("text:name"),
                                                         merge.BOOKMARK_PREFIX + "cur")
    record = merge.block_record(flat)
    assert record["id"] == "cur" and record["omit"] == ["court"] and record["start"] == 21
    assert merge.block_last_text(flat, "cur") == body_paragraph_texts(flat)[-1]
    counts = scrub_tree(flat)
    assert counts["tokki bookmarks"] == 1 and counts["user-defined properties"] >= 3
    assert merge.block_record(flat) is None
    assert not [el for el in flat.iter() if (el.get(q("text:name")) or "").startswith(
        merge.BOOKMARK_PREFIX)]
