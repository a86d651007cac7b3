"""Reference parsing: internal pointers, lists, ranges, and external references."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "validate"))
import validate_seed as seed  # noqa: E402

from tokki_odf.core.validate.references import find  # noqa: E402


def one(text):
    found = find(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, art, para, item, proviso", [
    ("第2条第1項各号に掲げる個人情報", ("abs", 2, None), ("abs", 1), ("each",), None),
    ("第２条第１項第３号", ("abs", 2, None), ("abs", 1), ("abs", 3), None),
    ("第二条第一項", ("abs", 2, None), ("abs", 1), None, None),
    ("前項ただし書の承認", None, ("rel", "前"), None, "ただし書"),
    ("前条の規定", ("rel", "前"), None, None, None),
    ("次条に定める", ("rel", "次"), None, None, None),
    ("前各項の規定", None, ("prev_all",), None, None),
    ("前2条の規定", ("prev", 2), None, None, None),
    ("同条第2項", ("rel", "同"), ("abs", 2), None, None),
    ("第5条の2の規定", ("abs", 5, 2), None, None, None),
    ("第 14 条第 1 項", ("abs", 14, None), ("abs", 1), None, None),
])
def test_pointer_grammar(text, art, para, item, proviso):
    p = one(text)
    assert (p.art, p.para, p.item, p.proviso) == (art, para, item, proviso)
    assert not p.external


def test_words_that_only_look_like_pointers():
    assert find("第三者に提供してはならない") == []
    assert find("第一審の専属的合意管轄裁判所") == []


def test_range_and_list():
    a, b = find("第2条から前条までの規定に違反する")
    assert a.range_to is b and b.range_from is a
    a, b = find("第5条第1項及び第3項")
    assert b.joined_to is a and b.para == ("abs", 3)


# Every law/rule reference of the seed, as written there (PDF spacing included).
EXTERNAL = [
    "法第66条第1項",
    "地方公共団体の機関（政令第19条第2項各号に掲げる業務",
    "個人情報取扱事業者（法第16条第2項）に該当する",
    "安全管理措置の規定（法第23条）",
    "公の施設の管理の業務 (地方自治法第244条第1項)",
    "豊島区個人情報等の保護に関する条例（平成 12 年 3 月 27 日条例第 3 号）第 14 条第 1 項に基づく",
    "監督員（契約事務規則第 54 条第 1 項）による監督",
    "豊島区個人情報等の保護に関する条例（平成12年豊島区条例第3号。以下「条例」という。）"
    "第2条第1項第4号アに係る",
    "条例第46条又は第48条の規定に基づき",
    "子会社（会社法（平成17年法律第86号）第2条第1項第3号に規定する子会社をいう。）",
    "個人情報の保護に関する法律施行規則（平成28年個人情報保護委員会規則3号、以下「規則」という。）"
    "第43条各号に該当する",
    "規則第43条各号のいずれかに該当する",
    "サイバーセキュリティ基本法第26条第1項第2号に掲げられた",
    "法第 69 条第 2 項第 3 号及び第 4 号の規定に基づき",
    "法第 68 条第 1 項の規定による委員会への報告及び同条第 2 項の規定による本人への通知",
    "契約書第20条の規定により",
    "同施行令第5条",
]


@pytest.mark.parametrize("text", EXTERNAL)
def test_external_references(text):
    pointers = find(text)
    assert pointers and all(p.external for p in pointers), [(p.text, p.external)
                                                             for p in pointers]


def test_no_article_reference_outside_the_provisions_is_internal():
    """Every 第N条 of the seed outside the 記載例 articles cites a law or rule."""
    text = seed.seed_text()
    lines = [l for l in text.splitlines()
             if not l.lstrip("- ").startswith(("第", "※", "また、", "等の保護"))]
    for line in lines:
        for p in find(line):
            if p.art and p.art[0] == "abs":
                assert p.external, line


def test_kanji_items_and_names_that_contain_go():
    """Law-style items 一　二　三, 前二号, and 第1号被保険者 (a name, not a pointer)."""
    from support.recognition import validate
    text = ["第1条 乙は、次の各号に掲げる者に通知する。", "一　第1号被保険者",
            "二　第2号被保険者", "三　前二号に掲げる者以外で第3号様式により届け出た者"]
    assert [f.code for f in validate(text).findings
            if f.code.startswith(("REF_", "NUM_"))] == []
    bad = text[:2] + ["二　前二号に掲げる者"]
    assert "REF_NOTHING_BEFORE" in {f.code for f in validate(bad).findings}
    wrong = text + ["2 前項第四号に掲げる者"]
    assert "REF_ITEM_MISSING" in {f.code for f in validate(wrong).findings}
