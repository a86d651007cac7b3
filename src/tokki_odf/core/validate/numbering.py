"""Numbering: gaps, duplicates and disorder of articles, paragraphs, items, sub-items."""
from typing import List

from .emit import excerpt, finding
from ..findings import ERROR, WARNING, Finding
from .structure import Document, Item
from ..drafting import labels as L
from ..drafting.numerals import KATAKANA_ITEMS


def check(doc: Document) -> List[Finding]:
    out: List[Finding] = []
    for part_no, part in enumerate(doc.parts):
        _articles(part, part_no, out)
        for article in part:
            _paragraphs(article, out)
            for para in article.paragraphs:
                _sequence(para.items, "号", "item", _item_label, article, para, out)
                _sequence(para.loose_subitems, "号の細分", "sub-item", _kana_label,
                          article, para, out)
                for item in para.items:
                    _sequence(item.children, "号の細分", "sub-item", _kana_label,
                              article, para, out)
                    for child in item.children:
                        _sequence(child.children, "細分", "sub-item", _kana_paren_label,
                                  article, para, out)
    return out


def _art_label(key, style=L.JOU):
    """The name of the article numbered key in the document's label style (第5条, 第5,
    「5」), as Article.name writes it."""
    number, branch = key
    no = "%d" % number + ("の%d" % branch if branch else "")
    if style == L.DAI:
        return "第%s" % no
    if style == L.HEADING:
        return "「%s」" % no
    return "第%s条" % no


def _articles(part, part_no, out):
    first = part[0]
    if part_no == 0 and first.key != (1, 0):
        out.append(finding(
            "NUM_ARTICLE_START", WARNING,
            "最初の条が%sです。第1条から始まるのが通常です。契約書の本体の条に続けて"
            "番号を振った場合はこのままで構いません。" % first.name,
            "the first article is %s, not Article 1. Fine if the provisions continue the "
            "numbering of the contract's own articles." % first.name,
            article=first, index=first.index, excerpt_text=excerpt(_head(first))))
    seen = {}
    prev = None
    for article in part:
        key = article.key
        if key in seen:
            other = seen[key]
            out.append(finding(
                "NUM_ARTICLE_DUPLICATE", ERROR,
                "%sが2回あります（前の%s（%s）と同じ番号）。選ばなかった方の条文（※の"
                "記載例の別案など）を削除するか、番号を振り直してください。条の番号は"
                "第1条から1ずつ増やします。"
                % (article.name, other.name, other.caption or "見出しなし"),
                "%s appears twice (also earlier, captioned %s). Delete the variant you did "
                "not choose or renumber; articles are numbered 1, 2, 3…"
                % (article.name, other.caption or "none"),
                article=article, index=article.index, excerpt_text=excerpt(_head(article))))
        elif prev is not None:
            expected = _next_keys(prev.key)
            if key < prev.key:
                out.append(finding(
                    "NUM_ARTICLE_ORDER", ERROR,
                    "%sの次に%sがあります。条は番号の順に並べ、%sの次は%sにしてください。"
                    % (prev.name, article.name, prev.name, _art_label(expected[0], prev.style)),
                    "%s comes after %s; articles must be in order (%s follows %s)."
                    % (article.name, prev.name, _art_label(expected[0], prev.style), prev.name),
                    article=article, index=article.index,
                    excerpt_text=excerpt(_head(article))))
            elif key not in expected:
                missing = _art_label(expected[0], prev.style)
                out.append(finding(
                    "NUM_ARTICLE_GAP", ERROR,
                    "%sの次が%sです。%sがありません。条の番号は1ずつ増やしてください"
                    "（条を削除したときは、後の条の番号と、それを引用している箇所も"
                    "直します）。" % (prev.name, article.name, missing),
                    "%s follows %s: %s is missing. Number articles consecutively (after "
                    "deleting an article, renumber the later ones and the references to "
                    "them)." % (article.name, prev.name, missing),
                    article=article, index=article.index,
                    excerpt_text=excerpt(_head(article))))
        seen.setdefault(key, article)
        if prev is None or key > prev.key:
            prev = article


def _next_keys(key):
    number, branch = key
    return [(number + 1, 0), (number, (branch or 1) + 1)]


def _head(article):
    return article.paragraphs[0].lines[0].text


def _paragraphs(article, out):
    prev = 1
    seen = {1}
    for para in article.paragraphs[1:]:
        n = para.number
        text = para.lines[0].text
        if n in seen:
            code, ja, en = ("NUM_PARAGRAPH_DUPLICATE",
                            "項番号%dが2回あります。" % n, "paragraph %d appears twice." % n)
        elif n < prev:
            code, ja, en = ("NUM_PARAGRAPH_ORDER",
                            "項番号%dが%dの後にあります。" % (n, prev),
                            "paragraph %d comes after %d." % (n, prev))
        elif n != prev + 1:
            code, ja, en = ("NUM_PARAGRAPH_GAP",
                            "項番号が%dの次に%dになっています（%dがありません）。"
                            % (prev, n, prev + 1),
                            "paragraph %d follows %d (%d is missing)." % (n, prev, prev + 1))
        else:
            code = None
        if code:
            out.append(finding(
                code, ERROR,
                ja + "項は、最初の項には番号を付けず、2, 3, 4…と続けます。",
                en + " The first paragraph has no number; the next are 2, 3, 4…",
                article=article, paragraph=para, index=para.index, excerpt_text=excerpt(text)))
        seen.add(n)
        prev = max(prev, n)


def _item_label(n):
    return "(%d)" % n


def _kana_label(n):
    return KATAKANA_ITEMS[n - 1] if 1 <= n <= len(KATAKANA_ITEMS) else "?"


def _kana_paren_label(n):
    return "(%s)" % _kana_label(n)


def _sequence(items: List[Item], level_ja, level_en, label, article, para, out):
    prev = 0
    seen = set()
    for item in items:
        n = item.number
        if n in seen:
            ja, en, code = "%sが2回あります。" % item.label, "%s appears twice." % item.label, \
                "DUPLICATE"
        elif n < prev:
            ja, en, code = ("%sが%sの後にあります。" % (item.label, label(prev)),
                            "%s comes after %s." % (item.label, label(prev)), "ORDER")
        elif n != prev + 1:
            ja = ("%sの次が%sです（%sがありません）。" % (label(prev), item.label, label(prev + 1))
                  if prev else "最初の%sが%sです（%sから始めます）。"
                  % (level_ja, item.label, label(1)))
            en = ("%s follows %s (%s is missing)." % (item.label, label(prev), label(prev + 1))
                  if prev else "the first %s is %s (start at %s)."
                  % (level_en, item.label, label(1)))
            code = "GAP"
        else:
            code = None
        if code:
            prefix = "NUM_ITEM_" if level_ja == "号" else "NUM_SUBITEM_"
            out.append(finding(
                prefix + code, ERROR,
                ja + "%sは%s, %s, %s…の順に付けます。" % (level_ja, label(1), label(2), label(3)),
                en + " Label %ss %s, %s, %s…" % (level_en, label(1), label(2), label(3)),
                article=article, paragraph=para, index=item.index,
                excerpt_text=excerpt(item.lines[0].text)))
        seen.add(n)
        prev = max(prev, n)
