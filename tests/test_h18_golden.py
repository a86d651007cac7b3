"""The 平成18年 ひな型 (templates/tokki-h18.fodt) against the seed's 資料A, and every
combination of its answers.

The expected text is cut out of the seed (the PDF text extraction) between anchors,
never retyped: both sides are compared after NFKC with all white space removed (which
also repairs the PDF's broken lines), with the extraction's artefacts dropped (list
bullets, the brace of the 項目 example, the (※1) markers that point at notes).
"""
import itertools
import re
import unicodedata
from pathlib import Path

import pytest

from tokki_odf.api import load_template, assemble_document
from tokki_odf.core.odf.namespaces import NS, q, CONTROL, SECTION
from tokki_odf.core.odf.text import inline_text, iter_paragraphs
from tokki_odf.core.template.model import style_resolver

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "templates" / "tokki-h18.fodt"
SEED = REPO / "tests" / "fixtures" / "seed" / "toshima-2023-07.txt"
BUSINESS = "住民情報システム運用保守業務"

_DROP = [
    re.compile(r"\(※\s*\d\)"),                           # (※1) markers inside 記載例 items
    re.compile(r"\(左記のように個人情報の項目を記入する。\)"),   # guidance beside the brace
    re.compile(r"^\s*-\s", re.M),                         # PDF list bullets
    re.compile(r"[}|]"),                                  # the brace / table rules
]


def norm(text):
    text = unicodedata.normalize("NFKC", text)
    for pattern in _DROP:
        text = pattern.sub("", text)
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip("the seed text is not on this machine (%s)" % SEED)
    text = unicodedata.normalize("NFKC", SEED.read_text(encoding="utf-8"))
    start = re.search(r"^\(記載例\)\s*$", text, re.M).start()   # 資料A: the first 記載例 heading
    end = text.index("業務の委託に係る個人情報の安全確保のために守るべき事項", start)
    return norm(text[start:end])


def between(text, start, end, nth=1):
    """From the nth occurrence of `start` (included) to the next `end` (excluded)."""
    start, end = norm(start), norm(end) if end else None
    pos = -1
    for _ in range(nth):
        pos = text.index(start, pos + 1)
    return text[pos:] if end is None else text[pos:text.index(end, pos + len(start))]


def expected_text(seed, a):
    """The seed's wording for answers `a`, article by article."""
    out = [between(seed, "個人情報特記事項", "(基本的責務)")]
    out.append(between(seed, "(基本的責務)", "(取り扱う個人情報の範囲等)")
               .replace("○○業務", a["business_name"]))
    para2 = between(seed, "2 乙は、受託業務に係る個人情報を取り扱う", "(受託業務に従事する者の義務)")
    if a["scope"] == "provided_and_collected":
        out.append(between(seed, "(取り扱う個人情報の範囲等)", "ウ その他受託業務", 1))
        if a["collected_other"]:
            out.append(between(seed, "ウ その他受託業務", "※1 個人情報の項目を"))
    elif a["scope"] == "collected_only":
        out.append(between(seed, "(取り扱う個人情報の範囲等)", "(3) その他受託業務", 2))
        if a["collected_other"]:
            out.append(between(seed, "(3) その他受託業務", "※3"))
    else:
        out.append(between(seed, "(取り扱う個人情報の範囲等)", "2 乙は、受託業務に係る", 3))
    out.append(para2)
    out.append(between(seed, "(受託業務に従事する者の義務)", "(セキュリティ対策の整備義務)"))
    out.append(between(seed, "(セキュリティ対策の整備義務)", "※ 乙が受託業務を電算処理する"))
    if a["computer_processing"]:
        out.append(between(seed, "特に、受託業務を電子計算機", "2 乙は、受託業務に従事している者"))
    out.append(between(seed, "2 乙は、受託業務に従事している者", "(目的外利用の禁止)"))
    variants = [
        ("purpose_use", {"prohibit": ("(目的外利用の禁止)", "※ 目的外利用すること", 1),
                         "restrict": ("(目的外利用の制限)", "(外部提供の禁止)", 1)}),
        ("external_provision", {"prohibit": ("(外部提供の禁止)", "※ 外部提供すること", 1),
                                "restrict": ("(外部提供の制限)", "(再委託の禁止)", 1)}),
        ("subcontract", {"prohibit": ("(再委託の禁止)", "※ 再委託すること", 1),
                         "restrict": ("(再委託の制限)", "(複写又は複製の禁止)", 1)}),
        ("copying", {"prohibit": ("(複写又は複製の禁止)", "※1 マイクロフィルム", 1),
                     "within_spec": ("(複写又は複製の制限)", "※2 上記※1", 1),
                     "with_approval": ("(複写又は複製の制限)", "(持ち出しの禁止)", 2)}),
        ("removal", {"prohibit": ("(持ち出しの禁止)", "※ 持ち出しすること", 1),
                     "restrict": ("(持ち出しの制限)", "(資料等の返還義務)", 1)}),
        ("materials", {"return": ("(資料等の返還義務)", "※ 資料等は返還が原則", 1),
                       "return_or_dispose": ("(資料等の返還義務)", "(個人情報の取扱状況の報告)", 2)}),
    ]
    for key, spans in variants:
        start, end, nth = spans[a[key]]
        out.append(between(seed, start, end, nth))
    out.append(between(seed, "(個人情報の取扱状況の報告)", "※報告時期は"))
    out.append(between(seed, "(監督に応じる義務)", None))    # 第12条 … 第19条 (罰則)
    return "".join(out)


