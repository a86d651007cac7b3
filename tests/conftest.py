"""Shared fixtures for tests that need a real LibreOffice.

- `soffice`: path of a usable soffice (LibreOffice >= 7.6); skips when none is installed.
- `office`: one headless OfficeSession shared by the whole test session.
- `tmp_out`: an empty output folder for the test.

Tests that use `soffice` or `office` get the `office` marker, so
`pytest -m "not office"` runs without LibreOffice.
"""
import pytest

from tokki_odf.errors import TokkiError
from tokki_odf.office import OfficeSession, find_soffice, require_office

NOT_INSTALLED = ("LibreOffice (soffice) is not installed here; "
                 "`python3 build.py test` installs it and runs these tests")


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
