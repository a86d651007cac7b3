"""The extension's Python, without LibreOffice: what is packaged, what it imports,
and the pure modules (URLs, the dialog's logic, texts, remembered answers).

Everything is imported from the built .oxt (fixture `packaged`), i.e. exactly
what LibreOffice will load, with the engine copy under org_tokki_odf.tokki_odf.
"""
import ast
import json
import os
import subprocess
import sys
import zipfile

import pytest

from support.extension_support import (ROOT, TEMPLATE, engine_texts, example, oxt,  # noqa: F401
                               packaged, unpacked)

# What LibreOffice's Python offers besides the standard library.
UNO_MODULES = {"uno", "unohelper", "com", "pythonloader", "pythonscript"}


def python_files(folder):
    for base, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(base, name)


def imports_of(path):
    """(line, module, level) of every import statement in a file, nested ones too."""
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, 0
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, node.module or "", node.level


def test_runtime_imports_only_the_standard_library_uno_and_itself(unpacked):
    """LibreOffice's bundled Python on Windows and macOS has no third-party packages:
    nothing in the .oxt may import lxml, odfpy, pyoo, tqdm…"""
    allowed = set(sys.stdlib_module_names) | UNO_MODULES | {"org_tokki_odf"}
    files = [os.path.join(unpacked, "tokki_component.py")] + \
        list(python_files(os.path.join(unpacked, "pythonpath")))
    assert len(files) > 20
    bad = []
    for path in files:
        for line, module, level in imports_of(path):
            if level:
                continue            # relative: inside the package (checked below)
            top = module.split(".")[0]
            if top not in allowed:
                bad.append("%s:%d imports %s" % (os.path.relpath(path, unpacked), line, module))
    assert not bad, "\n".join(bad)


def test_engine_inside_the_oxt_is_only_reached_relatively(unpacked):
    """The packaged engine never names `tokki_odf` absolutely (that would load a
    pip-installed copy, or fail, instead of the packaged one)."""
    engine = os.path.join(unpacked, "pythonpath", "org_tokki_odf", "tokki_odf")
    offenders = []
    for path in python_files(engine):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for line, module, level in imports_of(path):
            if level == 0 and module.split(".")[0] in ("tokki_odf", "org_tokki_odf"):
                offenders.append("%s:%d" % (path, line))
        if '"tokki_odf.' in text or "'tokki_odf." in text:
            for number, line_text in enumerate(text.splitlines(), 1):
                if ("\"tokki_odf." in line_text or "'tokki_odf." in line_text) and \
                        "import" in line_text:
                    offenders.append("%s:%d dynamic import" % (path, number))
    assert not offenders, offenders


def test_engine_copy_is_the_source(unpacked):
    engine = os.path.join(unpacked, "pythonpath", "org_tokki_odf", "tokki_odf")
    src = os.path.join(ROOT, "src", "tokki_odf")
    for path in python_files(engine):
        rel = os.path.relpath(path, engine)
        with open(path, "rb") as a, open(os.path.join(src, rel), "rb") as b:
            assert a.read() == b.read(), rel


def test_component_module_imports_nothing_heavy_at_load(unpacked):
    """The registered module is loaded at every start of a dispatch; it must not
    import the engine (lazy: only on the first command)."""
    path = os.path.join(unpacked, "tokki_component.py")
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = {(n.module if isinstance(n, ast.ImportFrom) else n.names[0].name).split(".")[0]
             for n in top_level}
    assert names <= {"unohelper", "com", "uno"}, names


def test_packaged_core_runs_on_a_python_without_site_packages(unpacked, tmp_path):
    """python -I -S: no site-packages at all, like LibreOffice's bundled Python. The
    pure modules import, and the packaged engine assembles R5 exactly like src/."""
    script = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from org_tokki_odf import core, form, i18n, store, urls
assert core.PACKAGED and core.ENGINE == "org_tokki_odf.tokki_odf", core.ENGINE
name, path = [t for t in core.bundled_templates() if t[0] == "tokki-r5"][0]
template = core.load_template(path)
answers = json.load(open(sys.argv[2], encoding="utf-8"))
assembled = core.assemble(template, answers)
report = core.validate(assembled.paragraphs(), {})
from org_tokki_odf.tokki_odf.io import recognition
json.dump({"paragraphs": assembled.paragraphs(), "errors": len(report.errors),
           "coverage": report.coverage, "recognition": recognition.bundled_path(),
           "modules": sorted(m for m in sys.modules if m.split(".")[0] not in
                             sys.stdlib_module_names and m != "__main__")},
          sys.stdout, ensure_ascii=False)
