"""Compare two versions of provisions article by article (pure, standard library only).

align.py   what an article is (Unit) and which old article is which new one;
diff.py    per pair: same / renumbered / changed / added / deleted / moved / split /
           merged, with the changed passages (character level, references normalised
           to their targets);
table.py   the 新旧対照表 as a flat ODF tree; redline.py NEW with tracked changes.
"""
from .diff import compare_units, Comparison  # noqa: F401
