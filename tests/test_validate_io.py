"""The file adapter: what a reader sees, and what travels unseen, from real files."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "validate"))
import odt_build  # noqa: E402
import validate_seed as seed  # noqa: E402

from support.recognition import validate  # noqa: E402
from tokki_odf.io.contract import read_document  # noqa: E402
from tokki_odf.core.odf.lists import format_number  # noqa: E402


@pytest.fixture(scope="module")
def r5():
    return seed.main_variant("r5")


def findings(path):
    paragraphs, meta = read_document(str(path))
    return validate(paragraphs, meta)


@pytest.mark.parametrize("suffix", [".odt", ".fodt"])
def test_clean_r5_copied_from_the_seed_validates(tmp_path, r5, suffix):
    """The key test: the provisions typed in from the seed, saved, validated: no errors."""
    path = odt_build.build(r5, tmp_path / ("r5" + suffix))
    paragraphs, meta = read_document(path)
    assert paragraphs == r5
    report = validate(paragraphs, meta)
    assert report.errors == []
    assert all(report.coverage[str(i)] for i in range(1, 9))


def test_each_hand_mistake_is_reported_at_its_article(tmp_path, r5):
    """Stale reference, ○○ left, ※ left, 禁止 caption over ただし書, a missing article,
    author in the properties, a tracked change — each at the right article."""
    text = seed.replace_article(r5, 17, seed.article_block("r5", 17, 2))   # stale 第9条
    text = [l.replace("住民情報システム運用保守業務の", "○○業務の") for l in text]
    i = seed.find_line(text, "第12条")
    text.insert(i + 1, [l for l in seed.region_lines("r5") if l.startswith("※報告時期")][0])
    block = seed.article_block("r5", 6, 2)
    block[0] = "(再委託の禁止)"
    text = seed.replace_article(text, 6, block)                             # 禁止 + ただし書
    text = seed.replace_article(text, 15, [])                               # 監査 gone
    text = [l.replace("第16条", "第15条").replace("第17条", "第16条")
            .replace("第18条", "第17条").replace("第19条", "第18条").replace("第20条", "第19条")
            .replace("第21条", "第20条") if l.startswith("第") else l for l in text]
    j = seed.find_line(text, "第7条")
    path = odt_build.build(text, tmp_path / "mistakes.odt", creator="山田太郎",
                           deletion=(j, "山田太郎", "ただし、甲の承認を受けたときは、この限りでない。"))
    got = {(f.code, f.article) for f in findings(path).findings}
    assert {("REF_STALE_TERM", 16), ("LEFTOVER_PLACEHOLDER", 1), ("LEFTOVER_NOTE", 12),
            ("LEFTOVER_REPORT_FREQUENCY", 12), ("CAPTION_PROHIBIT_HAS_PROVISO", 6),
            ("META_AUTHOR", None), ("META_TRACKED_CHANGE", 7)} <= got
    assert ("NUM_ARTICLE_GAP", 15) not in got     # renumbered by hand: only the content is gone
    # 監査 (⑧) is gone, but 監督 and 立入検査 remain: ⑧ is still covered
    assert ("COVERAGE_MISSING", None) not in got


def test_missing_item_8_when_all_supervision_articles_go(tmp_path, r5):
    text = r5
    for n in (15, 14, 13):
        text = seed.replace_article(text, n, [])
    report = findings(odt_build.build(text, tmp_path / "no-audit.odt"))
    missing = [f for f in report.errors if f.code == "COVERAGE_MISSING"]
    assert len(missing) == 1 and "⑧" in missing[0].message and "監督" in missing[0].message


def test_metadata_read_from_the_file(tmp_path, r5):
    i = seed.find_line(r5, "第7条")
    path = odt_build.build(
        r5, tmp_path / "meta.odt", creator="山田太郎", initial_creator="佐藤花子",
        user_defined={"担当者": "鈴木"}, comment=(i, "山田太郎", "ここは制限にする？"),
        deletion=(i, "山田太郎", "ただし、甲の承認を受けたときは、この限りでない。"),
        insertion=(i + 2, "佐藤", "追加"), hidden_span=(i + 2, "秘密のメモ"),
        hidden_paragraph=(i + 3, "隠した段落"), hidden_section=(i + 4, ["第8条 隠した案"]),
        track_changes=True)
    paragraphs, meta = read_document(path)
    assert "秘密のメモ" not in "".join(paragraphs) and "隠した" not in "".join(paragraphs)
    assert {a["value"] for a in meta["authors"]} == {"山田太郎", "佐藤花子"}
    assert meta["user_defined"] == [{"name": "担当者", "value": "鈴木"}]
    assert meta["annotations"][0]["author"] == "山田太郎"
    assert [c["kind"] for c in meta["tracked_changes"]] == ["deletion", "insertion"]
    assert meta["tracked_changes"][0]["text"] == "ただし、甲の承認を受けたときは、この限りでない。"
    assert meta["track_changes_on"] is True
    assert {h["kind"] for h in meta["hidden"]} == {"text", "paragraph", "section"}
    got = {(f.code, f.article) for f in validate(paragraphs, meta).findings}
    assert {("META_ANNOTATION", 7), ("META_TRACKED_CHANGE", 7), ("META_TRACKED_CHANGE", 8),
            ("META_HIDDEN_TEXT", 8), ("META_HIDDEN_PARAGRAPH", 8),
            ("META_HIDDEN_SECTION", 9), ("META_AUTHOR", None),
            ("META_USER_PROPERTY", None)} <= got
    assert "NUM_ARTICLE_DUPLICATE" not in {c for c, _ in got}   # the hidden 第8条 is not read


@pytest.mark.parametrize("mode", ["continue-numbering", "continue-list"])
def test_articles_numbered_by_list_numbering(tmp_path, r5, mode):
    path = odt_build.build_numbered(r5, tmp_path / "numbered.odt", mode)
    paragraphs, _ = read_document(path)
    assert paragraphs[2].startswith("第1条\u3000") and paragraphs[-1].startswith("第21条\u3000")
    assert validate(paragraphs).errors == []


@pytest.mark.parametrize("n, fmt, label", [(3, "1", "3"), (12, "１, ２, ３, ...", "１２"),
                                           (21, "一, 二, 三, ...", "二十一"),
                                           (2, "ア, イ, ウ, ...", "イ"), (2, "", "")])
def test_list_number_formats(n, fmt, label):
    assert format_number(n, fmt) == label


# -- with LibreOffice: files as Writer and Word save them ---------------------

def test_what_libreoffice_writes_is_read_the_same(tmp_path, r5, soffice):
    from tokki_odf.office.soffice import convert
    i = seed.find_line(r5, "第7条")
    src = odt_build.build(
        r5, tmp_path / "src.odt", comment=(i, "山田太郎", "制限にする？"),
        deletion=(i, "山田太郎", "ただし、甲の承認を受けたときは、この限りでない。"),
        hidden_span=(i + 2, "秘密のメモ"), hidden_paragraph=(i + 3, "隠した段落"),
        hidden_section=(i + 4, ["第8条 隠した案"]))
    saved = convert(src, str(tmp_path / "saved.odt"), "odt")
    got = {(f.code, f.article) for f in findings(saved).findings}
    assert {("META_ANNOTATION", 7), ("META_TRACKED_CHANGE", 7), ("META_HIDDEN_TEXT", 8),
            ("META_HIDDEN_PARAGRAPH", 8), ("META_HIDDEN_SECTION", 9)} <= got
    assert not [c for c, _ in got if c.startswith(("NUM_", "REF_ARTICLE"))]


def test_docx_is_converted_and_validated(tmp_path, r5, soffice):
    from tokki_odf.office.soffice import convert
    i = seed.find_line(r5, "第7条")
    clean = convert(odt_build.build_numbered(r5, tmp_path / "n.odt"), str(tmp_path / "n.docx"))
    report = findings(clean)
    assert report.errors == [] and report.coverage["3"] == [7, 8]
    dirty = convert(odt_build.build(
        r5, tmp_path / "d.odt", comment=(i, "山田太郎", "制限にする？"),
        deletion=(i, "山田太郎", "ただし、甲の承認を受けたときは、この限りでない。"),
        hidden_span=(i + 2, "秘密のメモ")), str(tmp_path / "d.docx"))
    got = {(f.code, f.article) for f in findings(dirty).findings}
    assert {("META_ANNOTATION", 7), ("META_TRACKED_CHANGE", 7), ("META_HIDDEN_TEXT", 8)} <= got
    assert not (tmp_path / "d.odt.odt").exists()
