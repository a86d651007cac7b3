"""`soffice --version` is asked once per LibreOffice install, not once per command
(office/soffice.py office_version; issue 16: it starts LibreOffice, ~0.13 s)."""
import os

from tokki_odf.office import soffice as soffice_mod


def fake_soffice(folder, version):
    """An executable that says a version and counts how often it was asked."""
    path = folder / "soffice"
    path.write_text("#!/bin/sh\necho x >> '%s'\necho 'LibreOffice %s 520(Build:2)'\n"
                    % (folder / "asked", version))
    path.chmod(0o755)
    return str(path)


def asked(folder):
    try:
        return len((folder / "asked").read_text().splitlines())
    except OSError:
        return 0


def fresh_version(path):
    soffice_mod.office_version.cache_clear()      # as a new process would
    return soffice_mod.office_version(path)


def test_the_version_is_asked_once_then_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKKI_PROFILE_CACHE", str(tmp_path / "cache"))
    office = tmp_path / "lo"
    office.mkdir()
    path = fake_soffice(office, "25.2.3.2")
    assert fresh_version(path) == (25, 2, 3, 2) and asked(office) == 1
    assert fresh_version(path) == (25, 2, 3, 2) and asked(office) == 1


def test_a_replaced_libreoffice_is_asked_again(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKKI_PROFILE_CACHE", str(tmp_path / "cache"))
    office = tmp_path / "lo"
    office.mkdir()
    path = fake_soffice(office, "7.4.7.2")
    assert fresh_version(path) == (7, 4, 7, 2)
    os.replace(fake_soffice(tmp_path, "25.2.3.2"), path)   # an update writes a new file
    assert fresh_version(path) == (25, 2, 3, 2) and asked(office) == 1 and asked(tmp_path) == 1
    cached = (tmp_path / "cache" / soffice_mod.VERSION_CACHE).read_text()
    assert "25.2.3.2" in cached and "7.4.7.2" not in cached       # one entry per install


def test_no_cache_and_a_broken_cache_still_give_the_version(tmp_path, monkeypatch):
    office = tmp_path / "lo"
    office.mkdir()
    path = fake_soffice(office, "25.2.3.2")
    monkeypatch.setenv("TOKKI_PROFILE_CACHE", "")
    assert fresh_version(path) == (25, 2, 3, 2) and fresh_version(path) == (25, 2, 3, 2)
    assert asked(office) == 2
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / soffice_mod.VERSION_CACHE).write_text("{not json")
    monkeypatch.setenv("TOKKI_PROFILE_CACHE", str(cache))
    assert fresh_version(path) == (25, 2, 3, 2) and asked(office) == 3
    assert fresh_version(path) == (25, 2, 3, 2) and asked(office) == 3


def test_the_cache_keeps_only_the_last_few_installs(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKKI_PROFILE_CACHE", str(tmp_path / "cache"))
    paths = []
    for i in range(soffice_mod.VERSIONS_KEPT + 3):
        office = tmp_path / ("lo%d" % i)
        office.mkdir()
        paths.append(fake_soffice(office, "25.2.%d.1" % i))
        assert fresh_version(paths[-1]) == (25, 2, i, 1)
    import json
    known = json.loads((tmp_path / "cache" / soffice_mod.VERSION_CACHE).read_text())
    assert len(known) == soffice_mod.VERSIONS_KEPT
    assert fresh_version(paths[-1]) == (25, 2, len(paths) - 1, 1)
    assert asked(tmp_path / ("lo%d" % (len(paths) - 1))) == 1
