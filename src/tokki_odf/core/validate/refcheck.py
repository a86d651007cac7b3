"""Cross-references checked against the document: dangling, reversed, stale.

Dangling: the target does not exist (第25条 in a 21-article document, 前条 in
the first article, 第2条第1項各号 where 第2条第1項 has no items).
Stale: the target exists but what the sentence says of it does not fit —
「第N条で規定する「X」」 where X (or its key terms) is not in 第N条, or
前項ただし書 where that paragraph has no ただし書. The article that does fit is
suggested. This is what goes wrong when an article is added, removed or
swapped for a variant and the text citing it is not updated.
"""
import re
from dataclasses import dataclass
from typing import List, Optional

from . import references
from .emit import excerpt, finding
from ..findings import ERROR, WARNING, Finding
from .patterns import PROVISO, SP, squeeze
from .recognition import Recognition
from .structure import BLANK, TEXT, Article, Document, Item, Paragraph
from ..drafting.labels import DAI, HEADING, JOU

TERM_AFTER = re.compile(
    r"^%s*(?:で|に)%s*(?:規定する|規定される|規定された|定める|定められた|定めた|掲げる)"
    r"%s*「(?P<t>[^」]{1,60})」" % (SP, SP, SP))
TERM_TAIL = re.compile(r"(?:したもの|されたもの|するもの|もの|したこと|すること|こと|する|した|される)$")
TERM_SPLIT = re.compile(r"又は|及び|並びに|若しくは|、|・")
VIOLATION_AFTER = re.compile(r"^%s*まで%s*の?%s*規定に違反" % (SP, SP, SP))


@dataclass
class Target:
    article: Article
    paragraph: Optional[Paragraph] = None
    item: Optional[Item] = None


class _Context:
    def __init__(self, doc: Document, article: Article, paragraph: Paragraph,
                 item: Optional[Item], rec: Recognition):
        self.doc = doc
        self.rec = rec
        self.article = article
        self.paragraph = paragraph
        self.item = item
        self.part = doc.parts[article.part]
        self.style: List[_Problem] = []  # warnings found while resolving (no target lost)


class _Problem(Exception):
    def __init__(self, code, severity, ja, en):
        super().__init__(code)
        self.code, self.severity, self.ja, self.en = code, severity, ja, en


def check(doc: Document, rec: Recognition) -> List[Finding]:
    out: List[Finding] = []
    violation_ranges = []  # (start, end, citing article, paragraph, index, excerpt)
    last_by_paragraph = {}
    places = {}           # id(article) -> its lines' places (_line_places)
    for line, text in _logical_lines(doc):
        style = doc.where[line.index].article.style
        pointers = references.find(text, bare_articles=style == DAI,
                                   heading_articles=style == HEADING,
                                   articles_are_external=style != JOU)
        if not pointers:
            continue          # most lines: nothing to resolve, nothing to remember
        # where inside the article this line is: the 項/号 it belongs to
        article, para, item = _line_location(doc, line, places)
        ctx = _Context(doc, article, para, item, rec)
        last, last_external = last_by_paragraph.get(id(para), (None, False))
        targets = {}
        for p in pointers:
            if p.is_same and last_external and p.joined_to is None:
                p.external = True   # 同条 after 法第68条第1項 on an earlier line
            last_external = p.external
            if p.external or p.name_like:
                continue
            try:
                target = _resolve(p, ctx, last, targets)
            except _Problem as problem:
                ctx.style.append(problem)
                target = None
            subject = (_stale_subject(p, target, ctx, text, line.index)
                       if target is not None else [])
            if subject:
                # never advise a form that keeps a wrong target (第6条第1項 -> 第6条)
                ctx.style = [x for x in ctx.style if x.code != "REF_SINGLE_PARAGRAPH_NUMBERED"]
                out.extend(subject)
            for problem in ctx.style:
                out.append(finding(problem.code, problem.severity, problem.ja, problem.en,
                                   article=article, paragraph=para, index=line.index,
                                   excerpt_text=excerpt(text, p.start, p.end)))
            ctx.style.clear()
            if target is None:
                continue
            targets[id(p)] = target
            last = target
            out.extend(_stale(p, target, ctx, text, line.index))
            if p.range_from is not None and id(p.range_from) in targets:
                start = targets[id(p.range_from)]
                problem = _range_problem(p.range_from, p, start, target)
                if problem:
                    out.append(finding(problem.code, problem.severity, problem.ja, problem.en,
                                       article=article, paragraph=para, index=line.index,
                                       excerpt_text=excerpt(text, p.range_from.start, p.end)))
                elif VIOLATION_AFTER.match(text[p.end:]) and target.paragraph is None \
                        and start.paragraph is None:
                    violation_ranges.append((start.article, target.article, article, para,
                                             line.index, excerpt(text, p.range_from.start,
                                                                 p.end)))
        last_by_paragraph[id(para)] = (last, last_external)
    out.extend(_inconsistent_ranges(doc, violation_ranges))
    return out


