"""Do the bundled examples still come out byte for byte the same?

    python3 tools/examples.py                 sha256 of every example output of this checkout
    python3 tools/examples.py --against REF   the same for git commit REF, and a diff (exit 1)

What is made, for each examples/answers/*.json (h18-* with the h18 template, r5-* with
r5): `tokki assemble` to .odt and .fodt, `tokki assemble --editable`, and for r5-* also
`tokki report` (the 別紙2 report). The commit REF is exported with `git archive` into a
temporary folder that is removed afterwards; both sides run with this Python and
PYTHONPATH=src, so no install is needed. Outputs legitimately change when a template or
the engine's output changes: then compare against the commit before that change.
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _template_for(name):
    return "h18" if name.startswith("h18-") else "r5"


def runs(root):
    """[(label, argv without the output path, output suffix)] for the checkout at root."""
    folder = os.path.join(root, "examples", "answers")
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        answers = os.path.join(folder, name)
        template = os.path.join(root, "templates", "tokki-%s.fodt" % _template_for(name))
        stem = name[:-5]
        out.append((stem + ".odt", ["assemble", template, "--answers", answers, "-q"], ".odt"))
        out.append((stem + ".fodt", ["assemble", template, "--answers", answers, "-q"], ".fodt"))
        out.append((stem + "-editable.odt", ["assemble", template, "--answers", answers, "-q",
                                             "--editable"], ".odt"))
        if stem.startswith("r5-"):
            out.append((stem + "-report.odt", ["report", "--answers", answers, "-q"], ".odt"))
    return out


def digests(root):
    """{label: sha256} of every example output made by the checkout at root."""
    env = dict(os.environ, PYTHONPATH=os.path.join(root, "src"))
    env.pop("TOKKI_TEMPLATES", None)
    work = tempfile.mkdtemp(prefix="tokki-examples-")
    try:
        result = {}
        for label, argv, suffix in runs(root):
            out = os.path.join(work, "out" + suffix)
            proc = subprocess.run([sys.executable, "-m", "tokki_odf.cli"] + argv + ["--out", out],
                                  cwd=root, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, universal_newlines=True)
            if proc.returncode != 0:
                result[label] = "failed (exit %d): %s" % (proc.returncode, proc.stderr.strip())
                continue
            with open(out, "rb") as fh:
                result[label] = hashlib.sha256(fh.read()).hexdigest()
            os.unlink(out)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def export(ref, folder):
    """The files of commit ref (src, templates, examples) under folder."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref, "src", "templates",
                              "examples"], cwd=ROOT, stdout=subprocess.PIPE, check=True).stdout
    path = os.path.join(folder, "ref.tar")
    with open(path, "wb") as fh:
        fh.write(archive)
    with tarfile.open(path) as tar:
        tar.extractall(folder)
    os.unlink(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="REF", help="git commit to compare with")
    args = parser.parse_args(argv)
    mine = digests(ROOT)
    if not args.against:
        for label, digest in sorted(mine.items()):
            print("%s  %s" % (digest, label))
        return 0 if all(len(d) == 64 for d in mine.values()) else 1
    folder = tempfile.mkdtemp(prefix="tokki-examples-ref-")
    try:
        export(args.against, folder)
        theirs = digests(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    differ = 0
    for label in sorted(set(mine) | set(theirs)):
        same = mine.get(label) == theirs.get(label) and len(mine.get(label, "")) == 64
        differ += not same
        print("%s %s%s" % ("same  " if same else "DIFFER", label,
                           "" if same else "\n    here: %s\n    %s: %s"
                           % (mine.get(label), args.against, theirs.get(label))))
    print("%d of %d outputs identical to %s" % (len(mine) - differ, len(mine), args.against))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
