"""Pure functions of the core: numerals, conditions, reference rendering, answers."""
import pytest

from tokki_odf.core.template import conditions
from tokki_odf.core.assembly.answers import normalize, coerce_flag
from tokki_odf.errors import AnswerError, TemplateError
from tokki_odf.core.drafting.numerals import parse_int, format_int, int_to_kanji, katakana_item, KANJI, FULL
from tokki_odf.core.drafting.pointers import parse_target, render_one, render_range, Place, Spec

from support.helpers import r5


@pytest.mark.parametrize("text,value", [("12", 12), ("１２", 12), ("十二", 12), ("二十一", 21),
                                        ("百五", 105), ("一〇", 10), ("三", 3)])
def test_parse_int_accepts_all_three_forms(text, value):
    assert parse_int(text) == value


def test_format_int_follows_house_style():
    assert format_int(21, KANJI) == "二十一" and int_to_kanji(110) == "百十"
    assert format_int(7, FULL) == "７" and format_int(17, "half") == "17"
    assert katakana_item(1) + katakana_item(5) + katakana_item(6) == "アオカ"  # 五十音, not いろは


def test_conditions():
    c = conditions.parse("high_risk and subcontract=restrict")
    assert c({"high_risk": True, "subcontract": "restrict"})
    assert not c({"high_risk": True, "subcontract": "prohibit"})
    assert not c({"high_risk": False, "subcontract": "restrict"})
    assert conditions.parse("not (a or b=x)")({"a": False, "b": "y"})
    assert conditions.parse("scope!=provided_only").keys() == {"scope"}
    for bad in ["", "a and", "a = ", "(a", "a b"]:
        with pytest.raises(conditions.ConditionSyntaxError):
            conditions.parse(bad)


def here(article, paragraph=1):
    return Place(article, paragraph, 3)


def test_render_neighbours_and_far_targets():
    art5 = Place(5, None, 2)
    assert render_one(art5, Spec("x"), here(6)) == "前条"
    assert render_one(art5, Spec("x"), here(4)) == "次条"
    assert render_one(art5, Spec("x"), here(9)) == "第5条"
    assert render_one(art5, Spec("x"), here(9), style=KANJI) == "第五条"


def test_render_paragraph_targets():
    p1 = Place(2, 1, 2, has_items=True)
    assert render_one(p1, Spec("x", "items"), here(4)) == "第2条第1項各号"
    single = Place(2, 1, 1, has_items=True)
    assert render_one(single, Spec("x", "items"), here(4)) == "第2条各号"
    assert render_one(Place(6, 1, 3, has_proviso=True), Spec("x", "proviso"), here(6, 2)) \
        == "前項ただし書"
    assert render_one(Place(6, 2, 5), Spec("x"), here(6, 3)) == "前項"
    assert render_one(Place(6, 2, 5), Spec("x"), here(6, 5)) == "第2項"
    assert render_one(Place(6, 2, 5), Spec("x"), here(7, 1)) == "前条第2項"
    with pytest.raises(TemplateError, match="ただし書"):
        render_one(Place(6, 1, 3, has_proviso=False), Spec("x", "proviso"), here(6, 2))


def test_render_ranges():
    assert render_range(Place(2), Place(17), here(18)) == "第2条から前条まで"
    assert render_range(Place(2), Place(16), here(19)) == "第2条から第16条まで"
    assert render_range(Place(2), Place(3), here(9)) == "第2条及び第3条"
    assert render_range(Place(2), Place(2), here(9)) == "第2条"
    with pytest.raises(TemplateError):
        render_range(Place(5), Place(2), here(9))


def test_parse_target():
    assert [repr(s) for s in parse_target("scope.1/items")] == ["scope.1/items"]
    assert len(parse_target("scope..materials")) == 2
    for bad in ["a/b", "a..b..c", "..b", "a/items..b"]:
        with pytest.raises(ValueError):
            parse_target(bad)


def test_answers_accept_what_people_type():
    t = r5()
    got = normalize(t, {"business_name": "Ａ業務", "copying": "禁止", "high_risk": "はい",
                        "computer_processing": "0", "provided_items": "氏名、住所\n電話番号",
                        "$comment": "ignored", "contract_no": "第12号"})
    assert got["copying"] == "prohibit" and got["high_risk"] is True
    assert got["computer_processing"] is False
    assert got["provided_items"] == ["氏名", "住所", "電話番号"]
    assert got["court"] == "東京地方裁判所"           # default


@pytest.mark.parametrize("answers,message", [
    ({"business_name": "x業務", "colour": "red"}, "unknown key 'colour'"),
    ({"business_name": "x業務", "copying": "maybe"}, "copying（複写又は複製）: 'maybe' is not an option; allowed: prohibit（禁止）"),
    ({"business_name": "x業務", "high_risk": "perhaps"}, "high_risk"),
    ({"business_name": "x業務", "provided_items": 3}, "must be a list of texts"),
    ({}, "business_name（業務名）is required"),
    ({"business_name": "○○業務"}, "placeholder ○○"),
    ({"business_name": "x業務", "scope": "collected_only", "collected_items": []}, "at least one item"),
    # a blank for a text the sentence needs (「…については、を第一審の…」, issue 13)
    ({"business_name": "x業務", "court": ""}, "court（第一審の専属的合意管轄裁判所）is empty"),
    ({"business_name": "x業務", "client_name": "　"}, "client_name（委託者（甲））is empty"),
    ({"business_name": "x業務", "court": None}, "leave the key out to keep the template's text"),
])
def test_answers_refuse_with_a_clear_message(answers, message):
    with pytest.raises(AnswerError) as info:
        normalize(r5(), answers)
    assert message in str(info.value)


def test_unasked_list_may_be_empty():
    """provided_items is not asked when scope=collected_only: an empty value is fine."""
    normalize(r5(), {"business_name": "x業務", "scope": "collected_only", "provided_items": []})


def test_coerce_flag():
    assert coerce_flag("ＴＲＵＥ") is True and coerce_flag("いいえ") is False
    with pytest.raises(AnswerError):
        coerce_flag("2")
