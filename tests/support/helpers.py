"""Shared helpers for the engine tests."""
import itertools
import re
from collections import OrderedDict
from pathlib import Path

from tokki_odf.api import load_template, assemble_document
from tokki_odf.core.odf.text import body_paragraph_texts

REPO = Path(__file__).resolve().parents[2]
R5 = REPO / "templates" / "tokki-r5.fodt"
BASE = {"business_name": "住民情報システム運用保守業務"}

CAPTION = re.compile(r"^[（(].*[)）]$")


def r5():
    return load_template(str(R5))


def assembled_lines(answers, start=1, template=None):
    flat = assemble_document(template or r5(), dict(BASE, **answers), start)
    return body_paragraph_texts(flat)


def articles(lines):
    """[(caption, [paragraph lines…])] grouped at each caption."""
    out = []
    for line in lines:
        if CAPTION.match(line):
            out.append((line, []))
        elif out:
            out[-1][1].append(line)
    return out


def answer_combinations(template):
    """Every combination of the template's choice options and flag values."""
    axes = OrderedDict()
    for key, question in template.questions.items():
        if question.kind == "choice":
            axes[key] = [o.value for o in question.options]
        elif question.kind == "flag":
            axes[key] = [True, False]
    return [dict(zip(axes, values)) for values in itertools.product(*axes.values())]
