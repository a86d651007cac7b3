"""Answers: check a flat JSON object against a template's questions (pure).

Lenient in what people type (full-width digits, はい/いいえ, 、-separated lists,
option labels instead of values), strict in what it accepts: every problem names
the key, the Japanese label, the value and what is allowed.
"""
import re
import unicodedata

from ...errors import AnswerError
from ..drafting.numerals import nfc
from ..template.model import CHOICE, FLAG, TEXT, LIST, split_list
from ..validate import leftovers   # the validator's own rules: what it would refuse, refused here

TRUE_WORDS = {"true", "1", "yes", "y", "はい", "有", "あり", "する", "○", "☒"}
FALSE_WORDS = {"false", "0", "no", "n", "いいえ", "無", "なし", "しない", "×", "☐", ""}

# Contract header fields used by the 遵守報告書 (別紙2); accepted everywhere,
# ignored by templates that do not ask them.
CONTRACT_KEYS = ("contract_no", "contract_title", "contract_date", "period",
                 "contractor_address", "contractor_name", "representative", "contact")


# Characters XML 1.0 cannot hold (F4): a value with one would make a broken document.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Limits documented in docs/security.md: generous for any real contract, and far below
# what would make an output a reader (or tokki's own zip-bomb guard) refuses (F23).
MAX_TEXT_CHARS = 1000          # one text answer (a business name is < 100)
MAX_LIST_ITEMS = 46            # ア … ン: the sub-item labels there are (F15)
MAX_ITEM_CHARS = 500           # one list item
# What validate calls a leftover (LEFTOVER_*) is refused here already, with the same
# patterns (core/validate/leftovers.py), so that an output never fails its own check (F24).
# Invisible characters: a value made only of these is empty (F24).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        "\u00ad\u180e\\s\u3000]")


def illegal_char(text):
    """The first character of text that XML cannot hold, or None."""
    m = XML_ILLEGAL.search(text)
    return m.group(0) if m else None


def check_xml_text(text, key, where, label=""):
    """AnswerError naming the key and the character if text cannot go into XML."""
    bad = illegal_char(text)
    if bad is not None:
        raise AnswerError("%s: %s%s contains the control character U+%04X, which a document "
                          "cannot hold; remove it" % (where, key, "（%s）" % label if label
                                                      else "", ord(bad)))


def _leftover(text):
    if not leftovers.ANY.search(text):
        return None
    for _code, pattern, _ja, what_en, _todo_ja, _todo_en in leftovers.RULES:
        m = pattern.search(text)
        if m:
            return "%s %s" % (what_en.split(" 「")[0], m.group(0))
    return None


def _invisible_only(text):
    return bool(text) and not _INVISIBLE.sub("", text)


