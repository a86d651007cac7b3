"""Assembly: answers + template -> document tree (pure, no I/O).

Order matters and is the point of the design:
1. delete what is not chosen (never hide it): `if:` sections and controls;
2. fill the answers, one paragraph per list item;
3. find the structure (条/項/号) in what is left and number it;
4. render references last, from the final numbers, by target.
"""
from ..template import conditions
from .answers import normalize
from ...errors import TemplateError
from ..drafting import labels
from ..drafting.numerals import FULL, HALF, nfc
from ..odf.namespaces import clark, q, P, H, SECTION, CONTROL, STYLE_NAME, NAME
from ..odf.text import inline_text
from ..odf import tree, active
from ..odf.document import FlatDocument
from ..drafting.pointers import parse_target, render_one, render_range, Place
from ..template.model import NUMBER_PREFIX, section_kind, control_tag

_ANNOTATIONS = (q("office:annotation"), q("office:annotation-end"))
_LISTS = (q("text:list"), q("text:list-item"))
_BOOKMARKS = (q("text:bookmark"), q("text:bookmark-start"))


class Para:
    def __init__(self, el, ids):
        self.el, self.ids, self.items = el, ids, []
        self.number = None


class Article:
    def __init__(self, ident, caption):
        self.id, self.caption, self.paras = ident, caption, []
        self.number = None


def assemble(template, raw_answers, start_article=1, where="answers", editable=False):
    """Return (flat document tree, answers used).

    editable=True records the template name, the answers and the start article in
    the document's user-defined properties (tokki:*) so that Writer can assemble it
    again with other answers; final documents (the default) carry no such data."""
    if not isinstance(start_article, int) or start_article < 1:
        raise TemplateError("start article must be a whole number ≥ 1, not %r" % (start_article,))
    answers = normalize(template, raw_answers, where)
    role = template.role
    order = []          # the paragraphs the structure reads, as the copy places them
    flat = _pruned_copy(_answer_free(template), answers, role, template.name, order)
    doc = FlatDocument(flat)
    body = doc.body(TemplateError, template.name)
    articles = _structure(order, template.name)
    _number(articles, start_article, template.house)
    _render_references(articles, body, template.house)
    _unwrap_sections(body)
    sanitize(flat)
    _clean_meta(doc, template, answers)
    if editable:
        doc.record_answers(template.name, answers, start_article)
    return flat, answers


# -- 1 and 2: delete what is not chosen, fill what is --------------------------

def _answer_free(template):
    """The template with what no answer keeps already deleted: hidden sections, and
    comments inside paragraphs (before their controls are answered). Made once per
    template (its flat is never modified), read by _pruned_copy for each document
    (issue 16)."""
    cached = template.__dict__.get("_answer_free")
    if cached is not None and cached[0] is template.flat:
        return cached[1]
    refuse_tracked_changes(template.flat, template.name)
    flat = tree.clone(template.flat)
    body = FlatDocument(flat).body(TemplateError, template.name)
    _drop_hidden_sections(body)
    for p in [el for el in body.iter() if el.tag in (P, H)]:
        _drop_annotations(p)
    template.__dict__["_answer_free"] = (template.flat, flat)
    return flat


def _pruned_copy(base, answers, role, name, order=None):
    """A copy of base whose body holds only what the answers choose, filled: if:
    sections whose condition fails, questions, notes and comments are never copied
    (issue 16: copying the whole template and deleting afterwards cost a batch row
    more than the rest of assembly). Children are copied or dropped in document order,
    so a dropped child's tail goes where tree.remove puts it: after what is there.

    order (a list): receives (paragraph, role, art id) for each paragraph the structure
    of the provisions is read from — those under sections and lists, in document order,
    as a walk of the copy would find them (_structure; issue 16: that walk was a second
    pass over every document)."""
    body = FlatDocument(base).body(TemplateError, name)
    holders = {id(base), id(body)} | {id(ob) for ob in base if any(c is body for c in ob)}

    def copy(el):
        if id(el) not in holders:
            return tree.clone(el)
        new = _shallow(el)
        if el is body:
            _prune_into(new, el, answers, role, order)
        else:
            new.extend([copy(child) for child in el])
        return new
    return copy(base)


