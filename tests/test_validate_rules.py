"""Every rule: a failing and a passing case, built from the seed's own text."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "validate"))
import validate_seed as seed  # noqa: E402

from support.recognition import validate  # noqa: E402
from tokki_odf.core.findings import ERROR, WARNING  # noqa: E402


@pytest.fixture(scope="module")
def r5():
    return seed.main_variant("r5")


@pytest.fixture(scope="module")
def h18():
    return seed.main_variant("h18")


def found(paragraphs, meta=None):
    """(code, article) of every finding."""
    return {(f.code, f.article) for f in validate(paragraphs, meta).findings}


def codes(paragraphs, meta=None):
    return {f.code for f in validate(paragraphs, meta).findings}


def only(paragraphs, code):
    return [f for f in validate(paragraphs).findings if f.code == code]


def edit(paragraphs, prefix, old, new):
    i = seed.find_line(paragraphs, prefix)
    assert old in paragraphs[i], (old, paragraphs[i])
    out = list(paragraphs)
    out[i] = out[i].replace(old, new)
    return out


# -- the clean texts ----------------------------------------------------------

def test_r5_main_variant_has_no_errors(r5):
    report = validate(r5)
    assert report.errors == []
    assert report.coverage == {"1": [3, 4], "2": [6], "3": [7, 8], "4": [9, 10, 11],
                               "5": [16], "6": [17], "7": [18, 19], "8": [12, 13, 14, 15]}


def test_h18_main_variant_has_no_findings(h18):
    report = validate(h18)
    assert report.findings == []
    assert report.coverage["7"] == [16, 17] and report.coverage["2"] == [7]


@pytest.mark.parametrize("section, article, occurrence", [
    ("r5", 5, 2), ("r5", 6, 2), ("r5", 7, 2), ("r5", 7, 3), ("r5", 8, 2),
    ("h18", 5, 2), ("h18", 6, 2), ("h18", 7, 2), ("h18", 8, 2), ("h18", 8, 3),
    ("h18", 9, 2), ("h18", 10, 2),
])
def test_every_variant_of_the_seed_is_clean(section, article, occurrence):
    """The ※ alternatives, swapped in as a clerk would, give no errors (R5 第17条 aside)."""
    text = seed.replace_article(seed.main_variant(section), article,
                                seed.article_block(section, article, occurrence))
    assert [f.code for f in validate(text).errors] == []


# -- numbering ----------------------------------------------------------------

def test_article_gap(r5):
    assert ("NUM_ARTICLE_GAP", 8) in found(seed.replace_article(r5, 7, []))
    assert "NUM_ARTICLE_GAP" not in codes(r5)


def test_article_duplicate_when_the_variant_is_pasted_too(r5):
    both = seed.replace_article(r5, 5, seed.article_block("r5", 5, 1) +
                                seed.article_block("r5", 5, 2))
    f = only(both, "NUM_ARTICLE_DUPLICATE")
    assert [x.article for x in f] == [5] and "外部提供の禁止" in f[0].message


def test_article_order(r5):
    i, j = seed.find_line(r5, "第3条"), seed.find_line(r5, "第4条")
    swapped = list(r5)
    swapped[i - 1:i + 1], swapped[j - 1:j + 1] = r5[j - 1:j + 1], r5[i - 1:i + 1]
    assert ("NUM_ARTICLE_ORDER", 3) in found(swapped)


def test_article_start_warning(r5):
    shifted = [l.replace("第 1 条", "第 2 条", 1) if l.startswith("第 1 条") else l for l in r5]
    assert ("NUM_ARTICLE_START", 2) in found(shifted)
    assert "NUM_ARTICLE_START" not in codes(r5)


def test_paragraph_gap_duplicate_order():
    block = seed.article_block("r5", 6, 2)    # 再委託の制限: 5 paragraphs
    assert codes(block) & {"NUM_PARAGRAPH_GAP", "NUM_PARAGRAPH_DUPLICATE",
                           "NUM_PARAGRAPH_ORDER"} == set()
    gap = [l for l in block if not l.startswith("3 ")]
    assert ("NUM_PARAGRAPH_GAP", 6) in found(gap)
    dup = block[:4] + [block[3]] + block[4:]
    assert ("NUM_PARAGRAPH_DUPLICATE", 6) in found(dup)
    order = block[:3] + [block[4], block[3]] + block[5:]
    assert ("NUM_PARAGRAPH_ORDER", 6) in found(order)


def test_item_and_subitem_gaps(r5):
    assert ("NUM_ITEM_GAP", 2) in found(edit(r5, "(2) 受託業務の処理のために収集", "(2)", "(3)"))
    assert ("NUM_SUBITEM_GAP", 2) in found([l for l in r5 if l != "イ 住所"])
    assert not codes(r5) & {"NUM_ITEM_GAP", "NUM_SUBITEM_GAP"}


# -- references ----------------------------------------------------------------

def test_dangling_article(r5):
    bad = edit(r5, "第19条", "第2条から第16条まで", "第2条から第26条まで")
    f = only(bad, "REF_ARTICLE_MISSING")
    assert [x.article for x in f] == [19] and "第26条" in f[0].message


def test_dangling_paragraph_and_items(r5):
    bad = edit(r5, "第4条", "第2条第1項各号", "第2条第3項")
    assert ("REF_PARAGRAPH_MISSING", 4) in found(bad)
    bad = edit(r5, "第4条", "第2条第1項各号", "第2条第2項各号")
    assert ("REF_NO_ITEMS", 4) in found(bad)
    bad = edit(r5, "第4条", "第2条第1項各号", "第2条第1項第3号")
    assert ("REF_ITEM_MISSING", 4) in found(bad)
    assert not codes(r5) & {"REF_PARAGRAPH_MISSING", "REF_NO_ITEMS", "REF_ITEM_MISSING"}


def test_nothing_before_or_after(r5):
    bad = edit(r5, "第 1 条", "関係法令及び", "前条及び")
    assert ("REF_NOTHING_BEFORE", 1) in found(bad)
    bad = edit(r5, "第21条", "本契約は、", "本契約は、次条及び")
    assert ("REF_NOTHING_AFTER", 21) in found(bad)
    # 第5条 restricted, its 第2項 moved up as the only paragraph: 前項 has nothing before it
    block = seed.article_block("r5", 5, 2)
    alone = [block[0], "第5条 " + block[2].split(" ", 1)[1]]
    assert ("REF_NOTHING_BEFORE", 5) in found(seed.replace_article(r5, 5, alone))


def test_reversed_range_and_range_of_two(r5):
    assert ("REF_RANGE_REVERSED", 19) in found(
        edit(r5, "第19条", "第2条から第16条まで", "第16条から第2条まで"))
    two = edit(r5, "第19条", "第2条から第16条まで", "第2条から第3条まで")
    f = only(two, "REF_RANGE_OF_TWO")
    assert f and f[0].severity == WARNING and "第2条及び第3条" in f[0].message
    assert not codes(r5) & {"REF_RANGE_REVERSED", "REF_RANGE_OF_TWO"}


def test_stale_term_r5_article17_variant(r5):
    """The seed's own 第17条 variant cites 第9条 for 「複写又は複製したもの」: 第7条 in R5."""
    text = seed.replace_article(r5, 17, seed.article_block("r5", 17, 2))
    f = only(text, "REF_STALE_TERM")
    assert [x.article for x in f] == [17] and f[0].severity == ERROR
    assert "第7条（複写又は複製の禁止）" in f[0].message and "第9条" in f[0].message
    assert "Article 7" in f[0].message_en
    fixed = [l.replace("第9条で規定する", "第7条で規定する") for l in text]
    assert "REF_STALE_TERM" not in codes(fixed)


