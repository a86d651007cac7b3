"""Hardening (issue 11): what never reaches an output, and what validate, check-template
and scrub say about it. Reproductions F3, F6–F10, F16, F25 of the robustness probe."""
import json
import re
import zipfile

import pytest

from support import hostile as h
from test_hardening_inputs import tokki, one_line_exit_2

R5 = str(h.R5)
FORBIDDEN = re.compile(r"Shell\(|event-name=|event-listener|office:scripts|vnd\.sun\.star\.script|"
                       r"execute-macro|127\.0\.0\.1|file:///|draw:object|dde-connection|"
                       r"section-source|PRINTSRV|PrinterSetup|住民DB")


@pytest.fixture
def a_json(tmp_path):
    return h.answers(tmp_path / "a.json", {"business_name": "業務"})


def parts(path):
    path = str(path)
    if path.endswith(".fodt"):
        return open(path, encoding="utf-8").read()
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                         if n.endswith(".xml"))


def codes(text):
    data = json.loads(text)
    return [f["code"] for f in data["errors"] + data["warnings"]]


# -- F10: active content and external references ---------------------------------------------

def test_f10_nothing_of_a_hostile_template_reaches_odt_or_fodt(tmp_path, a_json):
    t = h.hostile_template(tmp_path / "hostile.fodt")
    for out in ("h.odt", "h.fodt"):
        rc, _, err = tokki("assemble", t, "--answers", a_json, "--out", tmp_path / out)
        assert rc == 0, err
        text = parts(tmp_path / out)
        assert not FORBIDDEN.findall(text), FORBIDDEN.findall(text)
        assert "マクロ" in text and "リンク" in text and "キャッシュ" in text   # the text stays


def test_f10_check_template_and_validate_report_each_kind(tmp_path, a_json):
    t = h.hostile_template(tmp_path / "hostile.fodt")
    rc, out, _ = tokki("check-template", "--json", t)
    found = {p["code"] for p in json.loads(out)["errors"] + json.loads(out)["warnings"]}
    expected = {"SEC_SCRIPT", "SEC_EVENT", "SEC_MACRO_LINK", "SEC_OLE", "SEC_DDE",
                "SEC_LINKED_SECTION", "SEC_EXTERNAL_IMAGE", "SEC_EXTERNAL_LINK"}
    assert expected <= found and rc == 1
    rc, out, _ = tokki("validate", "--json", t)
    assert expected <= set(codes(out)) and rc == 1
    assert tokki("assemble", t, "--answers", a_json, "--out", tmp_path / "h.odt")[0] == 0
    rc, out, _ = tokki("validate", "--json", tmp_path / "h.odt")
    assert not [c for c in codes(out) if c.startswith("SEC_")]


def test_f10_scrub_removes_active_content(tmp_path):
    t = h.hostile_template(tmp_path / "hostile.fodt")
    rc, out, err = tokki("scrub", t, "--out", tmp_path / "hs.odt")
    assert rc == 0, err
    assert not FORBIDDEN.findall(parts(tmp_path / "hs.odt"))
    rc, out, _ = tokki("validate", "--json", tmp_path / "hs.odt")
    assert not [c for c in codes(out) if c.startswith("SEC_")]


# -- F3: hidden sections; F8: tracked changes; F16: settings ------------------------------------

def test_f3_hidden_sections_are_deleted_not_published(tmp_path, a_json):
    t = h.hidden_template(tmp_path / "hid.fodt")
    rc, _, err = tokki("assemble", t, "--answers", a_json, "--out", tmp_path / "hid.odt")
    assert rc == 0, err
    text = parts(tmp_path / "hid.odt")
    assert "内部メモ" not in text and "条件付き非表示メモ" not in text
    rc, out, _ = tokki("check-template", "--json", t)
    assert "T-HIDDEN-SECTION" in {p["code"] for p in json.loads(out)["warnings"]}


def test_f8_a_template_with_tracked_changes_is_refused(tmp_path, a_json):
    t = h.tracked_template(tmp_path / "tracked.fodt")
    rc, _, err = tokki("assemble", t, "--answers", a_json, "--out", tmp_path / "tr.odt")
    line = one_line_exit_2(rc, err)
    assert "tracked change" in line and "保護係 山田" in line
    assert not (tmp_path / "tr.odt").exists()
    rc, out, _ = tokki("check-template", "--json", t)
    assert rc == 1 and "T-TRACKED-CHANGES" in {p["code"] for p in json.loads(out)["errors"]}