def _show(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def coerce_flag(value, key="", label=""):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = unicodedata.normalize("NFKC", value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise AnswerError("%s（%s）: %s is not a yes/no answer; use true/false (はい/いいえ, 1/0)"
                      % (key, label, _show(value)), key=key or None)


def normalize(template, raw, where="answers"):
    """Complete, checked answers: every question of the template gets a value."""
    if not isinstance(raw, dict):
        raise AnswerError("%s: answers must be a JSON object of key → value, not %s"
                          % (where, type(raw).__name__), where=where)
    questions = template.questions
    out = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            raise AnswerError("%s: key %r is not a string" % (where, key), where=where)
        if key.startswith("$"):
            continue                      # reserved for metadata ($comment, $id…)
        if key in CONTRACT_KEYS:
            if value is not None and not isinstance(value, str):
                raise AnswerError("%s: %s must be text, not %s" % (where, key, _show(value)),
                                  key=key, where=where)
            if value is not None:
                check_xml_text(value, key, where)
                if len(value) > MAX_TEXT_CHARS:
                    raise AnswerError("%s: %s is %d characters long; at most %d"
                                      % (where, key, len(value), MAX_TEXT_CHARS),
                                      key=key, where=where)
            continue
        question = questions.get(key)
        if question is None:
            allowed = ", ".join(questions)
            raise AnswerError("%s: unknown key %r; this template asks: %s" % (where, key, allowed),
                              key=key, where=where)
        out[key] = _coerce(question, value, where)
    for key, question in questions.items():
        if key not in out:
            out[key] = list(question.default) if isinstance(question.default, list) \
                else question.default
    for key, question in questions.items():
        if not question.when(out):
            continue                      # not asked for these answers: its value does not matter
        value = out[key]
        if question.kind == TEXT and not value and question.default and key in raw:
            # 「…については、を第一審の…」: a blank given for a text the sentence needs
            raise AnswerError("%s: %s（%s）is empty; write it (e.g. \"%s\"), or leave the key "
                              "out to keep the template's text" % (
                                  where, key, question.label, question.default),
                              key=key, where=where)
        if question.kind == TEXT and question.required and not value:
            raise AnswerError("%s: %s（%s）is required; e.g. %s" % (
                where, key, question.label, _example(template, question)), key=key, where=where)
        if question.kind == LIST and not value:
            raise AnswerError("%s: %s（%s）needs at least one item" % (where, key, question.label),
                              key=key, where=where)
    return out


def _example(template, question):
    """The template's example answer (tokki:example.KEY), else 'text'."""
    example = getattr(template, "examples", {}).get(question.key)
    return "\"%s\"" % example if example else "text"


def coerce_answer(question, value, where="answers"):
    """One answer as the question takes it (AnswerError naming key and allowed values)."""
    return _coerce(question, value, where)


def _coerce(question, value, where):
    key, label = question.key, question.label
    if question.kind == FLAG:
        try:
            return coerce_flag(value, key, label)
        except AnswerError as exc:   # name the answers (file, row) like every other error
            raise AnswerError("%s: %s" % (where, exc), key=key, where=where) from None
    if question.kind == CHOICE:
        if isinstance(value, str):
            text = nfc(value).strip()
            for opt in question.options:
                if text == opt.value or text == opt.label:
                    return opt.value
        allowed = ", ".join("%s（%s）" % (o.value, o.label) for o in question.options)
        raise AnswerError("%s: %s（%s）: %s is not an option; allowed: %s"
                          % (where, key, label, _show(value), allowed), key=key, where=where)
    if question.kind == LIST:
        if isinstance(value, str):
            check_xml_text(value, key, where, label)
            return _coerce(question, split_list(value), where)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            if len(value) > MAX_LIST_ITEMS:
                raise AnswerError("%s: %s（%s）has %d items; at most %d can be numbered (ア to "
                                  "ン); shorten the list or group items"
                                  % (where, key, label, len(value), MAX_LIST_ITEMS))
            for v in value:
                check_xml_text(v, key, where, label)
            items = [nfc(v).strip(" 　\t") for v in value]
            if any("\n" in v for v in items):
                raise AnswerError("%s: %s（%s）: an item cannot contain a line break: %s"
                                  % (where, key, label, _show(value)), key=key, where=where)
            for v in items:
                _check_words(v, key, label, where, MAX_ITEM_CHARS)
            return [v for v in items if v and not _invisible_only(v)]
        raise AnswerError("%s: %s（%s）must be a list of texts, e.g. [\"氏名\", \"住所\"]; got %s"
                          % (where, key, label, _show(value)), key=key, where=where)
    if value is None:
        return None
    if not isinstance(value, str):
        raise AnswerError("%s: %s（%s）must be text, not %s" % (where, key, label, _show(value)),
                          key=key, where=where)
    check_xml_text(value, key, where, label)
    text = nfc(value).strip()
    if "\n" in text or "\r" in text:
        raise AnswerError("%s: %s（%s）must be one line: %s" % (where, key, label, _show(value)),
                          key=key, where=where)
    _check_words(text, key, label, where, MAX_TEXT_CHARS)
    if _invisible_only(text):
        return ""                         # only invisible characters: an empty answer
    return text


def _check_words(text, key, label, where, limit):
    if len(text) > limit:
        raise AnswerError("%s: %s（%s）is %d characters long; at most %d"
                          % (where, key, label, len(text), limit))
    what = _leftover(text)
    if what:
        raise AnswerError("%s: %s（%s）still contains %s, which a contract must not: %s"
                          % (where, key, label, what, _show(text)))
