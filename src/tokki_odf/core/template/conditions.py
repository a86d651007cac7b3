"""Conditions that decide which variant text a document gets.

Grammar (section names `if:EXPR`, content-control tags `if:EXPR`):
    expr   := or
    or     := and ("or" and)*
    and    := not ("and" not)*
    not    := "not" not | atom
    atom   := "(" expr ")" | KEY ("=" | "!=") VALUE | KEY
A bare KEY is true when the flag is true. Values are option values (ASCII).
Pure functions: parse once, evaluate against an answers dict.
"""
import re

_TOKEN = re.compile(r"\s*(?:(\()|(\))|(!=|=)|([A-Za-z_][A-Za-z0-9_.]*))")


class ConditionSyntaxError(ValueError):
    pass


def tokenize(text):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConditionSyntaxError("unexpected %r at position %d in %r"
                                       % (text[pos:pos + 10], pos, text))
        out.append(next(g for g in m.groups() if g is not None))
        pos = m.end()
    return out


class Cond:
    """A parsed condition: a small tuple tree, hashable, printable."""

    __slots__ = ("tree",)

    def __init__(self, tree):
        self.tree = tree

    def __call__(self, answers) -> bool:
        return _eval(self.tree, answers)

    def keys(self):
        return set(_keys(self.tree, ("flag", "eq", "ne")))

    def flags(self):
        """Keys tested as bare flags (`key`, not `key=value`)."""
        return set(_keys(self.tree, ("flag",)))

    def comparisons(self):
        """(key, value) pairs compared with = or != (for lints)."""
        return list(_comparisons(self.tree))

    def __repr__(self):
        return "Cond(%s)" % _show(self.tree)

    def __str__(self):
        return _show(self.tree)

    def __eq__(self, other):
        return isinstance(other, Cond) and self.tree == other.tree

    def __hash__(self):
        return hash(self.tree)


TRUE = Cond(("true",))


def parse(text: str) -> Cond:
    tokens = tokenize(text)
    if not tokens:
        raise ConditionSyntaxError("empty condition")
    pos = [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else None

    def take():
        tok = peek()
        pos[0] += 1
        return tok

    def p_or():
        left = p_and()
        while peek() == "or":
            take()
            left = ("or", left, p_and())
        return left

    def p_and():
        left = p_not()
        while peek() == "and":
            take()
            left = ("and", left, p_not())
        return left

    def p_not():
        if peek() == "not":
            take()
            return ("not", p_not())
        return p_atom()

    def p_atom():
        tok = take()
        if tok == "(":
            inner = p_or()
            if take() != ")":
                raise ConditionSyntaxError("missing ) in %r" % text)
            return inner
        if tok is None or tok in (")", "=", "!=", "and", "or", "not"):
            raise ConditionSyntaxError("expected a question key in %r" % text)
        if peek() in ("=", "!="):
            op = take()
            value = take()
            if value is None or value in ("(", ")", "=", "!="):
                raise ConditionSyntaxError("expected a value after %s in %r" % (op, text))
            return ("eq" if op == "=" else "ne", tok, value)
        return ("flag", tok)

    tree = p_or()
    if peek() is not None:
        raise ConditionSyntaxError("unexpected %r in %r" % (peek(), text))
    return Cond(tree)


def all_of(conds):
    conds = [c for c in conds if c.tree != ("true",)]
    if not conds:
        return TRUE
    tree = conds[0].tree
    for c in conds[1:]:
        tree = ("and", tree, c.tree)
    return Cond(tree)


def any_of(conds):
    conds = list(conds)
    if not conds or any(c.tree == ("true",) for c in conds):
        return TRUE
    tree = conds[0].tree
    for c in conds[1:]:
        tree = ("or", tree, c.tree)
    return Cond(tree)


def _eval(t, a):
    op = t[0]
    if op == "true":
        return True
    if op == "flag":
        return a.get(t[1]) is True
    if op == "eq":
        return a.get(t[1]) == t[2]
    if op == "ne":
        return a.get(t[1]) != t[2]
    if op == "not":
        return not _eval(t[1], a)
    if op == "and":
        return _eval(t[1], a) and _eval(t[2], a)
    return _eval(t[1], a) or _eval(t[2], a)


def _keys(t, ops):
    op = t[0]
    if op in ops:
        yield t[1]
    elif op == "not":
        yield from _keys(t[1], ops)
    elif op in ("and", "or"):
        yield from _keys(t[1], ops)
        yield from _keys(t[2], ops)


def _comparisons(t):
    op = t[0]
    if op in ("eq", "ne"):
        yield (t[1], t[2])
    elif op == "not":
        yield from _comparisons(t[1])
    elif op in ("and", "or"):
        yield from _comparisons(t[1])
        yield from _comparisons(t[2])


def _show(t):
    op = t[0]
    if op == "true":
        return "true"
    if op == "flag":
        return t[1]
    if op == "eq":
        return "%s=%s" % (t[1], t[2])
    if op == "ne":
        return "%s!=%s" % (t[1], t[2])
    if op == "not":
        return "not %s" % _show(t[1])
    return "(%s %s %s)" % (_show(t[1]), op, _show(t[2]))