def _prune_into(new, el, answers, role, order=None, art_id=None):
    """The chosen children of el, copied into new (a childless copy of el) and filled;
    order and art_id: see _pruned_copy (order is None below anything but sections and
    lists: the structure is not read there)."""
    for child in el:
        tag = child.tag
        if tag == SECTION:
            kind, value = section_kind(child.get(NAME))
            if kind == "if" and not value(answers):
                _drop_tail(new, child.tail)
                continue
            new.append(_pruned_section(child, answers, role, order,
                                       value if kind == "art" else art_id))
        elif tag in (P, H):
            r = role(child.get(STYLE_NAME))
            if r in ("question", "note"):
                _drop_tail(new, child.tail)
                continue
            p = tree.clone(child)
            new.append(p)
            if next(child.iter(CONTROL), None) is None:      # most paragraphs ask nothing
                if order is not None:
                    order.append((p, r, art_id))
            else:
                placed = _fill_paragraph(new, p, answers, r)
                if order is not None:
                    order.extend((x, r, art_id) for x in placed)
        elif tag in _ANNOTATIONS:
            _drop_tail(new, child.tail)
        else:
            new.append(_pruned_section(child, answers, role,
                                       order if tag in _LISTS else None, art_id))


def _pruned_section(el, answers, role, order=None, art_id=None):
    new = _shallow(el)
    _prune_into(new, el, answers, role, order, art_id)
    return new


def _shallow(el):
    """el without its children (tag, attributes, text, tail)."""
    new = el.makeelement(el.tag, el.attrib)
    new.text, new.tail = el.text, el.tail
    return new


def _drop_tail(new, tail):
    """tree.remove's rule for the tail of a child not copied into new."""
    if tail:
        if len(new):
            last = new[-1]
            last.tail = (last.tail or "") + tail
        else:
            new.text = (new.text or "") + tail


def _fill_paragraph(parent, p, answers, r):
    """p's controls answered (its comments are already gone: _answer_free). -> the
    paragraphs now in p's place: [p], or one per item of a list answer (none for an
    empty list)."""
    list_cc = None
    for holder, cc in _controls(p):
        tag = control_tag(cc)
        if tag.startswith("if:"):
            if conditions.parse(tag[3:])(answers):
                tree.unwrap(holder, cc)
            else:
                tree.remove(holder, cc)
        elif tag.startswith("ref:") or not tag:
            continue                          # rendered after numbering
        elif isinstance(answers.get(tag), list):
            list_cc = (holder, cc, tag)
        else:
            value = answers.get(tag)
            tree.replace_with_text(holder, cc, "" if value is None else str(value))
    if list_cc:
        holder, cc, tag = list_cc
        placed = []
        index = list(parent).index(p)
        parent.remove(p)
        tail = p.tail
        path = _path_to(p, cc)
        for offset, item in enumerate(answers[tag]):
            clone = tree.clone(p)
            h, c = _follow(clone, path)
            tree.replace_with_text(h, c, item)
            clone.tail = tail
            parent.insert(index + offset, clone)
            placed.append(clone)
        return placed
    return [p]


def _drop_annotations(p):
    for holder in list(p.iter()):
        for child in list(holder):
            if child.tag in _ANNOTATIONS:
                tree.remove(holder, child)


def _controls(el):
    """(parent, control) pairs, outermost first, in document order; a snapshot."""
    out = []
    for parent in el.iter():
        for child in parent:
            if child.tag == CONTROL:
                out.append((parent, child))
    return out


def _path_to(root, target):
    """Child indexes leading from root to target's parent, plus target index."""
    def walk(el, path):
        for i, child in enumerate(el):
            if child is target:
                return path + [i]
            found = walk(child, path + [i])
            if found:
                return found
        return None
    return walk(root, [])


def _follow(root, path):
    el = root
    for i in path[:-1]:
        el = el[i]
    return el, el[path[-1]]


# -- 3: structure and numbers -------------------------------------------------

