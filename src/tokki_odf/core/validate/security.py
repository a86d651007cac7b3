"""What a contract file must not carry besides its text (docs/security.md).

Fed by the file adapter (io/contract.py) through the metadata dict:

    "active":   [(code, detail), …]      core/odf/active.find(): SEC_* and META_SETTINGS
    "unseen":   [{"place": "footnote"|"endnote"|"frame"|"header"|"footer",
                  "text": "…"}, …]          text outside the body's running text
    "unseen_annotations": [{"place": …, "author": …, "text": …}, …]
    "versions": [{"author": …, "comment": …, "date": …}, …]   stored versions (.odt)

check() turns them into findings for validate; template_problems() gives the same
list for check-template (plus tracked changes and hidden sections, which assemble
refuses or deletes). Pure.
"""
from typing import List

from .emit import finding
from . import leftovers
from ..findings import ERROR, WARNING, Finding
from ..odf.active import LABELS, hidden_section
from ..odf.namespaces import clark, q

SCRUB_JA = "「tokki scrub 文書 --out 出力」で取り除けます。"
SCRUB_EN = "`tokki scrub DOC --out OUT` removes it."
PLACE_JA = {"footnote": "脚注", "endnote": "文末脚注", "frame": "テキスト枠", "header": "ヘッダ",
            "footer": "フッタ"}
# A hyperlink out of the document is not dangerous in itself: a warning. Everything
# else runs, fetches or links live data: an error.
SEVERITY = {"SEC_EXTERNAL_LINK": WARNING, "META_SETTINGS": WARNING}


def _short(text, n=40):
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n] + "…"


def _active_findings(active, template=False):
    grouped = {}
    for code, detail in active:
        grouped.setdefault(code, []).append(detail)
    out = []
    for code, details in grouped.items():
        ja, en = LABELS.get(code, (code, code))
        shown = "、".join(_short(d, 30) for d in details[:3] if d)
        if template:
            tail_ja = ("tokki はこれを契約書から取り除きますが、ひな型からも削除してください"
                       "（意図しないものなら、ひな型が改ざんされていないか確認してください）。")
            tail_en = ("tokki removes it from every contract; remove it from the template too "
                       "(if nobody put it there on purpose, check where the template came from).")
        else:
            tail_ja, tail_en = SCRUB_JA, SCRUB_EN
        out.append((code, SEVERITY.get(code, ERROR),
                    "%s（%d件%s）がファイルに含まれています。%s"
                    % (ja, len(details), "：" + shown if shown else "", tail_ja),
                    "the file holds %s (%d%s). %s"
                    % (en, len(details), ": " + shown if shown else "", tail_en),
                    shown))
    return out


def check(doc, meta: dict) -> List[Finding]:
    out: List[Finding] = []
    for code, severity, ja, en, excerpt in _active_findings(meta.get("active") or []):
        out.append(finding(code, severity, ja, en, excerpt_text=excerpt))
    for c in meta.get("unseen_annotations") or []:
        place = c.get("place", "")
        out.append(finding(
            "META_ANNOTATION", ERROR,
            "%sにコメント（%s）が残っています：「%s」。コメントは相手方にも見えます。%s"
            % (PLACE_JA.get(place, place), c.get("author") or "作成者不明",
               _short(c.get("text")), SCRUB_JA),
            "a comment by %s is left in the %s: 「%s」. The other party can read it. %s"
            % (c.get("author") or "unknown", place, _short(c.get("text")), SCRUB_EN),
            excerpt_text=_short(c.get("text"))))
    for u in meta.get("unseen") or []:
        text, place = u.get("text") or "", u.get("place", "")
        if not leftovers.ANY.search(text):
            continue
        for code, pattern, what_ja, what_en, todo_ja, todo_en in leftovers.RULES:
            m = pattern.search(text)
            if m:
                out.append(finding(
                    code, ERROR, "%sに%sが残っています。%s" % (PLACE_JA.get(place, place),
                                                          what_ja, todo_ja),
                    "%s is left in the %s. %s" % (what_en, place, todo_en),
                    excerpt_text=_short(text)))
                break
    versions = meta.get("versions") or []
    if versions:
        who = "、".join(sorted({v.get("author") or "" for v in versions} - {""}))
        out.append(finding(
            "META_VERSIONS", ERROR,
            "以前の版（%d件%s）がファイルに保存されています。以前の版の本文もすべて相手方に"
            "渡ります。［ファイル］→［バージョン］で削除するか、%s"
            % (len(versions), "、作成者 " + who if who else "", SCRUB_JA),
            "the file stores %d earlier version(s)%s, each a whole earlier copy of the text, "
            "which travels with it. Delete them (File > Versions) or: %s"
            % (len(versions), " by " + who if who else "", SCRUB_EN),
            excerpt_text=who))
    return out


def template_problems(flat):
    """[(code, severity, ja, en, excerpt)] for check-template."""
    from ..odf.active import find
    out = _active_findings(find(flat), template=True)
    regions = [r for tc in flat.iter(q("text:tracked-changes"))
               for r in tc.findall(clark("text:changed-region"))]
    if regions:
        authors = "、".join(sorted({(r.findtext(clark(".//dc:creator"), "") or "").strip()
                                    for r in regions} - {""}))
        out.append(("T-TRACKED-CHANGES", ERROR,
                    "変更履歴（%d件%s）が残っています。tokki はこのひな型から契約書を作りません。"
                    "Writer で変更をすべて承認または却下して保存してください。"
                    % (len(regions), "、" + authors if authors else ""),
                    "the template holds %d tracked change(s)%s; tokki refuses to assemble from "
                    "it. Accept or reject every change in Writer and save."
                    % (len(regions), " by " + authors if authors else ""), authors))
    hidden = [s for s in flat.iter(q("text:section")) if hidden_section(s)]
    if hidden:
        names = "、".join(s.get(q("text:name")) or "" for s in hidden)
        out.append(("T-HIDDEN-SECTION", WARNING,
                    "非表示のセクション（%s）があります。tokki は契約書からこれを削除します"
                    "（表示されない内容が契約書に出ることはありません）。不要ならひな型からも"
                    "削除してください。" % names,
                    "hidden section(s) %s: tokki deletes them from every contract (hidden text "
                    "never reaches a contract); remove them from the template if not needed."
                    % names, names))
    return out
