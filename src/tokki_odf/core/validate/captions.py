"""Caption vs body: （…の禁止） over a body that allows exceptions, and the reverse.

The 記載例 offers each prohibition in two forms: （…の禁止） with a flat ban,
and （…の制限） with a ただし書 allowing it with 甲's approval. Mixing the caption
of one with the body of the other is a typical hand edit gone wrong.
"""
from typing import List

from .emit import excerpt, finding
from ..findings import ERROR, Finding
from .patterns import EXCEPTION, PROVISO
from .structure import Document


def check(doc: Document) -> List[Finding]:
    out: List[Finding] = []
    for article in doc.articles:
        caption = article.caption or ""
        first = article.paragraphs[0]
        if "禁止" in caption:
            m = PROVISO.search(first.text)
            if m:
                text = first.lines[0].text
                at = text.find("ただし")
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
        elif "制限" in caption:
            if not EXCEPTION.search(article.text):
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
