"""The template model: questions, roles and house style read from a Writer document.

A tokki template is an ordinary Writer document (docs/template-format.md):
- paragraph styles give the structure (Tokki_Caption, Tokki_Article, …);
- content controls whose tag is a plain key are the questions;
- sections named `art:ID` are articles, sections named `if:CONDITION` are variant text;
- content controls tagged `if:CONDITION` are inline variant text, `ref:TARGET` references;
- bookmarks named `p:ID` give a paragraph a stable ID.
Pure: works on an ElementTree already parsed by the odf adapter.
"""
import re
from collections import OrderedDict

from . import conditions
from . import reader
from .reader import (KEY_RE, CHOICE, FLAG, TEXT, LIST, ATTR, NUMBERED_ROLES,  # noqa: F401
                     section_kind, control_tag)
from ...errors import TemplateError
from ..drafting.numerals import nfc, style_of, HALF, FULL, NUMERAL_CLASS, CIRCLED
from ..drafting import labels
from ..odf.namespaces import CONTROL, LIST_ITEM
from ..odf.text import inline_text
from ..odf.tree import leading_text
from ..odf.document import FlatDocument
from ..odf.styles import Styles

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

# Leading number tokens as a person types them, per role (after NFC).
NUMBER_PREFIX = {
    # 第N条 (laws' style) or 第N without 条 (many 要綱 and 特記事項: 第1　乙は…), or a
    # bare number before a heading's caption (「1　趣旨」, 「１．趣旨」: group "h")
    "article": re.compile(r"[ \t　]*(?:第[ 　]*(" + NUMERAL_CLASS + r")[ 　]*(?:条(?:の"
                          + NUMERAL_CLASS + r")?)?|(?P<h>[0-9０-９]+)(?:[.．、](?![0-9０-９])"
                          r"|(?=[ \t　])))[ \t　]*"),
    # 2 / ２ followed by a space, 2. / ２．, or ② (group "c")
    "paragraph": re.compile(r"[ \t　]*(?:([0-9０-９]+)(?:[.．](?![0-9０-９])|(?=[ \t　]))"
                            r"|(?P<c>[" + CIRCLED + r"]))[ \t　]*"),
    # (1) / （１） / ⑴, or ア followed by a space (a 号 labelled ア, イ …: group "k")
    "item": re.compile(r"[ \t　]*(?:[(（]([0-9０-９]+|" + NUMERAL_CLASS + r")[)）]|[⑴-⒇]"
                       r"|(?P<k>[ア-ン])(?=[ \t　]))[ \t　]*"),
    "subitem": re.compile(r"[ \t　]*([ア-ン])(?=[ \t　])[ \t　]*"),
}

# Template-level user-defined properties (File > Properties > Custom Properties):
# tokki:title-question  the key whose answer goes into the output's title, 表題（answer）
# tokki:example.KEY     an example answer for KEY, shown when a required answer is missing
TITLE_QUESTION_PROPERTY = "tokki:title-question"
EXAMPLE_PROPERTY = "tokki:example."


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
        self.articles = set()       # article IDs whose text uses the answer (None: outside)
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

    def __init__(self, article=HALF, paragraph=HALF, item=HALF, sep="　", jo="条"):
        self.article, self.paragraph, self.item, self.sep = article, paragraph, item, sep
        self.jo = jo   # "" when the template's first article is 第1 without 条
        # jou 第N条 / dai 第N / heading 「N　見出し」 (drafting/labels.py)
        self.form = labels.JOU if jo else labels.DAI
        self.article_sep = None    # what follows a heading's number: 「　」, 「．」 …
        self.para_dot = ""         # 「2.」 / 「２．」: the dot after a 項 number
        self.para_sep = None       # the space after a 2. / ② label, as the source has it

    def __repr__(self):
        return "HouseStyle(article=%s, paragraph=%s, item=%s)" % (
            self.article, self.paragraph, self.item)


