"""Every shell command in README.md and docs/ja/*.md runs as written (docs/doc-commands.md).

The commands of each ```sh / ```bash / ```console block run in order, each through
`bash -c` exactly as written, from one scratch copy of the repository (a `git clone` of
this working tree into a temporary folder, with the working tree's uncommitted changes
copied over — nothing beside it), with `.venv/bin` first on PATH as
`. .venv/bin/activate` does (README). The scratch copy's .venv is made first by
`python3 build.py setup`, the README's first step. Each command must exit 0 unless an
annotation says otherwise, and print what the annotation says it prints:

    <!-- doc-test: exit=1 output~="10 done, 2 failed" -->
    <!-- doc-test: cmd=2 skip="installs into the reader's own profile" -->
    <!-- doc-test: files="a.json=examples/answers/r5-restricted.json" -->
    <!-- doc-test: setup="tokki assemble … --out 契約書.docx" -->

(one-line HTML comments just above the block; `cmd=N` limits one comment to the
block's N-th command; a skip without a reason is an error.)
"""
import os
import re
import shlex
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = ["README.md"] + sorted(os.path.join("docs", "ja", n)
                              for n in os.listdir(os.path.join(ROOT, "docs", "ja"))
                              if n.endswith(".md"))
FENCE = re.compile(r"^```(sh|bash|console)[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
ANNOTATION = re.compile(r"<!--\s*doc-test:(.*?)-->", re.S)
KEYS = {"exit", "output~", "skip", "files", "setup", "cmd", "timeout"}

pytestmark = pytest.mark.office


class Block:
    def __init__(self, doc, line, lang, commands, notes):
        self.doc, self.line, self.lang = doc, line, lang
        self.commands = commands          # [(line number, command text)]
        self.notes = notes                # [{key: [values]}]

    def id(self):
        return "%s:%d" % (self.doc, self.line)

    def options(self, index=None):
        """{key: [values]} for the block (index None) or for its index-th command (1-based)."""
        out = {}
        for note in self.notes:
            which = note.get("cmd")
            if (index is None and which) or (index is not None and which and
                                             int(which[0]) != index):
                continue
            for key, values in note.items():
                if key != "cmd":
                    out.setdefault(key, []).extend(values)
        return out


def parse_annotation(text, where):
    note = {}
    for token in shlex.split(text):
        key, sep, value = token.partition("=")
        if not sep or key not in KEYS:
            raise ValueError("%s: doc-test annotation %r: use key=value with a key among %s"
                             % (where, token, ", ".join(sorted(KEYS))))
        note.setdefault(key, []).append(value)
    if "skip" in note and not all(v.strip() for v in note["skip"]):
        raise ValueError("%s: a doc-test skip needs its reason: skip=\"why\"" % where)
    return note


def commands_of(lang, body, first_line):
    """[(line, command)] of a block: `\\` continuations joined; comment lines dropped; in
    console blocks only the lines after a `$ ` prompt."""
    out, pending, start = [], "", None
    for offset, raw in enumerate(body.splitlines()):
        line = raw.rstrip()
        if lang == "console" and not pending:
            if not line.startswith("$ "):
                continue
            line = line[2:]
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if start is None:
            start = first_line + offset
        if pending:
            line = line.strip()
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        out.append((start, (pending + line).strip()))
        pending, start = "", None
    return out


def blocks_of(doc):
    with open(os.path.join(ROOT, doc), encoding="utf-8") as fh:
        text = fh.read()
    blocks = []
    for m in FENCE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        # the annotations: one-line HTML comments right above the fence (blank lines between)
        above = text[:m.start()].rstrip("\n").split("\n")
        chunk = []
        while above and (not above[-1].strip() or
                         re.match(r"^\s*<!--.*-->\s*$", above[-1])):
            chunk.insert(0, above.pop())
        notes = [parse_annotation(a, "%s:%d" % (doc, line))
                 for a in ANNOTATION.findall("\n".join(chunk))]
        blocks.append(Block(doc, line, m.group(1), commands_of(m.group(1), m.group(2),
                                                               line + 1), notes))
    return blocks


ALL_BLOCKS = [b for doc in DOCS for b in blocks_of(doc)]


# -- the scratch copy -----------------------------------------------------------------------

def _git(*args, cwd=ROOT):
    return subprocess.run(["git"] + list(args), cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=True).stdout.decode("utf-8")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    if shutil.which("git") is None or not os.path.isdir(os.path.join(ROOT, ".git")) and \
            not os.path.isfile(os.path.join(ROOT, ".git")):
        pytest.skip("not a git checkout: the scratch copy is a git clone of it")
    repo = str(tmp_path_factory.mktemp("docs") / "tokki-odf")
    _git("clone", "--quiet", "--no-hardlinks", ROOT, repo)
    # The working tree as it is: modified and new (not ignored) files, deletions.
    changed = _git("ls-files", "--modified", "--others", "--exclude-standard", "-z").split("\0")
    for rel in filter(None, changed):
        src = os.path.join(ROOT, rel)
        dst = os.path.join(repo, rel)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
        elif os.path.exists(dst):
            os.unlink(dst)
    proc = subprocess.run(["python3", "build.py", "setup"],
                          cwd=repo, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=900, env=_env(repo, activate=False))
    assert proc.returncode == 0, proc.stdout.decode("utf-8", "replace")
    yield repo
    shutil.rmtree(repo, ignore_errors=True)


def _env(repo, activate=True):
    env = dict(os.environ)
    for name in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH"):
        env.pop(name, None)
    path = [p for p in env.get("PATH", "").split(os.pathsep)
            if not p.startswith(os.path.join(ROOT, ".venv"))]
    if activate:                      # what `. .venv/bin/activate` does
        env["VIRTUAL_ENV"] = os.path.join(repo, ".venv")
        path.insert(0, os.path.join(repo, ".venv", "bin"))
    env["PATH"] = os.pathsep.join(path)
    return env


def _run(command, repo, timeout):
    proc = subprocess.run(["bash", "-c", command], cwd=repo, env=_env(repo),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


# -- the tests ----------------------------------------------------------------------------------

def test_docs_have_commands_and_valid_annotations():
    assert len(ALL_BLOCKS) >= 10, [b.id() for b in ALL_BLOCKS]
    assert sum(len(b.commands) for b in ALL_BLOCKS) >= 20
    for block in ALL_BLOCKS:
        for note in block.notes:
            if "cmd" in note:
                assert 1 <= int(note["cmd"][0]) <= len(block.commands), block.id()


def test_annotation_parser():
    note = parse_annotation('exit=1 output~="10 done, 2 failed"', "x")
    assert note == {"exit": ["1"], "output~": ["10 done, 2 failed"]}
    with pytest.raises(ValueError, match="needs its reason"):
        parse_annotation('skip=""', "x")
    with pytest.raises(ValueError, match="key=value"):
        parse_annotation("expect-exit=1", "x")
    assert commands_of("sh", "# c\na \\\n  b\n\nc  # note\n", 1) == [(2, "a b"), (5, "c  # note")]
    assert commands_of("console", "$ tokki x\noutput\n$ y \\\n  z\n", 1) == \
        [(1, "tokki x"), (3, "y z")]


@pytest.mark.parametrize("block", ALL_BLOCKS, ids=lambda b: b.id())
def test_doc_block_runs_as_written(block, scratch):
    whole = block.options()
    if whole.get("skip"):
        pytest.skip("%s: %s" % (block.id(), whole["skip"][0]))
    for spec in whole.get("files", []):
        for pair in filter(None, spec.split(",")):
            dst, _, src = pair.partition("=")
            target = os.path.join(scratch, dst.strip())
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(scratch, src.strip()), target)
    for command in whole.get("setup", []):
        rc, out = _run(command, scratch, 300)
        assert rc == 0, "%s: setup %r failed (exit %d):\n%s" % (block.id(), command, rc, out)
    ran = 0
    for index, (line, command) in enumerate(block.commands, 1):
        opts = block.options(index)
        if opts.get("skip"):
            continue
        expected = int(opts.get("exit", ["0"])[-1])
        rc, out = _run(command, scratch, float(opts.get("timeout", ["600"])[-1]))
        where = "%s:%d `%s`" % (block.doc, line, command)
        assert rc == expected, "%s exited %d, the text says %d:\n%s" % (where, rc, expected,
                                                                       out[-3000:])
        for text in opts.get("output~", []):
            assert text in out, "%s: expected %r in its output:\n%s" % (where, text, out[-3000:])
        ran += 1
    assert ran or all(block.options(i).get("skip") for i in range(1, len(block.commands) + 1))