def test_stale_term_h18_variant_is_right(h18):
    """In H18 the same sentence cites 第8条, which is the copying article there."""
    text = seed.replace_article(h18, 10, seed.article_block("h18", 10, 2))
    assert "REF_STALE_TERM" not in codes(text)


def test_stale_proviso(r5):
    main, variant = seed.article_block("r5", 5, 1), seed.article_block("r5", 5, 2)
    text = seed.replace_article(r5, 5, main + variant[2:])   # 第2項 kept, ただし書 gone
    f = only(text, "REF_STALE_PROVISO")
    assert [(x.article, x.paragraph) for x in f] == [(5, 2)]
    assert "REF_STALE_PROVISO" not in codes(seed.replace_article(r5, 5, variant))


def test_external_references_never_dangle(h18):
    """H18 第18条/第19条 cite 条例第46条–第48条 and 条例第2条第1項第4号ア."""
    assert not {c for c in codes(h18) if c.startswith("REF_")}


def test_same_article_without_antecedent():
    text = ["（目的）", "第1条 乙は、同条の規定により"]
    assert "REF_SAME_UNRESOLVED" in codes(text)


def test_inconsistent_violation_ranges(r5, h18):
    f = only(r5, "REF_RANGE_INCONSISTENT")
    assert [x.article for x in f] == [19] and "第17条（資料等の返還義務）" in f[0].message
    assert "REF_RANGE_INCONSISTENT" not in codes(h18)