def _structure(order, name):
    """Articles, 項 and 号 from the (paragraph, role, art id) triples of _pruned_copy."""
    articles = []
    state = {"caption": None}

    def visit(p, r, art_id):
        ids = _paragraph_ids(p)
        if r == "caption":
            state["caption"] = p
        elif r == "article":
            art = Article(art_id, state["caption"])
            state["caption"] = None
            if art_id is None:
                raise TemplateError("%s: article %r is outside any art: section"
                                    % (name, inline_text(p)[:20]))
            if articles and articles[-1].id == art_id:
                raise TemplateError("%s: article %s has two first paragraphs for these answers "
                                    "(check the if: conditions of its variants)" % (name, art_id))
            articles.append(art)
            art.paras.append(Para(p, {art_id + ".1"} | ids))
        elif r == "paragraph":
            _need(articles, p, name, "a 項 paragraph")
            articles[-1].paras.append(Para(p, ids))
        elif r == "item":
            _need(articles, p, name, "a 号 item")
            articles[-1].paras[-1].items.append([p, []])
        elif r == "subitem":
            _need(articles, p, name, "a sub-item (ア, イ…)")
            para = articles[-1].paras[-1]
            if not para.items:
                raise TemplateError("%s: sub-item %r has no 号 above it"
                                    % (name, inline_text(p)[:20]))
            para.items[-1][1].append(p)

    for p, r, art_id in order:
        visit(p, r, art_id)
    return articles


def _need(articles, p, name, what):
    if not articles:
        raise TemplateError("%s: %s before the first article: %r" % (name, what,
                                                                   inline_text(p)[:20]))


def _paragraph_ids(p):
    ids = set()
    for tag in _BOOKMARKS:
        for bm in p.iter(tag):
            name = nfc(bm.get(NAME) or "")
            if name.startswith("p:"):
                ids.add(name[2:])
    return ids


def _number(articles, start, house):
    for a_index, art in enumerate(articles):
        art.number = start + a_index
        for p_index, para in enumerate(art.paras):
            para.number = p_index + 1
            if p_index == 0:
                form = getattr(house, "form", None) or (
                    labels.JOU if getattr(house, "jo", "条") else labels.DAI)
                sep = house.sep
                if form == labels.HEADING:
                    sep = getattr(house, "article_sep", None) or house.sep
                _set_number(para.el, "article",
                            labels.write_article(art.number, house.article, form), sep)
            else:
                dot = getattr(house, "para_dot", "")
                sep = getattr(house, "para_sep", None)
                _set_number(para.el, "paragraph",
                            labels.write_paragraph(para.number, house.paragraph, dot),
                            house.sep if sep is None else sep)
            for i_index, (item, subitems) in enumerate(para.items):
                if house.item == "kana":          # 号 labelled ア, イ … (heading documents)
                    label = labels.write_subitem(i_index + 1)
                else:
                    label = labels.write_item(i_index + 1, FULL if house.item == "full" else HALF)
                _set_number(item, "item", label, house.sep)
                for s_index, sub in enumerate(subitems):
                    _set_number(sub, "subitem", labels.write_subitem(s_index + 1), house.sep)


def _set_number(p, role, label, sep):
    text = nfc(tree.leading_text(p))
    m = NUMBER_PREFIX[role].match(text)
    tree.replace_prefix(p, m.end() if m else 0, label + sep)


# -- 4: references ------------------------------------------------------------

def _render_references(articles, body, house):
    places, where_is = {}, {}
    form = getattr(house, "form", None) or (
        labels.JOU if getattr(house, "jo", "条") else labels.DAI)
    refs = [(p, holder, cc, tag) for p in _reference_holders(articles)
            for holder, cc in _controls(p) for tag in (control_tag(cc),)
            if tag.startswith("ref:")]
    provisos = _proviso_targets(tag for _p, _h, _c, tag in refs)
    for art in articles:
        count = len(art.paras)
        places[art.id] = Place(art.number, None, count,
                               has_items=any(p.items for p in art.paras))
        for para in art.paras:
            # only a ref:…/proviso reads has_proviso: the text of the 項 it cites, read
            # before any reference is rendered (issue 16: not every 項's text)
            has_proviso = bool(provisos & para.ids) and "ただし" in nfc(inline_text(para.el))
            place = Place(art.number, para.number, count, has_items=bool(para.items),
                          has_proviso=has_proviso)
            for ident in para.ids:
                places[ident] = place
            where_is[para.el] = place
            for item, subs in para.items:
                where_is[item] = place
                for sub in subs:
                    where_is[sub] = place

    for p, holder, cc, tag in refs:
        here = where_is[p]
        try:
            specs = parse_target(tag[4:])
        except ValueError as exc:
            raise TemplateError("第%s条: %s" % (here.article, exc)) from None
        targets = []
        for spec in specs:
            target = places.get(spec.id)
            if target is None:
                raise TemplateError(
                    "第%s条: reference %r points at %r, which is not in the document for "
                    "these answers" % (here.article, tag, spec.id))
            targets.append(target)
        if len(specs) == 2:
            text = render_range(targets[0], targets[1], here, house.article, form,
                                specs[0].absolute)
        else:
            # 第二条第一項: a reference writes all its numbers in the article style
            text = render_one(targets[0], specs[0], here, house.article, house.article,
                              form)
        tree.replace_with_text(holder, cc, text)
    leftover = [control_tag(cc) for cc in body.iter(CONTROL)]
    if leftover:
        raise TemplateError("content controls outside the provisions' structure were left: %s"
                            % ", ".join(leftover))


