"""Remembered answers: the last answers given for each template (pure file I/O).

Kept in <profile>/user/tokki-odf/last-answers.json as {template name: answers};
the dialog starts from them in a document that has no answers of its own (挿入).
A damaged file is ignored, never fatal.
"""
import json
import os

FILENAME = "last-answers.json"


def _path(folder):
    return os.path.join(folder, FILENAME)


def recall(folder, template_name):
    """The last answers for template_name ({} when none)."""
    try:
        with open(_path(folder), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    answers = data.get(template_name) if isinstance(data, dict) else None
    return dict(answers) if isinstance(answers, dict) else {}


def remember(folder, template_name, answers):
    path = _path(folder)
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data[template_name] = answers
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
    os.replace(tmp, path)


def known_answers(template, answers):
    """Only the keys the template asks, with values it accepts (others dropped), so
    that remembered or loaded answers of another template version never block."""
    out = {}
    for key, value in (answers or {}).items():
        if key in template.questions:
            out[key] = value
    return out