def test_single_paragraph_cited_with_paragraph_number(r5):
    bad = edit(r5, "第19条", "第2条から第16条まで", "第3条第1項")
    assert "REF_SINGLE_PARAGRAPH_NUMBERED" in codes(bad)


def test_definition_given_twice(r5, h18):
    f = only(r5, "DEF_DUPLICATE")
    assert [x.article for x in f] == [16] and "第9条" in f[0].message
    assert "DEF_DUPLICATE" not in codes(h18)


# -- leftovers -----------------------------------------------------------------

def test_placeholder_left():
    text = seed.main_variant("r5", business="○○業務")
    f = only(text, "LEFTOVER_PLACEHOLDER")
    assert [x.article for x in f] == [1] and "○○" in f[0].excerpt


def test_note_and_frequency_left(r5):
    i = seed.find_line(r5, "第12条")
    note = [l for l in seed.region_lines("r5") if l.startswith("※報告時期")][0]
    text = r5[:i + 1] + [note] + r5[i + 1:]
    got = found(text)
    assert ("LEFTOVER_NOTE", 12) in got and ("LEFTOVER_REPORT_FREQUENCY", 12) in got
    assert "LEFTOVER_PLACEHOLDER" not in codes(text)   # ○カ月に○回 is reported once


def test_instruction_fill_in_and_brace_left(r5):
    i = seed.find_line(r5, "ウ 電話番号")
    brace = [l for l in seed.region_lines("r5") if l.startswith("}")][0]
    got = found(r5[:i + 1] + [brace] + r5[i + 1:])
    assert {("LEFTOVER_BRACE", 2), ("LEFTOVER_FILL_IN", 2)} <= got
    j = seed.find_line(r5, "第5条")
    note = [l for l in seed.region_lines("r5") if l.startswith("※ 外部提供することが")][0]
    got = found(r5[:j + 1] + [note] + r5[j + 1:])
    assert ("LEFTOVER_NOTE", 5) in got


def test_instruction_without_note_mark(r5):
    j = seed.find_line(r5, "第5条")
    text = r5[:j + 1] + ["外部提供することが予想される場合は、次のような表現にする。"] + r5[j + 1:]
    assert ("LEFTOVER_INSTRUCTION", 5) in found(text)


def test_example_heading_left(r5):
    assert "LEFTOVER_EXAMPLE_HEADING" in codes(["(記載例)"] + r5)
    assert not {c for c in codes(r5) if c.startswith("LEFTOVER_")}


def test_kanji_zero_in_a_year_is_not_a_placeholder(r5):
    assert "LEFTOVER_PLACEHOLDER" not in codes(r5 + ["二〇二三年四月一日"])


# -- captions ------------------------------------------------------------------

