"""Per aligned pair: what changed, and exactly which passages (pure).

Texts are compared as token sequences: one token per character, except that every
reference to an article of the document (第N条, 第N条の2) is one token whose key is
the *aligned pair* it points at, and the article's own label is one token whose key
ignores its number. So 「第8条で規定する」 (H18) and 「第7条で規定する」 (R5) are the
same wording when 第8条 and 第7条 are the same article. Keys are NFKC (full- and
half-width digits and brackets compare equal); white space and paragraph breaks take
part in the alignment but never count as a change of wording on their own.

The changed passages come from difflib.SequenceMatcher opcodes (autojunk off: in
Japanese every character is common); an equal run of one or two characters between
two changes is shown as part of the change, as a person would underline it.
"""
import re
import unicodedata
from difflib import SequenceMatcher

from .align import align
from ..findings import Finding, ERROR, WARNING
from ..validate import patterns as PT

SAME, RENUMBERED, CHANGED, ADDED, DELETED, MOVED, SPLIT, MERGED = (
    "same", "renumbered", "changed", "added", "deleted", "moved", "split", "merged")
KINDS = (SAME, RENUMBERED, CHANGED, ADDED, DELETED, MOVED, SPLIT, MERGED)
CHANGE, NUMBER = "changed", "number"     # marks on a run of text
PARA = "\u2029"                          # paragraph break token

# 第N条 / 第N条の2, not after the name of another enactment (条例第46条, 法第27条).
_REF = re.compile(r"(?<![例法則令])第%s*(?P<n>%s)%s*条(?:%s*の%s*(?P<b>%s))?"
                  % (PT.SP, PT.NUM, PT.SP, PT.SP, PT.SP, PT.NUM))
_WS = re.compile(r"\s")
_LABELS = {SAME: "同じ", RENUMBERED: "条番号のみ変更", CHANGED: "文言の変更", ADDED: "追加",
           DELETED: "削除", MOVED: "移動", SPLIT: "分割", MERGED: "統合"}


class Token(object):
    __slots__ = ("key", "text", "para", "start")

    def __init__(self, key, text, para, start):
        self.key, self.text, self.para, self.start = key, text, para, start


def tokens(unit, ref_key):
    """Tokens of a unit; ref_key(part, number, branch) -> key of the target or None."""
    out = []
    for pi, text in enumerate(unit.paragraphs):
        if pi:
            out.append(Token(PARA, "", pi - 1, len(unit.paragraphs[pi - 1])))
        pos = 0
        if unit.label and text.lstrip(" \u3000").startswith(unit.label):
            lead = len(text) - len(text.lstrip(" \u3000"))
            for i in range(lead):
                out.append(Token(" ", text[i], pi, i))
            out.append(Token("\x00self", unit.label, pi, lead))
            pos = lead + len(unit.label)
        for m in _REF.finditer(text, pos):
            _chars(out, text, pos, m.start(), pi)
            key = ref_key(unit.part, PT.number(m.group("n")),
                          PT.number(m.group("b")) if m.group("b") else 0)
            out.append(Token(key or ("\x00ref:" + unicodedata.normalize("NFKC", m.group())),
                             m.group(), pi, m.start()))
            pos = m.end()
        _chars(out, text, pos, len(text), pi)
    return out


def _chars(out, text, start, end, pi):
    for i in range(start, end):
        ch = text[i]
        key = " " if _WS.match(ch) else unicodedata.normalize("NFKC", ch)
        out.append(Token(key, ch, pi, i))


def _soft(token):
    return token.key in (" ", PARA) or not token.key


