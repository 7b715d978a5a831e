"""A figure corrected after it was recorded is news on the review dashboard, as its own kind:
who corrected it, which measure, and what it changed from and to."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from review.models import ReviewVisit
from workstreams.models import SuccessMeasure

from .factories import (
    ActionFactory,
    MeasurementFactory,
    OfficerFactory,
    OwnerFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WorkstreamFactory,
    WorkstreamMembershipFactory,
)
from .test_review_dashboard import LAST_VISIT, NOW, at, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(parent, officer):
    """A percentage measure served by an action in the parent's workstream."""
    statement = StatementFactory()
    workstream = WorkstreamFactory(statement=statement)
    WorkstreamMembershipFactory(workstream=workstream, user=parent)
    owner = OwnerFactory(user=officer)
    measure = SuccessMeasureFactory(
        statement=statement,
        owner=owner,
        unit=SuccessMeasure.Unit.PERCENTAGE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=Decimal("40"),
        target_value=Decimal("80"),
    )
    serve(measure, workstream=workstream, owner=owner)
    ReviewVisit.objects.create(user=parent, last_reviewed_at=LAST_VISIT)
    return measure


def serve(measure, **action):
    """Link an action, added to the plan well before the last review, to `measure`."""
    with time_machine.travel(at(90)):
        measure.actions.add(ActionFactory(statement=measure.statement, **action))


def record(measure, by, when, value="55", measured_on=datetime.date(2019, 3, 31)):
    with time_machine.travel(when, tick=False):
        return MeasurementFactory(
            measure=measure, measured_on=measured_on, value=Decimal(value), recorded_by=by
        )


def correct(figure, by, when, **fields):
    """Save a correction as the change page does: the history names who made it."""
    for name, value in fields.items():
        setattr(figure, name, value)
    figure._history_user = by
    with time_machine.travel(when, tick=False):
        figure.save()
    return figure


def feed(client, user):
    client.force_login(user)
    response = client.get("/review/")
    assert response.status_code == 200
    review = response.context["review"]
    return review, response.content.decode()


def corrections(review):
    return [change for change in review.mine + review.others if change.kind == "correction"]


@time_machine.travel(NOW, tick=False)
def test_a_figure_corrected_on_the_change_page_is_in_the_feed(client, parent, officer, measure):
    figure = record(measure, officer, at(60))
    client.force_login(officer)
    change_url = f"/manage/measures/figures/{figure.pk}/change/"
    form = client.get(change_url).context["form"]
    posted = {
        "measured_on": "2019-03-31",
        "value": "60",
        "note": "",
        "fingerprint": form["fingerprint"].value(),
    }
    assert client.post(change_url, posted).status_code == 302

    review, page = feed(client, parent)
    [change] = review.mine
    assert change.kind == "correction"
    assert change.label == "Figure corrected"
    assert change.who == officer.get_full_name()
    assert change.about == f"Measure {measure.reference}: {measure.title}"
    assert change.url == f"/review/measures/{measure.pk}/"
    assert change.detail == "From 55% to 60% for 31 March 2019"
    assert change.at == NOW
    assert '<strong class="govuk-tag govuk-tag--yellow">Figure corrected</strong>' in page
    assert "<bdi>From 55% to 60% for 31 March 2019</bdi>" in page


@time_machine.travel(NOW, tick=False)
def test_a_correction_of_the_date_says_both_dates(client, parent, officer, measure):
    figure = record(measure, officer, at(60))
    correct(figure, officer, at(2), measured_on=datetime.date(2019, 4, 30))
    correct(figure, officer, at(1), value=Decimal("62.5"))
    review, _ = feed(client, parent)
    assert [change.detail for change in corrections(review)] == [
        "From 55% to 62.5% for 30 April 2019",
        "From 55% for 31 March 2019 to 55% for 30 April 2019",
    ]