TEMPLATE_OBJ = load_template(str(TEMPLATE))
CHOICES = [(k, [o.value for o in qq.options] if qq.kind == "choice" else [True, False])
           for k, qq in TEMPLATE_OBJ.questions.items() if qq.kind in ("choice", "flag")]


def all_answers():
    keys = [k for k, _v in CHOICES]
    for combo in itertools.product(*[v for _k, v in CHOICES]):
        a = dict(zip(keys, combo))
        a["business_name"] = BUSINESS
        yield a


def document_text(flat):
    body = flat.find("office:body/office:text", NS)
    return [inline_text(p) for p in iter_paragraphs(body)]


def test_the_questions_and_their_keys():
    qs = TEMPLATE_OBJ.questions
    assert list(qs) == ["business_name", "client_name", "scope", "collected_other",
                        "provided_items", "collected_items", "computer_processing",
                        "purpose_use", "external_provision", "subcontract", "copying",
                        "removal", "materials"]
    assert [o.value for o in qs["purpose_use"].options] == ["prohibit", "restrict"]
    assert qs["purpose_use"].default == "prohibit"
    # the keys it shares with R5 mean the same there: same kind and options
    r5 = load_template(str(REPO / "templates" / "tokki-r5.fodt")).questions
    for key, question in qs.items():
        if key == "purpose_use":
            assert key not in r5
            continue
        assert r5[key].kind == question.kind, key
        assert [o.value for o in r5[key].options] == [o.value for o in question.options], key
    assert len(TEMPLATE_OBJ.article_ids) == 19


def test_every_variant_is_the_seed_wording(seed):
    """All 1,152 combinations of the choices and flags: the whole document equals the seed's
    text for those answers (so every ※ variant is checked, in every context)."""
    count = 0
    for a in all_answers():
        got = norm("\n".join(document_text(assemble_document(TEMPLATE_OBJ, a))))
        want = expected_text(seed, a)
        if got != want:
            i = next(i for i, (x, y) in enumerate(zip(got, want)) if x != y) \
                if any(x != y for x, y in zip(got, want)) else min(len(got), len(want))
            pytest.fail("answers %s:\n got …%s…\nwant …%s…" % (
                {k: v for k, v in a.items() if k != "business_name"},
                got[max(0, i - 40):i + 60], want[max(0, i - 40):i + 60]))
        count += 1
    assert count == 3 * 2 * 2 * 2 * 2 * 2 * 3 * 2 * 2


def test_golden_spans_are_where_expected(seed):
    """Guard the anchors themselves: the cut-outs start with the article they are for."""
    a = dict(next(all_answers()), purpose_use="restrict", materials="return_or_dispose")
    text = expected_text(seed, a)
    for article in range(1, 20):
        assert "第%d条" % article in text
    assert "第8条で規定する「複写又は複製したもの」" in text       # the H18 citation is right
    assert text.count("条例第46条又は第48条") == 1
    assert text.endswith("業務を受託した法人又は人50万円以下の罰金")


def structure(flat):
    """[(role, text)] of the numbered paragraphs of an assembled document."""
    role = style_resolver(flat)
    body = flat.find("office:body/office:text", NS)
    return [(role(p.get(q("text:style-name"))), inline_text(p)) for p in iter_paragraphs(body)]