def _logical_lines(doc):
    """(first line, text) of each line, joined with the lines a PDF paste broke off it.

    A line that does not end a sentence (。, ：, 」) and is followed by plain text
    of the same 項 continues on that line: 「番号法第1」+「9条各号」 is one pointer.
    """
    out = []
    prev = None
    for line in doc.lines:
        if line.kind == BLANK:
            prev = None
            continue
        loc = doc.where.get(line.index)
        if loc is None or loc.article is None:
            prev = None
            continue
        if line.body.lstrip().startswith(("※", "＊")):
            prev = None
            continue  # template notes are reported as leftovers, not checked as text
        if prev is not None and line.kind == TEXT and _same_paragraph(doc, prev[0], line) \
                and not prev[1].rstrip().endswith(("。", "：", ":", "」", "）")):
            out[-1] = (prev[0], prev[1] + line.body)
            prev = out[-1]
            continue
        out.append((line, line.body))
        prev = out[-1]
    return out


def _same_paragraph(doc, a, b):
    la, lb = doc.where.get(a.index), doc.where.get(b.index)
    return la is not None and lb is not None and la.paragraph is lb.paragraph or (
        a.index == b.index)


def _line_location(doc, line, places):
    loc = doc.where[line.index]
    # Several lines may share an index (line breaks); find the 項 holding this very line.
    table = places.get(id(loc.article))
    if table is None:
        table = places[id(loc.article)] = _line_places(loc.article)
    found = table.get(id(line))
    if found is not None:
        return (loc.article,) + found
    return loc.article, loc.paragraph, loc.item


def _line_places(article):
    """id(line) -> (項, 号 or None) for every line of the article: the first 項 holding
    the line, and the last of its 号 holding it or holding a sub-item that does."""
    table = {}
    for para in article.paragraphs:
        here = {}
        for l in para.lines:
            here.setdefault(id(l), (para, None))
        for it in para.items:
            for l in _item_lines(it):
                if id(l) in here:
                    here[id(l)] = (para, it)
        for key, value in here.items():
            table.setdefault(key, value)
    return table


def _item_lines(item):
    yield from item.lines
    for c in item.children:
        yield from _item_lines(c)


# -- resolution ----------------------------------------------------------------

def _q(p):
    """The pointer as written, quoted (English messages keep the document's words too)."""
    return "「%s」" % p.text.strip()


def _resolve(p, ctx: _Context, last: Optional[Target], targets) -> Optional[Target]:
    prev = p.joined_to or p.range_from
    inherited = targets.get(id(prev)) if prev is not None else None
    article = _resolve_article(p, ctx, last, inherited, prev)
    if article is None:
        return None
    para = _resolve_paragraph(p, ctx, article, last, inherited, prev)
    item = _resolve_item(p, ctx, article, para)
    return Target(article, para, item)


