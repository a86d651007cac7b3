"""Template leftovers: what the 記載例 tells the drafter, and must not reach a contract.

○○ placeholders, the ○カ月に○回 report frequency, ※ notes, 「次のような表現にする」
instructions, 「（左記のように…記入する。）」 and the stray } braces that group
the sample items in the 記載例, and the (記載例) heading itself. A single ○ that
opens a title (○豊島区個人情報保護条例, as every 例規集 page starts) is not a
placeholder.
"""
import functools
import re
from typing import List

from .emit import excerpt, finding
from ..findings import ERROR, Finding
from .structure import BLANK, Document

# ○ (U+25CB) and ◯ (U+25EF) are only ever placeholders; 〇 (U+3007) is the kanji zero,
# so 〇〇 counts only when no other kanji numeral touches it (二〇〇〇年 is a year).
PLACEHOLDER = re.compile(r"[○◯]+|(?<![一二三四五六七八九十百千〇])〇〇+(?![一二三四五六七八九十百千〇年])"
                         r"|△△+|××+|■■+")
FREQUENCY = re.compile(r"[○◯〇]+\s*(?:カ|ヵ|ケ|か|箇|ヶ)?月に[○◯〇]+\s*回")
NOTE = re.compile(r"※")
INSTRUCTION = re.compile(r"次のような表現(?:にする|とする|を加える|も記載する|を用いる)?|"
                         r"上記文に続けて|次のとおり記載する")
FILL_IN = re.compile(r"[（(]?\s*左記のように[^）)]*記入する。?\s*[）)]?")
BRACE = re.compile(r"[{}｛｝]")
# Cheap test first: most lines of a contract contain none of these.
ANY = re.compile(r"[○◯〇△×■※{}｛｝]|次のような表現|上記文に続けて|次のとおり記載|左記のように|記載例")
EXAMPLE_HEADING = re.compile(r"^\s*[（(]\s*記載例\s*[）)]\s*$")
# ○豊島区個人情報保護条例: the single mark that opens a title in a 例規集, not a blank.
TITLE_MARK = re.compile(r"^\s*[○◯](?=[一-龥ぁ-んァ-ヺ々])[^○◯。]{2,60}$")

RULES = [
    # code, pattern, what (ja), what (en), what to do (ja), what to do (en)
    ("LEFTOVER_REPORT_FREQUENCY", FREQUENCY, "報告頻度の記載例「○カ月に○回」",
     "the sample report frequency 「○カ月に○回」",
     "「3カ月に1回」のように実際の報告時期を記入してください（報告時期は仕様書に具体的に"
     "記載します）。", "write the real reporting interval (the spec must state it)."),
    ("LEFTOVER_PLACEHOLDER", PLACEHOLDER, "記入欄の「○○」", "the placeholder 「○○」",
     "業務名など、実際の語句に置き換えてください。",
     "replace it with the real words (e.g. the business name)."),
    ("LEFTOVER_NOTE", NOTE, "記載例の注記（※）", "a note (※) of the 記載例",
     "※の注記は作成者向けの説明です。契約書からは削除してください。",
     "※ notes are guidance for the drafter; delete them from the contract."),
    ("LEFTOVER_INSTRUCTION", INSTRUCTION, "記載例の指示文", "an instruction of the 記載例",
     "「次のような表現にする」などの指示文と、選ばなかった方の条文を削除してください。",
     "delete instructions such as 「次のような表現にする」 and the variant you did not choose."),
    ("LEFTOVER_FILL_IN", FILL_IN, "記入方法の説明「（左記のように…記入する。）」",
     "the fill-in instruction 「（左記のように…記入する。）」",
     "説明文を削除し、個人情報の項目だけを残してください。",
     "delete the instruction and keep only the items."),
    ("LEFTOVER_BRACE", BRACE, "記載例の括弧「}」", "a brace 「}」 of the 記載例",
     "項目をまとめる括弧は記載例の説明用です。削除してください。",
     "the braces grouping the sample items are part of the example; delete them."),
]


@functools.lru_cache(maxsize=8192)     # a batch reads the same lines every row (issue 16)
def _may_hold(text: str) -> bool:
    return ANY.search(text) is not None


def check(doc: Document) -> List[Finding]:
    out: List[Finding] = []
    for line in doc.lines:
        if line.kind == BLANK:
            continue
        text = line.text
        if not _may_hold(text):
            continue
        loc = doc.locate(line.index)
        para = loc.paragraph
        taken = []  # spans already reported: ○カ月に○回 is not also two ○○
        if EXAMPLE_HEADING.match(text):
            out.append(finding(
                "LEFTOVER_EXAMPLE_HEADING", ERROR,
                "見出し「(記載例)」が残っています。記載例の見出しは削除してください。",
                "the heading 「(記載例)」 is still there; delete it.",
                article=loc.article, paragraph=para, index=line.index,
                excerpt_text=excerpt(text)))
            continue
        for code, pattern, what_ja, what_en, todo_ja, todo_en in RULES:
            for m in pattern.finditer(text):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                if code == "LEFTOVER_PLACEHOLDER" and m.end() - m.start() == 1 \
                        and TITLE_MARK.match(text) and not text[:m.start()].strip():
                    continue   # a title mark 「○」, not a placeholder
                taken.append((m.start(), m.end()))
                out.append(finding(
                    code, ERROR, "%sが残っています。%s" % (what_ja, todo_ja),
                    "%s is left in. %s" % (what_en, todo_en[0].upper() + todo_en[1:]),
                    article=loc.article, paragraph=para, index=line.index,
                    excerpt_text=excerpt(text, m.start(), m.end())))
                if code in ("LEFTOVER_NOTE", "LEFTOVER_INSTRUCTION"):
                    break  # one finding per line is enough for a note
    return out
