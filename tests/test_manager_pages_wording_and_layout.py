"""Wording and narrow-screen markup on programme managers' pages (the browser checks are
tests/browser/test_narrow_tables.py)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from .factories import StatementFactory, WeaknessFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def text_of(html):
    """The page's words, as a reader meets them: tags dropped, spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def detail(client, statement):
    return client.get(reverse("workspace:statement_detail", kwargs={"pk": statement.pk}))


@pytest.mark.parametrize(
    ("published_at", "shown"),
    [
        (datetime.datetime(2018, 7, 20, 9, 0, tzinfo=LONDON), "20 July 2018 at 9am"),
        (datetime.datetime(2018, 12, 3, 16, 30, tzinfo=LONDON), "3 December 2018 at 4:30pm"),
    ],
)
def test_a_published_statement_says_since_when_without_a_double_full_stop(
    as_manager, published_at, shown
):
    statement = StatementFactory(published_at=published_at)
    html = detail(as_manager, statement).content.decode()
    text = text_of(html)
    assert f"Published since {shown}" in text
    assert ".." not in text
    assert ". ." not in text
    assert f'datetime="{published_at.isoformat()}"' in html
    link = f'<a class="govuk-link" href="{statement.get_absolute_url()}">See what families see</a>'
    assert link in html


def test_a_draft_says_so_and_offers_no_public_link(as_manager):
    statement = StatementFactory(draft=True)
    html = detail(as_manager, statement).content.decode()
    assert "Draft" in html
    assert "Published since" not in text_of(html)
    assert "See what families see" not in html


def test_the_weaknesses_table_stacks_on_a_narrow_screen(as_manager):
    statement = StatementFactory()
    WeaknessFactory(statement=statement, number=1)
    html = detail(as_manager, statement).content.decode()
    table = html[html.index('id="weaknesses"') :]
    table = table[: table.index("</table>")]
    assert '<table class="govuk-table app-table--stacked">' in table
    assert 'data-label="Number">1</td>' in table


def test_reminders_tables_stack_on_a_narrow_screen(as_manager):
    html = as_manager.get("/manage/reminders/").content.decode()
    assert '<table class="govuk-table app-table--stacked" id="owners">' in html


def test_history_tables_stack_and_label_before_and_after(as_manager, manager):
    statement = StatementFactory(draft=True, title="First title")
    statement._history_user = manager
    statement.title = "Second title"
    statement.save()
    html = as_manager.get(f"/manage/history/statement/{statement.pk}/").content.decode()
    assert html.count('<table class="govuk-table app-table--stacked">') == 2
    assert 'data-label="Before">First title</td>' in html
    assert 'data-label="After">Second title</td>' in html
    assert 'data-label="Value">' in html  # the "Created" entry
