"""The README and operations guide stay true to the code a newcomer runs."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
README = (BASE / "README.md").read_text()
DOCS = README + (BASE / "docs" / "operations.md").read_text()
# Read from the environment only by the tests and by emergency switches.
UNDOCUMENTED_ON_PURPOSE = {"AXES_ENABLED"}


def test_every_make_target_the_readme_names_is_in_the_makefile():
    makefile = (BASE / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", README))
    assert named - targets == set()


def test_every_setting_read_from_the_environment_is_documented():
    source = (BASE / "sutton_send" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.[a-z]+)?\(\s*"([A-Z_]+)"', source))
    assert read, "the pattern no longer finds the settings"
    undocumented = {name for name in read if f"`{name}`" not in DOCS}
    assert undocumented - UNDOCUMENTED_ON_PURPOSE == set()


def test_the_readme_says_how_to_run_a_management_command_after_make_run():
    """`make run` sets DEBUG itself; a command typed afterwards needs .env or it stops."""
    assert "cp .env.example .env" in README
    assert ".venv/bin/python" in README
    assert re.search(r"^DEBUG=true$", (BASE / ".env.example").read_text(), re.MULTILINE)


def test_the_readme_says_how_people_get_accounts():
    assert "createsuperuser" in README
    for group in ("Programme managers", "Officers", "Parent representatives"):
        assert f"`{group}`" in README
