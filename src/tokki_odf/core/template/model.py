"""The template model: questions, roles and house style read from a Writer document.

A tokki template is an ordinary Writer document (docs/template-format.md):
- paragraph styles give the structure (Tokki_Caption, Tokki_Article, …);
- content controls whose tag is a plain key are the questions;
- sections named `art:ID` are articles, sections named `if:CONDITION` are variant text;
- content controls tagged `if:CONDITION` are inline variant text, `ref:TARGET` references;
- bookmarks named `p:ID` give a paragraph a stable ID.
Pure: works on an ElementTree already parsed by the odf adapter.
"""
import functools
import re
from collections import OrderedDict

from . import conditions
from ...errors import TemplateError
from ..drafting.numerals import nfc, style_of, HALF, FULL, NUMERAL_CLASS
from ..odf.namespaces import NS, q, P, H, SECTION, CONTROL, LIST_ITEM, STYLE_NAME, NAME
from ..odf.text import inline_text
from ..odf.tree import leading_text

# A paragraph's role comes from its style, matched by name or by display name.
# The bundled templates use the Japanese names: Writer keeps them as they are when
# it saves (it rewrites "Tokki_Article" as "Tokki_5f_Article"), so a template edited
# in Writer diffs cleanly. The ASCII names are accepted too.
ROLE_NAMES = {
    "title": ("特記事項表題", "Tokki_Title"),
    "caption": ("特記事項見出し", "Tokki_Caption"),
    "article": ("特記事項条", "Tokki_Article"),
    "paragraph": ("特記事項項", "Tokki_Paragraph"),
    "item": ("特記事項号", "Tokki_Item"),
    "subitem": ("特記事項号細分", "Tokki_SubItem"),
    "question": ("特記事項設問", "Tokki_Question"),
    "note": ("特記事項注記", "Tokki_Note"),
}
ROLES = {name: role for role, names in ROLE_NAMES.items() for name in names}
NUMBERED_ROLES = ("article", "paragraph", "item", "subitem")

KEY_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
ID_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)?\Z")

# Leading number tokens as a person types them, per role (after NFC).
NUMBER_PREFIX = {
    "article": re.compile(r"[ \t　]*第[ 　]*(" + NUMERAL_CLASS + r")[ 　]*条(?:の" + NUMERAL_CLASS
                          + r")?[ \t　]*"),
    "paragraph": re.compile(r"[ \t　]*([0-9０-９]+)(?=[ \t　])[ \t　]*"),
    "item": re.compile(r"[ \t　]*(?:[(（]([0-9０-９]+|" + NUMERAL_CLASS + r")[)）]|[⑴-⒇])[ \t　]*"),
    "subitem": re.compile(r"[ \t　]*([ア-ン])(?=[ \t　])[ \t　]*"),
}

CHOICE, FLAG, TEXT, LIST = "choice", "flag", "text", "list"

ATTR = {name: q("loext:" + name) for name in (
    "alias", "tag", "dropdown", "combobox", "checkbox", "checked", "plain-text",
    "showing-place-holder", "display-text", "value", "date", "checked-state",
    "unchecked-state")}


class Option:
    __slots__ = ("value", "label", "help")

    def __init__(self, value, label, help=""):
        self.value, self.label, self.help = value, label, help

    def to_json(self):
        return {"value": self.value, "label": self.label, "help": self.help}


class Question:
    """One question of a template; `when` is the condition under which it matters."""

    def __init__(self, key, kind, label):
        self.key, self.kind, self.label = key, kind, label
        self.options = []
        self.default = None
        self.required = False
        self.help = ""
        self.when = conditions.TRUE
        self._whens = []

    def option(self, value):
        for opt in self.options:
            if opt.value == value:
                return opt
        return None

    def to_json(self):
        return OrderedDict([
            ("key", self.key), ("kind", self.kind), ("label", self.label),
            ("options", [o.to_json() for o in self.options]),
            ("default", self.default), ("required", self.required), ("help", self.help),
            ("when", None if self.when == conditions.TRUE else str(self.when)),
        ])


class HouseStyle:
    """How the template writes numbers, read from its own placeholders."""

    def __init__(self, article=HALF, paragraph=HALF, item=HALF, sep="　"):
        self.article, self.paragraph, self.item, self.sep = article, paragraph, item, sep

    def __repr__(self):
        return "HouseStyle(article=%s, paragraph=%s, item=%s)" % (
            self.article, self.paragraph, self.item)


def style_resolver(flat):
    """Map a paragraph's style name to its tokki role, following the parent chain
    (Writer turns direct formatting into automatic styles such as P1 → Tokki_Article)."""
    parents, display = {}, {}
    for container in ("office:styles", "office:automatic-styles"):
        el = flat.find(container, NS)
        if el is None:
            continue
        for st in el.findall("style:style", NS):
            if st.get(q("style:family")) == "paragraph":
                name = st.get(q("style:name"))
                parents[name] = st.get(q("style:parent-style-name"))
                display[name] = st.get(q("style:display-name"))

    cache = {}

    def role(name):
        if name in cache:
            return cache[name]
        seen, cur = set(), name
        result = None
        while cur and cur not in seen:
            found = ROLES.get(cur) or ROLES.get(display.get(cur))
            if found:
                result = found
                break
            seen.add(cur)
            cur = parents.get(cur)
        cache[name] = result
        return result

    return role


