"""Django's {# #} comments end on their line: one that runs on is printed to the reader."""

from pathlib import Path

import pytest
from django.conf import settings

TEMPLATE_FOLDERS = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]


def test_no_template_comment_runs_over_a_line():
    runs_on = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for folder in TEMPLATE_FOLDERS
        for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert runs_on == []


@pytest.mark.django_db
def test_the_statement_page_shows_no_template_comment(client, action):
    page = client.get(action.statement.get_absolute_url()).content.decode()
    assert "complete" in page
    assert "{#" not in page