@time_machine.travel(NOW, tick=False)
def test_recording_a_figure_is_a_new_figure_not_a_correction(client, parent, officer, measure):
    figure = record(measure, officer, at(3))
    correct(figure, officer, at(1), value=Decimal("58"))
    review, _ = feed(client, parent)
    assert [(change.kind, change.detail) for change in review.mine] == [
        ("correction", "From 55% to 58% for 31 March 2019"),
        ("figure", "58% for 31 March 2019"),
    ]


@time_machine.travel(NOW, tick=False)
def test_corrections_before_the_last_review_are_not_news(client, parent, officer, measure):
    figure = record(measure, officer, at(60))
    correct(figure, officer, at(40), value=Decimal("58"))
    review, _ = feed(client, parent)
    assert corrections(review) == []


@time_machine.travel(NOW, tick=False)
def test_a_correction_of_the_internal_note_alone_is_not_news(client, parent, officer, measure):
    figure = record(measure, officer, at(60))
    correct(figure, officer, at(1), note="Checked against the census.")
    review, page = feed(client, parent)
    assert corrections(review) == []
    assert "census" not in page


@time_machine.travel(NOW, tick=False)
def test_my_own_corrections_are_not_news_to_me(client, parent, officer, measure):
    figure = record(measure, officer, at(60))
    correct(figure, officer, at(1), value=Decimal("58"))
    review, _ = feed(client, officer)
    assert corrections(review) == []
    # Someone else's correction of the officer's figure is news to the officer.
    correct(figure, OfficerFactory(first_name="Sam", last_name="Jones"), at(0), value=Decimal("59"))
    review, _ = feed(client, officer)
    assert [(change.who, change.detail) for change in corrections(review)] == [
        ("Sam Jones", "From 58% to 59% for 31 March 2019")
    ]


@time_machine.travel(NOW, tick=False)
def test_a_correction_by_nobody_known_says_someone(client, parent, officer, measure):
    figure = record(measure, officer, at(60))
    correct(figure, None, at(1), value=Decimal("58"))
    review, _ = feed(client, parent)
    assert [change.who for change in corrections(review)] == ["Someone"]


@time_machine.travel(NOW, tick=False)
def test_corrections_go_with_the_measures_workstreams(client, parent, officer, measure):
    elsewhere = SuccessMeasureFactory(statement=measure.statement)
    serve(elsewhere)
    unlinked = SuccessMeasureFactory(statement=measure.statement)
    for each in (measure, elsewhere, unlinked):
        correct(record(each, officer, at(60)), officer, at(1), value=Decimal("58"))
    review, _ = feed(client, parent)
    assert [change.about for change in review.mine] == [
        f"Measure {measure.reference}: {measure.title}"
    ]
    assert sorted(change.about for change in review.others) == sorted(
        [
            f"Measure {elsewhere.reference}: {elsewhere.title}",
            f"Measure {unlinked.reference}: {unlinked.title}",
        ]
    )


@time_machine.travel(NOW, tick=False)
def test_corrections_in_archived_statements_or_of_deleted_figures_are_left_out(
    client, parent, officer, measure
):
    archived = SuccessMeasureFactory(statement=StatementFactory(archived=True))
    correct(record(archived, officer, at(60)), officer, at(1), value=Decimal("58"))
    deleted = correct(record(measure, officer, at(60)), officer, at(2), value=Decimal("58"))
    with time_machine.travel(at(1), tick=False):
        deleted.delete()
    review, _ = feed(client, parent)
    assert corrections(review) == []


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_costs_the_same_queries_however_many_corrections(
    client, parent, officer, measure
):
    def grow(count):
        for n in range(count):
            other = SuccessMeasureFactory(statement=measure.statement)
            serve(other)
            figure = record(other, officer, at(60))
            for day in (3, 2, 1):
                correct(figure, officer, at(day), value=Decimal(100 + 10 * n + day))

    grow(2)
    client.force_login(parent)
    few = queries_for(client, "/review/")
    grow(30)
    review, _ = feed(client, parent)
    assert len(corrections(review)) == 3 * 32
    assert queries_for(client, "/review/") == few
