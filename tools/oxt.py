"""The LibreOffice extension (.oxt), standard library only.

What goes in is listed by inclusion: the extension/ folder's files, and of the
engine exactly what the extension runs: tokki_odf/__init__.py, errors.py, api.py,
core/ as a whole and io/{package,safe,…,compare}.py (api's file access; 比較). Templates go in as
.ott, written by io.package (mimetype and manifest from one place); the validate rules'
templates/recognition.json goes in as the engine copy's package data (tokki_odf/templates/,
where io.recognition finds it, as in an installed wheel).
"""
import os
import re
import sys

from .common import ROOT, Failed, say

EXTENSION_DIR = "extension"
DIST_DIR = "dist"
OXT_ID = "org.tokki.odf"
# What of the repository goes into the .oxt (besides pythonpath/, templates/ and
# the engine copy, handled separately): path in repo -> path in the .oxt.
OXT_FILES = [("description.xml", "description.xml"), ("LICENSE", "LICENSE.txt")]
OXT_TREES = ["META-INF", "registry", "description", "icons", "license"]
OXT_TOP = ["tokki.components", "tokki_component.py", "Paths.xcu"]
# The engine inside the .oxt (pythonpath/org_tokki_odf/tokki_odf/), by inclusion:
# folders copied whole, single files by name. Nothing that starts processes
# (office/, batch/) or parses a command line (cli/) is in it.
ENGINE_TREES = ["core"]
ENGINE_FILES = ["__init__.py", "errors.py", "api.py", "io/__init__.py", "io/package.py",
                "io/safe.py", "io/input.py", "io/pictures.py", "io/contract.py", "io/scrub.py",
                "io/compare.py", "io/recognition.py"]
# Data files of templates/ that ship as the engine's package data (tokki_odf/templates/).
ENGINE_DATA = ["recognition.json"]
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def package_version():
    """tokki_odf.__version__, read from the source without importing it."""
    path = os.path.join(ROOT, "src", "tokki_odf", "__init__.py")
    with open(path, encoding="utf-8") as fh:
        m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', fh.read(), re.M)
    if not m:
        raise Failed("no __version__ in src/tokki_odf/__init__.py")
    return m.group(1)


def description_version(text):
    m = re.search(r'<version\s+value="([^"]+)"', text)
    return m.group(1) if m else None


def engine_files():
    """(path in repo, path inside the engine copy) of the engine's modules."""
    src = os.path.join(ROOT, "src", "tokki_odf")
    out = [(os.path.join(src, *rel.split("/")), rel) for rel in ENGINE_FILES]
    for tree in ENGINE_TREES:
        for folder, dirs, files in os.walk(os.path.join(src, tree)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    out.append((path, os.path.relpath(path, src).replace(os.sep, "/")))
    return out


def bundled_templates():
    """[(name, .ott bytes)] of templates/*.fodt that are tokki templates (they parse)."""
    sys.path.insert(0, os.path.join(ROOT, "src"))
    try:
        from tokki_odf.errors import TokkiError
        from tokki_odf.io.package import OTT_MIMETYPE, load_flat, odt_bytes
        from tokki_odf.core.template.model import Template
    finally:
        sys.path.pop(0)
    out = []
    folder = os.path.join(ROOT, "templates")
    for name in sorted(os.listdir(folder)):
        stem, ext = os.path.splitext(name)
        if ext != ".fodt":
            continue
        flat = load_flat(os.path.join(folder, name))
        try:
            Template(flat, stem)
        except TokkiError as exc:
            say("·", "templates/%s is not an assembly template, not bundled (%s)"
                % (name, str(exc)[:80]))
            continue
        out.append((stem, odt_bytes(flat, OTT_MIMETYPE)))
    return out


def check_xml(name, data):
    import xml.dom.minidom
    try:
        xml.dom.minidom.parseString(data)
    except Exception as exc:
        raise Failed("oxt: %s is not well-formed XML: %s" % (name, exc))


def build_oxt(out_dir=None):
    """Write dist/tokki-odf-VERSION.oxt; returns its path. Standard library only."""
    import zipfile
    version = package_version()
    with open(os.path.join(ROOT, "description.xml"), encoding="utf-8") as fh:
        description = fh.read()
    declared = description_version(description)
    if declared != version:
        raise Failed("description.xml says version %s but tokki_odf.__version__ is %s: "
                     "make them equal (one version number)" % (declared, version))
    if '<identifier value="%s"/>' % OXT_ID not in description:
        raise Failed("description.xml: the identifier must be %s" % OXT_ID)
    entries = []  # (name in oxt, bytes)
    for src, dst in OXT_FILES:
        with open(os.path.join(ROOT, src), "rb") as fh:
            entries.append((dst, fh.read()))
    ext = os.path.join(ROOT, EXTENSION_DIR)
    for name in OXT_TOP:
        with open(os.path.join(ext, name), "rb") as fh:
            entries.append((name, fh.read()))
    for tree in OXT_TREES:
        for folder, dirs, files in os.walk(os.path.join(ext, tree)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".sh", ".md", "~")):
                    continue
                path = os.path.join(folder, name)
                with open(path, "rb") as fh:
                    entries.append((os.path.relpath(path, ext).replace(os.sep, "/"), fh.read()))
    pkg = os.path.join(ext, "pythonpath", "org_tokki_odf")
    for name in sorted(os.listdir(pkg)):
        if name.endswith(".py"):
            with open(os.path.join(pkg, name), "rb") as fh:
                entries.append(("pythonpath/org_tokki_odf/" + name, fh.read()))
    for src, rel in engine_files():
        with open(src, "rb") as fh:
            entries.append(("pythonpath/org_tokki_odf/tokki_odf/" + rel, fh.read()))
    for name in ENGINE_DATA:
        with open(os.path.join(ROOT, "templates", name), "rb") as fh:
            entries.append(("pythonpath/org_tokki_odf/tokki_odf/templates/" + name, fh.read()))
    templates = bundled_templates()
    if not templates:
        raise Failed("oxt: no tokki template in templates/ to bundle")
    for stem, data in templates:
        entries.append(("templates/tokki/%s.ott" % stem, data))
    for name, data in entries:
        if name.endswith((".xml", ".xcu", ".components")):
            check_xml(name, data)
        if name.endswith(".py"):
            try:
                compile(data, name, "exec")
            except SyntaxError as exc:
                raise Failed("oxt: %s does not compile: %s" % (name, exc))
    names = [n for n, _ in entries]
    if len(set(names)) != len(names):
        raise Failed("oxt: duplicate entries: %s" % sorted({n for n in names
                                                             if names.count(n) > 1}))
    out_dir = out_dir or os.path.join(ROOT, DIST_DIR)
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, "tokki-odf-%s.oxt" % version)
    tmp = target + ".part"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    os.replace(tmp, target)
    say("✓", "%s (%d files, %d KB; templates: %s)"
        % (os.path.relpath(target, ROOT), len(entries), os.path.getsize(target) // 1024,
           ", ".join(s for s, _ in templates)))
    return target