def _resolve_article(p, ctx, last, inherited, prev):
    A, part = ctx.article, ctx.part
    kind = p.art[0] if p.art else None
    if kind is None:
        if p.same_bare:
            if last is None:
                return None
            return last.article
        if inherited is not None and prev is not None and prev.art is not None and (
                p.para is not None or p.item is not None):
            return inherited.article  # 第5条第1項及び第3項: 第3項 of 第5条
        return A
    if kind == "abs":
        _, n, b = p.art
        target = ctx.doc.find(A.part, (n, b or 0))
        if target is None:
            no = "%d" % n + ("の%d" % b if b else "")
            name = {DAI: "第%s", HEADING: "「%s」"}.get(A.style, "第%s条") % no
            raise _Problem(
                "REF_ARTICLE_MISSING", ERROR,
                "%sを引用していますが、%sはありません（この文書の条は%sから%sまで）。"
                "条を追加・削除したときは、引用している条番号も直してください。"
                % (_q(p), name, part[0].name, part[-1].name),
                "cites %s, but there is no %s (articles run from %s to %s). After adding or "
                "removing articles, update the numbers that cite them."
                % (_q(p), name, part[0].name, part[-1].name))
        return target
    if kind == "prev":
        n = p.art[1]
        if A.position < n:
            raise _nothing_before(p, "前の条が%dつしかありません" % A.position,
                                  "only %d article(s) come before" % A.position)
        return part[A.position - 1]
    rel = p.art[1]
    if rel == "前":
        if A.position == 0:
            raise _nothing_before(p, "この条は最初の条なので前の条がありません",
                                  "this is the first article, nothing comes before it")
        before = part[A.position - 1]
        if A.branch is None and before.number < A.number - 1 and not p.proviso:
            missing = A.name.replace(str(A.no), str(A.number - 1), 1)
            raise _Problem(
                "REF_PREVIOUS_MISSING", ERROR,
                "%sとありますが、この条の前は%sで、%sがありません（番号が飛んでいます）。"
                "%sが削除されたのなら、%sが何を指すか確認して、条番号で書き直してください。"
                % (_q(p), before.titled, missing, missing, _q(p)),
                "cites %s, but the article before this one is %s and %s is missing (the "
                "numbering skips). If %s was deleted, check what %s should cite and write "
                "its number." % (_q(p), before.titled, missing, missing, _q(p)))
        return before
    if rel == "次":
        if A.position + 1 >= len(part):
            raise _Problem("REF_NOTHING_AFTER", ERROR,
                           "%sとありますが、この条は最後の条なので次の条がありません。" % _q(p),
                           "cites %s, but this is the last article." % _q(p))
        return part[A.position + 1]
    if rel == "同":
        if last is None:
            raise _Problem("REF_SAME_UNRESOLVED", WARNING,
                           "%sとありますが、その前に条の引用がなく、どの条を指すか分かりません。"
                           "条番号で書いてください。" % _q(p),
                           "cites %s, but no article is cited before it; write the article "
                           "number." % _q(p))
        return last.article
    return A  # 本条, この条


def _nothing_before(p, why_ja, why_en):
    return _Problem("REF_NOTHING_BEFORE", ERROR,
                    "%sとありますが、%s。引用先を確認してください。" % (_q(p), why_ja),
                    "cites %s, but %s. Check what it should cite." % (_q(p), why_en))


