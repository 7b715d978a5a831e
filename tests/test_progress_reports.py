"""Published progress reports: immutable snapshots, their public pages and publishing them."""

import contextlib
import datetime
import json
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from actions.models import Action
from reports.models import ProgressReport, ReportIsImmutable
from reports.services import publish_progress_report
from reports.snapshot import SCHEMA_VERSION, build_snapshot
from sutton_send import versioned_cache as cache
from workstreams.models import Statement

from .factories import (
    ActionFactory,
    CommentFactory,
    MeasurementFactory,
    MilestoneFactory,
    OwnerFactory,
    ProgressUpdateFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = datetime.date(2019, 1, 15)
OCTOBER = datetime.date(2018, 10, 31)
JANUARY = datetime.date(2019, 1, 15)
# When the plan was written and published: reports describe it as it stood on their day.
SET_UP = datetime.datetime(2018, 9, 3, 10, tzinfo=LONDON)


def at(day, hour=12):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


@contextlib.contextmanager
def back_then(when=SET_UP):
    """Make rows (and their history records) as if on `when`."""
    with time_machine.travel(when, tick=False):
        yield


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(datetime.datetime(2019, 1, 15, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plan():
    """A published statement with private data beside its public fields, set up in September
    2018; its figures were recorded a few days after the quarters they are for."""
    with back_then():
        return _plan()


def _plan():
    owner = OwnerFactory(
        name="Secretowner Name",
        email="secret-owner@example.org",
        job_title="Head of SEND",
    )
    workstream = WorkstreamFactory(lead=owner, name="Joint working")
    statement = workstream.statement
    weakness = WeaknessFactory(statement=statement, number=1, title="Joint working is weak")
    first = ActionFactory(
        statement=statement,
        workstream=workstream,
        owner=owner,
        weaknesses=[weakness],
        reference="1.1",
        title="Recruit advisers",
        status=Action.Status.IN_PROGRESS,
        confidence=Action.Confidence.AT_RISK,
        due_date=datetime.date(2018, 12, 31),
    )
    ActionFactory(
        statement=statement,
        workstream=workstream,
        owner=owner,
        weaknesses=[weakness],
        reference="1.2",
        title="Publish the local offer",
        status=Action.Status.COMPLETE,
        completed_on=datetime.date(2018, 10, 1),
    )
    ProgressUpdateFactory(
        action=first,
        created_at=SET_UP,
        narrative="INTERNAL NARRATIVE",
        public_summary="Two advisers started.",
        evidence_link="https://internal.example.org/evidence",
    )
    CommentFactory(action=first, body="PRIVATE COMMENT")
    measure = SuccessMeasureFactory(
        statement=statement, owner=owner, weakness=weakness, reference="M1", title="Exclusions"
    )
    MilestoneFactory(measure=measure, due_on=datetime.date(2019, 7, 31), value=Decimal("90"))
    for measured_on, value, recorded_on in (
        (datetime.date(2018, 9, 30), Decimal("110"), datetime.date(2018, 10, 5)),
        (datetime.date(2018, 12, 31), Decimal("95"), datetime.date(2019, 1, 8)),
    ):
        with back_then(at(recorded_on)):
            MeasurementFactory(
                measure=measure, measured_on=measured_on, value=value, recorded_at=at(recorded_on)
            )
    return statement


def publish(
    statement, as_at=JANUARY, introduction="What changed this quarter.", user=None, today=None
):
    """Publish as a manager would, on the day the report is as at unless `today` says."""
    return publish_progress_report(statement, as_at, introduction, user, today=today or as_at)


def report_url(report):
    return reverse(
        "public:progress_report",
        kwargs={"slug": report.statement.slug, "as_at": report.as_at.isoformat()},
    )


# The snapshot ------------------------------------------------------------------


def test_the_snapshot_is_plain_json_with_decimals_as_strings_and_dates_as_iso(plan):
    snapshot = build_snapshot(plan, JANUARY)
    assert json.loads(json.dumps(snapshot)) == snapshot
    measure = snapshot["measures"][0]
    assert measure["baseline"] == {"value": "120.00", "display": "120", "date": "2018-03-31"}
    assert measure["latest"] == {"value": "95.00", "display": "95", "date": "2018-12-31"}
    assert measure["change_since_baseline"] == {"value": "-25.00", "display": "−25"}
    assert measure["milestones"] == [{"value": "90.00", "display": "90", "date": "2019-07-31"}]
    assert measure["direction_label"] == "Lower is better"
    assert measure["trajectory_label"] in {"On trajectory", "Off trajectory", "Target reached"}
    assert snapshot["schema_version"] == SCHEMA_VERSION
    assert snapshot["as_at"] == "2019-01-15"


def test_the_snapshot_stores_labels_and_public_summaries(plan):
    snapshot = build_snapshot(plan, JANUARY)
    first = snapshot["actions"][0]
    assert first["reference"] == "1.1"
    assert first["status_label"] == "In progress"
    assert first["confidence_label"] == "At risk"
    assert first["owner"] == {
        "job_title": "Head of SEND",
        "organisation": "council",
        "organisation_label": "London Borough of Sutton",
    }
    assert first["latest_public_summary"] == "Two advisers started."
    assert first["weaknesses"] == [1]
    assert snapshot["workstreams"][0]["lead"]["job_title"] == "Head of SEND"
    assert snapshot["weaknesses"][0]["title"] == "Joint working is weak"


def test_the_snapshot_holds_no_private_data(plan):
    text = json.dumps(build_snapshot(plan, JANUARY))
    for secret in (
        "Secretowner Name",
        "secret-owner@example.org",
        "INTERNAL NARRATIVE",
        "internal.example.org",
        "PRIVATE COMMENT",
    ):
        assert secret not in text


def test_measures_count_only_figures_up_to_the_report_day(plan):
    measure = build_snapshot(plan, OCTOBER)["measures"][0]
    assert [figure["date"] for figure in measure["values"]] == ["2018-09-30"]
    assert measure["latest"]["value"] == "110.00"


def test_actions_are_overdue_as_at_the_report_day(plan):
    before = build_snapshot(plan, datetime.date(2018, 12, 1))
    after = build_snapshot(plan, JANUARY)
    assert before["actions"][0]["is_overdue"] is False
    assert after["actions"][0]["is_overdue"] is True
    assert after["counts"] == {
        "total": 2,
        "complete": 1,
        "in_progress": 1,
        "not_started": 0,
        "overdue": 1,
    }


def grow(statement, count):
    workstream = statement.workstreams.first()
    weaknesses = list(statement.weaknesses.all())
    measures = list(statement.measures.all())
    for n in range(count):
        action = ActionFactory(
            statement=statement,
            workstream=workstream,
            owner=workstream.lead,
            weaknesses=weaknesses,
            reference=f"9.{n + 1}",
        )
        ProgressUpdateFactory(action=action)
        if n % 10 == 0:
            measure = SuccessMeasureFactory(statement=statement, reference=f"X{n}")
            MeasurementFactory(measure=measure)
            MilestoneFactory(measure=measure)
    return measures


def queries(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_building_a_snapshot_costs_the_same_queries_for_10_or_200_actions():
    small, large = StatementFactory(), StatementFactory()
    for statement in (small, large):
        WorkstreamFactory(statement=statement)
        WeaknessFactory(statement=statement)
    grow(small, 10)
    grow(large, 200)
    assert queries(lambda: build_snapshot(small, TODAY)) == queries(
        lambda: build_snapshot(large, TODAY)
    )
    # The statement, weaknesses, workstreams, actions, owners, the actions' links, their
    # summaries, measures, milestones and figures; and the links as they are now of
    # actions whose history has no copy of them, if any.
    assert queries(lambda: build_snapshot(large, TODAY)) <= 11


def test_publishing_costs_the_same_queries_for_10_or_200_actions():
    small, large = StatementFactory(), StatementFactory()
    for statement in (small, large):
        WorkstreamFactory(statement=statement)
        WeaknessFactory(statement=statement)
    grow(small, 10)
    grow(large, 200)
    assert queries(lambda: publish(small)) == queries(lambda: publish(large))


# Immutability ------------------------------------------------------------------


def test_saving_a_published_report_again_is_refused(plan):
    report = publish(plan)
    report.title = "Changed"
    with pytest.raises(ReportIsImmutable):
        report.save()
    with pytest.raises(ReportIsImmutable):
        report.save(update_fields=["title"])
    report.refresh_from_db()
    assert report.title == "Progress report, 15 January 2019"


def test_updating_reports_through_a_queryset_is_refused(plan):
    report = publish(plan)
    with pytest.raises(ReportIsImmutable):
        ProgressReport.objects.filter(pk=report.pk).update(introduction="Rewritten")
    with pytest.raises(ReportIsImmutable), transaction.atomic():
        ProgressReport.objects.bulk_update([report], ["introduction"])
    report.refresh_from_db()
    assert report.introduction == "What changed this quarter."


def test_a_published_report_cannot_be_deleted_nor_its_statement(plan):
    report = publish(plan)
    with pytest.raises(ReportIsImmutable):
        report.delete()
    with pytest.raises(ReportIsImmutable):
        ProgressReport.objects.all().delete()
    with pytest.raises(ProtectedError):
        Statement.objects.get(pk=plan.pk).delete()
    assert ProgressReport.objects.filter(pk=report.pk).exists()


def test_later_edits_never_change_a_published_report_or_its_page(client, plan):
    report = publish(plan)
    stored = json.dumps(report.snapshot, sort_keys=True)
    page = client.get(report_url(report)).content.decode()

    first = plan.actions.get(reference="1.1")
    first.status = Action.Status.COMPLETE
    first.confidence = ""
    first.completed_on = datetime.date(2019, 1, 10)
    first.due_date = datetime.date(2019, 1, 1)
    first.title = "Renamed action"
    first.save()
    plan.actions.get(reference="1.2").delete()
    ActionFactory(statement=plan, workstream=first.workstream, reference="3.1", title="New one")
    measure = plan.measures.get()
    MeasurementFactory(measure=measure, measured_on=datetime.date(2019, 1, 14), value=Decimal("5"))
    measure.title = "Renamed measure"
    measure.save()
    weakness = plan.weaknesses.get(number=1)
    weakness.title = "Renamed weakness"
    weakness.save()
    owner = first.owner
    owner.job_title = "Renamed job"
    owner.save()
    plan.title = "Renamed statement"
    plan.save()
    cache.clear()

    report = ProgressReport.objects.get(pk=report.pk)
    assert json.dumps(report.snapshot, sort_keys=True) == stored
    assert client.get(report_url(report)).content.decode() == page
    assert "Renamed" not in page
    assert "Recruit advisers" in page


# Publishing ----------------------------------------------------------------------


def test_publishing_stores_the_report_with_its_title_and_author(plan, manager):
    report = publish(plan, user=manager)
    assert report.title == "Progress report, 15 January 2019"
    assert report.published_by == manager
    assert report.schema_version == SCHEMA_VERSION
    assert report.snapshot["statement"]["title"] == plan.title


def test_publishing_gives_the_statement_pages_a_new_version(plan):
    before = Statement.objects.get(pk=plan.pk).content_changed_at
    with time_machine.travel(datetime.datetime(2019, 1, 15, 13, tzinfo=LONDON), tick=False):
        publish(plan)
    assert Statement.objects.get(pk=plan.pk).content_changed_at > before


def test_only_a_published_statement_has_progress_reports(plan):
    draft = StatementFactory(draft=True)
    with pytest.raises(ValidationError) as error:
        publish(draft)
    assert error.value.code == "not_published"
    assert not ProgressReport.objects.exists()


def test_a_second_report_as_at_the_same_day_is_refused_clearly(plan):
    publish(plan)
    with pytest.raises(ValidationError) as error:
        publish(plan, introduction="Again")
    assert error.value.code == "duplicate"
    assert "already published" in error.value.messages[0]
    assert ProgressReport.objects.count() == 1


def test_a_report_cannot_be_as_at_a_future_day(plan):
    with pytest.raises(ValidationError) as error:
        publish(plan, as_at=TODAY + datetime.timedelta(days=1), today=TODAY)
    assert error.value.code == "future"


def test_a_report_cannot_be_dated_long_before_it_is_published(plan):
    """Its actions are as recorded on the day it is published, not on an earlier date."""
    with pytest.raises(ValidationError) as error:
        publish(plan, as_at=OCTOBER, today=TODAY)
    assert error.value.code == "too_early"
    publish(plan, as_at=TODAY - datetime.timedelta(days=31), today=TODAY)


def test_reports_follow_one_another_in_time(plan):
    publish(plan, as_at=JANUARY)
    with pytest.raises(ValidationError) as error:
        publish(plan, as_at=JANUARY - datetime.timedelta(days=1), today=JANUARY)
    assert error.value.code == "before_latest"
    assert ProgressReport.objects.count() == 1


# Public pages ------------------------------------------------------------------


def test_the_statement_page_links_to_its_progress_reports(client, plan):
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("public:progress_reports", kwargs={"slug": plan.slug}) in page


def test_the_list_shows_reports_newest_first(client, plan):
    publish(plan, as_at=OCTOBER)
    publish(plan, as_at=JANUARY)
    page = client.get(f"/{plan.slug}/progress-reports/").content.decode()
    assert page.index("Progress report, 15 January 2019") < page.index(
        "Progress report, 31 October 2018"
    )
    assert "As at 31 October 2018" in page


def test_two_reports_in_one_month_can_be_told_apart(client, plan):
    publish(plan, as_at=JANUARY - datetime.timedelta(days=13))
    publish(plan, as_at=JANUARY)
    page = client.get(f"/{plan.slug}/progress-reports/").content.decode()
    assert "Progress report, 2 January 2019" in page
    assert "Progress report, 15 January 2019" in page
    newer = client.get(report_url(plan.progress_reports.get(as_at=JANUARY))).content.decode()
    assert "See what changed since the report of 2 January 2019" in newer


def test_the_list_says_when_there_are_no_reports(client, plan):
    page = client.get(f"/{plan.slug}/progress-reports/").content.decode()
    assert "No progress reports have been published" in page


def test_a_report_page_shows_the_report_as_it_was(client, plan):
    report = publish(plan, introduction="A plain English introduction.")
    page = client.get(report_url(report)).content.decode()
    assert "This is the progress report as at 15 January 2019." in page
    assert "See the current statement" in page
    assert "A plain English introduction." in page
    assert "Weakness 1: Joint working is weak" in page
    assert "Recruit advisers" in page and "Delivery at risk" in page and "Overdue" in page
    assert "Head of SEND, London Borough of Sutton" in page
    assert "Figures for M1 up to 15 January 2019" in page


def test_unknown_or_impossible_report_dates_are_not_found(client, plan):
    publish(plan)
    for as_at in ("2018-01-01", "2019-02-30", "2019-13-01", "today"):
        assert client.get(f"/{plan.slug}/progress-reports/{as_at}/").status_code == 404, as_at


def test_reports_of_an_unpublished_statement_are_not_found(client, plan):
    report = publish(plan)
    Statement.objects.filter(pk=plan.pk).update(status=Statement.Status.DRAFT, published_at=None)
    assert client.get(report_url(report)).status_code == 404
    assert client.get(f"/{plan.slug}/progress-reports/").status_code == 404


def compare_url(statement, **params):
    return reverse("public:progress_report_compare", kwargs={"slug": statement.slug}), params


def test_compare_shows_what_changed_between_two_reports(client, plan):
    publish(plan, as_at=OCTOBER)
    first = plan.actions.get(reference="1.1")
    first.confidence = Action.Confidence.OFF_TRACK
    first.revised_due_date = datetime.date(2019, 6, 30)
    first.revision_reason = "Recruitment took longer."
    first.save()
    ActionFactory(statement=plan, workstream=first.workstream, reference="4.1", title="New action")
    publish(plan, as_at=JANUARY)
    url, params = compare_url(plan, **{"from": "2018-10-31", "to": "2019-01-15"})
    page = client.get(url, params).content.decode()
    assert "What changed between 31 October 2018 and 15 January 2019" in page
    assert "4.1 New action" in page  # added
    assert "Off track" in page  # confidence
    assert "Recruitment took longer." in page  # revised date and reason
    assert "Exclusions" in page and "Better" in page  # 110 -> 95, lower is better


def test_compare_puts_the_earlier_report_first_whichever_way_round(client, plan):
    publish(plan, as_at=OCTOBER)
    publish(plan, as_at=JANUARY)
    url, params = compare_url(plan, **{"from": "2019-01-15", "to": "2018-10-31"})
    page = client.get(url, params).content.decode()
    assert "What changed between 31 October 2018 and 15 January 2019" in page


def test_compare_without_a_choice_compares_the_two_newest(client, plan):
    publish(plan, as_at=OCTOBER)
    publish(plan, as_at=JANUARY)
    page = client.get(compare_url(plan)[0]).content.decode()
    assert "What changed between 31 October 2018 and 15 January 2019" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2018-10-31", "to": "2018-10-31"}, "Choose two different progress reports"),
        ({"from": "2018-10-31"}, "Choose the later progress report"),
        ({"to": ""}, "Choose the earlier progress report"),
        ({"from": "2017-01-01", "to": "2018-10-31"}, "from the list"),
        ({"from": "<script>alert(1)</script>", "to": "x" * 5000}, "from the list"),
        ({"from": "2019-02-30", "to": "2018-10-31"}, "from the list"),
    ],
)
def test_compare_explains_a_bad_choice_with_an_error_summary(client, plan, params, message):
    publish(plan, as_at=OCTOBER)
    publish(plan, as_at=JANUARY)
    url, _ = compare_url(plan)
    response = client.get(url, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert "<title>Error:" in page
    assert "What changed between" not in page
    assert "<script>alert(1)</script>" not in page


def test_compare_never_fails_on_junk_query_strings(client, plan):
    publish(plan, as_at=OCTOBER)
    url, _ = compare_url(plan)
    for query in ("from=&to=&from=1", "from[]=a&to[]=b", "%00=%00", "from=%FF%FE", "to"):
        assert client.get(f"{url}?{query}").status_code == 200, query


def test_compare_with_one_report_says_two_are_needed(client, plan):
    publish(plan, as_at=OCTOBER)
    page = client.get(compare_url(plan)[0]).content.decode()
    assert "Once there are two you can compare them here." in page


def public_page_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_public_report_pages_cost_the_same_queries_however_big_the_plan(client):
    with back_then():
        small, large = StatementFactory(), StatementFactory()
        for statement in (small, large):
            WorkstreamFactory(statement=statement)
            WeaknessFactory(statement=statement)
        grow(small, 10)
        grow(large, 200)
    counts = {}
    for statement in (small, large):
        publish(statement, as_at=OCTOBER)
        publish(statement, as_at=JANUARY)
        counts[statement.pk] = [
            public_page_queries(client, f"/{statement.slug}/progress-reports/"),
            public_page_queries(client, f"/{statement.slug}/progress-reports/2019-01-15/"),
            public_page_queries(
                client, f"/{statement.slug}/progress-reports/compare/?from=2018-10-31&to=2019-01-15"
            ),
        ]
    assert counts[small.pk] == counts[large.pk]
    assert max(counts[large.pk]) <= 4


# The workspace -----------------------------------------------------------------


def manage_url(statement):
    return reverse("workspace:progress_reports", kwargs={"pk": statement.pk})


def publish_url(statement):
    return reverse("workspace:progress_report_publish", kwargs={"pk": statement.pk})


def test_the_manager_statement_page_links_to_progress_reports(client, manager, plan):
    client.force_login(manager)
    page = client.get(reverse("workspace:statement_detail", kwargs={"pk": plan.pk})).content
    assert manage_url(plan).encode() in page


def test_a_manager_sees_the_reports_and_the_form_with_today_as_the_date(client, manager, plan):
    publish(plan, as_at=OCTOBER, user=manager)
    client.force_login(manager)
    page = client.get(manage_url(plan)).content.decode()
    assert "Progress report, 31 October 2018" in page
    assert 'value="2019-01-15"' in page
    assert "Publish a progress report" in page


def test_publishing_asks_for_confirmation_first_and_saves_nothing_until_then(client, manager, plan):
    client.force_login(manager)
    response = client.post(publish_url(plan), {"as_at": "2018-12-31", "introduction": "Hello"})
    assert response.status_code == 200
    assert "A published report cannot be changed or deleted." in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_confirmation_shows_the_title_the_report_is_published_with(client, manager, plan):
    client.force_login(manager)
    page = client.post(publish_url(plan), {"as_at": "2018-12-31"}).content.decode()
    assert '<dd class="govuk-summary-list__value">Progress report, 31 December 2018</dd>' in page
    client.post(publish_url(plan), {"as_at": "2018-12-31", "confirm": "yes"})
    assert ProgressReport.objects.get().title == "Progress report, 31 December 2018"


def test_the_confirmation_shows_the_figures_the_report_will_hold(client, manager, plan):
    """A report can never be changed: its counts are checked before it is published. As at
    31 December 2018, 1.2 was complete and 1.1 in progress (due that day); M1's figure for
    September was recorded by then, December's not yet."""
    client.force_login(manager)
    page = client.post(publish_url(plan), {"as_at": "2018-12-31"}).content.decode()
    text = " ".join(strip_tags(page).split())
    assert "What the report will say" in page
    assert (
        "Of 2 actions, 1 is complete, 1 is in progress and 0 have not started. None is late."
        in text
    )
    assert "1 of 1 measure has a figure by then." in text
    assert not ProgressReport.objects.exists()


def test_a_manager_publishes_a_report_after_confirming(client, manager, plan):
    client.force_login(manager)
    response = client.post(
        publish_url(plan),
        {"as_at": "2018-12-31", "introduction": "Line one.\nLine two.", "confirm": "yes"},
        follow=True,
    )
    report = ProgressReport.objects.get()
    assert response.redirect_chain[-1][0] == manage_url(plan)
    assert "“Progress report, 31 December 2018” is published" in response.content.decode()
    assert report.as_at == datetime.date(2018, 12, 31)
    assert report.introduction == "Line one.\nLine two."
    assert report.published_by == manager


@pytest.mark.parametrize(
    ("as_at", "message"),
    [
        ("", "Enter the date the report is as at"),
        ("31/13/2018", "must be a real date"),
        ("2019-01-16", "must be today or in the past"),
        ("2017-01-01", "on or after the inspection report was published"),
    ],
)
def test_bad_dates_are_explained_and_nothing_is_saved(client, manager, plan, as_at, message):
    client.force_login(manager)
    response = client.post(publish_url(plan), {"as_at": as_at, "confirm": "yes"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert 'href="#id_as_at"' in page
    assert not ProgressReport.objects.exists()


def test_a_duplicate_date_is_refused_with_a_clear_error(client, manager, plan):
    publish(plan, as_at=datetime.date(2019, 1, 10))
    client.force_login(manager)
    response = client.post(publish_url(plan), {"as_at": "2019-01-10", "confirm": "yes"})
    assert "A progress report as at 10 January 2019 is already published" in (
        response.content.decode()
    )
    assert ProgressReport.objects.count() == 1


def test_a_draft_statement_cannot_publish_reports(client, manager):
    draft = StatementFactory(draft=True)
    client.force_login(manager)
    page = client.get(manage_url(draft)).content.decode()
    assert "Publish the statement first" in page
    response = client.post(publish_url(draft), {"as_at": "2018-12-31", "confirm": "yes"})
    assert "govuk-error-summary" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_officers_cannot_publish_reports(client, officer, plan):
    client.force_login(officer)
    assert client.get(manage_url(plan)).status_code == 403
    response = client.post(publish_url(plan), {"as_at": "2018-12-31", "confirm": "yes"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_publishing_needs_a_csrf_token(manager, plan):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(manager)
    response = strict.post(publish_url(plan), {"as_at": "2018-12-31", "confirm": "yes"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_the_manager_list_costs_the_same_queries_however_many_reports(client, manager, plan):
    client.force_login(manager)
    publish(plan, as_at=OCTOBER)
    one = queries(lambda: client.get(manage_url(plan)))
    for day in range(1, 10):
        publish(plan, as_at=datetime.date(2018, 11, day))
    assert queries(lambda: client.get(manage_url(plan))) == one


def test_the_admin_shows_reports_read_only(client, plan):
    from django.contrib.auth.models import User

    report = publish(plan)
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    change_url = reverse("admin:reports_progressreport_change", args=[report.pk])
    page = client.get(change_url).content.decode()
    assert "Progress report, 15 January 2019" in page
    assert 'name="_save"' not in page
    assert client.get(reverse("admin:reports_progressreport_add")).status_code == 403
    delete_url = reverse("admin:reports_progressreport_delete", args=[report.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ProgressReport.objects.filter(pk=report.pk).exists()


def test_deleting_the_publishers_account_keeps_the_report(plan, manager):
    report = publish(plan, user=manager)
    stored = report.snapshot
    manager.delete()
    report = ProgressReport.objects.get(pk=report.pk)
    assert report.published_by is None
    assert report.snapshot == stored