def test_prohibit_caption_over_a_proviso(r5):
    block = seed.article_block("r5", 6, 2)
    block[0] = "(再委託の禁止)"
    f = [x for x in validate(seed.replace_article(r5, 6, block)).errors
         if x.code == "CAPTION_PROHIBIT_HAS_PROVISO"]
    assert [x.article for x in f] == [6] and "再委託の制限" in f[0].message
    assert "CAPTION_PROHIBIT_HAS_PROVISO" not in codes(
        seed.replace_article(r5, 6, seed.article_block("r5", 6, 2)))


def test_restrict_caption_over_a_flat_ban(r5):
    block = seed.article_block("r5", 8, 1)
    block[0] = "(持ち出しの制限)"
    assert ("CAPTION_RESTRICT_NO_EXCEPTION", 8) in found(seed.replace_article(r5, 8, block))
    # 複写又は複製の制限 within the spec: limited by 「範囲を超えて」, no ただし書 needed
    within = seed.replace_article(r5, 7, seed.article_block("r5", 7, 2))
    assert "CAPTION_RESTRICT_NO_EXCEPTION" not in codes(within)


# -- required contents ---------------------------------------------------------

@pytest.mark.parametrize("article, item", [(7, "3"), (12, "8"), (6, "2"), (17, "6"), (19, "7"),
                                           (16, "5"), (3, "1")])
def test_missing_required_article(r5, article, item):
    text = seed.replace_article(r5, article, [])
    report = validate(text)
    missing = [f for f in report.errors if f.code == "COVERAGE_MISSING"]
    assert missing and all("(1)%s" % "①②③④⑤⑥⑦⑧"[int(item) - 1] in f.message for f in missing)
    assert article not in report.coverage[item]


def test_subcontracting_allowed_without_supervision(r5):
    block = seed.article_block("r5", 6, 2)
    assert "COVERAGE_SUBCONTRACT_SUPERVISION" not in codes(seed.replace_article(r5, 6, block))
    # only the ただし書 wording pasted, without 第2項–第5項 (approval, supervision)
    assert ("COVERAGE_SUBCONTRACT_SUPERVISION", 6) in found(
        seed.replace_article(r5, 6, block[:2]))


def test_no_articles_at_all():
    report = validate(["業務委託契約書", "甲と乙は次のとおり契約する。"])
    assert [f.code for f in report.errors][0] == "STRUCTURE_NO_ARTICLES"


# -- metadata ------------------------------------------------------------------

def test_metadata_findings_name_the_article(r5):
    i = seed.find_line(r5, "第7条")
    meta = {"authors": [{"field": "dc:creator", "value": "山田太郎"}],
            "user_defined": [{"name": "担当者", "value": "鈴木"}],
            "annotations": [{"author": "佐藤", "text": "制限にする？", "index": i}],
            "tracked_changes": [{"kind": "deletion", "author": "佐藤", "text": "ただし、…",
                                 "index": i}],
            "hidden": [{"kind": "text", "text": "メモ", "index": i},
                       {"kind": "paragraph", "text": "隠し", "index": i},
                       {"kind": "section", "text": "第8条 …", "index": i, "name": "案"}]}
    got = found(r5, meta)
    assert {("META_AUTHOR", None), ("META_USER_PROPERTY", None), ("META_ANNOTATION", 7),
            ("META_TRACKED_CHANGE", 7), ("META_HIDDEN_TEXT", 7), ("META_HIDDEN_PARAGRAPH", 7),
            ("META_HIDDEN_SECTION", 7)} <= got
    assert not {c for c in codes(r5, {}) if c.startswith("META_")}
    assert "META_TRACKING_ON" in codes(r5, {"track_changes_on": True})


def test_findings_are_complete_records(r5):
    text = seed.replace_article(r5, 17, seed.article_block("r5", 17, 2))
    for f in validate(text).findings:
        d = f.to_dict()
        assert set(d) >= {"code", "severity", "article", "paragraph", "excerpt", "message",
                          "message_en"}
        assert d["severity"] in (ERROR, WARNING) and d["message"] and d["message_en"]