def _resolve_paragraph(p, ctx, article, last, inherited, prev):
    paras = article.paragraphs
    if p.para is None:
        if p.item is None:
            return None
        if p.art is not None:
            return paras[0]          # 第2条各号 — the article's first paragraph
        if inherited is not None and prev is not None and prev.para is not None \
                and inherited.paragraph is not None:
            return inherited.paragraph
        return ctx.paragraph         # 第3号, 各号: the paragraph we are in
    kind = p.para[0]
    here = ctx.paragraph
    pos = paras.index(here) if article is ctx.article and here in paras else None
    if kind == "abs":
        m = p.para[1]
        for para in paras:
            if para.number == m:
                if m == 1 and len(paras) == 1 and p.art is not None:
                    ctx.style.append(_Problem(
                        "REF_SINGLE_PARAGRAPH_NUMBERED", WARNING,
                        "%sは項が一つだけなので、%sではなく「%s」と引用します。"
                        % (article.name, _q(p), article.name),
                        "%s has a single paragraph: cite it as 「%s」, not %s."
                        % (article.name, article.name, _q(p))))
                return para
        raise _Problem(
            "REF_PARAGRAPH_MISSING", ERROR,
            "%sを引用していますが、%sには%s。" % (
                _q(p), article.name,
                "項が一つしかありません" if len(paras) == 1 else
                "第%d項までしかありません" % paras[-1].number),
            "cites %s, but %s has %s." % (
                _q(p), article.name,
                "a single paragraph" if len(paras) == 1 else
                "paragraphs up to %d only" % paras[-1].number))
    if kind == "rel":
        rel = p.para[1]
        if rel in ("本", "この"):
            return here
        if rel == "同":
            if last is None or last.paragraph is None:
                raise _Problem("REF_SAME_UNRESOLVED", WARNING,
                               "%sとありますが、その前に項の引用がなく、どの項を指すか分かり"
                               "ません。項番号で書いてください。" % _q(p),
                               "cites %s, but no paragraph is cited before it." % _q(p))
            return last.paragraph
        if pos is None:
            return None  # 第5条前項 is not Japanese; nothing sensible to check
        if rel == "前":
            if pos == 0:
                raise _nothing_before(p, "この項は条の最初の項なので前の項がありません",
                                      "this is the article's first paragraph")
            return paras[pos - 1]
        if pos + 1 >= len(paras):
            raise _Problem("REF_NOTHING_AFTER", ERROR,
                           "%sとありますが、この項は条の最後の項なので次の項がありません。"
                           % _q(p), "cites %s, but this is the article's last paragraph." % _q(p))
        return paras[pos + 1]
    if pos is None:
        return None
    if kind == "prev":
        n = p.para[1]
        if pos < n:
            raise _nothing_before(p, "前の項が%dつしかありません" % pos,
                                  "only %d paragraph(s) come before" % pos)
        return paras[pos - 1]
    # 前各項
    if pos == 0:
        raise _nothing_before(p, "この項は条の最初の項なので前の項がありません",
                              "this is the article's first paragraph")
    if pos == 1:
        ctx.style.append(_Problem(
            "REF_PREV_ALL_ONE", WARNING,
            "%sとありますが、前の項は一つだけです。一つのときは「前項」と書きます。" % _q(p),
            "cites %s, but only one paragraph comes before: write 「前項」." % _q(p)))
    return paras[pos - 1]