def test_f16_template_settings_never_reach_outputs(tmp_path, a_json):
    t = h.settings_template(tmp_path / "set.fodt")
    for out in ("s.odt", "s.fodt"):
        assert tokki("assemble", t, "--answers", a_json, "--out", tmp_path / out)[0] == 0
        text = parts(tmp_path / out)
        assert "PRINTSRV01" not in text and "住民DB" not in text and "PrinterSetup" not in text
    rc, out, _ = tokki("validate", "--json", t)
    assert "META_SETTINGS" in codes(out)


# -- F6: pictures are kept ---------------------------------------------------------------------

def test_f6_assemble_and_scrub_keep_embedded_pictures(tmp_path, a_json):
    t = h.picture_template(tmp_path / "pic.odt")
    for cmd, out in ((["assemble", t, "--answers", a_json, "--out"], "po.odt"),
                     (["scrub", t, "--out"], "ps.odt")):
        rc, _, err = tokki(*(cmd + [tmp_path / out]))
        assert rc == 0, err
        with zipfile.ZipFile(str(tmp_path / out)) as z:
            pics = [n for n in z.namelist() if n.startswith("Pictures/")]
            assert len(pics) == 1 and z.read(pics[0]) == h.PNG
            assert pics[0] in z.read("META-INF/manifest.xml").decode()
            assert 'xlink:href="%s"' % pics[0] in z.read("content.xml").decode()
    # as .fodt the picture is inline, as LibreOffice writes it
    assert tokki("assemble", t, "--answers", a_json, "--out", tmp_path / "po.fodt")[0] == 0
    assert "office:binary-data" in parts(tmp_path / "po.fodt")
    # and an .odt made from that .fodt has it again as a member
    assert tokki("scrub", tmp_path / "po.fodt", "--out", tmp_path / "again.odt")[0] == 0
    with zipfile.ZipFile(str(tmp_path / "again.odt")) as z:
        assert [z.read(n) for n in z.namelist() if n.startswith("Pictures/")] == [h.PNG]


def test_f6_an_svg_that_points_outside_is_not_kept():
    from tokki_odf.io.pictures import inert
    assert inert(b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>')
    assert not inert(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://x/a.png"/>'
                     b'</svg>')
    assert not inert(b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>')


# -- F7, F9, F25: validate and scrub of a dirty document ------------------------------------------

def test_f7_f9_validate_reports_header_footnote_frame_settings(tmp_path):
    d = h.dirty_document(tmp_path / "dirty.fodt")
    rc, out, _ = tokki("validate", "--json", d)
    found = codes(out)
    data = json.loads(out)
    ann = [f for f in data["errors"] if f["code"] == "META_ANNOTATION"]
    assert len(ann) == 4                  # body, header, footnote, frame
    for who in ("本文担当C", "ヘッダ担当F", "脚注担当D", "枠担当E"):
        assert any(who in f["message"] for f in ann), who
    assert found.count("LEFTOVER_PLACEHOLDER") == 3      # footnote, frame, footer
    assert "META_SETTINGS" in found


def test_f9_stored_versions_are_reported(tmp_path):
    d = h.dirty_document(tmp_path / "dirty.fodt")
    assert tokki("scrub", d, "--out", tmp_path / "clean.odt")[0] == 0
    v = h.with_versions(tmp_path / "clean.odt", tmp_path / "versions.odt")
    rc, out, _ = tokki("validate", "--json", v)
    assert rc == 1 and "META_VERSIONS" in codes(out) and "山田太郎" in out
    rc, out, _ = tokki("validate", "--json", tmp_path / "clean.odt")
    assert "META_VERSIONS" not in codes(out)


def test_f7_f25_scrub_removes_names_settings_and_header_comments(tmp_path):
    d = h.dirty_document(tmp_path / "dirty.fodt")
    for out in ("s.fodt", "s.odt"):
        rc, _, err = tokki("scrub", d, "--out", tmp_path / out)
        assert rc == 0, err
        text = parts(tmp_path / out)
        for secret in ("PRINTSRV01", "住民DB-山田", "ヘッダ担当F", "高橋次郎", "ヘッダ作者G",
                       "佐藤花子", "山田太郎", "脚注担当D", "枠担当E", "本文担当C"):
            assert secret not in text, (out, secret)
        rc, out_json, _ = tokki("validate", "--json", tmp_path / out)
        assert not [c for c in codes(out_json) if c.startswith(("META_", "SEC_"))]
    assert "binary-data" in parts(tmp_path / "s.fodt")   # the seal stays
