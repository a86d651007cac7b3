"""Hardening (issue 11, item 4): property-based tests. Any answers, any CSV bytes: the run
ends in a valid document or in exit 2 with one line. Never exit 3, never a corrupt file,
never a file left behind. Bounded (max_examples, no deadline on a shared machine) so that
all of them take well under a minute."""
import contextlib
import io
import json
import os
import tempfile
import zipfile

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from support import hostile as h  # noqa: E402
from tokki_odf.cli.main import main  # noqa: E402
from tokki_odf.io.package import flat_from_bytes  # noqa: E402

R5 = str(h.R5)
FUZZ = settings(max_examples=250, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Any Unicode, surrogates included (JSON can carry them as \ud800 escapes).
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
JAPANESE = st.text(st.sampled_from(list("業務住民情報システム運用保守第条項号前次○◯〇※　 ,、\"'"
                                        "\n\t\u200b\u202e\ufeff\x01")), max_size=30)
NAMES = st.sampled_from(["業務", "住民情報システム運用保守業務", "ｼｽﾃﾑ１２３業務", "A<B>&C\"D'E]]>",
                         "第3条の規定に違反した者への指導業務", "二〇二四年度業務", "業務\u2028名"])
TEXTS = st.one_of(NAMES, NAMES, JAPANESE, ANY_TEXT, st.text(max_size=1200).map(lambda s: s * 3))
VALUES = st.one_of(TEXTS, st.lists(TEXTS, max_size=60), st.integers(), st.booleans(),
                   st.none(), st.floats(allow_nan=False),
                   st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
KEYS = st.sampled_from(["business_name", "provided_items", "collected_items", "client_name",
                        "court", "contract_no", "contractor_name", "$comment", "unknown",
                        "reconsign", "id"])


def _cli(args):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([str(a) for a in args])
    return code, err.getvalue()


def _assert_outcome(code, err, folder, made):
    assert code in (0, 1, 2), (code, err)
    assert "internal error" not in err and "Traceback" not in err, err
    names = os.listdir(folder)
    assert not [n for n in names if n.endswith(".part") or n.startswith(".tokki-")], names
    for name in made:
        path = os.path.join(folder, name)
        with open(path, "rb") as fh:
            data = fh.read()
        flat_from_bytes(data, name)          # well-formed, reopens with the safe reader
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None


@FUZZ
@given(answers=st.one_of(
    st.fixed_dictionaries({"business_name": NAMES}, optional={
        "provided_items": st.lists(st.one_of(NAMES, JAPANESE), max_size=50)}),
    st.fixed_dictionaries({"business_name": TEXTS}, optional={
        "provided_items": st.lists(TEXTS, max_size=60), "collected_items": st.lists(TEXTS,
                                                                                     max_size=8),
        "client_name": TEXTS, "contract_no": TEXTS}),
    st.fixed_dictionaries({"business_name": st.sampled_from(["業務", "住民情報業務"])}, optional={
        "provided_items": st.lists(JAPANESE, max_size=50), "court": JAPANESE}),
    st.dictionaries(KEYS, VALUES, max_size=6).map(lambda d: dict({"business_name": "業務"}, **d)),
    VALUES.filter(lambda v: not isinstance(v, dict))))
def test_any_answers_make_a_valid_document_or_exit_2_with_one_line(answers):
    with tempfile.TemporaryDirectory(prefix="tokki-fuzz-") as folder:
        src = os.path.join(folder, "a.json")
        with open(src, "w", encoding="utf-8") as fh:
            json.dump(answers, fh)
        out = os.path.join(folder, "o.odt")
        code, err = _cli(["assemble", R5, "--answers", src, "--out", out, "-q"])
        hypothesis.event("assemble exit %d %s" % (code, err.split(":")[-1][:25] if code else ""))
        assert code in (0, 2), (code, err)
        if code == 2:
            assert len([l for l in err.splitlines() if l.strip()]) == 1, err
            assert not os.path.exists(out)
        _assert_outcome(code, err, folder, ["o.odt"] if code == 0 else [])
        if code == 0:
            vcode, verr = _cli(["validate", out])
            assert vcode in (0, 1), verr


CELL = st.one_of(JAPANESE, st.sampled_from(['"', '""', '"a"', "a,b", "\r\n", "\r", "\ufeff",
                                            "id", "business_name", "○○", "\x00"]))
GOOD = st.sampled_from(["業務", "住民情報システム運用保守業務", "ｼｽﾃﾑ業務", '"氏名\n住所"',
                        '"業務""一"""', "税務,業務"])
ENCODINGS = st.sampled_from(["utf-8"] * 4 + ["utf-8-sig", "cp932", "cp932", "cp932", "euc_jp",
                                          "utf-16-le", "utf-16-be", "utf-16", "utf-32"])
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def csv_bytes(draw):
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    header = draw(st.sampled_from(["id,business_name", "id,business_name,provided_items"] * 3 +
                                  ["\ufeffid,business_name", "business_name", "id,unknown"]))
    end = draw(LINE_ENDS)
    lines = [header]
    width = header.count(",")
    for i in range(draw(st.integers(1, 6))):
        n = width if draw(st.integers(0, 3)) else draw(st.integers(0, 3))
        cells = ["R%d" % i] + [draw(GOOD) if draw(st.integers(0, 2)) else draw(CELL)
                               for _ in range(n)]
        lines.append(",".join(cells))
    text = end.join(lines) + draw(st.sampled_from(["", end]))
    return text.encode(draw(ENCODINGS), "replace")


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=csv_bytes())
def test_any_csv_bytes_end_in_documents_or_exit_2(data):
    with tempfile.TemporaryDirectory(prefix="tokki-fuzz-") as folder:
        src = os.path.join(folder, "rows.csv")
        with open(src, "wb") as fh:
            fh.write(data)
        out = os.path.join(folder, "out")
        code, err = _cli(["batch", "--template", R5, "--answers", src, "--out", out,
                          "--format", "odt", "-q"])
        hypothesis.event("batch exit %d %s" % (code, err.split(":")[-2][-30:] if code == 2 and err.count(":") > 1 else ""))
        assert code in (0, 1, 2), (code, err)
        if code == 2 and not os.path.isdir(out):
            return
        made = [n for n in os.listdir(out) if n.endswith(".odt")]
        _assert_outcome(code, err, out, made)
        summary = os.path.join(out, "summary.json")
        if os.path.exists(summary):
            with open(summary, encoding="utf-8") as fh:
                rows = json.load(fh)["rows"]
            done = {r["id"] + ".odt" for r in rows if r["status"] == "done"}
            assert done == set(made)