def _resolve_item(p, ctx, article, para):
    if p.item is None or para is None:
        return None
    kind = p.item[0]
    bare = p.art is None and p.para is None
    if kind == "each":
        if bare and p.lead.endswith("当該"):
            return None  # それぞれ当該各号: "the respective", not a pointer
        if not para.items:
            where = "この項" if para is ctx.paragraph else _para_name(article, para)
            raise _Problem(
                "REF_NO_ITEMS", ERROR,
                "%sとありますが、%sには号（(1), (2)…）がありません。" % (_q(p), where),
                "cites %s, but %s has no items ((1), (2)…)."
                % (_q(p), "this paragraph" if para is ctx.paragraph
                   else _para_name_en(article, para)))
        return None
    if kind == "abs":
        k = p.item[1]
        if not para.items:
            if bare:
                return None  # 第3号 with no items around: likely a document number
            raise _Problem(
                "REF_NO_ITEMS", ERROR,
                "%sを引用していますが、%sには号（(1), (2)…）がありません。"
                % (_q(p), _para_name(article, para)),
                "cites %s, but %s has no items." % (_q(p), _para_name_en(article, para)))
        if k > len(para.items):
            raise _Problem(
                "REF_ITEM_MISSING", ERROR,
                "%sを引用していますが、%sの号は(%d)までです。"
                % (_q(p), _para_name(article, para), len(para.items)),
                "cites %s, but %s has items up to (%d)."
                % (_q(p), _para_name_en(article, para), len(para.items)))
        item = para.items[k - 1]
        if p.sub:
            from .patterns import katakana_number
            if katakana_number(p.sub) > len(item.children):
                raise _Problem(
                    "REF_ITEM_MISSING", ERROR,
                    "%sを引用していますが、%s(%d)に%sはありません。"
                    % (_q(p), _para_name(article, para), k, p.sub),
                    "cites %s, but %s (%d) has no sub-item %s."
                    % (_q(p), _para_name_en(article, para), k, p.sub))
        return item
    # 前号, 次号, 同号, 前N号, 前各号: relative to the item we are in
    here = ctx.item
    rel = p.item[1] if kind == "rel" else "前"
    if bare and rel in ("前", "次") and here is None and para is ctx.paragraph \
            and not para.items:
        paras = article.paragraphs
        pos = paras.index(para) if para in paras else 0
        meant = "前項" if rel == "前" and pos > 0 else "次項" if rel == "次" and \
            pos + 1 < len(paras) else None
        if meant:
            raise _Problem(
                "REF_WRONG_LEVEL", ERROR,
                "%sとありますが、この項には号（(1), (2)…）がありません。%sのことではありませんか。"
                % (_q(p), "「%s」（%s）" % (meant, _para_name(article, paras[pos - 1 if rel == "前"
                                                                         else pos + 1]))),
                "cites %s, but this paragraph has no items ((1), (2)…). Did you mean 「%s」?"
                % (_q(p), meant))
    if rel == "同" or here is None or para is not ctx.paragraph:
        return None
    pos = para.items.index(here)
    if kind == "prev" and pos < p.item[1]:
        raise _nothing_before(p, "前の号が%dつしかありません" % pos,
                              "only %d item(s) come before" % pos)
    if rel == "前" and pos == 0:
        raise _nothing_before(p, "この号は最初の号なので前の号がありません",
                              "this is the first item")
    if rel == "次" and pos + 1 >= len(para.items):
        raise _Problem("REF_NOTHING_AFTER", ERROR,
                       "%sとありますが、この号は最後の号なので次の号がありません。" % _q(p),
                       "cites %s, but this is the last item." % _q(p))
    return None


def _para_name(article, para):
    if len(article.paragraphs) == 1:
        return article.name
    return "%s第%d項" % (article.name, para.number)


def _para_name_en(article, para):
    if len(article.paragraphs) == 1:
        return "Article %s" % article.no
    return "Article %s, paragraph %d" % (article.no, para.number)


# -- ranges --------------------------------------------------------------------

def _range_problem(a, b, ta: Target, tb: Target) -> Optional[_Problem]:
    ka = (ta.article.position, ta.paragraph.number if ta.paragraph else 0)
    kb = (tb.article.position, tb.paragraph.number if tb.paragraph else 0)
    shown = "「%sから%sまで」" % (a.text.strip(), b.text.strip())
    if kb <= ka:
        return _Problem(
            "REF_RANGE_REVERSED", ERROR,
            "%sは、範囲の終わり（%s）が始め（%s）より前か同じです。「AからBまで」は小さい"
            "番号から大きい番号へ書きます。" % (shown, _target_name(tb), _target_name(ta)),
            "the range %s ends (%s) before or where it starts (%s); write ranges from the "
            "lower number to the higher." % (shown, _target_name(tb), _target_name(ta)))
    if ta.paragraph is None and tb.paragraph is None and kb[0] == ka[0] + 1:
        return _Problem(
            "REF_RANGE_OF_TWO", WARNING,
            "%sは2つの条だけの範囲です。2つのときは「%s及び%s」と書きます（条を削除して"
            "範囲が縮んだときに起こります）。" % (shown, _target_name(ta), _target_name(tb)),
            "the range %s covers only two articles; write 「%s及び%s」."
            % (shown, _target_name(ta), _target_name(tb)))
    return None


