"""DOCX metadata is read from the DOCX itself, before the conversion strips it (issue 10)."""
import zipfile

import pytest

from tokki_odf.io.docx import read_metadata

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(path, paragraphs, creator="山田太郎", modified_by="佐藤花子", company="某区役所",
              comment=("鈴木一郎", "制限にする？"), change_author="高橋次郎", track=True):
    body = []
    for i, text in enumerate(paragraphs):
        runs = '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % text
        if i == 1 and comment:
            runs = ('<w:commentRangeStart w:id="0"/>' + runs + '<w:commentRangeEnd w:id="0"/>'
                    '<w:r><w:commentReference w:id="0"/></w:r>')
        if i == 2 and change_author:
            runs += ('<w:ins w:id="1" w:author="%s" w:date="2024-04-01T00:00:00Z"><w:r><w:t>'
                     '追加した文。</w:t></w:r></w:ins><w:del w:id="2" w:author="%s" '
                     'w:date="2024-04-01T00:00:00Z"><w:r><w:delText>ただし、甲の承認を受けたときは、'
                     'この限りでない。</w:delText></w:r></w:del>' % (change_author, change_author))
        body.append("<w:p>%s</w:p>" % runs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>'
                '%s</w:body></w:document>' % (W, "".join(body)))
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>%s</dc:creator>'
            '<cp:lastModifiedBy>%s</cp:lastModifiedBy></cp:coreProperties>' % (creator, modified_by))
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://'
           'schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>'
           'Microsoft Office Word</Application><Company>%s</Company></Properties>' % company)
    comments = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments %s>'
                '<w:comment w:id="0" w:author="%s" w:date="2024-04-01T00:00:00Z"><w:p><w:r><w:t>%s'
                '</w:t></w:r></w:p></w:comment></w:comments>' % ((W,) + comment)) if comment else None
    settings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings %s>%s'
                '</w:settings>' % (W, "<w:trackRevisions/>" if track else ""))
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
             'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
             '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
             'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
             '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/settings.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
             '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
             'package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType='
             '"application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
            'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats'
            '.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/extended-properties" Target="docProps/app.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http:'
                '//schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
                'Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.'
                'org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>')
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        z.writestr("word/document.xml", document)
        z.writestr("docProps/core.xml", core)
        z.writestr("docProps/app.xml", app)
        z.writestr("word/settings.xml", settings)
        if comments:
            z.writestr("word/comments.xml", comments)
    return str(path)


TEXT = ["個人情報取扱特記事項", "（秘密の保持）", "第1条　乙は、知り得た個人情報を他に漏らしてはならない。",
        "（再委託の禁止）", "第2条　乙は、この契約による事務を第三者に再委託してはならない。"]


def test_read_from_the_package(tmp_path):
    meta = read_metadata(make_docx(tmp_path / "a.docx", TEXT))
    assert {(a["field"], a["value"]) for a in meta["authors"]} == {
        ("meta:initial-creator", "山田太郎"), ("dc:creator", "佐藤花子"), ("app:Company", "某区役所")}
    assert [(c["author"], c["text"]) for c in meta["annotations"]] == [("鈴木一郎", "制限にする？")]
    assert [(c["kind"], c["author"]) for c in meta["tracked_changes"]] == [
        ("insertion", "高橋次郎"), ("deletion", "高橋次郎")]
    assert "この限りでない" in meta["tracked_changes"][1]["text"]
    assert meta["track_changes_on"] is True


def test_clean_package_has_nothing(tmp_path):
    meta = read_metadata(make_docx(tmp_path / "b.docx", TEXT, creator="", modified_by="",
                                   company="", comment=None, change_author=None, track=False))
    assert meta["authors"] == [] and meta["annotations"] == [] and meta["tracked_changes"] == []
    assert meta["track_changes_on"] is False


def test_validate_reports_the_word_names(tmp_path, soffice):
    from support.recognition import validate
    from tokki_odf.io.contract import read_document
    paragraphs, meta = read_document(make_docx(tmp_path / "c.docx", TEXT))
    report = validate(paragraphs, meta)
    messages = " ".join(f.message for f in report.findings if f.code.startswith("META_"))
    for name in ("山田太郎", "佐藤花子", "鈴木一郎", "高橋次郎"):
        assert name in messages
    assert "Author1" not in messages
    codes = {(f.code, f.article) for f in report.findings}
    assert ("META_ANNOTATION", 1) in codes or ("META_ANNOTATION", None) in codes
    assert any(c == "META_TRACKED_CHANGE" for c, _ in codes)
    assert [a.number for a in __import__("tokki_odf.core.validate.structure", fromlist=["parse"])
            .parse(paragraphs).articles] == [1, 2]
