"""A flat ODF document (one office:document tree): its body, its metadata and tokki's
own user-defined properties. The one place that knows where these live in the tree.

    doc = FlatDocument(flat)
    doc.body()                      the office:body/office:text element (raises when absent)
    doc.title()                     dc:title, '' when none
    doc.user_properties()           {name: text} of meta:user-defined
    doc.record_answers(name, answers, start)   tokki:* properties of an editable output
    doc.recorded_answers()          (template name, answers, start) or None
    doc.reset_meta(generator, title, language) drop every other metadata element

Pure: works on an ElementTree already parsed by io/ (or by the extension).
"""
import json
import xml.etree.ElementTree as ET

from ...errors import UnsafeDocument
from .namespaces import clark, q, P, NAME

BODY_PATH = "office:body/office:text"
NOT_TEXT = "not a text document (no office:body/office:text)"

# What an editable output records, so that Writer can assemble it again.
TEMPLATE_PROPERTY = "tokki:template"
ANSWERS_PROPERTY = "tokki:answers"
START_PROPERTY = "tokki:start-article"
ANSWER_PROPERTIES = (TEMPLATE_PROPERTY, ANSWERS_PROPERTY, START_PROPERTY)


def parse_answer_properties(props):
    """(template name, answers, start article) from tokki:* property texts {name: text},
    or None when they are missing or unreadable. Also used on the properties Writer
    reports over UNO, which is why it takes a plain dict."""
    if TEMPLATE_PROPERTY not in props or ANSWERS_PROPERTY not in props:
        return None
    try:
        answers = json.loads(props[ANSWERS_PROPERTY])
        start = int(props.get(START_PROPERTY) or 1)
    except ValueError:
        return None
    if not isinstance(answers, dict):
        return None
    return props[TEMPLATE_PROPERTY], answers, start


def answer_properties(template_name, answers, start_article):
    """[(name, text)] of the tokki:* properties recording an assembly, in their order."""
    return [(TEMPLATE_PROPERTY, template_name),
            (ANSWERS_PROPERTY, json.dumps(answers, ensure_ascii=False, sort_keys=True)),
            (START_PROPERTY, str(start_article))]


class FlatDocument:
    """A view on a flat document tree; the tree is changed in place by the setters."""

    def __init__(self, flat):
        self.flat = flat

    # -- the body -------------------------------------------------------------
    def find_body(self):
        """The office:text element, or None when this is not a text document."""
        return self.flat.find(clark(BODY_PATH))

    def body(self, error=UnsafeDocument, name=None):
        """The office:text element; `error` (a TokkiError class) when there is none,
        its message prefixed with `name` (the file or template) when given."""
        body = self.find_body()
        if body is None:
            raise error("%s: %s" % (name, NOT_TEXT) if name else NOT_TEXT)
        return body

    def with_last_paragraph(self, bookmark):
        """A shallow copy of the document whose body ends with one more paragraph
        holding only a bookmark named `bookmark`; this document is not changed (only
        the body's holders are copied, the other parts are shared)."""
        import copy
        flat = copy.copy(self.flat)
        holder = self.flat.find(clark("office:body"))
        body = self.body()
        new_holder, new_body = copy.copy(holder), copy.copy(body)
        para = ET.SubElement(new_body, P)
        ET.SubElement(para, q("text:bookmark")).set(NAME, bookmark)
        new_holder[list(holder).index(body)] = new_body
        flat[list(self.flat).index(holder)] = new_holder
        return FlatDocument(flat)

    # -- metadata --------------------------------------------------------------
    def meta(self, create=False):
        """The office:meta element (made, first in the document, when create is set)."""
        meta = self.flat.find(clark("office:meta"))
        if meta is None and create:
            meta = ET.Element(q("office:meta"))
            self.flat.insert(0, meta)
        return meta

    def title(self):
        meta = self.meta()
        return meta.findtext(clark("dc:title"), "") if meta is not None else ""

    def user_properties(self):
        """{name: text} of the user-defined properties (meta:user-defined)."""
        meta = self.meta()
        if meta is None:
            return {}
        return {p.get(q("meta:name")): p.text or "" for p in meta.findall(clark("meta:user-defined"))}

    def add_user_property(self, name, text):
        prop = ET.SubElement(self.meta(create=True), q("meta:user-defined"))
        prop.set(q("meta:name"), name)
        prop.text = text
        return prop

    def reset_meta(self, generator, title, language):
        """Drop every metadata element (authors, dates, statistics, user properties)
        and write only a generator, a title and a language: tokki's outputs carry no
        personal metadata."""
        meta = self.meta(create=True)
        for child in list(meta):
            meta.remove(child)
        ET.SubElement(meta, q("meta:generator")).text = generator
        ET.SubElement(meta, q("dc:title")).text = title
        ET.SubElement(meta, q("dc:language")).text = language

    # -- tokki's properties ------------------------------------------------------
    def record_answers(self, template_name, answers, start_article):
        """Record an assembly (template, answers, start) so Writer can redo it."""
        for name, text in answer_properties(template_name, answers, start_article):
            self.add_user_property(name, text)

    def recorded_answers(self):
        """(template name, answers, start article) of an editable output, or None."""
        return parse_answer_properties(self.user_properties())

    def answer_property_texts(self):
        """{name: text} of the tokki:* properties recording an assembly."""
        return {k: v for k, v in self.user_properties().items() if k in ANSWER_PROPERTIES}