def _target_name(t: Target) -> str:
    if t.paragraph is not None and len(t.article.paragraphs) > 1:
        return "%s第%d項" % (t.article.name, t.paragraph.number)
    return t.article.name


def _inconsistent_ranges(doc, ranges):
    """第18条 covers 第2条–第17条, 第19条 第2条–第16条: one of them was not updated."""
    out = []
    first_by_start = {}
    for start, end, article, para, index, text in ranges:
        key = (start.part, start.position)
        if key not in first_by_start:
            first_by_start[key] = (end, article)
            continue
        other_end, other_article = first_by_start[key]
        if other_end is end:
            continue
        lo, hi = sorted((other_end, end), key=lambda a: a.position)
        left_out = [a for a in doc.parts[lo.part] if lo.position < a.position <= hi.position]
        names = "、".join(a.titled for a in left_out)
        out.append(finding(
            "REF_RANGE_INCONSISTENT", WARNING,
            "違反の対象が%sでは%sから%sまで、この条では%sから%sまでです。%sが一方の対象から"
            "外れています。条を追加・移動したときの直し忘れでないか確認してください。"
            % (other_article.name, start.name, other_end.name, start.name, end.name, names),
            "%s covers violations of %s to %s, this article %s to %s: %s is left out of one. "
            "Check that this is intended and not a missed renumbering."
            % (other_article.name, start.name, other_end.name, start.name, end.name,
               ", ".join(a.name for a in left_out)),
            article=article, paragraph=para, index=index, excerpt_text=text))
    return out


# -- stale references ----------------------------------------------------------

def _stale(p, target: Target, ctx: _Context, text: str, index: int) -> List[Finding]:
    out = []
    if p.proviso == "ただし書":
        paras = [target.paragraph] if target.paragraph is not None else target.article.paragraphs
        if not any(PROVISO.search(para.text) for para in paras):
            name = _target_name(target) if target.paragraph is not None else target.article.name
            suggestion = [q for q in target.article.paragraphs if PROVISO.search(q.text)]
            hint_ja = ("（ただし書があるのは%sです）" % _target_name(Target(target.article,
                                                                         suggestion[0]))
                       if suggestion else "")
            out.append(finding(
                "REF_STALE_PROVISO", ERROR,
                "%sを引用していますが、%sにはただし書（「ただし、…」）がありません%s。ただし書"
                "のある形（例えば見出しが「…の制限」の条文）を選んだときだけ、この規定を"
                "残します。" % (_q(p), name, hint_ja),
                "cites %s, but %s has no proviso (ただし書). Keep this provision only with the "
                "variant that has one (e.g. the 「…の制限」 wording)." % (_q(p), name),
                article=ctx.article, paragraph=ctx.paragraph, index=index,
                excerpt_text=excerpt(text, p.start, p.end)))
    m = TERM_AFTER.match(text[p.end:])
    if m and p.range_to is None and p.range_from is None:
        term = m.group("t")
        scope = (squeeze((target.article.caption or "") + target.paragraph.text)
                 if target.paragraph is not None else target.article.squeezed)
        terms = key_terms(term)
        if not _mentions(scope, term, terms):
            missing = [t for t in terms if t not in scope] or [term]
            fits = [a for a in ctx.part if a is not target.article and a is not ctx.article
                    and _mentions(a.squeezed, term, terms)]
            fits.sort(key=lambda a: not any(t in (a.caption or "") for t in terms))
            if fits:
                hint_ja = "%sのことではありませんか。" % fits[0].titled
                hint_en = "Did you mean %s?" % fits[0].titled
            else:
                hint_ja = hint_en = ""
            out.append(finding(
                "REF_STALE_TERM", ERROR,
                "「%s%s」とありますが、%sには%sがありません。%s引用している条番号を"
                "直してください。" % (p.text.strip(), text[p.end:p.end + m.end()].strip(),
                                   target.article.titled,
                                   "".join("「%s」" % t for t in missing), hint_ja),
                "「%s%s」: %s does not mention %s. %s Fix the article number."
                % (p.text.strip(), text[p.end:p.end + m.end()].strip(),
                   target.article.titled, ", ".join("「%s」" % t for t in missing), hint_en),
                article=ctx.article, paragraph=ctx.paragraph, index=index,
                excerpt_text=excerpt(text, p.start, p.end + m.end())))
    return out