def _reference_holders(articles):
    """The paragraphs (項 and 号) that hold a content control, in document order."""
    for art in articles:
        for para in art.paras:
            for el in [para.el] + [x for item, subs in para.items for x in [item] + subs]:
                if next(el.iter(CONTROL), None) is not None:
                    yield el


def _proviso_targets(tags):
    """Ids cited as ref:…/proviso (a tag that does not parse is reported later)."""
    out = set()
    for tag in tags:
        if "proviso" in tag:
            try:
                out.update(spec.id for spec in parse_target(tag[4:]) if spec.suffix == "proviso")
            except ValueError:
                pass
    return out


# -- finishing ----------------------------------------------------------------

def record_answers(flat, template_name, answers, start_article):
    """The tokki:* properties of an editable output (FlatDocument.record_answers)."""
    FlatDocument(flat).record_answers(template_name, answers, start_article)


def recorded_answers(flat):
    """(template name, answers, start article) from an editable output, or None."""
    return FlatDocument(flat).recorded_answers()


# -- what never reaches an output (docs/security.md) ------------------------------

def refuse_tracked_changes(flat, name):
    """A template revised with change tracking on is refused (F8): accepting or
    rejecting the changes decides the wording of a clause, which is the privacy
    office's decision, not tokki's; and the changes hold names and deleted text."""
    regions = [r for tc in flat.iter(q("text:tracked-changes"))
               for r in tc.findall(clark("text:changed-region"))]
    if not regions:
        return
    authors = sorted({(r.findtext(clark(".//dc:creator"), "") or "").strip() for r in regions}
                     - {""})
    raise TemplateError(
        "%s: the template holds %d tracked change(s)%s; accept or reject them in Writer "
        "(Edit > Track Changes > Manage), save, and use the template again"
        % (name, len(regions), " by " + ", ".join(authors) if authors else ""))


def _drop_hidden_sections(el):
    """Sections a reader does not see are deleted, never unwrapped (F3)."""
    for child in list(el):
        if child.tag == SECTION and active.hidden_section(child):
            tree.remove(el, child)
        elif child.tag not in (P, H):
            _drop_hidden_sections(child)


def sanitize(flat):
    """Scripts, events, OLE, DDE, linked sections, external pictures and links, personal
    settings and comments anywhere: removed from every output (core/odf/active.py)."""
    active.strip(flat)
    active.strip_annotations(flat)
    FlatDocument(flat).body().attrib.pop(q("text:track-changes"), None)


def _unwrap_sections(el):
    """Every section replaced by its content (inner ones first), one pass per parent."""
    for child in el:
        if child.tag not in (P, H):
            _unwrap_sections(child)
    tree.unwrap_all(el, SECTION)


def _clean_meta(doc, template, answers):
    """tokki's outputs carry no personal metadata: only a generator, a title and a
    language. The title is the template's, with the answer to the template's title
    question (docs/template-format.md, tokki:title-question) in brackets."""
    from ... import __version__
    title = nfc(doc.title())
    name = answers.get(template.title_question) if template.title_question else None
    base = title.split("（", 1)[0] or "個人情報特記事項"
    doc.reset_meta("tokki-odf/%s" % __version__, "%s（%s）" % (base, name) if name else base,
                   "ja-JP")
