"""Required contents: which articles cover each item of 指針 4-8-9(1) ①–⑧.

The 指針 (行政機関等の保有する個人情報の適切な管理のための措置に関する指針,
4-8-9(1); the same list is 資料B 2.(1)–(8)) says what a contract must state.
An article covers a part of an item when its caption or its body matches; an
item is covered when every part of it is. Body patterns are phrases that
state the obligation, not single words, so that 第18条第2項's 「損害の賠償を請求
することはできない」 does not pass for a 損害賠償 article.

The parts, their caption words and body phrases, and the item names are data:
templates/recognition.json ("coverage", "items"), collected from the 記載例 and
from the ways other issuers say each thing (適正管理／安全確保, 目的以外の使用 …).
The rules get it as a Recognition (recognition.py), passed by the caller.

③ needs a 複写又は複製 article; 持ち出し articles are listed under ③ as well
(the 指針's 複製等の制限, 4-8-5(4), covers 複製, 送信 and 持ち出し alike) but do
not replace it. A part with "required": false is listed, never required. ⑥ accepts 返還 alone: the 記載例's main wording returns the
materials and mentions 消去 only in the ただし書 variant.
"""
from typing import Dict, List, Tuple

from .emit import finding
from ..findings import ERROR, WARNING, Finding
from .recognition import Recognition
from .structure import Article, Document


def is_provisions(doc: Document, rec: Recognition) -> bool:
    """Is the document (or one of its parts) a set of personal-information provisions?

    Yes when a title says so (特記事項 …), or when no title says it is something
    else (an ordinance, a rule, a 委託基準, a contract without 特記事項: rec's
    other_kind; a bare list of articles is taken to be provisions, as before)."""
    titles = [t for t in doc.titles if t]
    if any(rec.provisions_title.search(t) for t in titles):
        return True
    return not any(rec.other_kind.search(t) for t in titles)


CIRCLED = "①②③④⑤⑥⑦⑧"


def covers(article: Article, part_index: int, rec: Recognition) -> bool:
    return part_index in rec.covered(article.caption or "", article.squeezed)


def check(doc: Document, rec: Recognition
          ) -> Tuple[Dict[str, list], Dict[str, List[str]], List[Finding]]:
    """-> (item -> covering article numbers, item -> their names, findings)."""
    articles = doc.articles
    coverage: Dict[str, list] = {str(i): [] for i in range(1, 9)}
    out: List[Finding] = []
    if not articles:
        return coverage, {key: [] for key in coverage}, out
    required_here = is_provisions(doc, rec)
    covered = [(a, rec.covered(a.caption or "", a.squeezed)) for a in articles]
    for i, (item, name_ja, name_en, _, _, required) in enumerate(rec.parts):
        found = [a for a, parts in covered if i in parts]
        for a in found:
            if a.no not in coverage[item]:
                coverage[item].append(a.no)
        if not found and required and required_here:
            n = int(item)
            out.append(finding(
                "COVERAGE_MISSING", ERROR,
                "指針4-8-9(1)%s「%s」のうち「%s」を定める条が見つかりません。契約書に明記"
                "する必要があります（記載例の該当する条を入れてください）。"
                % (CIRCLED[n - 1], rec.items[item], name_ja),
                "指針 4-8-9(1) item %s (%s): no article provides for %s; the contract "
                "must (add the 記載例's article for it)." % (item, rec.items_en[item], name_en)))
    # the covering articles as the document names them (第5条, 第5, 「5」), in
    # document order: the text report writes these (Report.coverage_names)
    names: Dict[str, List[str]] = {key: [] for key in coverage}
    for a, parts in covered:
        for i in sorted(parts):
            item = rec.parts[i][0]
            if a.name not in names[item]:
                names[item].append(a.name)
    for key in coverage:
        coverage[key].sort(key=lambda no: (int(str(no).split("の")[0]),
                                           int(str(no).split("の")[1]) if "の" in str(no) else 0))
    if required_here:
        out.extend(_subcontract_supervision(doc, rec))
    return coverage, names, out


def _subcontract_supervision(doc: Document, rec: Recognition) -> List[Finding]:
    """⑧ includes supervising subcontractors: needed when subcontracting is allowed."""
    out = []
    for a in doc.articles:
        text = a.squeezed
        allows = "再委託" in (a.caption or "") and ("ただし" in text or "できる" in text)
        if allows and not rec.subcontract_supervision.search(text):
            out.append(finding(
                "COVERAGE_SUBCONTRACT_SUPERVISION", WARNING,
                "再委託を認めていますが、再委託先に対する監督・監査の定めがありません"
                "（指針4-8-9(1)⑧「再委託先の監査等に関する事項を含む」）。記載例の第5項"
                "「…その履行状況を監督するとともに…」を入れてください。",
                "subcontracting is allowed but nothing provides for supervising or auditing "
                "the subcontractor (指針 4-8-9(1) item 8). Add the 記載例's paragraph 5.",
                article=a, paragraph=a.paragraphs[0], index=a.index,
                excerpt_text=a.titled))
    return out
