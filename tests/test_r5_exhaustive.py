"""Every combination of the R5 choices and flags, at two start numbers.

The checks are independent of the engine: the output text is re-parsed here
(numbers, references) and each reference is resolved by hand-written Japanese
drafting rules, then compared with what the referring sentence is about.
"""
import re

import pytest

from support.helpers import r5, assembled_lines, answer_combinations, CAPTION
from tokki_odf.core.drafting.numerals import KATAKANA_ITEMS

CHOICES = {
    "scope": ["provided_and_collected", "collected_only", "provided_only"],
    "collected_other": [True, False],
    "external_provision": ["prohibit", "restrict"],
    "subcontract": ["prohibit", "restrict"],
    "copying": ["prohibit", "within_spec", "with_approval"],
    "removal": ["prohibit", "restrict"],
    "computer_processing": [True, False],
    "high_risk": [False, True],
    "materials": ["return", "return_or_dispose"],
}
COMBOS = answer_combinations(r5())

ARTICLE = re.compile(r"^第(\d+)条　")
PARAGRAPH = re.compile(r"^(\d+)　")
ITEM = re.compile(r"^\((\d+)\)　")
SUBITEM = re.compile(r"^([ア-ン])　")

LEFTOVERS = ["○", "※", "次のような表現", "左記のように", "}", "｝", "設問", "{", "｛"]

# What each internal reference is about: (phrase right after it, test on the target).
REF = re.compile(r"(?<![）)法則例令])(第(\d+)条(?:第(\d+)項)?|前条|前項|次条|次項)"
                 r"(?:から(第(\d+)条|前条)まで|及び(第(\d+)条|前条))?(各号|ただし書)?")


def parse(lines):
    """-> list of articles: {number, caption, paras: [{number, text, items:[…]}]}."""
    arts = []
    caption = None
    for line in lines:
        if CAPTION.match(line):
            caption = line
            continue
        m = ARTICLE.match(line)
        if m:
            arts.append({"number": int(m.group(1)), "caption": caption, "paras": [
                {"number": 1, "text": line, "items": []}]})
            caption = None
            continue
        if not arts:
            continue  # the title
        para = arts[-1]["paras"][-1]
        if PARAGRAPH.match(line):
            arts[-1]["paras"].append({"number": int(PARAGRAPH.match(line).group(1)),
                                      "text": line, "items": []})
        elif ITEM.match(line):
            para["items"].append({"number": int(ITEM.match(line).group(1)), "subs": []})
        elif SUBITEM.match(line):
            para["items"][-1]["subs"].append(SUBITEM.match(line).group(1))
        else:
            raise AssertionError("unrecognised paragraph: %r" % line)
    return arts


def check_numbering(arts, start):
    assert [a["number"] for a in arts] == list(range(start, start + len(arts)))
    for art in arts:
        assert art["caption"], "第%d条 has no caption" % art["number"]
        assert [p["number"] for p in art["paras"]] == list(range(1, len(art["paras"]) + 1))
        for para in art["paras"]:
            assert [i["number"] for i in para["items"]] == list(range(1, len(para["items"]) + 1))
            for item in para["items"]:
                assert "".join(item["subs"]) == KATAKANA_ITEMS[:len(item["subs"])]


def resolve(arts, here_art, here_para, m):
    """Independent resolution of one reference -> list of (article, paragraph|None)."""
    by_no = {a["number"]: a for a in arts}

    def art_of(token, number):
        if token == "前条":
            return here_art - 1
        if token == "次条":
            return here_art + 1
        return int(number)

    head = m.group(1)
    if head in ("前項", "次項"):
        return [(here_art, here_para - 1 if head == "前項" else here_para + 1)]
    first = art_of(head if head in ("前条", "次条") else "第", m.group(2))
    targets = [(first, int(m.group(3)) if m.group(3) else None)]
    if m.group(4):
        targets.append((art_of(m.group(4), m.group(5)), None))
    if m.group(6):
        targets.append((art_of(m.group(6), m.group(7)), None))
    for art, para in targets:
        assert art in by_no, "reference %r points at 第%d条, which does not exist" % (m.group(0), art)
        n_paras = len(by_no[art]["paras"])
        if para is None and not m.group(4) and not m.group(6) and m.group(8) and n_paras > 1:
            raise AssertionError("%r omits the paragraph of a %d-paragraph article"
                                 % (m.group(0), n_paras))
        if para is not None:
            assert 1 <= para <= n_paras, "%r: no such paragraph" % m.group(0)
            assert n_paras > 1, "%r cites 第1項 of a one-paragraph article" % m.group(0)
    return targets