"""
    answers = example("r5-standard.json")
    out = subprocess.run([sys.executable, "-I", "-S", "-c", script,
                          os.path.join(unpacked, "pythonpath"), answers],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out.stdout.decode("utf-8"))
    assert data["paragraphs"] == engine_texts(answers)
    assert data["errors"] == 0
    # the validate rules' phrases: the .oxt's own copy of templates/recognition.json
    assert data["recognition"] == os.path.join(unpacked, "pythonpath", "org_tokki_odf",
                                               "tokki_odf", "templates", "recognition.json")
    assert data["coverage"]["7"] == [18, 19], data["coverage"]
    assert all(m.startswith("org_tokki_odf") for m in data["modules"]), data["modules"]


def test_bundled_templates_are_the_repository_templates(oxt):
    from tokki_odf.io.package import flat_from_bytes
    from tokki_odf.core.odf.text import body_paragraph_texts
    from tokki_odf.io.package import load_flat
    with zipfile.ZipFile(oxt) as zf:
        data = zf.read("templates/tokki/tokki-r5.ott")
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as ott:
        assert ott.read("mimetype") == b"application/vnd.oasis.opendocument.text-template"
        assert b"opendocument.text-template" in ott.read("META-INF/manifest.xml")
    assert body_paragraph_texts(flat_from_bytes(data, "ott")) == \
        body_paragraph_texts(load_flat(TEMPLATE))


def test_licence_and_description_speak_japanese_and_name_the_japanese_menu(oxt):
    """Issue 13 / d-12: no licence to accept (nothing for unopkg to read from stdin),
    the licence explained in Japanese and English inside the .oxt and named in the
    description the Extension Manager shows; the description names the Japanese menu
    (［ファイル］→［新規作成］→［テンプレート］, not ［新規］)."""
    with zipfile.ZipFile(oxt) as zf:
        names = set(zf.namelist())
        description = zf.read("description.xml").decode("utf-8")
        ja = zf.read("description/description_ja.txt").decode("utf-8")
        en = zf.read("description/description_en.txt").decode("utf-8")
        licence_ja = zf.read("license/license_ja.txt").decode("utf-8")
    assert {"LICENSE.txt", "license/license_ja.txt", "license/license_en.txt"} <= names
    assert "<simple-license" not in description.split("-->")[-1]
    assert "［ファイル］→［新規作成］→［テンプレート］" in ja and "［新規］" not in ja
    assert "license/license_ja.txt" in ja and "MPL 2.0" in ja
    assert "license/license_en.txt" in en
    assert "Mozilla Public License 2.0" in licence_ja and "LICENSE.txt" in licence_ja


# -- vnd.tokki: URLs ----------------------------------------------------------------

def test_urls_parse_commands_and_parameters(packaged):
    from org_tokki_odf import urls
    cmd = urls.parse("vnd.tokki:insert?answers=file%3A%2F%2F%2Ftmp%2Fa%2520b.json&start=%EF%BC%93")
    assert cmd.name == "insert" and cmd.automated
    assert cmd.params == {"answers": "/tmp/a b.json", "start": 3}
    assert not urls.parse("vnd.tokki:assemble").automated
    # re-assembling an inserted block (issue 13): assemble?answers=URL
    cmd = urls.parse("vnd.tokki:assemble?answers=file%3A%2F%2F%2Ftmp%2Fa.json")
    assert cmd.automated and cmd.params == {"answers": "/tmp/a.json"}
    assert urls.parse("vnd.tokki:finalize?ask=no").params == {"ask": False}
    # hand edits in the block are dropped only when the URL says so
    assert urls.parse("vnd.tokki:assemble?answers=file%3A%2F%2F%2Ftmp%2Fa.json&edits=DISCARD"
                      ).params == {"answers": "/tmp/a.json", "edits": "discard"}
    assert urls.parse("vnd.tokki:loadanswers?file=file%3A%2F%2F%2Ftmp%2Fa.json&edits=discard"
                      ).params == {"file": "/tmp/a.json", "edits": "discard"}
    assert urls.parse("vnd.tokki:validate?report=file%3A%2F%2F%2Ftmp%2Fr.json").params == \
        {"report": "/tmp/r.json"}


def test_urls_of_compare_and_import(packaged):
    from org_tokki_odf import urls
    assert urls.parse("vnd.tokki:compare?recorded=yes&report=file%3A%2F%2F%2Ftmp%2Fr.json"
                      ).params == {"recorded": True, "report": "/tmp/r.json"}
    assert urls.parse("vnd.tokki:compare?with=file%3A%2F%2F%2Ftmp%2Fold.docx").params == \
        {"with": "/tmp/old.docx"}
    assert not urls.parse("vnd.tokki:compare").automated
    assert urls.parse("vnd.tokki:import?out=file%3A%2F%2F%2Ftmp%2F%E5%A4%89%E6%8F%9B.fodt"
                      ).params == {"out": "/tmp/変換.fodt"}
    assert not urls.parse("vnd.tokki:import").automated


@pytest.mark.parametrize("url, words", [
    ("vnd.tokki:compare?report=file%3A%2F%2F%2Ftmp%2Fr.json", "either with="),
    ("vnd.tokki:compare?recorded=yes&with=file%3A%2F%2F%2Fa.odt", "either with="),
    ("vnd.tokki:compare?recorded=no", "only be yes"),
    ("vnd.tokki:import?out=file%3A%2F%2F%2Ftmp%2Ft.docx", ".fodt or .odt"),
    ("vnd.tokki:import?name=x", "has no parameter"),
    ("vnd.tokki:", "unknown command"),
    ("vnd.tokki:frobnicate", "unknown command"),
    (".uno:Save", "not a tokki command"),
    ("vnd.tokki:assemble?x=1", "has no parameter"),
    ("vnd.tokki:insert?start=2", "needs answers"),
    ("vnd.tokki:insert?answers=file%3A%2F%2F%2Fa.json&start=0", ">= 1"),
    ("vnd.tokki:insert?answers=file%3A%2F%2F%2Fa.json&start=two", ">= 1"),
    ("vnd.tokki:insert?answers=https%3A%2F%2Fexample.org%2Fa.json", "local file URL"),
    ("vnd.tokki:insert?answers=file%3A%2F%2Fserver%2Fa.json", "local file URL"),
    ("vnd.tokki:insert?answers=file%3A%2F%2F%2Ftmp%2F", "names no file"),
    ("vnd.tokki:insert?answers=file%3A%2F%2F%2Fa.json&answers=file%3A%2F%2F%2Fb.json", "twice"),
    ("vnd.tokki:insert?answers=file%3A%2F%2F%2Fa.json&template=..%2Fx", "template name"),
    ("vnd.tokki:finalize?ask=yes", "only be no"),
    ("vnd.tokki:assemble?answers=file%3A%2F%2F%2Fa.json&edits=keep", "only be discard"),
    ("vnd.tokki:assemble?edits=discard", "goes with answers="),
    ("vnd.tokki:loadanswers?edits=discard", "goes with file="),
    ("vnd.tokki:insert?answers", "malformed"),
])
def test_urls_refuse_with_a_message_in_both_languages(packaged, url, words):
    from org_tokki_odf import urls
    with pytest.raises(urls.UrlError) as info:
        urls.parse(url)
    assert words in info.value.en
    assert info.value.ja and info.value.ja != info.value.en


# -- texts -------------------------------------------------------------------------------

def test_every_text_has_japanese_and_english(packaged):
    from org_tokki_odf import i18n
    import re
    for key, (ja, en) in i18n.STRINGS.items():
        assert ja and en, key
        assert set(re.findall(r"{(\w+)}", ja)) == set(re.findall(r"{(\w+)}", en)), key
    assert i18n.language_of("ja-JP") == "ja" and i18n.language_of("ja") == "ja"
    assert i18n.language_of("en-US") == "en" and i18n.language_of("") == "en"
    assert i18n.language_of("de") == "en"


def test_texts_a_clerk_reads_have_no_jargon_or_contradiction(packaged):
    """Issue 13 / d-9, d-11: the 確定 and 検証 texts speak of what the clerk sees (枠, 注記,
    記録した回答), not of Writer internals; 確定 does not claim both 「作り直せない」 and
    「Ctrl+Z で戻せる」; on a document without provisions it does not say 「すでに確定」;
    window titles carry no mnemonic."""
    from org_tokki_odf import i18n
    jargon = ("コンテンツコントロール", "プロパティ tokki", "tokki のプロパティ", "tokki:*",
              "ブックマーク", "セクション")
    for key, (ja, _en) in i18n.STRINGS.items():
        if key.startswith(("finalize.", "validate.")):
            assert not [w for w in jargon if w in ja], (key, ja)
    assert "すでに確定" not in i18n.tr("finalize.nothing")
    assert "変更していません" in i18n.tr("finalize.nothing")
    ask = i18n.tr("finalize.ask")
    assert "Ctrl+Z で戻るのは本文だけ" in ask and "戻せます" not in ask
    for key in ("button.save", "button.load", "button.goto"):
        assert i18n.strip_mnemonic(i18n.tr(key)) in ("回答の保存…", "回答の読込…", "該当箇所へ移動")


def test_every_text_used_in_the_code_exists(packaged):
    from org_tokki_odf import i18n
    import re
    folder = os.path.join(packaged, "org_tokki_odf")
    used = set()
    for name in os.listdir(folder):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                text = fh.read()
            used |= set(re.findall(r'(?:tr|Problem|say)\(\s*"([a-z_]+(?:\.[a-z_]+)+|app)"', text))
    missing = sorted(k for k in used if k not in i18n.STRINGS)
    assert not missing
    assert len(used) > 20


# -- the dialog's logic ----------------------------------------------------------------------

@pytest.fixture
def r5(packaged):
    from org_tokki_odf import core
    return core.load_template(dict(core.bundled_templates())["tokki-r5"])


def test_fields_follow_the_template_questions_in_order(packaged, r5):
    from org_tokki_odf import form
    fields = form.fields(r5)
    assert [f.key for f in fields] == list(r5.questions)
    kinds = {f.key: f.kind for f in fields}
    assert kinds["business_name"] == "text" and kinds["scope"] == "choice"
    assert kinds["high_risk"] == "flag" and kinds["provided_items"] == "list"
    scope = next(f for f in fields if f.key == "scope")
    assert [o[0] for o in scope.options] == ["provided_and_collected", "collected_only",
                                            "provided_only"]
    subcontract = next(f for f in fields if f.key == "subcontract")
    assert subcontract.options[1][2].startswith("再委託することが")  # the option's help


def test_values_and_answers_round_trip(packaged, r5):
    from org_tokki_odf import form
    from tokki_odf import api
    answers = api.read_answers(example("r5-restricted.json"))
    values = form.values_for(r5, answers)
    assert values["collected_items"] == "氏名\n生年月日\n心身の状況"
    assert values["subcontract"] == 1 and values["high_risk"] is True
    back = form.answers_of(r5, values)
    for key, value in answers.items():
        if not key.startswith("$"):
            assert back[key] == value, key
    # labels and はい/いいえ are understood when loading answers typed by people
    values = form.values_for(r5, {"subcontract": "禁止", "high_risk": "はい"})
    assert values["subcontract"] == 0 and values["high_risk"] is True


def test_questions_are_disabled_while_their_condition_is_unmet(packaged, r5):
    from org_tokki_odf import form
    answers = form.answers_of(r5, form.values_for(r5, {}))
    assert all(form.enabled(r5, answers).values())
    answers["scope"] = "provided_only"
    on = form.enabled(r5, answers)
    assert not on["collected_items"] and not on["collected_other"]
    assert on["provided_items"]
    answers["scope"] = "collected_only"
    on = form.enabled(r5, answers)
    assert on["collected_items"] and not on["provided_items"]


def test_required_fields_are_checked_before_ok(packaged, r5):
    from org_tokki_odf import form
    answers = form.answers_of(r5, form.values_for(r5, {}))
    found = form.problems(r5, answers, "ja")
    assert found == [("business_name", "「業務名」は必須です。入力してください。"),
                     ("client_name", "「委託者（甲）」は必須です。入力してください。")]
    answers["client_name"] = "北野市"
    answers["business_name"] = "○○業務"
    assert "○○" in form.problems(r5, answers, "ja")[0][1]
    answers["business_name"] = "文書管理業務"
    answers["provided_items"] = []
    assert form.problems(r5, answers, "en")[0][0] == "provided_items"
    # a list that is not asked for these answers may be empty
    answers["scope"] = "collected_only"
    assert form.problems(r5, answers) == []


def test_the_client_starts_empty_not_as_the_templates_sample_ward(packaged, r5):
    """Issue 13 / d-8: the template's 「豊島区」 is an example (its ※ help says 「例：豊島区」),
    so without remembered answers 委託者 is empty and required; the court default
    (not given as an example) stays; remembered answers fill the client."""
    from org_tokki_odf import form
    for template in (r5, form.core.load_template(dict(form.core.bundled_templates())["tokki-h18"])):
        client = template.questions["client_name"]
        assert client.default == "豊島区" and form.is_sample_default(client)
        values = form.values_for(template, {})
        assert values["client_name"] == ""
        found = form.problems(template, form.answers_of(template, values), "ja")
        assert "client_name" in [k for k, _m in found]
    assert not form.is_sample_default(r5.questions["court"])
    assert form.values_for(r5, {})["court"] == r5.questions["court"].default
    assert form.values_for(r5, {"client_name": "北野市"})["client_name"] == "北野市"


def test_empty_client_or_court_is_refused_before_ok(packaged, r5):
    """Issue 13: an empty 委託者 or 管轄裁判所 gave 「…に関する（以下「甲」という。）の施策」."""
    from org_tokki_odf import form
    answers = form.answers_of(r5, form.values_for(r5, {"business_name": "文書管理業務",
                                                       "client_name": "豊島区"}))
    assert form.problems(r5, answers) == []
    for key in ("client_name", "court"):
        broken = dict(answers, **{key: ""})
        found = form.problems(r5, broken, "ja")
        assert [k for k, _m in found] == [key]
        assert r5.questions[key].label in found[0][1]


def test_first_article_number_accepts_full_width_and_kanji(packaged):
    from org_tokki_odf import form
    assert form.parse_start("２５") == 25
    assert form.parse_start(" 25 ") == 25
    assert form.parse_start("二十五") == 25
    assert form.parse_start("") == 1
    assert form.parse_start("0") is None and form.parse_start("abc") is None


def test_loaded_answers_with_a_bad_choice_are_refused_naming_key_and_values(packaged, r5):
    from org_tokki_odf import form
    assert form.bad_choices(r5, {"subcontract": "禁止", "high_risk": "はい"}) == []
    assert form.bad_choices(r5, {"subcontract": "restrict", "high_risk": False}) == []
    found = form.bad_choices(r5, {"subcontract": "一部可"}, "ja")
    assert len(found) == 1
    assert "subcontract" in found[0] and "一部可" in found[0]
    assert "prohibit" in found[0] and "restrict" in found[0]
    assert form.bad_choices(r5, {"high_risk": "たぶん"})


def test_help_shows_the_guidance_of_the_chosen_option_and_the_combined_variant(packaged, r5):
    from org_tokki_odf import form
    answers = form.answers_of(r5, form.values_for(r5, {"business_name": "X業務"}))
    answers["subcontract"] = "restrict"
    text = form.help_text(r5, "subcontract", answers, "ja")
    assert "再委託することがあらかじめ予想され" in text
    # 第14条第2項: only with 再委託=制限 and the 規則第43条 flag
    variants = form.variants(r5)
    combined = [v for v in variants if v.keys == {"high_risk", "subcontract"}]
    assert len(combined) == 1
    assert "今の回答では入りません" in form.help_text(r5, "high_risk", answers, "ja")
    answers["high_risk"] = True
    assert "今の回答では入ります" in form.help_text(r5, "high_risk", answers, "ja")
    assert "再委託" in form.describe(combined[0].cond, r5, "ja")
    answers["scope"] = "provided_only"
    assert "今の回答では使われません" in form.help_text(r5, "collected_items", answers, "ja")


@pytest.mark.parametrize("name", ["tokki-r5", "tokki-h18"])
def test_help_texts_speak_of_what_the_dialog_shows(packaged, name):
    """Issue 13 / d-7: the help pane shows the template's notes without the template
    around them, so they may not point at text the dialog does not show (「次のような
    表現にする」, 「左記のように」, ※1 marks), and the item numbering they describe holds
    for every scope (ア、イ、ウ… under two 号 only when both kinds are handled; (1)(2)
    when only one is)."""
    from tokki_odf import api
    template = api.load_template(os.path.join(ROOT, "templates", name + ".fodt"))
    texts = []
    for q in template.questions.values():
        texts.append((q.key, q.help))
        texts.extend(("%s=%s" % (q.key, o.value), o.help) for o in q.options)
    bad = [(k, t) for k, t in texts
           if any(w in t for w in ("次のような", "左記", "上記", "※"))]
    assert not bad, bad
    for key in ("provided_items", "collected_items"):
        help_text = template.questions[key].help
        assert "ア、イ、ウ" in help_text and "(1)、(2)" in help_text, (key, help_text)
    scope = template.questions["scope"]
    for value in ("collected_only", "provided_only"):
        assert "(1)、(2)" in scope.option(value).help, value


def test_last_article_before_the_cursor(packaged):
    from org_tokki_odf import core
    text = "業務委託契約書\n第1条　目的\n第２条　期間\n（条の途中）\n第十二条　解除\n本文"
    assert core.last_article_number(text) == 12
    assert core.last_article_number("前文のみ") == 0


def test_answers_json_is_what_tokki_assemble_reads(packaged, r5, tmp_path):
    from org_tokki_odf import core
    from tokki_odf import api
    answers = api.read_answers(example("r5-standard.json"))
    answers.pop("$comment")
    path = tmp_path / "answers.json"
    path.write_text(core.answers_json(answers, "tokki-r5"), encoding="utf-8")
    from tokki_odf.cli.main import main
    out = tmp_path / "out.odt"
    assert main(["assemble", TEMPLATE, "--answers", str(path), "--out", str(out), "-q"]) == 0
    assert api.document_text(str(out)) == engine_texts(example("r5-standard.json"))
    assert json.loads(path.read_text(encoding="utf-8"))["$template"] == "tokki-r5"


def test_remembered_answers_survive_a_damaged_file(packaged, r5, tmp_path):
    from org_tokki_odf import store
    assert store.recall(str(tmp_path), "tokki-r5") == {}
    store.remember(str(tmp_path), "tokki-r5", {"business_name": "A業務"})
    store.remember(str(tmp_path), "tokki-h18", {"business_name": "B業務"})
    assert store.recall(str(tmp_path), "tokki-r5") == {"business_name": "A業務"}
    (tmp_path / store.FILENAME).write_text("{broken", encoding="utf-8")
    assert store.recall(str(tmp_path), "tokki-r5") == {}
    store.remember(str(tmp_path), "tokki-r5", {"business_name": "C業務"})
    assert store.recall(str(tmp_path), "tokki-r5") == {"business_name": "C業務"}
    assert store.known_answers(r5, {"business_name": "x", "old_key": 1, "$template": "t"}) == \
        {"business_name": "x"}


def test_odt_rewritten_from_an_odf_1_4_document_declares_1_4(tmp_path):
    """Writer 24.2+ saves ODF 1.4; a package whose manifest says another version than
    its content is refused by LibreOffice (found by the in-place assembly)."""
    from tokki_odf.io.package import load_flat, odt_bytes
    from tokki_odf.core.odf.namespaces import q
    flat = load_flat(TEMPLATE)
    flat.set(q("office:version"), "1.4")
    with zipfile.ZipFile(__import__("io").BytesIO(odt_bytes(flat))) as zf:
        manifest = zf.read("META-INF/manifest.xml").decode()
        content = zf.read("content.xml").decode()
    assert 'manifest:version="1.4"' in manifest and 'office:version="1.4"' in content
    assert 'manifest:version="1.3"' not in manifest


def test_a_question_of_an_omitted_article_is_not_asked(packaged, r5):
    """Inserted into a contract that has its own 管轄 article, the provisions leave theirs
    out: its empty 管轄裁判所 must not stop OK, and the engine never sees the blank."""
    from org_tokki_odf import form
    assert r5.only_in(["court", "governing_law"]) == {"court"}
    assert r5.only_in([]) == set()
    answers = form.answers_of(r5, form.values_for(r5, {"business_name": "文書管理業務",
                                                       "client_name": "北野市",
                                                       "court": ""}))
    assert answers["court"] == ""
    assert [k for k, _m in form.problems(r5, answers)] == ["court"]
    assert form.problems(r5, answers, omitted=["court"]) == []
