"""Caption vs body: （…の禁止） over a body that allows exceptions, and the reverse.

The 記載例 offers each prohibition in two forms: （…の禁止） with a flat ban,
and （…の制限） with a ただし書 allowing it with 甲's approval. Mixing the caption
of one with the body of the other is a typical hand edit gone wrong.

Other issuers draft differently, and the rules know it (the phrases are data in
templates/recognition.json, passed in as a Recognition):
- 「…の禁止」 over a ただし書 is the usual 原則禁止 drafting when the document's
  house style allows it: its caption says 原則禁止, or its other 禁止 articles
  carry exceptions too. It is flagged only where the document's other 禁止
  articles are all flat bans (the 記載例's own pairing of 禁止 and 制限).
- 「…の制限」 is half of a 禁止/制限 pair only when its body bans something
  (…てはならない). 収集の制限 (collect only what is needed) states an
  obligation and is never flagged.
- 「但し」 is a ただし書 as much as 「ただし」; 「この限りでない」 is an exception.
- Ordinary contract clauses (権利義務の譲渡等の禁止 …) are not provisions and are
  left alone.
"""
from typing import List

from .emit import excerpt, finding
from ..findings import ERROR, Finding
from .patterns import EXCEPTION, PROVISO
from .recognition import Recognition
from .structure import Document


def _flat_bans_elsewhere(doc, article, rec):
    """The other 禁止 articles of the part: are they all flat bans (no exception)?"""
    others = [a for a in doc.parts[article.part] if a is not article
              and "禁止" in (a.caption or "") and rec.ban.search(a.text)]
    return bool(others) and not any(EXCEPTION.search(a.text) for a in others)


def check(doc: Document, rec: Recognition) -> List[Finding]:
    out: List[Finding] = []
    for article in doc.articles:
        caption = article.caption or ""
        first = article.paragraphs[0]
        if rec.ordinary_clauses.search(caption):
            continue   # 権利義務の譲渡等の禁止 …: an ordinary contract clause, not the pairing
        if "禁止" in caption:
            m = PROVISO.search(first.text)
            if m and not rec.principle_prohibition.search(caption) \
                    and _flat_bans_elsewhere(doc, article, rec):
                text = first.lines[0].text
                at = max(text.find("ただし"), text.find("但し"))
                out.append(finding(
                    "CAPTION_PROHIBIT_HAS_PROVISO", ERROR,
                    "見出しは「%s」ですが、本文のただし書で例外を認めています。例外を認める"
                    "なら見出しを「%s」に、認めないならただし書を削除してください。"
                    % (caption, caption.replace("禁止", "制限")),
                    "the caption says 「%s」 (prohibited) but the proviso (ただし書) allows "
                    "exceptions. Caption it 「%s」, or delete the proviso."
                    % (caption, caption.replace("禁止", "制限")),
                    article=article, paragraph=first, index=article.index,
                    excerpt_text=excerpt(text, max(at, 0), max(at, 0) + 3)))
        elif "制限" in caption and not rec.not_a_pair.search(caption):
            if rec.ban.search(article.text) and not EXCEPTION.search(article.text):
                out.append(finding(
                    "CAPTION_RESTRICT_NO_EXCEPTION", ERROR,
                    "見出しは「%s」ですが、本文に例外（「ただし、…甲の承認を受けたときは…」"
                    "など）がなく、全面的な禁止になっています。禁止でよければ見出しを「%s」"
                    "に、例外を認めるならただし書を加えてください。"
                    % (caption, caption.replace("制限", "禁止")),
                    "the caption says 「%s」 (restricted) but the body allows no exception, so "
                    "it is a flat prohibition. Caption it 「%s」, or add the proviso."
                    % (caption, caption.replace("制限", "禁止")),
                    article=article, paragraph=first, index=article.index,
                    excerpt_text=excerpt(first.lines[0].text)))
    return out