def _subject_words(p, text, rec):
    """The words that say what the cited article is about, or []."""
    after = text[p.end:]
    stop = rec.subject_stop
    m = rec.subject_after.match(after)
    words = []
    if m:
        clause = re.split(r"[、。，]", after[m.end():], 1)[0][:16]
        words = [w for w in rec.word.findall(clause) if w not in stop]
        if m.group(0).startswith("の") and not re.match(r"^の(?:規定)?に", m.group(0)):
            first = rec.word.match(after[m.end():])   # 前条の費用を請求する: 費用, 請求
            if first is None or first.group(0) in stop:
                return []
    elif rec.subject_before.match(after):
        sentence = re.split(r"。", text[:p.start])[-1]
        words = [w for w in rec.word.findall(sentence) if w not in stop][-1:]
    return [w for w in words if not re.match(r"^第", w)]


def _fits(article, words, rec):
    scope = article.squeezed
    for w in words:
        for v in (w,) + rec.subject_synonyms.get(w, ()):
            if v in scope:
                return True
            if len(v) >= 3 and (v[:2] in scope and v[:2] not in rec.subject_stop):
                return True
    return False


def _stale_subject(p, target: Target, ctx: _Context, text: str, index: int) -> List[Finding]:
    """「前条の費用」 where 前条 is not about 費用: the article it probably means."""
    if p.range_to is not None or p.range_from is not None or p.is_same or p.art is None:
        return []
    if TERM_AFTER.match(text[p.end:]):
        return []   # 「第N条で規定する「X」」: REF_STALE_TERM checks it
    words = _subject_words(p, text, ctx.rec)
    if not words:
        return []
    cited = target.article
    if cited is ctx.article or _fits(cited, words, ctx.rec):
        return []
    part = ctx.part
    fits = [a for a in part if a is not cited and a is not ctx.article
            and _fits(a, words, ctx.rec)]
    if not fits:
        return []
    fits.sort(key=lambda a: (abs(a.position - cited.position), a.position))
    meant = fits[0]
    shown = "".join("「%s」" % w for w in words)
    relative = p.art[0] != "abs"
    how_ja = ("%sは%sを指しています（条を挿入・削除したときにずれます）。" % (_q(p), cited.titled)
              if relative else "")
    how_en = ("%s now refers to %s (it shifts when an article is inserted or removed). "
              % (_q(p), cited.titled) if relative else "")
    return [finding(
        "REF_STALE_SUBJECT", ERROR,
        "%s%sとありますが、%sには%sの定めがありません。%s%sのことではありませんか。"
        "引用先を%sに直してください。"
        % (_q(p), shown, cited.titled, shown, how_ja, meant.titled, meant.name),
        "%s is cited about %s, but %s says nothing about it. %sDid you mean %s? Cite %s."
        % (_q(p), ", ".join(shown.split("」「")), cited.titled, how_en, meant.titled, meant.name),
        article=ctx.article, paragraph=ctx.paragraph, index=index,
        excerpt_text=excerpt(text, p.start, p.end + 12))]


def key_terms(term: str) -> List[str]:
    """「複写又は複製したもの」 -> ["複写", "複製"]: the words the target must contain."""
    core = TERM_TAIL.sub("", squeeze(term))
    return [t for t in TERM_SPLIT.split(core) if len(t) >= 2] or [squeeze(term)]


def _mentions(scope: str, term: str, terms: List[str]) -> bool:
    return squeeze(term) in scope or all(t in scope for t in terms)
