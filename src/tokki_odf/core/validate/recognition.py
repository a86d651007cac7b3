"""The recognition vocabulary of the validate rules, as a value.

The data — how provisions usually say each thing, and the 指針 4-8-9(1) item
names — lives in templates/recognition.json (clause text lives only in
templates/); tokki_odf.io.recognition reads it. Core never reads files: every
caller passes a Recognition built from the parsed data:

    rec = Recognition.from_dict(json.loads(text))
    report = validate(paragraphs, meta, rec)

from_dict checks the shape (which key, what is allowed) and compiles the
regexes once. The memo of which parts an article covers belongs to the
instance, so two data sets never share results.
"""
import functools
import re
import unicodedata
from typing import Dict, List, NamedTuple, Tuple

from ...errors import RecognitionError

FORMAT = 1
ITEM_KEYS = tuple(str(i) for i in range(1, 9))   # 指針 4-8-9(1) ①–⑧
# key -> (a regex given as a string or a list of alternatives joined with |)
REGEX_KEYS = ("provisions_title", "other_kind", "subcontract_supervision",
              "principle_prohibition", "not_a_pair", "ban", "ordinary_clauses",
              "subject_after", "subject_before", "word")
KEYS = ("format", "items", "coverage", "subject_stop", "subject_synonyms") + REGEX_KEYS
PART_KEYS = ("item", "ja", "en", "caption", "body", "required")


class Part(NamedTuple):
    """One part of an 指針 item: caption words, body regex (the alternatives joined)."""
    item: str
    ja: str
    en: str
    caption: Tuple[str, ...]
    body: str
    required: bool


def _nfc(text):
    return unicodedata.normalize("NFC", text)


def _fail(where, problem, allowed):
    raise RecognitionError("recognition data, %s: %s (allowed: %s)" % (where, problem, allowed),
                           key=where)


def _text(value, where, empty=False):
    if not isinstance(value, str) or (not empty and not value):
        _fail(where, "%r is not a non-empty string" % (value,), "a non-empty string")
    return _nfc(value)


def _texts(value, where):
    if not isinstance(value, list) or not value:
        _fail(where, "%r is not a non-empty list" % (value,), "a non-empty list of strings")
    return tuple(_text(v, "%s[%d]" % (where, i)) for i, v in enumerate(value))


def _regex_source(value, where):
    if isinstance(value, str):
        return _text(value, where)
    if isinstance(value, list):
        return "|".join(_texts(value, where))
    _fail(where, "%r is neither a string nor a list" % (value,),
          "a regex as a string, or a list of regexes (alternatives joined with |)")


def _compile(source, where):
    try:
        return re.compile(source)
    except re.error as exc:
        _fail(where, "not a valid regular expression (%s): %s" % (exc, source),
              "Python re syntax")