class Side(object):
    """One side of a pair as shown: paragraphs, each a list of (text, mark) runs."""

    def __init__(self, unit, marks):
        self.unit = unit
        self.marks = marks
        self.runs = []
        for pi, text in enumerate(unit.paragraphs):
            flags = marks.get(pi, {})
            runs, cur, buf = [], None, []
            for i, ch in enumerate(text):
                flag = flags.get(i)
                if flag != cur and buf:
                    runs.append(("".join(buf), cur))
                    buf = []
                cur = flag
                buf.append(ch)
            if buf:
                runs.append(("".join(buf), cur))
            self.runs.append(runs)

    def label_marked(self, para):
        """Is the article's own number (第N条 at the start of paragraph para) marked?"""
        text = self.unit.paragraphs[para] if para < len(self.unit.paragraphs) else ""
        start = text.find(self.unit.label) if self.unit.label else -1
        if start < 0:
            return False
        flags = self.marks.get(para, {})
        return any(flags.get(i) for i in range(start, start + len(self.unit.label)))

    def to_dict(self):
        u = self.unit
        return {"no": u.no, "label": u.label, "caption": u.caption, "id": u.ident,
                "paragraphs": u.paragraphs,
                "marks": [[[sum(len(t) for t, _m in runs[:k]),
                            sum(len(t) for t, _m in runs[:k + 1]), m]
                           for k, (_t, m) in enumerate(runs) if m] for runs in self.runs]}


class Row(object):
    def __init__(self, kind, old, new, wording, renumbered, moved, passages, group=None):
        self.kind, self.old, self.new = kind, old, new
        self.wording, self.renumbered, self.moved = wording, renumbered, moved
        self.passages = passages      # [(old text, new text)] of the changed wording
        self.group = group or []      # split/merged: the titles of the other members

    @property
    def different(self):
        return self.kind not in (SAME, RENUMBERED)

    @property
    def title(self):
        return (self.new or self.old).unit.titled

    def to_dict(self):
        return {"kind": self.kind, "label_ja": _LABELS[self.kind],
                "wording_changed": self.wording, "renumbered": self.renumbered,
                "moved": self.moved, "group": self.group,
                "old": self.old.to_dict() if self.old else None,
                "new": self.new.to_dict() if self.new else None,
                "passages": [{"old": a, "new": b} for a, b in self.passages]}


class Comparison(object):
    def __init__(self, rows, aligned_by):
        self.rows, self.aligned_by = rows, aligned_by

    @property
    def different(self):
        return any(r.different for r in self.rows)

    def summary(self):
        counts = dict((k, 0) for k in KINDS)
        for r in self.rows:
            counts[r.kind] += 1
        return counts

    def to_dict(self, old_name=None, new_name=None):
        return {"old": old_name, "new": new_name, "aligned_by": self.aligned_by,
                "different": self.different, "summary": self.summary(),
                "articles": [r.to_dict() for r in self.rows]}

    def findings(self):
        """The differences as validate-style findings (code compare-KIND), for the
        extension's findings window; the article is the NEW number where there is one."""
        out = []
        for k, r in enumerate(self.rows):
            if not r.different:
                continue
            unit = (r.new or r.old).unit
            # where it is in NEW: its own paragraph; a deleted article: where it was, the
            # next article of NEW that is still there
            at = r.new.unit if r.new else next((x.new.unit for x in self.rows[k + 1:]
                                                if x.new is not None), None)
            old_t = r.old.unit.titled if r.old else ""
            new_t = r.new.unit.titled if r.new else ""
            excerpt = "；".join("「%s」→「%s」" % (a, b) for a, b in r.passages[:3])
            if r.kind == ADDED:
                ja, en = "%s が追加されています" % new_t, "%s was added" % new_t
            elif r.kind == DELETED:
                ja, en = "%s が削除されています" % old_t, "%s was deleted" % old_t
            else:
                if old_t == new_t:           # same number and caption: say it once
                    ja = "%s：%s" % (new_t, _LABELS[r.kind])
                    en = "%s: %s" % (new_t, r.kind)
                else:
                    ja = "%s（旧 %s）：%s" % (new_t, old_t, _LABELS[r.kind])
                    en = "%s (was %s): %s" % (new_t, old_t, r.kind)
                if r.wording and r.kind != CHANGED:
                    ja += "（文言の変更あり）"
                    en += " (wording changed)"
            out.append(Finding("compare-" + r.kind, ERROR if r.wording or r.kind in (
                ADDED, DELETED, SPLIT, MERGED) else WARNING, ja, en,
                article=unit.no if r.new else None, excerpt=excerpt,
                index=at.index if at is not None else None))
        return out


def _opcodes(a, b):
    sm = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    return sm.get_opcodes()


