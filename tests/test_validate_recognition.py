"""The validate rules' recognition data (templates/recognition.json) is data the rules
really use: a changed phrase in a copy changes the outcome, two data sets never mix,
and a malformed file is a clear error (which key, what is allowed; exit 2)."""
import copy
import json
import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "validate"))
import validate_seed as seed  # noqa: E402

from support.recognition import REC, validate  # noqa: E402
from tokki_odf.cli.main import main as tokki_main  # noqa: E402
from tokki_odf.core.validate import render  # noqa: E402
from tokki_odf.core.validate.recognition import Recognition  # noqa: E402
from tokki_odf.errors import RecognitionError  # noqa: E402
from tokki_odf.io import recognition as io_recognition  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "templates" / "recognition.json"
# 第19条 (損害賠償) said another way: no word of the bundled 損害賠償 phrases
COMPENSATION = ["(損失の補てん)",
                "第19条 第2条から第16条までの規定に違反する行為によって甲に損失が生じたときは、"
                "乙はその損失を補てんしなければならない。"]


@pytest.fixture(scope="module")
def data():
    return json.loads(BUNDLED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def r5():
    return seed.main_variant("r5")


def damages_part(d):
    return next(p for p in d["coverage"] if p["ja"] == "損害賠償")


def missing(report):
    return [f for f in report.errors if f.code == "COVERAGE_MISSING"]


def test_the_bundled_file_is_utf8_nfc_and_what_io_reads(data):
    text = BUNDLED.read_bytes().decode("utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert data["format"] == 1
    assert io_recognition.bundled_path() == str(BUNDLED)   # the checkout's, in the tests
    rec = Recognition.from_dict(data)
    assert [tuple(p) for p in rec.parts] == [tuple(p) for p in REC.parts]
    assert rec.items == REC.items and sorted(rec.items) == [str(i) for i in range(1, 9)]


def test_a_phrase_added_to_a_copy_covers_an_article_said_another_way(data, r5):
    text = seed.replace_article(r5, 19, COMPENSATION)
    before = validate(text)
    assert [f.article for f in missing(before)] == [None] and "損害賠償" in \
        missing(before)[0].message
    assert before.coverage["7"] == [18]
    changed = copy.deepcopy(data)
    damages_part(changed)["body"].append("損失を補てんしなければ")
    after = validate(text, None, Recognition.from_dict(changed))
    assert missing(after) == [] and after.coverage["7"] == [18, 19]
    # the bundled data is untouched and the per-data memo did not leak into it
    again = validate(text)
    assert [f.message for f in missing(again)] == [f.message for f in missing(before)]


def test_a_caption_word_removed_from_a_copy_uncovers_the_article(data, r5):
    changed = copy.deepcopy(data)
    part = next(p for p in changed["coverage"] if p["ja"] == "契約解除")
    part["caption"] = ["契約の終了"]
    part["body"] = ["契約を終了させる"]
    report = validate(r5, None, Recognition.from_dict(changed))
    assert [("契約解除" in f.message) for f in missing(report)] == [True]
    assert report.coverage["7"] == [19]
    assert validate(r5).coverage["7"] == [18, 19]


def test_the_item_names_come_from_the_data(data, r5):
    changed = copy.deepcopy(data)
    changed["items"]["7"]["ja"] = "違反時の契約解除等（試験用の名前）"
    changed["items"]["7"]["en"] = "breach (a test name)"
    rec = Recognition.from_dict(changed)
    report = validate(seed.replace_article(r5, 19, COMPENSATION), None, rec)
    assert "違反時の契約解除等（試験用の名前）" in missing(report)[0].message
    assert "breach (a test name)" in missing(report)[0].message_en
    assert "⑦ 違反時の契約解除等（試験用の名前）：第18条" in render(report, None, "ja", rec)
    assert "(7) breach (a test name): Article 18" in render(report, None, "en", rec)
    assert "⑦ %s：第18条" % REC.items["7"] in render(report, None, "ja", REC)


def test_the_caption_rules_use_the_ordinary_clauses_of_the_data(data, r5):
    block = seed.article_block("r5", 6, 2)
    block[0] = "(再委託の禁止)"
    text = seed.replace_article(r5, 6, block)
    code = "CAPTION_PROHIBIT_HAS_PROVISO"
    assert code in {f.code for f in validate(text).findings}
    changed = copy.deepcopy(data)
    changed["ordinary_clauses"].append("再委託の禁止")
    assert code not in {f.code for f in validate(text, None, Recognition.from_dict(changed))
                        .findings}


def test_core_validate_needs_the_data_as_a_value(r5):
    from tokki_odf.core.validate import validate as core_validate
    with pytest.raises(TypeError, match="Recognition"):
        core_validate(r5, {}, {"format": 1})


@pytest.mark.parametrize("change, key, allowed", [
    (lambda d: d.pop("ban"), "ban", "every one of"),
    (lambda d: d.update(bans=["x"]), "bans", "comments whose key starts with _"),
    (lambda d: d.update(format=2), "format", "allowed: 1"),
    (lambda d: d.update(ban=3), "ban", "a regex as a string, or a list"),
    (lambda d: d.update(word="[一-"), "word", "Python re syntax"),
    (lambda d: d["items"].pop("8"), "items", '"1" … "8"'),
    (lambda d: d["coverage"][2].update(item="9"), "coverage[2].item", '"1" … "8"'),
    (lambda d: d["coverage"][0].update(required="yes"), "coverage[0].required", "true or false"),
    (lambda d: d["coverage"][1]["body"].append("(?:"), "coverage[1].body", "Python re syntax"),
    (lambda d: d["coverage"][0].update(caption=[""]), "coverage[0].caption[0]",
     "a non-empty string"),
    (lambda d: d["subject_synonyms"].update(守秘="秘密"), "subject_synonyms.守秘",
     "a non-empty list of strings"),
])
def test_malformed_data_names_the_key_and_what_is_allowed(data, change, key, allowed):
    broken = copy.deepcopy(data)
    change(broken)
    with pytest.raises(RecognitionError) as info:
        Recognition.from_dict(broken)
    message = str(info.value)
    assert key in message and allowed in message, message
    assert info.value.exit_code == 2


def test_a_recognition_file_in_tokki_templates_is_used_and_a_broken_one_exits_2(
        tmp_path, monkeypatch, capsys, data, r5):
    doc = tmp_path / "compensation.txt"
    doc.write_text("\n".join(seed.replace_article(r5, 19, COMPENSATION)) + "\n",
                   encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    changed = copy.deepcopy(data)
    damages_part(changed)["body"].append("損失を補てんしなければ")
    (folder / "recognition.json").write_text(json.dumps(changed, ensure_ascii=False),
                                             encoding="utf-8")
    assert tokki_main(["validate", "--json", str(doc)]) == 1      # the bundled data
    out = json.loads(capsys.readouterr().out)
    assert "COVERAGE_MISSING" in {f["code"] for f in out["errors"]}
    monkeypatch.setenv("TOKKI_TEMPLATES", str(folder))
    assert tokki_main(["validate", "--json", str(doc)]) == 0      # the folder's own file
    out = json.loads(capsys.readouterr().out)
    assert out["errors"] == [] and out["coverage"]["7"] == [18, 19]
    (folder / "recognition.json").write_text('{"format": 1, "items": ', encoding="utf-8")
    assert tokki_main(["validate", str(doc)]) == 2                # edited: read again
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "recognition.json: not valid JSON" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_validate_recognition_option_reads_that_file(tmp_path, capsys, data, r5):
    doc = tmp_path / "compensation.txt"
    doc.write_text("\n".join(seed.replace_article(r5, 19, COMPENSATION)) + "\n",
                   encoding="utf-8")
    changed = copy.deepcopy(data)
    damages_part(changed)["body"].append("損失を補てんしなければ")
    changed["items"]["7"]["en"] = "breach (a test name)"
    own = tmp_path / "mine.json"
    own.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    assert tokki_main(["validate", "--lang", "en", "--recognition", str(own), str(doc)]) == 0
    out = capsys.readouterr().out
    assert "(7) breach (a test name): Article 18, Article 19" in out
    assert tokki_main(["validate", "--lang", "en", str(doc)]) == 1
    assert "breach (a test name)" not in capsys.readouterr().out
    del changed["word"]
    own.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    assert tokki_main(["validate", "--recognition", str(own), str(doc)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "mine.json: recognition data, word: missing" in captured.err
    assert tokki_main(["validate", "--recognition", str(tmp_path / "none.json"), str(doc)]) == 2
    assert "none.json: no such file" in capsys.readouterr().err
