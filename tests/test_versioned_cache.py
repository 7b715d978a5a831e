"""Keys of kept pages name the release, so a deploy never serves pages of the last one."""

from pathlib import Path

import pytest
from django.conf import settings

from sutton_send import versioned_cache


@pytest.fixture
def fresh_release():
    versioned_cache.release.cache_clear()
    yield
    versioned_cache.release.cache_clear()


def test_the_release_covers_code_templates_static_files_and_requirements():
    base = Path(settings.BASE_DIR)
    sources = set(versioned_cache._sources())
    for name in [
        "templates/workspace/_dashboard.html",
        "workspace/dashboard.py",
        "public/views/statement.py",
        "static/css/sutton.css",
        "requirements.txt",
        "sutton_send/settings.py",
    ]:
        assert base / name in sources, name
    assert not any("__pycache__" in path.parts for path in sources)
    assert not any("tests" in path.relative_to(base).parts for path in sources)


def test_a_changed_source_gives_every_key_a_new_release(tmp_path, monkeypatch, fresh_release):
    template = tmp_path / "page.html"
    template.write_text("<h1>Your actions</h1>")
    monkeypatch.setattr(versioned_cache, "_sources", lambda: [template])
    before = versioned_cache.key("dashboard", 1, "2019-06-01")
    assert versioned_cache.key("dashboard", 1, "2019-06-01") == before
    assert versioned_cache.key("dashboard", 2, "2019-06-01") != before

    template.write_text("<h1>Your actions and measures</h1>")
    versioned_cache.release.cache_clear()  # a new process, as after a deploy
    assert versioned_cache.key("dashboard", 1, "2019-06-01") != before


def test_the_settings_pages_show_are_part_of_the_release(settings, monkeypatch, fresh_release):
    monkeypatch.setattr(versioned_cache, "_sources", lambda: [])
    before = versioned_cache.release()
    versioned_cache.release.cache_clear()
    settings.LOCAL_AREA_NAME = "Merton"
    assert versioned_cache.release() != before


def test_dashboards_never_push_public_pages_out_of_a_process(monkeypatch):
    from django.core.cache import cache

    versioned_cache.clear()
    monkeypatch.setattr(cache, "get", lambda key: None)  # only this process's copies count
    monkeypatch.setitem(versioned_cache.MEMORY_BYTES, "dashboard", 100)
    page = versioned_cache.key("public-page", "statement")
    versioned_cache.write(page, (b"x" * 1000, "text/html"))
    for reader in range(50):
        versioned_cache.write(versioned_cache.key("dashboard", reader), ("y" * 10,))
    assert versioned_cache.read(page) is not None
    assert versioned_cache.read(versioned_cache.key("dashboard", 0)) is None  # the oldest went
    assert versioned_cache.read(versioned_cache.key("dashboard", 49)) is not None
    versioned_cache.clear()
