"""Privacy of the file itself: what travels with the contract besides its text.

The 指針 4-8-5(7) warns that 付加情報 (PDF bookmarks, properties) can carry
personal information. The input is a plain dict, filled by the file adapter
(validate_io) or by the extension from the open document:

    {"authors": [{"field": "dc:creator", "value": "山田太郎"}, …],
     "user_defined": [{"name": "担当者", "value": "…"}, …],
     "annotations": [{"author": "…", "date": "…", "text": "…", "index": 3}, …],
     "tracked_changes": [{"kind": "deletion"|"insertion"|"format-change",
                          "author": "…", "date": "…", "text": "…", "index": 5}, …],
     "track_changes_on": true,
     "hidden": [{"kind": "text"|"paragraph"|"section", "text": "…", "index": 7,
                 "name": "…"}, …]}

`index` is the position in the paragraph list where the thing sits (for hidden
paragraphs: the visible paragraph before it), so findings name the article.
`tokki scrub` removes all of these.
"""
from typing import List

from .emit import finding
from . import security
from ..findings import ERROR, WARNING, Finding
from .structure import Document

SCRUB_HINT_JA = "「tokki scrub 文書 --out 出力」で取り除けます。"
SCRUB_HINT_EN = "`tokki scrub DOC --out OUT` removes it."

FIELD_JA = {"dc:creator": "最終更新者", "meta:initial-creator": "作成者",
            "meta:printed-by": "最終印刷者", "meta:template": "テンプレートの場所",
            "app:Company": "会社名", "app:Manager": "管理者"}


def _short(text, n=40):
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n] + "…"


def check(doc: Document, meta: dict) -> List[Finding]:
    if not meta:
        return []
    out: List[Finding] = []

    def at(index):
        loc = doc.locate(index)
        return {"article": loc.article, "paragraph": loc.paragraph, "index": index}

    for a in meta.get("authors") or []:
        value = _short(a.get("value"))
        if not value:
            continue
        field = a.get("field", "")
        out.append(finding(
            "META_AUTHOR", WARNING,
            "ファイルのプロパティに%s「%s」が記録されています。個人名を含むプロパティは"
            "相手方に渡ります。%s" % (FIELD_JA.get(field, field), value, SCRUB_HINT_JA),
            "the file's properties record %s 「%s」; personal names in properties travel "
            "with the file. %s" % (field, value, SCRUB_HINT_EN),
            excerpt_text=value))
    for u in meta.get("user_defined") or []:
        if (u.get("name") or "").startswith("tokki:"):
            out.append(finding(
                "META_USER_PROPERTY", WARNING,
                "tokkiの編集用情報「%s」（回答など）が記録されています。編集を続けるための"
                "もので、確定版には不要です。%s" % (u.get("name"), SCRUB_HINT_JA),
                "tokki's editing data 「%s」 (the answers) is stored; it is for further "
                "editing and not needed in the final contract. %s"
                % (u.get("name"), SCRUB_HINT_EN),
                excerpt_text=u.get("name")))
            continue
        out.append(finding(
            "META_USER_PROPERTY", WARNING,
            "ユーザー定義プロパティ「%s」（値「%s」）が記録されています。%s"
            % (u.get("name", ""), _short(u.get("value")), SCRUB_HINT_JA),
            "a user-defined property 「%s」 (value 「%s」) is stored in the file. %s"
            % (u.get("name", ""), _short(u.get("value")), SCRUB_HINT_EN),
            excerpt_text="%s=%s" % (u.get("name", ""), _short(u.get("value")))))
    for c in meta.get("annotations") or []:
        who = c.get("author") or "作成者不明"
        out.append(finding(
            "META_ANNOTATION", ERROR,
            "コメント（%s）が残っています：「%s」。コメントは相手方にも見えます。削除して"
            "ください。%s" % (who, _short(c.get("text")), SCRUB_HINT_JA),
            "a comment by %s is left in: 「%s」. The other party can read it; delete it. %s"
            % (c.get("author") or "unknown", _short(c.get("text")), SCRUB_HINT_EN),
            excerpt_text=_short(c.get("text")), **at(c.get("index"))))
    changes = meta.get("tracked_changes") or []
    for c in changes:
        kind = c.get("kind", "change")
        kind_ja = {"deletion": "削除", "insertion": "挿入", "format-change": "書式変更"}.get(
            kind, "変更")
        detail_ja = ("削除した文「%s」もファイルに残っています。" % _short(c.get("text"))
                     if kind == "deletion" and c.get("text") else "")
        detail_en = ("the deleted text 「%s」 is still in the file. " % _short(c.get("text"))
                     if kind == "deletion" and c.get("text") else "")
        out.append(finding(
            "META_TRACKED_CHANGE", ERROR,
            "変更履歴（%s、%s）が残っています。%s変更をすべて承認または却下して履歴を消して"
            "ください。%s" % (kind_ja, c.get("author") or "作成者不明", detail_ja, SCRUB_HINT_JA),
            "a tracked change (%s by %s) is left in; %sAccept or reject all changes. %s"
            % (kind, c.get("author") or "unknown", detail_en, SCRUB_HINT_EN),
            excerpt_text=_short(c.get("text")), **at(c.get("index"))))
    if meta.get("track_changes_on") and not changes:
        out.append(finding(
            "META_TRACKING_ON", WARNING,
            "変更履歴の記録がオンになっています。以後の編集がすべて記録され、相手方にも"
            "渡ります。［編集］→［変更の追跡］→［記録］をオフにしてください。",
            "recording of changes is switched on: every later edit is recorded and travels "
            "with the file. Switch off Edit > Track Changes > Record."))
    for h in meta.get("hidden") or []:
        kind = h.get("kind", "text")
        code = {"paragraph": "META_HIDDEN_PARAGRAPH", "section": "META_HIDDEN_SECTION"}.get(
            kind, "META_HIDDEN_TEXT")
        what_ja = {"paragraph": "非表示の段落", "section": "非表示のセクション"}.get(
            kind, "非表示の文字")
        name = "「%s」" % h["name"] if h.get("name") else ""
        name_en = " 「%s」" % h["name"] if h.get("name") else ""
        out.append(finding(
            code, ERROR,
            "%s%sがあります：「%s」。画面や印刷には出ませんが、ファイルには残り相手方に"
            "渡ります。不要なら削除してください。%s"
            % (what_ja, name, _short(h.get("text")), SCRUB_HINT_JA),
            "hidden %s%s: 「%s」. It does not show or print, but it is in the file and "
            "travels with it. Delete it if it is not needed. %s"
            % (kind, name_en, _short(h.get("text")), SCRUB_HINT_EN),
            excerpt_text=_short(h.get("text")), **at(h.get("index"))))
    out.extend(security.check(doc, meta))   # active content, unseen places, versions
    return out
