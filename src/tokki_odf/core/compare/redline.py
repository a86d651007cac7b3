"""NEW as a text document with tracked changes against OLD (見え消し), pure.

The document holds NEW's paragraphs; what OLD had and NEW has not is a tracked
deletion (text:changed-region/text:deletion, its text kept inside, a text:change
mark where it stood), what NEW added is a tracked insertion (text:change-start …
text:change-end). Accepting every change gives NEW's text, rejecting every change
gives OLD's — also for a moved article (deleted where it was, inserted where it is)
and for a renumbered reference (the old number deleted, the new one inserted).
Formatting is tokki's (table.base_document), not NEW's own page layout.
"""
from difflib import SequenceMatcher

from ..odf.namespaces import q
from .diff import tokens, PARA
from .table import base_document, add_text, _el, STYLES

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


def _ops(comparison):
    """[(op, text)] over the whole document, PARA between paragraphs."""
    rows = []
    for row in comparison.rows:
        o = row.old.unit if row.old else None
        n = row.new.unit if row.new else None
        if o is not None and n is not None and row.moved:
            rows.append((None, n))
            # the old text goes back after its old predecessor
            rows.append(("pending", o))
        else:
            rows.append((o, n))
    # place the old side of moves in old order: after the row holding its predecessor
    pending = [u for tag, u in rows if tag == "pending"]
    rows = [r for r in rows if r[0] != "pending"]
    for u in sorted(pending, key=lambda x: x.position):
        at = 0
        for k, (o, _n) in enumerate(rows):
            if o is not None and o.position < u.position:
                at = k + 1
        rows.insert(at, (u, None))
    keys_old, keys_new = {}, {}
    for k, (o, n) in enumerate(rows):
        if o is not None and o.number is not None:
            keys_old.setdefault(o.key, "a%d" % id(o))
        if n is not None and n.number is not None:
            keys_new.setdefault(n.key, "a%d" % id(n))
    ops, had_old, had_new = [], False, False
    for o, n in rows:
        if o is not None and had_old and n is not None and had_new:
            ops.append((EQUAL, PARA))
        else:
            if o is not None and had_old:
                ops.append((DELETE, PARA))
            if n is not None and had_new:
                ops.append((INSERT, PARA))
        ta = _flat(tokens(o, lambda p, m, b: None)) if o is not None else []
        tb = _flat(tokens(n, lambda p, m, b: None)) if n is not None else []
        sm = SequenceMatcher(None, [t[0] for t in ta], [t[0] for t in tb], autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                ops.append((EQUAL, "".join(t[1] for t in tb[j1:j2])))
            else:
                if i2 > i1:
                    ops.append((DELETE, "".join(t[1] for t in ta[i1:i2])))
                if j2 > j1:
                    ops.append((INSERT, "".join(t[1] for t in tb[j1:j2])))
        had_old = had_old or o is not None
        had_new = had_new or n is not None
    merged = []
    for op, text in ops:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def _flat(toks):
    """(key, text) per character, exact text as key: the redline is exact."""
    out = []
    for t in toks:
        if t.key == PARA:
            out.append((PARA, PARA))
        else:
            for ch in t.text:
                out.append((ch, ch))
    return out


def build_redline(comparison, title="", author="tokki compare", date="2000-01-01T00:00:00"):
    doc, body = base_document(title or "見え消し")
    tracked = _el(body, "text:tracked-changes")
    state = {"p": None, "n": 0}

    def new_paragraph():
        state["p"] = _el(body, "text:p", text__style_name=STYLES["cell"])
        return state["p"]

    def region(kind):
        state["n"] += 1
        rid = "ct%d" % state["n"]
        reg = _el(tracked, "text:changed-region", text__id=rid)
        reg.set("{http://www.w3.org/XML/1998/namespace}id", rid)
        change = _el(reg, "text:" + kind)
        info = _el(change, "office:change-info")
        _el(info, "dc:creator").text = author
        _el(info, "dc:date").text = date
        return rid, change

    def write(text):
        pieces = text.split(PARA)
        for k, piece in enumerate(pieces):
            if k:
                new_paragraph()
            add_text(state["p"], piece)

    def mark(name, rid):
        p = state["p"]
        m = _el(p, name, text__change_id=rid)
        return m

    new_paragraph()
    for op, text in _ops(comparison):
        if op == EQUAL:
            write(text)
        elif op == INSERT:
            rid, _c = region("insertion")
            mark("text:change-start", rid)
            write(text)
            mark("text:change-end", rid)
        else:
            rid, change = region("deletion")
            mark("text:change", rid)
            for piece in text.split(PARA):
                add_text(_el(change, "text:p", text__style_name=STYLES["cell"]), piece)
    if not len(tracked):
        body.remove(tracked)
    return doc
