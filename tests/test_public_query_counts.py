"""Public pages cost a fixed number of queries, however big the plan is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import (
    ActionFactory,
    MeasurementFactory,
    ProgressUpdateFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def grow(statement, weaknesses, workstreams, measures, count):
    """Add `count` actions spread across the plan, each with updates and measures."""
    for _ in range(count):
        n = statement.actions.count()
        workstream = workstreams[n % len(workstreams)]
        action = ActionFactory(
            statement=statement,
            workstream=workstream,
            owner=workstream.lead,
            weaknesses=[weaknesses[n % len(weaknesses)]],
        )
        action.measures.add(measures[n % len(measures)])
        ProgressUpdateFactory(action=action, author=updater(statement))
        coproduce(action, weaknesses[n % len(weaknesses)])


_updaters = {}


def coproduce(action, weakness):
    """A published parents' view of the action and its weakness, and a "you said, we did"."""
    from actions.coproduction import (
        post_comment,
        publish_parents_view,
        publish_you_said,
        record_parents_view,
    )

    from .factories import ParentRepresentativeFactory, ProgrammeManagerFactory

    representative, manager = ParentRepresentativeFactory(), ProgrammeManagerFactory()
    for subject in (action, weakness):
        publish_parents_view(record_parents_view(subject, representative, "some", "Some"), manager)
    question = post_comment(action, representative, "Question")
    answer = post_comment(action, manager, "Answer", reply_to=question)
    publish_you_said(question, manager, answer=answer, you_said="S", we_did="D", consent_note="x")


def updater(statement):
    from .factories import OfficerFactory

    if statement.pk not in _updaters:
        _updaters[statement.pk] = OfficerFactory()
    return _updaters[statement.pk]


@pytest.fixture
def plan():
    _updaters.clear()
    statement = StatementFactory()
    weaknesses = [WeaknessFactory(statement=statement, number=n) for n in (1, 2, 3)]
    workstreams = [WorkstreamFactory(statement=statement, number=n) for n in (1, 2, 3, 4)]
    measures = [
        SuccessMeasureFactory(statement=statement, weakness=weaknesses[n % 3]) for n in range(3)
    ]
    for measure in measures:
        MeasurementFactory.create_batch(3, measure=measure)
    return statement, weaknesses, workstreams, measures


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def urls(statement):
    action = statement.actions.order_by("pk").first()
    return {
        "home": "/",
        "statement": statement.get_absolute_url(),
        "weakness": f"/{statement.slug}/weaknesses/1/",
        "workstream": f"/{statement.slug}/workstreams/1/",
        "action": action.get_absolute_url(),
        "late actions": f"/{statement.slug}/actions/late/",
        "measures": f"/{statement.slug}/measures/",
        "you_said": f"/{statement.slug}/you-said-we-did/",
        "json": f"/open-data/{statement.slug}.json",
        "csv": f"/open-data/{statement.slug}/actions.csv",
    }


def test_public_pages_use_the_same_queries_for_10_and_500_actions(client, plan):
    statement = plan[0]
    grow(*plan, count=10)
    small = {page: queries_for(client, url) for page, url in urls(statement).items()}
    grow(*plan, count=490)
    large = {page: queries_for(client, url) for page, url in urls(statement).items()}
    assert large == small
    # And the numbers stay small: a page is a handful of queries, not one per row.
    assert max(small.values()) <= 12, small
