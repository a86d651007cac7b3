"""Structure recognition from plain text: articles, paragraphs, items, sub-items."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "validate"))
import validate_seed as seed  # noqa: E402

from tokki_odf.core.validate.structure import parse  # noqa: E402


@pytest.mark.parametrize("head, number", [
    ("第1条 乙は", 1), ("第１条　乙は", 1), ("第一条　乙は", 1), ("第 12 条 乙は", 12),
    ("第十二条　乙は", 12), ("第二十一条　乙は", 21), ("第２１条\t乙は", 21),
])
def test_article_heads_in_any_numerals(head, number):
    doc = parse(["（見出し）", head])
    assert [a.number for a in doc.articles] == [number]
    assert doc.articles[0].caption == "見出し"


def test_inline_caption_and_branch_article():
    doc = parse(["第1条（目的）　乙は、…", "第1条の2　甲は、…", "第2条　…"])
    assert [(a.no, a.caption) for a in doc.articles] == [(1, "目的"), ("1の2", None), (2, None)]


def test_a_sentence_starting_with_a_reference_is_not_an_article():
    doc = parse(["第1条 乙は、", "第2条から前条までの規定に違反する行為があったときは"])
    assert [a.number for a in doc.articles] == [1]


def test_paragraph_numbers_need_a_space():
    doc = parse(["第18条 次の各号に掲げるものは", "(1) 受託業務に従事している者",
                 "2年以下の懲役又は100万円以下の罰金", "２　乙は、"])
    art = doc.articles[0]
    assert [p.number for p in art.paragraphs] == [1, 2]
    assert "2年以下の懲役" in art.paragraphs[0].text


@pytest.mark.parametrize("label", ["(1)", "（１）", "⑴", "(一)", "（ 1 ）"])
def test_item_labels(label):
    doc = parse(["第2条 次に掲げる", label + " 氏名", "(2) 住所"])
    assert [i.number for i in doc.articles[0].paragraphs[0].items] == [1, 2]


def test_caption_shape_without_an_article_after_it_is_text():
    doc = parse(["第2条 次に掲げる", "(1) 甲から提供される次の個人情報", "ア 氏名",
                 "（左記のように個人情報の項目を記入する。）", "(2) 収集する次の個人情報"])
    para = doc.articles[0].paragraphs[0]
    assert [i.number for i in para.items] == [1, 2]
    assert "左記のように" in para.text


def test_r5_main_variant_from_the_seed():
    doc = parse(seed.main_variant("r5"))
    arts = doc.articles
    assert [a.number for a in arts] == list(range(1, 22))
    assert arts[1].caption == "取り扱う個人情報の範囲等"
    art2 = arts[1]
    assert [p.number for p in art2.paragraphs] == [1, 2]
    items = art2.paragraphs[0].items
    assert [i.number for i in items] == [1, 2]
    assert [[c.label for c in i.children] for i in items] == [["ア", "イ", "ウ"]] * 2
    assert [len(a.paragraphs) for a in arts][15] == 4   # 第16条: 4 paragraphs
    assert "「個人情報特記事項の遵守に関する報告書」" in arts[11].text  # PDF break repaired


def test_h18_penalty_articles_without_captions():
    doc = parse(seed.main_variant("h18"))
    arts = doc.articles
    assert [a.number for a in arts] == list(range(1, 20))
    assert arts[17].caption == "罰則" and arts[18].caption is None
    assert [i.number for i in arts[18].paragraphs[0].items] == [1, 2]


def test_second_numbering_starting_at_1_is_a_new_part():
    contract = ["第1条 本契約は", "第2条 甲は", "第3条 乙は"]
    provisions = ["別紙", "第1条 乙は", "第2条 前条の"]
    doc = parse(contract + provisions)
    assert [[a.number for a in part] for part in doc.parts] == [[1, 2, 3], [1, 2]]