KATAKANA = "アイウエオカキクケコ"


def check_numbers(paras, start):
    article, paragraph, item, sub = start - 1, 0, 0, 0
    for role, text in paras:
        if role == "article":
            article += 1
            paragraph, item = 1, 0
            assert text.startswith("第%d条　" % article), text[:12]
        elif role == "paragraph":
            paragraph += 1
            item = 0
            assert text.startswith("%d　" % paragraph), (article, text[:12])
        elif role == "item":
            item += 1
            sub = 0
            assert text.startswith("(%d)　" % item), (article, text[:12])
        elif role == "subitem":
            assert text.startswith(KATAKANA[sub] + "　"), (article, text[:12])
            sub += 1
    return article


ORDINANCE = ["豊島区個人情報等の保護に関する条例（平成12年豊島区条例第3号。以下「条例」という。）"
             "第2条第1項第4号アに係る個人情報ファイル",
             "条例第46条又は第48条の規定に基づき", "条例第47条又は第48条の規定に基づき"]


@pytest.mark.parametrize("start", [1, 5])
def test_every_combination_assembles_cleanly(start):
    """Contiguous numbers, references resolved, no guidance left, the 条例 untouched."""
    for a in all_answers():
        flat = assemble_document(TEMPLATE_OBJ, a, start_article=start)
        paras = structure(flat)
        assert check_numbers(paras, start) == start + 18
        text = "\n".join(t for _r, t in paras)
        for leftover in ("○○", "※", "次のような表現にする", "記載例"):
            assert leftover not in text, (leftover, a)
        body = flat.find("office:body/office:text", NS)
        assert body.find(".//" + CONTROL) is None
        assert body.find(".//" + SECTION) is None
        for phrase in ORDINANCE:
            assert text.count(phrase) == 1, (phrase, start)
        n = lambda k: start + k - 1                     # noqa: E731  (the seed's 第k条)
        assert "第%d条　乙は、第%d条第1項各号に掲げる個人情報" % (n(5), n(2)) in text
        assert "第%d条　第%d条から前条までの規定に違反する" % (n(16), n(2)) in text
        assert "第%d条　第%d条から第%d条までの規定に違反する" % (n(17), n(2), n(15)) in text
        if a["materials"] == "return_or_dispose":
            assert "資料（第%d条で規定する「複写又は複製したもの」を含む。）" % n(8) in text
            assert "2　乙は、前項ただし書の規定により廃棄する" in text
        for key, caption in (("purpose_use", "目的外利用"), ("external_provision", "外部提供")):
            assert "（%sの%s）" % (caption, "制限" if a[key] == "restrict" else "禁止") in text
        if a["subcontract"] == "restrict":
            assert "3　前項の場合、乙は、再委託先に" in text


def test_start_article_renumbers_only_the_provisions(tmp_path):
    """The CLI, as a clerk runs it: --start-article 5 moves 第1条 to 第5条, and the
    references to the 条例 keep their numbers."""
    from tokki_odf.cli.main import main
    from tokki_odf.api import document_text as read_text
    out = tmp_path / "h18.odt"
    answers = REPO / "examples" / "answers" / "h18-restricted.json"
    assert main(["assemble", str(TEMPLATE), "--answers", str(answers), "--out", str(out),
                 "--start-article", "5", "-q"]) == 0
    text = "\n".join(read_text(str(out)))
    assert text.count("以下「条例」という。）第2条第1項第4号アに係る") == 1
    assert "条例第46条又は第48条" in text and "条例第47条又は第48条" in text
    assert "第6条第1項各号" in text and "第2条第1項各号" not in text
    assert "資料（第12条で規定する" in text
    assert "第22条　正当な理由がないのに" in text and "第23条　受託業務に関して知り得た" in text
    assert "第24条" not in text


def test_example_answers_assemble(tmp_path):
    from tokki_odf.api import read_answers
    for name in ("h18-standard.json", "h18-restricted.json"):
        answers = read_answers(str(REPO / "examples" / "answers" / name))
        assert answers["$template"] == "tokki-h18"     # the convention of build.py demo and the extension
        flat = assemble_document(TEMPLATE_OBJ, answers, where=name)
        assert check_numbers(structure(flat), 1) == 19
