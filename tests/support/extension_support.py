"""Shared helpers for the extension tests: build the .oxt once, start LibreOffice with it.

Import the fixtures into a test module (`from extension_support import oxt, host`).
"""
import importlib.util
import os
import shutil
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples", "answers")
TEMPLATE = os.path.join(ROOT, "templates", "tokki-r5.fodt")


def load_build():
    spec = importlib.util.spec_from_file_location("tokki_build", os.path.join(ROOT, "build.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def oxt(tmp_path_factory):
    """The extension built from the working tree into a temporary folder."""
    out = tmp_path_factory.mktemp("oxt")
    return load_build().build_oxt(str(out))


@pytest.fixture(scope="session")
def unpacked(oxt, tmp_path_factory):
    """The .oxt unpacked (what LibreOffice sees), its pythonpath importable."""
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(oxt) as zf:
        zf.extractall(folder)
    return str(folder)


@pytest.fixture
def packaged(unpacked):
    """Import org_tokki_odf (with its packaged engine) from the unpacked .oxt, then
    forget it again so that other tests see nothing of it."""
    path = os.path.join(unpacked, "pythonpath")
    sys.path.insert(0, path)
    before = set(sys.modules)
    try:
        import org_tokki_odf  # noqa: F401
        yield path
    finally:
        sys.path.remove(path)
        for name in set(sys.modules) - before:
            if name == "org_tokki_odf" or name.startswith("org_tokki_odf."):
                del sys.modules[name]


def start_host(oxt, **kwargs):
    try:
        import uno  # noqa: F401
    except ImportError:
        pytest.fail("this Python cannot `import uno`: run the tests with .venv/bin/python "
                    "(python3 build.py test)")
    from tokki_odf.office import find_soffice
    from support.extension_host import ExtensionHost
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    host = ExtensionHost(oxt, **kwargs)
    try:
        host.prepare()
        host.start()
    except BaseException:
        print(host.soffice_log())
        host.shutdown()
        raise
    return host


@pytest.fixture(scope="session")
def host(oxt):
    """Headless LibreOffice on a fresh profile with the built .oxt installed by unopkg."""
    h = start_host(oxt)
    yield h
    h.shutdown()


def engine_texts(answers, start=1, template=TEMPLATE, editable=False):
    """What `tokki assemble` writes for these answers: one string per paragraph."""
    from tokki_odf import api
    from tokki_odf.core.odf.text import body_paragraph_texts
    if isinstance(answers, str):
        answers = api.read_answers(answers)
    flat = api.assemble_document(api.load_template(template), answers, start,
                                 editable=editable)
    return body_paragraph_texts(flat)


def config_node(ctx, nodepath):
    """Read-only access to a configuration node of the running office."""
    from tokki_odf.office.session import uno_props as _props
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    return provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess", _props(nodepath=nodepath))


def example(name):
    return os.path.join(EXAMPLES, name)


def copy_to(path, folder):
    target = os.path.join(str(folder), os.path.basename(path))
    shutil.copyfile(path, target)
    return target


def retype_article_number(doc, texts, old, new):
    """Overwrite the number of the paragraph that starts with `old` (e.g. 第5条 -> 第6条),
    as a clerk would by typing; `texts` are the document's paragraph texts. Returns the
    paragraph's index."""
    index = next(i for i, t in enumerate(texts) if t.startswith(old))
    enum = doc.getText().createEnumeration()
    for _ in range(index + 1):
        para = enum.nextElement()
    cursor = doc.getText().createTextCursorByRange(para.getStart())
    cursor.goRight(len(old), True)
    cursor.setString(new)
    return index
