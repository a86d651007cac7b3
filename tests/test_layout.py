"""The architecture's rules, read from the code itself (docs/architecture.md).

core/ is the pure engine the extension ships: it may import only core/, tokki_odf.errors,
the package's __version__ and the standard library. The .oxt packs core/ whole, by
inclusion, and nothing that starts processes or parses a command line.
"""
import ast
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "tokki_odf"
CORE = PKG / "core"
STDLIB = set(getattr(sys, "stdlib_module_names", ()))


def _module_name(path):
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts), path.name == "__init__.py"


def _module_level(tree):
    """The statements that run on import (not inside a def)."""
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


def imports_of(path, module_level_only=False):
    """(absolute module, line) of every import in path, relative ones resolved;
    module_level_only: leave out the lazy imports inside functions."""
    name, is_pkg = _module_name(path)
    package = name.split(".") if is_pkg else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for node in (_module_level(tree) if module_level_only else ast.walk(tree)):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if not node.module:  # from . import a, b: each name may be a module
                    out += [(target + "." + alias.name, node.lineno) for alias in node.names]
                    continue
            else:
                target = node.module
            out.append((target, node.lineno))
    return out


def _allowed_in_core(module):
    if module.startswith("tokki_odf.core") or module in ("tokki_odf.errors",
                                                          "tokki_odf.__version__"):
        return True
    if module == "tokki_odf":  # `from ... import __version__`
        return True
    return module.split(".")[0] in STDLIB


@pytest.mark.skipif(not STDLIB, reason="sys.stdlib_module_names needs Python 3.10+")
def test_core_imports_only_core_errors_and_the_standard_library():
    bad = []
    for path in sorted(CORE.rglob("*.py")):
        for module, line in imports_of(path):
            if not _allowed_in_core(module):
                bad.append("%s:%d imports %s" % (path.relative_to(ROOT), line, module))
    assert not bad, "\n".join(bad)


def test_the_rule_catches_an_import_of_an_adapter(tmp_path, monkeypatch):
    """The check above can fail: a core module importing io/ is reported."""
    fake = PKG / "core" / "_layout_probe.py"
    assert not fake.exists()
    fake.write_text("from ..io.package import load_flat\nimport zipfile\n", encoding="utf-8")
    try:
        found = [m for m, _ in imports_of(fake) if not _allowed_in_core(m)]
    finally:
        fake.unlink()
    assert found == ["tokki_odf.io.package"]


def test_the_oxt_packs_core_whole_and_no_process_or_cli_code():
    sys.path.insert(0, str(ROOT))
    try:
        import tools.oxt as oxt
    finally:
        sys.path.remove(str(ROOT))
    packed = {rel for _src, rel in oxt.engine_files()}
    core = {str(p.relative_to(PKG)).replace(os.sep, "/") for p in CORE.rglob("*.py")}
    assert core <= packed
    assert {"api.py", "errors.py", "__init__.py"} <= packed
    assert not [p for p in packed if p.split("/")[0] in ("office", "batch", "cli")]
    # everything packed imports only what is packed (or the standard library)
    def lazy_of(rel):
        return set(imports_of(PKG / rel)) - set(imports_of(PKG / rel, True))
    for rel in sorted(packed):
        lazy = lazy_of(rel)
        for module, line in imports_of(PKG / rel):
            if module.startswith("tokki_odf"):
                target = module[len("tokki_odf."):].replace(".", "/")
                ok = (target in ("", "__version__") or target + ".py" in packed or
                      target + "/__init__.py" in packed or
                      os.path.dirname(target) + ".py" in packed or
                      os.path.dirname(target) + "/__init__.py" in packed)
                # lazy imports of the adapters inside api's and io's functions
                # (conversions, .docx reading, the CLI's commands) never run in Writer:
                # the extension validates and scrubs a stored .odt
                if not ok and (rel == "api.py" or rel.startswith("io/")) and \
                        (module, line) in lazy and \
                        target.split("/")[0] in ("office", "batch", "io"):
                    continue
                assert ok, "%s:%d imports %s, which the .oxt does not carry" % (rel, line, module)


def test_the_cli_has_one_module_per_command_and_no_circle():
    for path in sorted((PKG / "cli").glob("*.py")):
        for module, line in imports_of(path):
            assert not module.startswith("tokki_odf.cli.main") or path.name == "__main__.py", \
                "%s:%d imports cli.main (commands must not import the dispatcher)" % (path, line)


