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
