"""Golden: each variant of the R5 provisions equals the seed's 記載例 text.

Expected text is cut out of the seed file at its captions and ※ notes; both sides
are normalised (NFKC, white space and PDF artefacts removed) before comparing.
"""
import pytest

from support.helpers import assembled_lines, articles
from support.seedtext import r5_block, between, norm

B = None


def seed(start, end, nth=1):
    global B
    if B is None:
        B = r5_block()
    return between(B, start, end, nth)


SECOND_PARAGRAPH_OF_2 = ("2 乙は、受託業務に係る個人情報を取り扱う", "(個人情報に関する秘密保持)")

CASES = [
    # (article number, answers, expected pieces of the seed)
    (1, {}, [("(基本的責務)", "(取り扱う個人情報の範囲等)")]),
    (2, {"scope": "provided_and_collected"},
     [("(取り扱う個人情報の範囲等)", "※ 1 個人情報の項目"), SECOND_PARAGRAPH_OF_2]),
    (2, {"scope": "collected_only"},
     [("(取り扱う個人情報の範囲等)", "※3", 2), SECOND_PARAGRAPH_OF_2]),
    (2, {"scope": "provided_only"},
     [("(取り扱う個人情報の範囲等)", "(個人情報に関する秘密保持)", 3)]),
    (3, {}, [("(個人情報に関する秘密保持)", "(目的外利用の禁止)")]),
    (4, {}, [("(目的外利用の禁止)", "(外部提供の禁止)")]),
    (5, {"external_provision": "prohibit"}, [("(外部提供の禁止)", "※ 外部提供")]),
    (5, {"external_provision": "restrict"}, [("(外部提供の制限)", "(再委託の禁止)")]),
    (6, {"subcontract": "prohibit"}, [("(再委託の禁止)", "※ 再委託")]),
    (6, {"subcontract": "restrict"}, [("(再委託の制限)", "(複写又は複製の禁止)")]),
    (7, {"copying": "prohibit"}, [("(複写又は複製の禁止)", "※1 マイクロ")]),
    (7, {"copying": "within_spec"}, [("(複写又は複製の制限)", "※2 上記")]),
    (7, {"copying": "with_approval"}, [("(複写又は複製の制限)", "(持ち出しの禁止)", 2)]),
    (8, {"removal": "prohibit"}, [("(持ち出しの禁止)", "※ 持ち出し")]),
    (8, {"removal": "restrict"}, [("(持ち出しの制限)", "(安全管理措置)")]),
    (9, {}, [("(安全管理措置)", "※ 具体的な")]),
    (10, {}, [("(業務従事者の管理)", "(セキュリティ対策の整備義務等)")]),
    (11, {"computer_processing": False},
     [("(セキュリティ対策の整備義務等)", "※ 別に"), ("2 乙は、取り扱う個人情報の安全確保", "※ 乙が")]),
    (11, {"computer_processing": True},
     [("(セキュリティ対策の整備義務等)", "※ 別に"), ("2 乙は、取り扱う個人情報の安全確保", "※ 乙が"),
      ("特に、受託業務を電子計算機", "(個人情報の取扱状況の報告)")]),
    (12, {}, [("(個人情報の取扱状況の報告)", "※報告時期")]),
    (13, {}, [("(監督に応じる義務)", "(施設等の立入検査")]),
    (14, {"high_risk": False}, [("(施設等の立入検査又は調査に応じる義務)", "※1 委託する")]),
    (14, {"high_risk": True, "subcontract": "prohibit"},
     [("(施設等の立入検査又は調査に応じる義務)", "※2 再委託", 2)]),
    (14, {"high_risk": True, "subcontract": "restrict"},
     [("(施設等の立入検査又は調査に応じる義務)", "※2 再委託", 2), ("2 委託先において", "(監査に応じる義務)")]),
    (15, {}, [("(監査に応じる義務)", "(事故発生時の対応)")]),
    (16, {}, [("(事故発生時の対応)", "※ 事故発生時は"), ("3 乙は、個人情報の漏えい等の事故", "(資料等の返還義務)")]),
    (17, {"materials": "return"}, [("(資料等の返還義務)", "※ 資料等は")]),
    (18, {}, [("(契約解除)", "(損害賠償)")]),
    (19, {}, [("(損害賠償)", "(管轄裁判所)")]),
    (20, {}, [("(管轄裁判所)", "(準拠法)")]),
    (21, {}, [("(準拠法)", None)]),
]


def expected(pieces, business="住民情報システム運用保守業務"):
    text = "".join(seed(*piece) for piece in pieces)
    return norm(text.replace("○○業務", business))


def actual(number, answers):
    arts = articles(assembled_lines(answers))
    caption, paras = arts[number - 1]
    return norm(caption + "".join(paras))


@pytest.mark.parametrize("number,answers,pieces", CASES,
                         ids=["%d-%s" % (c[0], "-".join("%s=%s" % kv for kv in c[1].items()))
                              for c in CASES])
def test_article_equals_seed(number, answers, pieces):
    assert actual(number, answers) == expected(pieces)


def test_article_17_dispose_variant_cites_the_copying_article_not_the_seeds_9():
    """Seed erratum: R5 第17条 (返還困難) cites 第9条 for 「複写又は複製したもの」, but
    the copying article is 第7条 in R5 (第9条 is 安全管理措置). The reference is held by
    target, so it renders 第7条; everything else equals the seed."""
    seed_text = seed("(資料等の返還義務)", "(契約解除)", 2)
    assert "第9条で規定する「複写又は複製したもの」" in seed_text.replace(" ", "")
    got = actual(17, {"materials": "return_or_dispose"})
    assert "第7条で規定する「複写又は複製したもの」" in got
    assert got == norm(seed_text).replace("第9条で規定する", "第7条で規定する")


def test_collected_other_false_drops_only_the_catch_all_item():
    on = assembled_lines({"scope": "collected_only", "collected_other": True})
    off = assembled_lines({"scope": "collected_only", "collected_other": False})
    removed = [line for line in on if line not in off]
    assert len(removed) == 1 and removed[0].startswith("(3)　その他受託業務の処理のために必要")
    assert "(3)　その他" not in "".join(off)


def test_user_items_render_as_sub_items_under_items_and_as_items_alone():
    both = assembled_lines({"provided_items": ["氏名", "生年月日", "住所", "電話番号"],
                            "collected_items": ["世帯構成"], "collected_other": False})
    text = "\n".join(both)
    assert "(1)　受託業務の処理のために甲から提供される次の個人情報\nア　氏名\nイ　生年月日\nウ　住所\nエ　電話番号\n(2)" in text
    assert "(2)　受託業務の処理のために収集する次の個人情報\nア　世帯構成\n2　乙は" in text
    alone = "\n".join(assembled_lines({"scope": "provided_only", "provided_items": "氏名、住所"}))
    assert "してはならない。\n(1)　氏名\n(2)　住所\n2　乙は" in alone
