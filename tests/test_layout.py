"""The architecture's rules, read from the code itself (docs/architecture.md).

core/ is the pure engine the extension ships: it may import only core/, tokki_odf.errors,
the package's __version__ and the standard library. The .oxt packs core/ whole, by
inclusion, and nothing that starts processes or parses a command line.
"""
import ast
import os
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


def imports_of(path):
    """(absolute module, line) of every import in path, relative ones resolved."""
    name, is_pkg = _module_name(path)
    package = name.split(".") if is_pkg else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for node in ast.walk(tree):
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
    for rel in sorted(packed):
        for module, line in imports_of(PKG / rel):
            if module.startswith("tokki_odf"):
                target = module[len("tokki_odf."):].replace(".", "/")
                ok = (target in ("", "__version__") or target + ".py" in packed or
                      target + "/__init__.py" in packed or
                      os.path.dirname(target) + ".py" in packed or
                      os.path.dirname(target) + "/__init__.py" in packed)
                # lazy imports of office/ inside api (conversions) never run in Writer
                if not ok and target.startswith("office"):
                    continue
                assert ok, "%s:%d imports %s, which the .oxt does not carry" % (rel, line, module)


def test_the_cli_has_one_module_per_command_and_no_circle():
    for path in sorted((PKG / "cli").glob("*.py")):
        for module, line in imports_of(path):
            assert not module.startswith("tokki_odf.cli.main") or path.name == "__main__.py", \
                "%s:%d imports cli.main (commands must not import the dispatcher)" % (path, line)
