"""Each count on the statement page links to its list of actions: complete, in progress,
not started, and late. A family asking "what is late?" gets the answer in one click."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action

from .factories import ActionFactory, StatementFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 12, 0), tick=False)


@pytest.fixture
def plan():
    """Two workstreams; one action of each kind, and a late one in each workstream."""
    statement = StatementFactory(slug="sutton")
    first, second = (WorkstreamFactory(statement=statement, number=n) for n in (1, 2))
    future, past = datetime.date(2027, 3, 31), datetime.date(2026, 3, 31)

    def action(reference, workstream, status, due, **fields):
        if status == Action.Status.COMPLETE:
            fields.setdefault("completed_on", datetime.date(2026, 1, 31))
        return ActionFactory(
            statement=statement,
            workstream=workstream,
            reference=reference,
            title=f"Action {reference}",
            status=status,
            start_date=datetime.date(2025, 9, 1),
            due_date=due,
            **fields,
        )

    return {
        "statement": statement,
        "complete": action("1.1", first, Action.Status.COMPLETE, past),
        "in_progress": action("1.2", first, Action.Status.IN_PROGRESS, future),
        "late_in_progress": action("2.1", second, Action.Status.IN_PROGRESS, past),
        "late_not_started": action("1.10", first, Action.Status.NOT_STARTED, past),
        "not_started": action("2.2", second, Action.Status.NOT_STARTED, future),
        "revised": action(
            "2.3",
            second,
            Action.Status.IN_PROGRESS,
            past,
            revised_due_date=future,
            revision_reason="Waiting for the new contract.",
        ),
    }


def titles(page):
    return re.findall(r'href="/sutton/actions/[\d.]+/">([^<]+)</a>', page)


@pytest.mark.parametrize(
    "progress, heading, expected",
    [
        ("late", "Late actions", ["1.10 Action 1.10", "2.1 Action 2.1"]),
        ("complete", "Complete actions", ["1.1 Action 1.1"]),
        (
            "in-progress",
            "Actions in progress",
            ["1.2 Action 1.2", "2.1 Action 2.1", "2.3 Action 2.3"],
        ),
        ("not-started", "Actions not started", ["1.10 Action 1.10", "2.2 Action 2.2"]),
    ],
)
def test_each_list_holds_the_actions_its_count_counts(client, plan, progress, heading, expected):
    response = client.get(f"/sutton/actions/{progress}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in page
    assert f"<title>{heading} – " in page
    # By workstream, then by reference as people count them (1.2 before 1.10).
    assert titles(page) == expected
    assert f"{len(expected)} of the 6 actions in the plan." in page


def test_the_statement_page_links_each_count_above_zero_to_its_list(client, plan):
    page = client.get("/sutton/").content.decode()
    for progress, label in [
        ("complete", "complete"),
        ("in-progress", "in progress"),
        ("not-started", "not started"),
        ("late", "overdue"),
    ]:
        assert (
            f'<a class="govuk-link" href="/sutton/actions/{progress}/">{label}'
            '<span class="govuk-visually-hidden"> actions</span></a>'
        ) in page
    plan["complete"].delete()
    page = client.get("/sutton/").content.decode()
    assert "/sutton/actions/complete/" not in page  # nothing to list: no link
    assert '<span class="app-summary-counts__label">complete</span>' in page


def test_an_empty_list_says_so_and_links_to_the_others_with_their_counts(client, plan):
    Action.objects.filter(status=Action.Status.COMPLETE).delete()
    page = client.get("/sutton/actions/complete/").content.decode()
    assert "No action is complete yet." in page
    assert "<table" not in page
    assert '<a class="govuk-link" href="/sutton/actions/late/">Late actions</a> (2)' in page
    assert 'href="/sutton/actions/in-progress/">Actions in progress</a> (3)' in page
    assert 'href="/sutton/#weaknesses">Every action, by the weakness it addresses</a>' in page


def test_a_list_is_public_only_for_a_published_statement(client, plan):
    StatementFactory(slug="draft-plan", draft=True)
    assert client.get("/draft-plan/actions/late/").status_code == 404
    assert client.get("/sutton/actions/overdue/").status_code == 404
    assert client.get("/sutton/actions/late-ish/").status_code == 404


def test_a_list_costs_the_same_queries_however_many_actions(client, plan, settings):
    settings.PUBLIC_PAGE_CACHE = False
    statement = plan["statement"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/sutton/actions/late/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(40):  # references of their own: the factory's could be 1.10
        ActionFactory(
            statement=statement,
            workstream=plan["late_in_progress"].workstream,
            reference=f"9.{n + 1}",
        )
    assert queries() == few
    assert few <= 8