@functools.lru_cache(maxsize=4096)
def section_kind(name):
    """('art', id) / ('if', Cond) / (None, None) for a section name. Memoised: a batch
    asks the same few hundred names for every row, and the answer (strings, an
    immutable Cond) depends on the name only (issue 16: ~0.3 ms per document)."""
    name = nfc(name or "").strip()
    if name.startswith("art:"):
        return "art", name[4:].strip()
    if name.startswith("if:"):
        expr = name[3:].split("#", 1)[0]  # "#2" keeps Writer's section names unique
        return "if", conditions.parse(expr)
    return None, None


def control_tag(cc):
    return nfc(cc.get(ATTR["tag"]) or "").strip()


def control_kind(cc, role, p):
    """The kind of question a content control asks, standing in paragraph p of `role`."""
    if cc.get(ATTR["dropdown"]) == "true" or cc.get(ATTR["combobox"]) == "true":
        return CHOICE
    if cc.get(ATTR["checkbox"]) == "true":
        return FLAG
    if role in ("item", "subitem") and _sole_content(p, cc):
        return LIST
    return TEXT


def _sole_content(p, cc):
    """True when the control is all there is after the item number."""
    before = NUMBER_PREFIX_ANY.sub("", nfc(leading_text(p)))
    after = (cc.tail or "").strip()
    return not before.strip() and not after and list(p)[-1] is cc