def style_resolver(flat):
    """Map a paragraph's style name to its tokki role, following the parent chain
    (Writer turns direct formatting into automatic styles such as P1 → Tokki_Article)."""
    styles = Styles(flat, family="paragraph")
    return styles.resolver(lambda cur: ROLES.get(cur) or ROLES.get(styles.display.get(cur)))


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
    """A parsed template. `flat` is never modified: assembly works on a copy.

    Built from the one template reader's facts (reader.py); a problem that makes the
    template unusable (a bad condition or key, a key asked as two kinds of control, a
    drop-down without options) raises TemplateError — `tokki check-template` reports
    the same problems, with the same codes, without stopping."""

    def __init__(self, flat, name="template"):
        self.flat = flat
        self.name = name
        self.role = style_resolver(flat)
        self.questions = OrderedDict()
        self.house = HouseStyle()
        self._pending_option_help = []
        self._styled = set()
        doc = FlatDocument(flat)
        self.body = doc.body(TemplateError, name)
        # what some questions mean, said by the template (docs/template-format.md)
        props = {nfc(k or ""): nfc(v).strip() for k, v in doc.user_properties().items()}
        self.title_question = props.get(TITLE_QUESTION_PROPERTY) or None
        self.examples = {k[len(EXAMPLE_PROPERTY):]: v for k, v in props.items()
                         if k.startswith(EXAMPLE_PROPERTY) and v}
        self.properties = props
        facts = reader.read(flat, name, self.role)
        if facts.fatal:
            raise TemplateError(facts.fatal[0])
        self.article_ids = facts.article_ids
        for para in facts.paragraphs:
            self._paragraph(para, facts)
        self._finish()

    # -- reading -------------------------------------------------------------
    def _paragraph(self, para, facts):
        if para.role == "note":
            self._note(para.el, para.conds, para.prev)
            return
        for cc in para.el.iter(CONTROL):
            tag = control_tag(cc)
            if tag and not tag.startswith(("if:", "ref:")):
                self._question(cc, tag, para.role, para.el, para.conds)
                self.questions[tag].articles.add(para.article)
        if para.role in NUMBERED_ROLES:
            self._learn_style(para.role, para.el)

    def _question(self, cc, key, role, p, conds):
        kind = control_kind(cc, role, p)
        label = nfc(cc.get(ATTR["alias"]) or "").strip()
        question = self.questions.get(key)
        if question is None:
            question = self.questions[key] = Question(key, kind, label or key)
            self._fill_question(question, cc)
        question._whens.append(conditions.all_of(conds))

    def _fill_question(self, question, cc):
        text = nfc(inline_text(cc)).strip()
        placeholder = cc.get(ATTR["showing-place-holder"]) == "true"
        if question.kind == CHOICE:
            for item in cc.findall(LIST_ITEM):
                value = nfc(item.get(ATTR["value"]) or "").strip()
                label = nfc(item.get(ATTR["display-text"]) or value).strip()
                question.options.append(Option(value, label))
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
        if role == "article" and m.group("h"):
            # 「1　趣旨」: the number, then what the source puts after it
            self.house.article = style_of(m.group("h"))
            self.house.form, self.house.jo = labels.HEADING, ""
            self.house.article_sep = text[m.end("h"):m.end()] or "　"
        elif role == "article" and token:
            self.house.article = style_of(token)
            rest = text[m.end(1):m.end()]
            self.house.jo = "条" if "条" in rest else ""
            self.house.form = labels.JOU if self.house.jo else labels.DAI
            sep = rest.replace("条", "", 1).lstrip(" ")
            self.house.sep = sep or "　"
        elif role == "paragraph" and m.group("c"):
            self.house.paragraph = style_of(m.group("c"))
            self.house.para_sep = text[m.end("c"):m.end()]
        elif role == "paragraph" and token:
            self.house.paragraph = style_of(token)
            after = text[m.end(1):m.end()]
            if after[:1] in (".", "．"):
                self.house.para_dot = after[:1]
                self.house.para_sep = after[1:]
        elif role == "item" and m.group("k"):
            self.house.item = "kana"          # ア, イ, ウ … (labels.write_subitem)
        elif role == "item":
            self.house.item = FULL if text.lstrip(" 　")[:1] == "（" else HALF

    def only_in(self, article_ids):
        """Keys of the questions whose every use lies in these articles (those articles
        left out of a contract: their answers do not matter)."""
        gone = set(article_ids or ())
        return {k for k, q in self.questions.items() if q.articles and q.articles <= gone}

    def _finish(self):
        for key, question in self.questions.items():
            question.when = conditions.any_of(question._whens)
        for (key, value), text in self._pending_option_help:
            question = self.questions.get(key)
            opt = question.option(value) if question else None
            if opt is not None:
                opt.help = (opt.help + "\n" + text).strip()
        if not self.article_ids:  # an imported ひな型 without blanks asks nothing
            raise TemplateError(
                "%s: not a tokki template (no question content controls or no art: sections); "
                "see docs/template-format.md" % self.name)
        if self.title_question and self.title_question not in self.questions:
            raise TemplateError("%s: the property %s names %r, which no question asks"
                                % (self.name, TITLE_QUESTION_PROPERTY, self.title_question))


NUMBER_PREFIX_ANY = re.compile("|".join("(?:^%s)" % r.pattern for r in NUMBER_PREFIX.values()))


def split_list(text):
    """'氏名、住所' or lines -> ['氏名', '住所'] (NFC, blanks dropped)."""
    parts = re.split(r"[、,，\n\r]+", nfc(text))
    return [p.strip(" 　\t") for p in parts if p.strip(" 　\t")]