def about(arts, art, para=None):
    a = next(x for x in arts if x["number"] == art)
    p = a["paras"][(para or 1) - 1]
    return a, p


EXPECTATIONS = [
    # phrase after the reference -> check on the resolved target(s)
    ("に掲げる個人情報（以下「取り扱う個人情報」",
     lambda arts, t, sfx: about(arts, *t[0])[0]["caption"] == "（取り扱う個人情報の範囲等）"
     and sfx == "各号" and about(arts, *t[0])[1]["items"]),
    ("の承認を受けようとするときは、あらかじめ、提供先",
     lambda arts, t, sfx: about(arts, *t[0])[0]["caption"] == "（外部提供の制限）"
     and sfx == "ただし書" and "ただし" in about(arts, *t[0])[1]["text"]),
    ("の承認を受けようとするときは、再委託先",
     lambda arts, t, sfx: about(arts, *t[0])[0]["caption"] == "（再委託の制限）"
     and sfx == "ただし書" and "ただし" in about(arts, *t[0])[1]["text"]),
    ("の場合、乙は、再委託先に本契約",
     lambda arts, t, sfx: "再委託する旨を甲に申請" in about(arts, *t[0])[1]["text"]),
    ("の措置を",
     lambda arts, t, sfx: "実地検査により確認する" in about(arts, *t[0])[1]["text"]),
    ("で規定する「複写又は複製したもの」",
     lambda arts, t, sfx: "複写又は複製" in about(arts, *t[0])[0]["caption"]
     and t[0][1] is None),
    ("の規定により廃棄する",
     lambda arts, t, sfx: "廃棄できる" in about(arts, *t[0])[1]["text"] and sfx == "ただし書"),
    ("の規定に違反する行為があったとき",
     lambda arts, t, sfx: about(arts, t[0][0])[0]["caption"] == "（取り扱う個人情報の範囲等）"
     and about(arts, t[-1][0])[0]["caption"] == "（資料等の返還義務）"),
    ("の規定による契約の解除",
     lambda arts, t, sfx: about(arts, *t[0])[0]["caption"] == "（契約解除）"),
    ("の規定に違反する行為によって",
     lambda arts, t, sfx: about(arts, t[0][0])[0]["caption"] == "（取り扱う個人情報の範囲等）"
     and about(arts, t[-1][0])[0]["caption"] == "（事故発生時の対応）"),
]


def check_references(arts):
    seen = 0
    for art in arts:
        for para in art["paras"]:
            text = para["text"]
            for m in REF.finditer(text):
                if m.start() == 0:
                    continue  # the article's own number
                targets = resolve(arts, art["number"], para["number"], m)
                after = text[m.end():]
                matching = [check for phrase, check in EXPECTATIONS if after.startswith(phrase)]
                assert matching, "unexpected reference %r in 第%d条: %r" % (
                    m.group(0), art["number"], text[:40])
                assert matching[0](arts, targets, m.group(8)), "第%d条: %r points at the wrong " \
                    "place: %r" % (art["number"], m.group(0), targets)
                seen += 1
    return seen


@pytest.mark.parametrize("start", [1, 7])
def test_every_combination(start):
    template = r5()
    total_refs = 0
    for answers in COMBOS:
        lines = assembled_lines(answers, start, template)
        text = "\n".join(lines)
        for bad in LEFTOVERS:
            assert bad not in text, "%r left for %s" % (bad, answers)
        arts = parse(lines)
        assert len(arts) == 21
        check_numbering(arts, start)
        total_refs += check_references(arts)
        # the external reference to 規則第43条 is never renumbered, whatever the start
        assert ("規則」という。）第43条各号" in text) == answers["high_risk"]
    assert total_refs > len(COMBOS) * 4   # the check really ran over references


def test_reference_checker_catches_a_stale_reference():
    """The oracle itself: the seed's own 第17条 wording (第9条) must be caught."""
    lines = assembled_lines({"materials": "return_or_dispose"})
    arts = parse([line.replace("第7条で規定する", "第9条で規定する") for line in lines])
    with pytest.raises(AssertionError, match="wrong place"):
        check_references(arts)


def test_combinations_are_the_issue_s_questions():
    """The template asks exactly the choices and flags the issue lists, with these values."""
    assert len(COMBOS) == 1152 and set(COMBOS[0]) == set(CHOICES)
    for key, values in CHOICES.items():
        assert sorted(map(str, {c[key] for c in COMBOS})) == sorted(map(str, values)), key