class Recognition:
    """The parsed, checked and compiled recognition data (see from_dict)."""

    def __init__(self, items: Dict[str, str], items_en: Dict[str, str], parts: List[Part],
                 patterns: Dict[str, "re.Pattern"], subject_stop, subject_synonyms):
        self.items = items                      # "1" -> the 指針's item name (ja)
        self.items_en = items_en
        self.parts = parts                      # coverage parts, in order
        self.bodies = [re.compile(p.body) for p in parts]
        self.provisions_title = patterns["provisions_title"]
        self.other_kind = patterns["other_kind"]
        self.subcontract_supervision = patterns["subcontract_supervision"]
        self.principle_prohibition = patterns["principle_prohibition"]
        self.not_a_pair = patterns["not_a_pair"]
        self.ban = patterns["ban"]
        self.ordinary_clauses = patterns["ordinary_clauses"]
        self.subject_after = patterns["subject_after"]
        self.subject_before = patterns["subject_before"]
        self.word = patterns["word"]
        self.subject_stop = frozenset(subject_stop)
        self.subject_synonyms = dict(subject_synonyms)
        # per instance: a batch checks the same template articles for every row (issue 16)
        self.covered = functools.lru_cache(maxsize=4096)(self._covered)

    def _covered(self, caption: str, squeezed: str) -> frozenset:
        """Indexes of the parts an article with this caption and body covers."""
        return frozenset(i for i, part in enumerate(self.parts)
                         if any(w in caption for w in part.caption)
                         or self.bodies[i].search(squeezed))

    @classmethod
    def from_dict(cls, data) -> "Recognition":
        """The data of templates/recognition.json, parsed (json.loads); RecognitionError
        (a TokkiError) naming the key and what is allowed when its shape is wrong."""
        if not isinstance(data, dict):
            _fail("the top level", "%s, not an object" % type(data).__name__,
                  "a JSON object with the keys %s" % ", ".join(KEYS))
        unknown = [k for k in data if k not in KEYS and not str(k).startswith("_")]
        if unknown:
            _fail(", ".join(sorted(unknown)), "unknown key",
                  ", ".join(KEYS) + ", or comments whose key starts with _")
        missing = [k for k in KEYS if k not in data]
        if missing:
            _fail(", ".join(missing), "missing", "every one of " + ", ".join(KEYS))
        if data["format"] != FORMAT or isinstance(data["format"], bool):
            _fail("format", "%r is not a format this version reads" % (data["format"],),
                  str(FORMAT))
        items, items_en = cls._items(data["items"])
        parts = cls._parts(data["coverage"])
        patterns = {k: _compile(_regex_source(data[k], k), k) for k in REGEX_KEYS}
        stop = _texts(data["subject_stop"], "subject_stop")
        synonyms = data["subject_synonyms"]
        if not isinstance(synonyms, dict):
            _fail("subject_synonyms", "not an object", "an object: word -> list of words")
        synonyms = {_text(k, "subject_synonyms"): _texts(v, "subject_synonyms.%s" % k)
                    for k, v in synonyms.items() if not k.startswith("_")}
        return cls(items, items_en, parts, patterns, stop, synonyms)

    @staticmethod
    def _items(value) -> Tuple[Dict[str, str], Dict[str, str]]:
        if not isinstance(value, dict) or sorted(k for k in value if not k.startswith("_")) \
                != sorted(ITEM_KEYS):
            _fail("items", "the keys are %s" % (sorted(value) if isinstance(value, dict)
                                                 else type(value).__name__),
                  'an object with exactly the keys "1" … "8" (指針 4-8-9(1) ①–⑧)')
        ja, en = {}, {}
        for key in ITEM_KEYS:
            entry = value[key]
            where = "items.%s" % key
            if not isinstance(entry, dict) or set(entry) != {"ja", "en"}:
                _fail(where, "%r" % (entry,), 'an object {"ja": name, "en": name}')
            ja[key] = _text(entry["ja"], where + ".ja")
            en[key] = _text(entry["en"], where + ".en")
        return ja, en

    @staticmethod
    def _parts(value) -> List[Part]:
        if not isinstance(value, list) or not value:
            _fail("coverage", "not a non-empty list", "a list of parts, each an object with "
                  "the keys " + ", ".join(PART_KEYS))
        parts = []
        for i, entry in enumerate(value):
            where = "coverage[%d]" % i
            if not isinstance(entry, dict):
                _fail(where, "not an object", "an object with the keys " + ", ".join(PART_KEYS))
            keys = {k for k in entry if not k.startswith("_")}
            if keys != set(PART_KEYS):
                _fail(where, "the keys are %s" % ", ".join(sorted(keys)),
                      "exactly " + ", ".join(PART_KEYS))
            if entry["item"] not in ITEM_KEYS:
                _fail(where + ".item", "%r" % (entry["item"],), '"1" … "8"')
            if not isinstance(entry["required"], bool):
                _fail(where + ".required", "%r" % (entry["required"],), "true or false")
            body = "|".join(_texts(entry["body"], where + ".body"))
            _compile(body, where + ".body")
            parts.append(Part(entry["item"], _text(entry["ja"], where + ".ja"),
                              _text(entry["en"], where + ".en"),
                              _texts(entry["caption"], where + ".caption"), body,
                              entry["required"]))
        return parts