def _absorb_short_equals(ops, a, b):
    """Treat an equal run of ≤ 2 visible characters between changes as changed."""
    out = []
    for k, op in enumerate(ops):
        tag, i1, i2, j1, j2 = op
        if (tag == "equal" and 0 < k < len(ops) - 1 and i2 - i1 <= 2
                and not any(t.key == PARA for t in a[i1:i2])):
            tag = "replace"
        if out and out[-1][0] != "equal" and tag != "equal":
            p = out[-1]
            out[-1] = ("replace", p[1], i2, p[3], j2)
        else:
            out.append((tag, i1, i2, j1, j2))
    return out


def _mark(marks, tok, flag):
    if tok.key == PARA:
        return
    if flag == CHANGE and tok.key == " ":
        return
    para = marks.setdefault(tok.para, {})
    for i in range(tok.start, tok.start + len(tok.text)):
        para[i] = flag


def _text(toks):
    return "".join(("\n" if t.key == PARA else t.text) for t in toks).strip()


def pair_diff(a, b):
    """(wording changed?, old marks, new marks, passages) for two token lists."""
    old_marks, new_marks, passages = {}, {}, []
    wording = False
    ops = _opcodes(a, b)
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            for ta, tb in zip(a[i1:i2], b[j1:j2]):
                if ta.text != tb.text and ta.key not in (" ", PARA):
                    _mark(old_marks, ta, NUMBER)
                    _mark(new_marks, tb, NUMBER)
            continue
        if any(not _soft(t) for t in a[i1:i2]) or any(not _soft(t) for t in b[j1:j2]):
            wording = True
    if wording:
        for tag, i1, i2, j1, j2 in _absorb_short_equals(ops, a, b):
            if tag == "equal":
                continue
            if all(_soft(t) for t in a[i1:i2]) and all(_soft(t) for t in b[j1:j2]):
                continue
            for t in a[i1:i2]:
                _mark(old_marks, t, CHANGE)
            for t in b[j1:j2]:
                _mark(new_marks, t, CHANGE)
            passages.append((_text(a[i1:i2]), _text(b[j1:j2])))
    return wording, old_marks, new_marks, passages


def compare_units(old, new):
    """Comparison of two [Unit] (see align.units_from_paragraphs)."""
    al = align(old, new)
    # pair identity of every article, per side, for references
    old_key, new_key = {}, {}
    for k, (o, n) in enumerate(al.pairs):
        if o is not None and o.number is not None:
            old_key.setdefault(o.key, "\x00art:%d" % k)
        if n is not None and n.number is not None:
            new_key.setdefault(n.key, "\x00art:%d" % k)
    split_members = {}
    for o, news in al.splits.items():
        for p in news:
            split_members[("new", p)] = o
    for n, olds in al.merges.items():
        for p in olds:
            split_members[("old", p)] = n
    rows = []
    for o, n in al.pairs:
        ta = tokens(o, lambda part, num, br: old_key.get((part, num, br))) if o else []
        tb = tokens(n, lambda part, num, br: new_key.get((part, num, br))) if n else []
        wording, om, nm, passages = pair_diff(ta, tb)
        group = []
        if o is None or n is None:
            side = ("new", n.position) if n else ("old", o.position)
            for t in (ta or tb):
                _mark(om if o else nm, t, CHANGE)
            passages = [(_text(ta), _text(tb))]
            wording = True
            kind = ADDED if n else DELETED
            if side in split_members:
                kind = SPLIT if n else MERGED
                other = split_members[side]
                members = al.splits.get(other) if n else al.merges.get(other)
                group = [((new if n else old)[p]).titled for p in members]
                group.insert(0, (old[other] if n else new[other]).titled)
            rows.append(Row(kind, Side(o, om) if o else None, Side(n, nm) if n else None,
                            wording, False, False, passages, group))
            continue
        renumbered = o.number is not None and (o.no != n.no)
        moved = o.position in al.moved
        group = []
        if o.position in al.splits:
            kind = SPLIT
            group = [new[p].titled for p in al.splits[o.position]]
        elif n.position in al.merges:
            kind = MERGED
            group = [old[p].titled for p in al.merges[n.position]]
        elif moved:
            kind = MOVED
        elif wording:
            kind = CHANGED
        elif renumbered:
            kind = RENUMBERED
        else:
            kind = SAME
        rows.append(Row(kind, Side(o, om), Side(n, nm), wording, renumbered, moved,
                        passages, group))
    return Comparison(rows, al.by)
