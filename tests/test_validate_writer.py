"""Mistakes made by hand in Writer (through UNO, as a person edits), then validated.

The clean provisions are opened in a headless LibreOffice, edited the way a
clerk would (typing over text with change recording on, a comment, hidden
characters, a caption left unchanged over a new ただし書, a typo in a number),
saved by LibreOffice, and `tokki validate` must name each mistake at its article.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "validate"))
import odt_build  # noqa: E402
import validate_seed as seed  # noqa: E402

from support.recognition import validate  # noqa: E402
from tokki_odf.io.contract import read_document  # noqa: E402


def _find(doc, text):
    search = doc.createSearchDescriptor()
    search.SearchString = text
    found = doc.findFirst(search)
    assert found is not None, text
    return found


def test_mistakes_made_in_writer_are_reported_at_their_articles(tmp_path, office):
    src = odt_build.build(seed.main_variant("r5"), tmp_path / "clean.odt")
    doc = office.load(src)
    try:
        # 第1条: the business name typed back as the 記載例's ○○業務
        _find(doc, "住民情報システム運用保守業務").setString("○○業務")
        # 第6条: a ただし書 added under the caption 「再委託の禁止」
        end = _find(doc, "受託業務の処理を第三者に再委託してはならない。")
        end.getText().insertString(end.getEnd(), "ただし、甲の承認を受けたときは、この限りでない。",
                                   False)
        # 第7条: words deleted with change recording on (the deleted text stays in the file)
        doc.setPropertyValue("RecordChanges", True)
        _find(doc, "取り扱う個人情報を複写又は複製").setString("個人情報を複写又は複製")
        doc.setPropertyValue("RecordChanges", False)
        # 第12条: a comment
        comment = doc.createInstance("com.sun.star.text.TextField.Annotation")
        comment.Author = "佐藤"
        comment.Content = "報告時期は仕様書で？"
        where = _find(doc, "契約履行中において")
        where.getText().insertTextContent(where, comment, False)
        # 第3条: characters formatted hidden
        _find(doc, "本条の定めは、").setPropertyValue("CharHidden", True)
        # 第19条: a typo in a cited number
        _find(doc, "第2条から第16条まで").setString("第2条から第26条まで")
        saved = office.store(doc, str(tmp_path / "edited.odt"), "odt")
    finally:
        office.close(doc)

    paragraphs, meta = read_document(saved)
    got = {(f.code, f.article) for f in validate(paragraphs, meta).findings}
    assert {("LEFTOVER_PLACEHOLDER", 1), ("CAPTION_PROHIBIT_HAS_PROVISO", 6),
            ("META_TRACKED_CHANGE", 7), ("META_ANNOTATION", 12), ("META_HIDDEN_TEXT", 3),
            ("REF_ARTICLE_MISSING", 19)} <= got, sorted(got)
    assert "本条の定めは、" not in "".join(paragraphs)   # hidden: not what the reader sees