def _python_sources():
    """Every .py file of the package and the extension."""
    yield from sorted(PKG.rglob("*.py"))
    yield from sorted((ROOT / "extension").rglob("*.py"))


BODY_LOOKUP = re.compile(r'office:body/office:text|find\w*\(\s*"office:text"')


def test_the_body_is_looked_up_only_in_flat_document():
    """office:body/office:text is written once, in core/odf/document.py (FlatDocument)."""
    home = CORE / "odf" / "document.py"
    bad = ["%s:%d" % (path.relative_to(ROOT), n)
           for path in _python_sources() if path != home
           for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
           if BODY_LOOKUP.search(line)]
    assert not bad, "the body lookup outside FlatDocument: " + ", ".join(bad)


def test_the_commands_go_through_the_facade():
    """cli/* imports from tokki_odf only api, errors and its own modules."""
    bad = []
    for path in sorted((PKG / "cli").glob("*.py")):
        for module, line in imports_of(path):
            if module.startswith("tokki_odf") and not (
                    module in ("tokki_odf.api", "tokki_odf.errors") or
                    module.startswith(("tokki_odf.api.", "tokki_odf.cli"))):
                bad.append("%s:%d imports %s" % (path.relative_to(ROOT), line, module))
    assert not bad, "\n".join(bad)


def _engine_calls(path):
    """(line, argument) of every engine(...) call in an extension module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == "engine":
                arg = node.args[0] if node.args else None
                out.append((node.lineno, arg.value if isinstance(arg, ast.Constant) else arg))
    return out


def test_the_extension_reaches_the_engine_only_through_the_facade():
    ext = ROOT / "extension" / "pythonpath" / "org_tokki_odf"
    bad, calls = [], 0
    for path in sorted(ext.glob("*.py")):
        for line, arg in _engine_calls(path):
            calls += 1
            if arg != "api":
                bad.append("%s:%d engine(%r)" % (path.name, line, arg))
        for module, line in imports_of_file(path):
            if module.split(".")[0] == "tokki_odf" and module != "tokki_odf.api":
                bad.append("%s:%d imports %s" % (path.name, line, module))
    assert calls and not bad, "\n".join(bad)


def imports_of_file(path):
    """Absolute imports of a file outside the package (relative ones are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.append((node.module, node.lineno))
    return out


def _template_keys():
    """Question keys of the bundled provisions templates, read from the files."""
    sys.path.insert(0, str(PKG.parent))
    try:
        from tokki_odf.api import load_template
    finally:
        sys.path.remove(str(PKG.parent))
    keys = set()
    for name in ("tokki-r5.fodt", "tokki-h18.fodt"):
        keys |= set(load_template(str(ROOT / "templates" / name)).questions)
    return keys


def _docstrings(tree):
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body and \
                isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            out.add(id(node.body[0].value))
    return out


def key_names_in(path, keys):
    """(line, key) of every string in path that names a template's question key: the whole
    string, KEY=…, art:KEY, p:KEY.…, or a key with an underscore anywhere."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            for key in sorted(keys):
                if "_" in key and re.search(r"(?<![a-z0-9_])%s(?![a-z0-9_])" % key, node.value) \
                        or re.search(r"(^|[:.=])%s(?![a-z0-9_])" % key, node.value):
                    found.append((node.lineno, key))
    return found


def test_no_template_key_is_named_in_the_engine():
    """What a question means comes from the template (docs/template-format.md): the
    generic engine names none of the bundled templates' question keys."""
    keys = _template_keys()
    assert {"business_name", "subcontract"} <= keys
    # core/importer/ids.py is the importer's naming table (data, not meaning): it gives
    # the articles and blanks of an imported ひな型 the IDs and keys the bundled
    # templates use, so imported and bundled templates share one vocabulary.
    naming_table = CORE / "importer" / "ids.py"
    bad = ["%s:%d names %s" % (path.relative_to(ROOT), line, key)
           for path in sorted(CORE.rglob("*.py")) if path != naming_table
           for line, key in key_names_in(path, keys)]
    assert not bad, "\n".join(bad)


def test_the_key_rule_can_fail(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('TITLE = answers.get("business_name")\nX = "subcontract=prohibit"\n'
                     'Y = "limits on copying"\n', encoding="utf-8")
    assert sorted(key_names_in(probe, {"business_name", "subcontract", "copying"})) == [
        (1, "business_name"), (2, "subcontract")]
