"""Template comments stay out of the page: Django's {# #} only works on one line."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from .factories import ActionFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_template_opens_a_one_line_comment_it_closes_on_another_line():
    """A {# that is not closed on its line is printed as text, comment and all."""
    unclosed = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\{#(?!.*#\})", line)
    ]
    assert unclosed == []


@pytest.mark.django_db
def test_the_public_statement_page_shows_no_template_comment(client):
    action = ActionFactory()
    page = client.get(action.statement.get_absolute_url()).content.decode()
    assert "{#" not in page
    assert "Counts of actions by status" not in page
