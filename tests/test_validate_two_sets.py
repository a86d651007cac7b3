"""検証 reports two sets of provisions in one document (issue 13, item 3): the 特記事項
inserted twice (again from 第1条, or continuing the numbering, or with other
answers) or pasted twice. The rule is in the core validator, so `tokki validate`
and Writer's 検証 (which runs `tokki validate` on its saved copy) agree; the
Writer side is in tests/test_extension_findings.py."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "validate"))
import odt_build  # noqa: E402

from support.helpers import assembled_lines  # noqa: E402
from tokki_odf.cli.main import main as tokki_main  # noqa: E402
from support.recognition import validate  # noqa: E402

CONTRACT = ["業務委託契約書", "（目的）", "第1条　甲は、乙に次の業務を委託する。",
            "（期間）", "第2条　委託期間は、令和7年4月1日から令和8年3月31日までとする。"]


def two_sets(report):
    return [f for f in report.findings if f.code == "STRUCTURE_TWO_SETS"]


def article_count(lines):
    return sum(1 for line in lines if line.startswith("第") and "条" in line[:5])


def test_one_set_is_not_reported():
    assert two_sets(validate(assembled_lines({}))) == []
    assert two_sets(validate(CONTRACT + assembled_lines({}, start=3))) == []


def test_pasted_twice_is_reported_at_the_second_set():
    once = assembled_lines({})
    lines = once + once
    found = two_sets(validate(lines))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert f.index == len(once) + once.index(next(t for t in once if t.startswith("第1条")))
    assert lines[f.index].startswith("第1条")
    assert "2組" in f.message and "twice" in f.message_en
    n = article_count(once)
    assert "同じ条 %d" % n in f.message


def test_inserted_twice_continuing_a_contract_with_other_answers():
    first = assembled_lines({}, start=3)
    n = article_count(first)
    second = assembled_lines({"business_name": "介護保険認定調査業務",
                              "subcontract": "restrict"}, start=3 + n)
    lines = CONTRACT + first + second
    found = two_sets(validate(lines))
    assert len(found) == 1, [f.message for f in found]
    assert found[0].article == 3 + n
    assert lines[found[0].index].startswith("第%d条" % (3 + n))


def test_contracts_sharing_a_few_captions_are_not_two_sets():
    """Two different texts whose articles share captions but not wording: not matched."""
    a = ["（秘密の保持）", "第1条　乙は、業務上知り得た秘密を漏らしてはならない。",
         "（再委託の禁止）", "第2条　乙は、業務を第三者に委託してはならない。",
         "（準拠法）", "第3条　この契約は日本法に従う。"]
    b = ["（秘密の保持）", "第4条　受注者は、発注者の承諾なく情報を外部に出さないこと。",
         "（再委託の禁止）", "第5条　受注者は、あらかじめ書面による承認を得た場合を除き再委託しない。",
         "（準拠法）", "第6条　本契約の準拠法は日本法とし、東京地方裁判所を管轄とする。"]
    assert two_sets(validate(a + b)) == []


def test_tokki_validate_reports_two_sets_in_a_file(tmp_path, capsys):
    once = assembled_lines({})
    path = odt_build.build(once + once, tmp_path / "twice.odt")
    rc = tokki_main(["validate", str(path), "--json"])
    data = json.loads(capsys.readouterr()[0])
    assert rc == 1
    codes = [f["code"] for f in data["errors"]]
    assert codes.count("STRUCTURE_TWO_SETS") == 1