class Template:
    """A parsed template. `flat` is never modified: assembly works on a copy."""

    def __init__(self, flat, name="template"):
        self.flat = flat
        self.name = name
        self.role = style_resolver(flat)
        self.questions = OrderedDict()
        self.article_ids = []
        self.paragraph_ids = set()
        self.references = []      # (target text, where)
        self.house = HouseStyle()
        self.problems = []        # (severity, message) found while reading
        self._pending_option_help = []
        self._styled = set()
        body = flat.find("office:body/office:text", NS)
        if body is None:
            raise TemplateError("%s: not a Writer text document" % name)
        self.body = body
        self._walk(body, [], None)
        self._finish()

    # -- reading -------------------------------------------------------------
    def _walk(self, el, conds, article):
        prev_para = [None]
        for child in el:
            if child.tag == SECTION:
                kind, value = self._section(child)
                if kind == "art":
                    if value in self.article_ids:
                        self.problems.append(("error", "article ID %r is used by two "
                                              "sections" % value))
                    self.article_ids.append(value)
                    self._walk(child, conds, value)
                elif kind == "if":
                    self._walk(child, conds + [value], article)
                else:
                    self._walk(child, conds, article)
                prev_para[0] = None
            elif child.tag in (P, H):
                self._paragraph(child, conds, article, prev_para[0])
                if self.role(child.get(STYLE_NAME)) != "note":
                    prev_para[0] = child  # consecutive notes all belong to what precedes them
            elif child.tag in (q("text:list"), q("text:list-item"), q("table:table"),
                               q("table:table-row"), q("table:table-cell")):
                self._walk(child, conds, article)

    def _section(self, sec):
        name = sec.get(NAME)
        try:
            return section_kind(name)
        except conditions.ConditionSyntaxError as exc:
            raise TemplateError("%s: section %r: bad condition: %s" % (self.name, name, exc)) \
                from None

    def _paragraph(self, p, conds, article, prev):
        role = self.role(p.get(STYLE_NAME))
        where = "%s (article %s)" % (self.name, article or "-")
        if role == "note":
            self._note(p, conds, prev)
            return
        if role in NUMBERED_ROLES and article is None:
            self.problems.append(("error", "%s: a %s paragraph outside any art: section: %r"
                                  % (self.name, role, inline_text(p)[:30])))
        for bm in p.iter(q("text:bookmark")):
            self._bookmark(bm)
        for bm in p.iter(q("text:bookmark-start")):
            self._bookmark(bm)
        for cc in p.iter(CONTROL):
            tag = control_tag(cc)
            if tag.startswith("if:"):
                try:
                    conditions.parse(tag[3:])
                except conditions.ConditionSyntaxError as exc:
                    raise TemplateError("%s: content control %r: bad condition: %s"
                                        % (where, tag, exc)) from None
            elif tag.startswith("ref:"):
                self.references.append((tag[4:], where))
            elif tag:
                self._question(cc, tag, role, p, conds, where)
            else:
                self.problems.append(("warning", "%s: a content control without a tag is "
                                      "ignored: %r" % (where, inline_text(cc)[:30])))
        if role in NUMBERED_ROLES:
            self._learn_style(role, p)

    def _bookmark(self, bm):
        name = nfc(bm.get(NAME) or "")
        if name.startswith("p:"):
            pid = name[2:]
            if pid in self.paragraph_ids:
                self.problems.append(("error", "paragraph ID %r is used twice" % pid))
            self.paragraph_ids.add(pid)

    def _question(self, cc, key, role, p, conds, where):
        if not KEY_RE.match(key):
            raise TemplateError("%s: question tag %r: keys are lower-case ASCII letters, digits "
                                "and _ (e.g. business_name)" % (where, key))
        kind = control_kind(cc, role, p)
        label = nfc(cc.get(ATTR["alias"]) or "").strip()
        question = self.questions.get(key)
        if question is None:
            question = self.questions[key] = Question(key, kind, label or key)
            if not label:
                self.problems.append(("error", "%s: question %r has no label (alias)"
                                      % (where, key)))
            self._fill_question(question, cc)
        elif question.kind != kind:
            raise TemplateError("%s: question %r is a %s here but a %s elsewhere"
                                % (where, key, kind, question.kind))
        question._whens.append(conditions.all_of(conds))

    def _fill_question(self, question, cc):
        text = nfc(inline_text(cc)).strip()
        placeholder = cc.get(ATTR["showing-place-holder"]) == "true"
        if question.kind == CHOICE:
            for item in cc.findall(LIST_ITEM):
                value = nfc(item.get(ATTR["value"]) or "").strip()
                label = nfc(item.get(ATTR["display-text"]) or value).strip()
                question.options.append(Option(value, label))
            if not question.options:
                raise TemplateError("%s: drop-down %r has no list items" % (self.name,
                                                                           question.key))
            chosen = [o for o in question.options if o.label == text]
            question.default = (chosen[0] if chosen else question.options[0]).value
        elif question.kind == FLAG:
            question.default = cc.get(ATTR["checked"]) == "true"
        elif question.kind == LIST:
            question.default = split_list(text)
            question.required = True
        else:
            question.default = None if placeholder else text
            question.required = placeholder

    def _note(self, p, conds, prev):
        text = nfc(inline_text(p)).strip()
        if prev is None and conds:
            # First thing in an `if:key=value` section: help for that option.
            comps = conds[-1].comparisons()
            if len(comps) == 1 and str(conds[-1]) == "%s=%s" % comps[0]:
                self._pending_option_help.append((comps[0], text))
                return
        if prev is not None:
            qs = [self.questions[control_tag(cc)] for cc in prev.iter(CONTROL)
                  if control_tag(cc) in self.questions]
            named = [qq for qq in qs if qq.label in text]
            qs = named or qs  # a note naming one of several questions is that one's help
            for question in qs:
                question.help = (question.help + "\n" + text).strip()

    def _learn_style(self, role, p):
        if role in self._styled:
            return
        text = nfc(leading_text(p))
        m = NUMBER_PREFIX[role].match(text)
        if not m:
            return
        self._styled.add(role)
        token = m.group(1) if m.groups() and m.group(1) else ""
        if role == "article" and token:
            self.house.article = style_of(token)
            sep = text[m.end(1):m.end()].replace("条", "", 1).lstrip(" ")
            self.house.sep = sep or "　"
        elif role == "paragraph" and token:
            self.house.paragraph = style_of(token)
        elif role == "item":
            self.house.item = FULL if text.lstrip(" 　")[:1] == "（" else HALF

    def _finish(self):
        for key, question in self.questions.items():
            question.when = conditions.any_of(question._whens)
        for (key, value), text in self._pending_option_help:
            question = self.questions.get(key)
            opt = question.option(value) if question else None
            if opt is not None:
                opt.help = (opt.help + "\n" + text).strip()
        known = set(self.questions)
        for cond_key in sorted(self._condition_keys() - known):
            self.problems.append(("error", "a condition uses %r, which no question asks"
                                  % cond_key))
        if not self.questions or not self.article_ids:
            raise TemplateError(
                "%s: not a tokki template (no question content controls or no art: sections); "
                "see docs/template-format.md" % self.name)

    def _condition_keys(self):
        keys = set()
        for sec in self.body.iter(SECTION):
            kind, value = section_kind(sec.get(NAME))
            if kind == "if":
                keys |= value.keys()
        for cc in self.body.iter(CONTROL):
            tag = control_tag(cc)
            if tag.startswith("if:"):
                keys |= conditions.parse(tag[3:]).keys()
        return keys


NUMBER_PREFIX_ANY = re.compile("|".join("(?:^%s)" % r.pattern for r in NUMBER_PREFIX.values()))


def split_list(text):
    """'氏名、住所' or lines -> ['氏名', '住所'] (NFC, blanks dropped)."""
    parts = re.split(r"[、,，\n\r]+", nfc(text))
    return [p.strip(" 　\t") for p in parts if p.strip(" 　\t")]
