"""`tokki check-template`: the bundled templates pass; broken copies fail with the right rule.

The broken copies are made the way a person breaks a template: one edit to the bundled
file (a misspelt option, a reference to an ID that is not there, a field copied twice).
"""
import json
from pathlib import Path

import pytest

from tokki_odf.cli.main import main
from tokki_odf.core.lint import Linter, lint, _combinations, MAX_COMBINATIONS
from tokki_odf.io.package import flat_from_bytes

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"
BUNDLED = ["tokki-r5.fodt", "tokki-h18.fodt", "report-r5.fodt"]


def codes(problems, severity="error"):
    return sorted({p.code for p in problems if p.severity == severity})


def lint_text(text, name="t.fodt"):
    return lint(flat_from_bytes(text.encode("utf-8"), name), name)


def broken(name, old, new, count=1):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert text.count(old) >= count, "the edit %r no longer applies to %s" % (old, name)
    return text.replace(old, new, count)


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_templates_pass(name, capsys):
    assert main(["check-template", str(TEMPLATES / name)]) == 0
    out = capsys.readouterr().out
    assert "エラー 0件、警告 0件" in out
    assert main(["check-template", str(TEMPLATES / name), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == [] and data["warnings"] == []
    assert data["kind"] == ("report" if name.startswith("report") else "provisions")


# -- a broken copy of each bundled template ------------------------------------------------

def test_broken_r5_reference_to_an_unknown_target(tmp_path, capsys):
    bad = tmp_path / "r5-broken.fodt"
    bad.write_text(broken("tokki-r5.fodt", 'loext:tag="ref:copying"', 'loext:tag="ref:copyng"'),
                   encoding="utf-8")
    assert main(["check-template", str(bad), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [e["code"] for e in data["errors"]] == ["T-UNKNOWN-TARGET"]
    error = data["errors"][0]
    assert error["where"].startswith("art:materials「第17条")
    assert "copyng" in error["message"] and "copyng" in error["message_en"]
    assert list(error) == ["code", "severity", "where", "excerpt", "message", "message_en"]


def test_broken_h18_variant_names_an_option_the_dropdown_lacks(tmp_path, capsys):
    bad = tmp_path / "h18-broken.fodt"
    bad.write_text(broken("tokki-h18.fodt", 'text:name="if:purpose_use=restrict"',
                          'text:name="if:purpose_use=restricted"'), encoding="utf-8")
    assert main(["check-template", str(bad)]) == 1
    out = capsys.readouterr().out
    # the variant text has no option, and the option 'restrict' has no variant text
    assert "[T-TEXT-WITHOUT-OPTION] セクション if:purpose_use=restricted" in out
    assert "「restricted」はドロップダウン「purpose_use」の選択肢にありません" in out
    assert "[T-OPTION-WITHOUT-TEXT]" in out and "選択肢「restrict」" in out


def test_broken_report_with_a_field_copied_twice(tmp_path, capsys):
    bad = tmp_path / "report-broken.fodt"
    bad.write_text(broken("report-r5.fodt", 'loext:tag="report.q7.yes"', 'loext:tag="report.q6.yes"'),
                   encoding="utf-8")
    assert main(["check-template", str(bad), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert sorted(e["code"] for e in data["errors"]) == ["T-DUPLICATE-ID", "T-REPORT-TAG-MISSING"]
    assert any("report.q7.yes" in e["message"] for e in data["errors"])
    dup = next(e for e in data["errors"] if e["code"] == "T-DUPLICATE-ID")
    assert "(7)" in dup["where"]          # the table row where the copy is


def test_unreadable_template_is_exit_2(tmp_path, capsys):
    bad = tmp_path / "x.fodt"
    bad.write_text("<not-odf/>", encoding="utf-8")
    assert main(["check-template", str(bad)]) == 2
    assert main(["check-template", str(tmp_path / "missing.fodt")]) == 2


# -- each rule on a small template ----------------------------------------------------------

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
"""
TAIL = "</office:text></office:body></office:document>"


def dropdown(key, options, alias="問い", shown=None):
    items = "".join('<loext:list-item loext:display-text="%s" loext:value="%s"/>' % (o, o)
                    for o in options)
    return ('<loext:content-control loext:dropdown="true" loext:alias="%s" loext:tag="%s">%s%s'
            '</loext:content-control>' % (alias, key, items, shown or options[0]))


def checkbox(key, alias="問い"):
    return ('<loext:content-control loext:checkbox="true" loext:checked-state="☒" '
            'loext:unchecked-state="☐" loext:alias="%s" loext:tag="%s">☐</loext:content-control>'
            % (alias, key))


def cc(tag, text="…", alias="説明"):
    alias_attr = ' loext:alias="%s"' % alias if alias else ""
    return '<loext:content-control%s loext:tag="%s">%s</loext:content-control>' % (
        alias_attr, tag, text)


def P(style, content):
    return '<text:p text:style-name="%s">%s</text:p>\n' % (style, content)


def section(name, content):
    return '<text:section text:name="%s">%s</text:section>\n' % (name, content)


def doc(*parts):
    return HEAD + "".join(parts) + TAIL


GOOD = doc(
    section("art:first",
            P("特記事項設問", "設問：方式 " + dropdown("mode", ["a", "b"]))
            + section("if:mode=a", P("特記事項条", "第1条　Aの文。"))
            + section("if:mode=b", P("特記事項条", "第1条　Bの文。ただし、例外とする。"))),
    section("art:second",
            P("特記事項条", "第2条　" + cc("ref:first", "前条") + "の規定。")))


def test_a_small_good_template_passes():
    assert lint_text(GOOD) == []


def test_unknown_tags():
    text = GOOD.replace('loext:tag="ref:first"', 'loext:tag="Business Name"')
    problems = lint_text(text)
    assert codes(problems) == ["T-UNKNOWN-TAG"]
    assert "Business Name" in problems[0].message and problems[0].where.startswith("art:second")
    text = GOOD.replace('loext:tag="ref:first"', 'loext:tag="contract_no"')
    assert "T-UNKNOWN-TAG" in codes(lint_text(text))             # reserved for the report
    text = GOOD.replace('loext:tag="ref:first"', 'loext:tag="report.q1.yes"')
    assert "T-UNKNOWN-TAG" in codes(lint_text(text))             # report field in provisions
    text = GOOD.replace('loext:tag="ref:first"', 'loext:tag=""')
    assert codes(lint_text(text), "warning") == ["T-UNKNOWN-TAG"]


def test_option_without_variant_text_and_variant_without_option():
    text = GOOD.replace(dropdown("mode", ["a", "b"]), dropdown("mode", ["a", "b", "c"]))
    problems = lint_text(text)
    assert codes(problems) == ["T-OPTION-WITHOUT-TEXT"]
    assert "「c」" in problems[0].message and "if:mode=c" in problems[0].message
    text = GOOD.replace('"if:mode=b"', '"if:mode=x"')
    assert codes(lint_text(text)) == ["T-OPTION-WITHOUT-TEXT", "T-TEXT-WITHOUT-OPTION"]


def test_flags_and_choices_tested_the_wrong_way():
    text = doc(section("art:first",
                       P("特記事項設問", checkbox("pc") + dropdown("mode", ["a", "b"]))
                       + section("if:pc=true", P("特記事項条", "第1条　文。"))
                       + section("if:mode", P("特記事項項", "2　文。"))
                       + section("if:mode=a or mode=b", P("特記事項項", "3　文。"))))
    problems = lint_text(text)
    assert codes(problems) == ["T-TEXT-WITHOUT-OPTION"]
    messages = " ".join(p.message for p in problems)
    assert "「pc」はチェックボックスなので「pc=true」とは書けません" in messages
    assert "「mode」はチェックボックスではない" in messages


def test_condition_on_a_key_no_question_asks():
    text = GOOD.replace('"if:mode=b"', '"if:mode=b and urgent"')
    problems = lint_text(text)
    assert codes(problems) == ["T-UNKNOWN-KEY"]
    assert "urgent" in problems[0].message


def test_bad_condition_syntax():
    text = GOOD.replace('"if:mode=b"', '"if:mode=b and (x"')
    assert "T-BAD-CONDITION" in codes(lint_text(text))


def test_duplicate_ids():
    text = GOOD.replace('"art:second"', '"art:first"')
    assert "T-DUPLICATE-ID" in codes(lint_text(text))
    bm = '<text:bookmark text:name="p:first.x"/>'
    text = GOOD.replace("第1条　Aの文。", bm + "第1条　Aの文。").replace(
        "第1条　Bの文。", bm + "第1条　Bの文。")
    problems = lint_text(text)
    assert codes(problems) == ["T-DUPLICATE-ID"] and "p:first.x" in problems[0].message
    text = GOOD.replace('"if:mode=b"', '"if:mode=a"')             # Writer renames duplicates
    assert "T-DUPLICATE-ID" in codes(lint_text(text))
    assert lint_text(text.replace('"if:mode=a">', '"if:mode=a#2">', 1)) != []  # b lost, not a dup
    text = GOOD.replace(dropdown("mode", ["a", "b"]), dropdown("mode", ["a", "b", "a"]))
    assert "T-DUPLICATE-ID" in codes(lint_text(text))


def test_references_to_unknown_targets_and_missing_provisos():
    text = GOOD.replace('"ref:first"', '"ref:frist"')
    problems = lint_text(text)
    assert codes(problems) == ["T-UNKNOWN-TARGET"] and "frist" in problems[0].message
    # only the mode=b wording has a ただし書: the static check passes, assembling mode=a fails
    problems = lint_text(GOOD.replace('"ref:first"', '"ref:first/proviso"'))
    assert codes(problems) == ["T-ASSEMBLY"] and "mode=a" in problems[0].message
    assert codes(lint_text(GOOD.replace('"ref:first"', '"ref:second/proviso"'))) == \
        ["T-BAD-REFERENCE"]
    assert codes(lint_text(GOOD.replace('"ref:first"', '"ref:first.1/items"'))) == \
        ["T-BAD-REFERENCE"]
    assert codes(lint_text(GOOD.replace('"ref:first"', '"ref:first/bogus"'))) == \
        ["T-UNKNOWN-TARGET"]


def test_reference_that_some_answers_remove_fails_assembly():
    """The target exists, but only for mode=a: the assembly check names the answers."""
    text = doc(section("art:first",
                       P("特記事項設問", dropdown("mode", ["a", "b"]))
                       + P("特記事項条", "第1条　本文。")
                       + section("if:mode=a", P("特記事項項", '<text:bookmark text:name="p:first.extra"/>'
                                                "2　追加の項。"))
                       + section("if:mode=b", P("特記事項項", "2　別の項。"))),
               section("art:second", P("特記事項条", "第2条　" + cc("ref:first.extra", "前条第2項")
                                       + "の規定。")))
    problems = lint_text(text)
    assert codes(problems) == ["T-ASSEMBLY"]
    assert "mode=b" in problems[0].message and "first.extra" in problems[0].message


def test_condition_cycles():
    text = doc(section("art:first",
                       section("if:b", P("特記事項設問", checkbox("a", "問いA")))
                       + section("if:a", P("特記事項設問", checkbox("b", "問いB")))
                       + P("特記事項条", "第1条　文。")
                       + section("if:a and b", P("特記事項項", "2　文。"))))
    problems = lint_text(text)
    assert codes(problems) == ["T-CONDITION-CYCLE"]
    assert "a → b → a" in problems[0].message or "b → a → b" in problems[0].message
    text = doc(section("art:first", section("if:a", P("特記事項設問", checkbox("a")))
                       + P("特記事項条", "第1条　文。") + section("if:a#2", P("特記事項項", "2　文。"))))
    problems = lint_text(text)
    assert codes(problems) == ["T-CONDITION-CYCLE"] and "a → a" in problems[0].message


def test_missing_labels():
    text = GOOD.replace(dropdown("mode", ["a", "b"]), dropdown("mode", ["a", "b"], alias=""))
    problems = lint_text(text)
    assert codes(problems) == ["T-MISSING-LABEL"] and "mode" in problems[0].message
    text = GOOD.replace('loext:display-text="b"', 'loext:display-text=""')
    assert codes(lint_text(text)) == ["T-MISSING-LABEL"]
    text = GOOD.replace(cc("ref:first", "前条"), cc("ref:first", "前条", alias=None))
    assert codes(lint_text(text)) == [] and codes(lint_text(text), "warning") == ["T-MISSING-LABEL"]


def test_kind_mismatch_and_placement():
    text = GOOD.replace(cc("ref:first", "前条"), checkbox("mode"))
    problems = codes(lint_text(text))
    assert "T-KIND-MISMATCH" in problems and "T-CONTROL-PLACEMENT" in problems


def test_structure_rules():
    text = GOOD.replace(section("art:second", P("特記事項条", "第2条　" + cc("ref:first", "前条")
                                                + "の規定。")),
                        P("特記事項条", "第2条　外の条。") + section("art:second", P("特記事項見出し", "（空）")))
    assert codes(lint_text(text)) == ["T-EMPTY-ARTICLE", "T-OUTSIDE-ARTICLE"]
    assert codes(lint_text(GOOD.replace('"art:second"', '"art:Second"'))) == ["T-BAD-ID"]
    assert codes(lint_text(doc(P("Standard", "ただの文書。")))) == ["T-NOT-TEMPLATE"]


def test_report_rules():
    text = (TEMPLATES / "report-r5.fodt").read_text(encoding="utf-8")
    assert codes(lint_text(text.replace('loext:tag="report.q9.detail"',
                                        'loext:tag="report.q9.details"'))) == \
        ["T-REPORT-TAG-MISSING", "T-UNKNOWN-TAG"]
    assert codes(lint_text(text.replace('loext:checkbox="true" loext:checked-state="☒" '
                                        'loext:unchecked-state="☐" loext:alias="(3) いいえ"',
                                        'loext:plain-text="true" loext:alias="(3) いいえ"'))) == \
        ["T-KIND-MISMATCH"]
    assert codes(lint_text(text.replace('loext:alias="(5) はい" ', ''))) == ["T-MISSING-LABEL"]
    assert codes(lint_text(text.replace('loext:tag="report.date"', 'loext:tag="date"'))) == \
        ["T-REPORT-TAG-MISSING", "T-UNKNOWN-TAG"]


def test_combinations_all_or_pairwise():
    small = [("a", [1, 2]), ("b", [True, False])]
    assert len(list(_combinations(small))) == 4
    big = [("k%d" % i, ["x", "y", "z"]) for i in range(6)]     # 729 > MAX_COMBINATIONS
    assert 3 ** 6 > MAX_COMBINATIONS
    pairs = list(_combinations(big))
    assert len(pairs) == 15 * 9
    assert {"k0": "z", "k5": "y"} in pairs


def test_linter_reports_kind():
    flat = flat_from_bytes((TEMPLATES / "report-r5.fodt").read_bytes(), "r")
    linter = Linter(flat, "r")
    linter.run()
    assert linter.kind == "report"
