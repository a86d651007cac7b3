"""Shared fixtures for tests that need a real LibreOffice.

- `soffice`: path of a usable soffice (LibreOffice >= 7.6); skips when none is installed.
- `office`: one headless OfficeSession shared by the whole test session.
- `tmp_out`: an empty output folder for the test.

Tests that use `soffice` or `office` get the `office` marker, so
`pytest -m "not office"` runs without LibreOffice.
"""
import os
import shutil
import tempfile

import pytest

from tokki_odf.errors import TokkiError
from tokki_odf.office import OfficeSession, find_soffice, require_office

NOT_INSTALLED = ("LibreOffice (soffice) is not installed here; "
                 "`python3 build.py test` installs it and runs these tests")


_SESSION_TMP = []


def pytest_configure(config):
    """Every temporary file of the run — pytest's, tokki's, and those of each soffice a test
    starts directly (LibreOffice leaves empty lu*.tmp folders in $TMPDIR when it is killed)
    — goes into one folder removed at the end, so a test run leaves nothing in /tmp.
    Sticky and world-writable like /tmp: tests run commands as the ordinary user too."""
    if os.environ.get("TOKKI_TEST_TMPDIR"):          # a nested pytest (docs, fuzz) reuses it
        return
    root = tempfile.mkdtemp(prefix="tokki-tests-")
    os.chmod(root, 0o1777)
    os.environ["TMPDIR"] = os.environ["TOKKI_TEST_TMPDIR"] = root
    tempfile.tempdir = None
    _SESSION_TMP.append(root)


def pytest_unconfigure(config):
    for root in _SESSION_TMP:
        shutil.rmtree(root, ignore_errors=True)


def pytest_collection_modifyitems(items):
    for item in items:
        if {"soffice", "office"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.office)
    # The shared-install test changes the machine's LibreOffice installation for a few
    # seconds: it runs first, before other tests start LibreOffices that would see it.
    items.sort(key=lambda item: 0 if item.get_closest_marker("shared_install") else 1)


@pytest.fixture(scope="session")
def soffice():
    if find_soffice() is None:
        pytest.skip(NOT_INSTALLED)
    try:
        return require_office("the office tests")
    except TokkiError as exc:  # installed but too old / broken: a real failure
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def office(soffice):
    try:
        import uno  # noqa: F401
    except ImportError:
        pytest.fail("soffice is installed but this Python cannot `import uno`: run the tests "
                    "with .venv/bin/python (python3 build.py test)")
    with OfficeSession(soffice=soffice) as session:
        yield session


@pytest.fixture
def tmp_out(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    return out
