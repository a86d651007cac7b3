"""Required contents: which articles cover each item of 指針 4-8-9(1) ①–⑧.

The 指針 (行政機関等の保有する個人情報の適切な管理のための措置に関する指針,
4-8-9(1); the same list is 資料B 2.(1)–(8)) says what a contract must state.
An article covers a part of an item when its caption or its body matches; an
item is covered when every part of it is. Body patterns are phrases that
state the obligation, not single words, so that 第18条第2項's 「損害の賠償を請求
することはできない」 does not pass for a 損害賠償 article.

| item | part                     | caption contains          | body contains (regex)                     |
|------|--------------------------|---------------------------|-------------------------------------------|
The table below is the original 記載例's; phrases.py holds the full list of the
ways other issuers say each thing (適正管理／安全確保, 目的以外の使用 …).

| ①    | 秘密保持                 | 秘密 守秘 従事する者の義務 | 漏らし / 秘密を保持                         |
| ①    | 目的外利用の禁止         | 目的外                    | 目的以外の目的で利用 / 目的外に利用          |
| ②    | 再委託                   | 再委託                    | 再委託してはならない / 再委託できる          |
| ③    | 複写又は複製の禁止・制限 | 複写 複製                 | 複写又は複製して / 複製してはならない       |
| (③)  | 持ち出しの禁止・制限     | 持ち出し 持出             | 持ち出し…てはならない                      |
| ④    | 安全管理措置             | 安全管理 安全確保 セキュリティ 従事者の管理 | 安全管理措置 / 管理体制を整備 |
| ⑤    | 漏えい等の事案の対応     | 事故 漏えい               | 漏えい等の事故が発生 / 事故が発生した場合   |
| ⑥    | 消去・返却               | 返還 返却 消去 廃棄       | 返還しなければ / 返却しなければ / 消去し     |
| ⑦    | 契約解除                 | 解除                      | 契約を解除することができる                  |
| ⑦    | 損害賠償                 | 損害賠償                  | 損害を賠償しなければ / 賠償する責任          |
| ⑧    | 遵守状況の報告           | 取扱状況の報告 遵守状況   | 遵守状況…報告 / 取扱状況…報告              |
| ⑧    | 監督・立入検査・監査     | 監督 立入検査 調査 監査   | (監督|立入検査|調査|監査)…応じなければならない |

③ needs a 複写又は複製 article; 持ち出し articles are listed under ③ as well
(the 指針's 複製等の制限, 4-8-5(4), covers 複製, 送信 and 持ち出し alike) but do
not replace it. Parts in parentheses are listed, never required. ⑥ accepts 返還 alone: the 記載例's main wording returns the
materials and mentions 消去 only in the ただし書 variant.
"""
import functools
import re
from typing import Dict, List, Tuple

from .emit import finding
from ..findings import ERROR, WARNING, Finding
from .phrases import COVERAGE, PROVISIONS_TITLE
from .structure import Article, Document

# (item, part name ja, part name en, caption words, body regex, required), from the
# phrase table in phrases.py (the usual ways of saying each thing).
# A part that is not required still lists its articles under the item.
PARTS: List[Tuple[str, str, str, Tuple[str, ...], str, bool]] = [
    (item, ja, en, caps, "|".join(body), req) for item, ja, en, caps, body, req in COVERAGE]
_BODY = [re.compile(p[4]) for p in PARTS]
# Titles that say a document is something else than provisions (an ordinance, a rule,
# a 委託基準, a contract without 特記事項): ①–⑧ are not asked of it.
OTHER_KIND = re.compile(r"条例|規則|要綱|要領|基準|告示|規程|訓令|通知|契約書|留意事項|"
                        r"事務の(?:委託|取扱)")


def is_provisions(doc: Document) -> bool:
    """Is the document (or one of its parts) a set of personal-information provisions?

    Yes when a title says so (特記事項 …), or when no title says it is something
    else (a bare list of articles is taken to be provisions, as before)."""
    titles = [t for t in doc.titles if t]
    if any(PROVISIONS_TITLE.search(t) for t in titles):
        return True
    return not any(OTHER_KIND.search(t) for t in titles)


ITEMS = {
    "1": "個人情報に関する秘密保持、利用目的以外の目的のための利用の禁止等の義務",
    "2": "再委託の制限又は事前承認等再委託に係る条件に関する事項",
    "3": "個人情報の複製等の制限に関する事項",
    "4": "個人情報の安全管理措置に関する事項",
    "5": "個人情報の漏えい等の事案の発生時における対応に関する事項",
    "6": "委託終了時における個人情報の消去及び媒体の返却に関する事項",
    "7": "法令及び契約に違反した場合における契約解除、損害賠償責任その他必要な事項",
    "8": "契約内容の遵守状況についての定期的報告に関する事項及び委託先における委託された"
         "個人情報の取扱い状況を把握するための監査等に関する事項",
}
ITEMS_EN = {
    "1": "confidentiality and no use outside the purpose",
    "2": "limits on or prior approval of subcontracting",
    "3": "limits on copying",
    "4": "security measures",
    "5": "response to leaks and other incidents",
    "6": "erasure and return of media when the work ends",
    "7": "termination and damages on breach",
    "8": "regular compliance reports and supervision/audit of the contractor",
}
CIRCLED = "①②③④⑤⑥⑦⑧"


def covers(article: Article, part_index: int) -> bool:
    return part_index in _covered(article.caption or "", article.squeezed)


@functools.lru_cache(maxsize=4096)
def _covered(caption: str, squeezed: str) -> frozenset:
    """Indexes of the PARTS an article with this caption and body covers. Memoised:
    a batch checks the same template articles for every row (issue 16)."""
    return frozenset(i for i, part in enumerate(PARTS)
                     if any(w in caption for w in part[3]) or _BODY[i].search(squeezed))


def check(doc: Document) -> Tuple[Dict[str, list], List[Finding]]:
    articles = doc.articles
    coverage: Dict[str, list] = {str(i): [] for i in range(1, 9)}
    out: List[Finding] = []
    if not articles:
        return coverage, out
    required_here = is_provisions(doc)
    covered = [(a, _covered(a.caption or "", a.squeezed)) for a in articles]
    for i, (item, name_ja, name_en, _, _, required) in enumerate(PARTS):
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
                % (CIRCLED[n - 1], ITEMS[item], name_ja),
                "指針 4-8-9(1) item %s (%s): no article provides for %s; the contract "
                "must (add the 記載例's article for it)." % (item, ITEMS_EN[item], name_en)))
    for key in coverage:
        coverage[key].sort(key=lambda no: (int(str(no).split("の")[0]),
                                           int(str(no).split("の")[1]) if "の" in str(no) else 0))
    if required_here:
        out.extend(_subcontract_supervision(doc))
    return coverage, out


def _subcontract_supervision(doc: Document) -> List[Finding]:
    """⑧ includes supervising subcontractors: needed when subcontracting is allowed."""
    out = []
    for a in doc.articles:
        text = a.squeezed
        allows = "再委託" in (a.caption or "") and ("ただし" in text or "できる" in text)
        if allows and not re.search(r"再委託先[^。]*(?:監督|監査)|(?:監督|監査)[^。]*再委託先|"
                                    r"履行状況を監督", text):
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
