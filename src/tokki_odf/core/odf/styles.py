"""Style inheritance: the one walk up a style's parent chain (pure).

Writer turns direct formatting into automatic styles (P1 → its parent Tokki_Article),
so what a paragraph is, or whether its text is hidden, is decided by the first style
up the chain that says so. Used by the template model (a paragraph's tokki role) and
by the contract reader (hidden text). Cycles in a broken file end the walk.
"""
from .namespaces import clark, q

STYLE_CONTAINERS = ("office:styles", "office:automatic-styles")


class Styles:
    """The style:style elements of a flat document (one family, or all)."""

    def __init__(self, flat, family=None):
        self.all = []          # (name, element) in document order
        self.parents, self.display = {}, {}
        for container in STYLE_CONTAINERS:
            box = flat.find(clark(container))
            if box is None:
                continue
            for st in box.findall(clark("style:style")):
                if family is not None and st.get(q("style:family")) != family:
                    continue
                name = st.get(q("style:name"))
                self.all.append((name, st))
                self.parents[name] = st.get(q("style:parent-style-name"))
                self.display[name] = st.get(q("style:display-name"))

    def chain(self, name):
        """name, its parent, the parent's parent …, each once."""
        seen, cur = set(), name
        while cur and cur not in seen:
            yield cur
            seen.add(cur)
            cur = self.parents.get(cur)

    def first(self, name, pick):
        """The first pick(style name) up the chain that is not None, else None."""
        for cur in self.chain(name):
            found = pick(cur)
            if found is not None:
                return found
        return None

    def resolver(self, pick):
        """A cached name -> first(name, pick)."""
        cache = {}

        def resolve(name):
            if name not in cache:
                cache[name] = self.first(name, pick)
            return cache[name]

        return resolve
