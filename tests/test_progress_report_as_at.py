"""A progress report as at a past day shows the plan as it stood at the end of that day.

A programme manager publishes the report as at 31 October on 26 November: what was
recorded in November (a status, a new due date, a summary, a figure) is not in it.
"""

import contextlib
import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Action
from actions.services import ProgressChange, record_progress
from reports.models import ProgressReport
from reports.services import publish_progress_report
from reports.snapshot import build_snapshot
from sutton_send import versioned_cache as cache
from workstreams.models import Owner

from .factories import (
    ActionFactory,
    MeasurementFactory,
    MilestoneFactory,
    OfficerFactory,
    OwnerFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
OCTOBER = datetime.date(2026, 10, 31)
TODAY = datetime.date(2026, 11, 26)


def at(day, hour=12, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


@contextlib.contextmanager
def on(when):
    """Make rows (and their history records) as if at `when`."""
    with time_machine.travel(when, tick=False):
        yield


@pytest.fixture(autouse=True)
def on_the_day():
    cache.clear()
    with on(at(TODAY)):
        yield
    cache.clear()


@pytest.fixture
def plan():
    """A statement published in January 2026, its action 4.11 not started on 31 October."""
    with on(at(datetime.date(2026, 1, 10))):
        owner = OwnerFactory(job_title="Head of SEND")
        workstream = WorkstreamFactory(
            statement=StatementFactory(),
            number=4,
            lead=owner,
        )
        statement = workstream.statement
        first = WeaknessFactory(statement=statement, number=1, progress_summary="Early days.")
        WeaknessFactory(statement=statement, number=2)
        action = ActionFactory(
            statement=statement,
            workstream=workstream,
            owner=owner,
            weaknesses=[first],
            reference="4.11",
            title="Recruit advisers",
            start_date=datetime.date(2026, 1, 1),
            due_date=datetime.date(2026, 12, 31),
        )
        measure = SuccessMeasureFactory(
            statement=statement,
            weakness=first,
            reference="M4",
            baseline_date=datetime.date(2025, 9, 30),
            target_date=datetime.date(2027, 9, 30),
        )
        MilestoneFactory(measure=measure, due_on=datetime.date(2026, 9, 30), value=Decimal("100"))
    with on(at(datetime.date(2026, 7, 8))):
        MeasurementFactory(
            measure=measure,
            measured_on=datetime.date(2026, 6, 30),
            value=Decimal("110"),
            recorded_at=at(datetime.date(2026, 7, 8)),
        )
    with on(at(datetime.date(2026, 10, 20))):
        record_progress(
            action,
            OfficerFactory(),
            ProgressChange(
                status=Action.Status.NOT_STARTED, public_summary="The job advert is written."
            ),
            expected_version=action.version,
        )
    return statement


def november_progress(statement, when=None):
    """On 26 November: 4.11 started, at risk, put back to March, with a new summary."""
    when = when or at(TODAY, 9)
    action = statement.actions.get(reference="4.11")
    with on(when):
        record_progress(
            action,
            OfficerFactory(),
            ProgressChange(
                status=Action.Status.IN_PROGRESS,
                confidence=Action.Confidence.AT_RISK,
                public_summary="Two advisers started on 26 November.",
                revised_due_date=datetime.date(2027, 3, 31),
                revision_reason="Recruitment took longer.",
            ),
            expected_version=action.version,
            at=when,
        )


def action_in(snapshot, reference="4.11"):
    return next(a for a in snapshot["actions"] if a["reference"] == reference)


def test_progress_recorded_after_the_day_is_not_in_the_report(plan):
    november_progress(plan)
    october = action_in(build_snapshot(plan, OCTOBER))
    assert october["status"] == "not_started" and october["confidence"] == ""
    assert october["due_date"] == "2026-12-31" and october["revised_due_date"] is None
    assert october["effective_due_date"] == "2026-12-31" and october["revision_reason"] == ""
    assert october["latest_public_summary"] == "The job advert is written."

    today = action_in(build_snapshot(plan, TODAY))
    assert today["status"] == "in_progress" and today["confidence"] == "at_risk"
    assert today["revised_due_date"] == "2027-03-31"
    assert today["latest_public_summary"] == "Two advisers started on 26 November."


def test_the_day_ends_at_midnight_in_london(plan):
    november_progress(plan, when=at(OCTOBER, 23, 59))
    assert action_in(build_snapshot(plan, OCTOBER))["status"] == "in_progress"
    assert action_in(build_snapshot(plan, OCTOBER - datetime.timedelta(days=1)))["status"] == (
        "not_started"
    )


def test_a_completion_after_the_day_is_not_in_the_report(plan):
    action = plan.actions.get(reference="4.11")
    with on(at(TODAY, 9)):
        record_progress(
            action,
            OfficerFactory(),
            ProgressChange(status=Action.Status.COMPLETE, completed_on=TODAY),
            expected_version=action.version,
        )
    snapshot = build_snapshot(plan, OCTOBER)
    assert action_in(snapshot)["completed_on"] is None
    assert snapshot["counts"]["complete"] == 0 and snapshot["counts"]["not_started"] == 1


def test_the_compare_page_shows_what_changed_after_the_first_report(client, plan):
    november_progress(plan)
    publish_progress_report(plan, OCTOBER, "", None)
    publish_progress_report(plan, TODAY, "", None)
    page = client.get(
        reverse("public:progress_report_compare", kwargs={"slug": plan.slug}),
        {"from": OCTOBER.isoformat(), "to": TODAY.isoformat()},
    ).content.decode()
    assert "Nothing changed between these two reports." not in page
    assert "Other changes of status" in page and "Changes to due dates" in page
    assert "Recruitment took longer." in page
    assert "shows actions as they were recorded when it was published" not in page


def test_edits_after_the_day_to_the_plan_itself_are_not_in_the_report(plan):
    with on(at(datetime.date(2026, 11, 2))):
        action = plan.actions.get(reference="4.11")
        action.title = "Recruit and train advisers"
        action.save()
        action.weaknesses.set([plan.weaknesses.get(number=2)])
        owner = action.owner
        owner.job_title = "Director of Education"
        owner.save()
        weakness = plan.weaknesses.get(number=1)
        weakness.progress_summary = "Half way there."
        weakness.save()
        plan.title = "A new title"
        plan.save()
        ActionFactory(statement=plan, workstream=action.workstream, reference="4.12")

    snapshot = build_snapshot(plan, OCTOBER)
    assert [a["reference"] for a in snapshot["actions"]] == ["4.11"]
    october = action_in(snapshot)
    assert october["title"] == "Recruit advisers"
    assert october["weaknesses"] == [1]
    assert october["owner"]["job_title"] == "Head of SEND"
    assert snapshot["workstreams"][0]["lead"]["job_title"] == "Head of SEND"
    assert snapshot["weaknesses"][0]["progress_summary"] == "Early days."
    assert snapshot["statement"]["title"] != "A new title"

    now = build_snapshot(plan, TODAY)
    assert [a["reference"] for a in now["actions"]] == ["4.11", "4.12"]
    assert action_in(now)["weaknesses"] == [2]
    assert action_in(now)["owner"]["job_title"] == "Director of Education"


def test_an_owner_named_since_keeps_its_name_in_a_report_of_before(plan):
    """History from before organisations outside the list were named has no name: the
    report says the name given since, not "Other partner"."""
    owner = plan.actions.get().owner
    Owner.objects.filter(pk=owner.pk).update(organisation="other", organisation_name="")
    owner.history.update(organisation="other", organisation_name="")
    with on(at(datetime.date(2026, 11, 2))):
        owner.refresh_from_db()
        owner.organisation_name = "Sutton Information, Advice and Support Service"
        owner.save()
    october = build_snapshot(plan, OCTOBER)
    expected = "Sutton Information, Advice and Support Service"
    assert action_in(october)["owner"]["organisation_label"] == expected
    assert october["workstreams"][0]["lead"]["organisation_label"] == expected


def test_an_action_deleted_after_the_day_is_still_in_the_report(plan):
    with on(at(datetime.date(2026, 10, 1))):
        extra = ActionFactory(
            statement=plan,
            workstream=plan.workstreams.get(),
            reference="4.20",
            weaknesses=[plan.weaknesses.get(number=1)],
        )
    with on(at(datetime.date(2026, 11, 3))):
        extra.delete()
    assert [a["reference"] for a in build_snapshot(plan, OCTOBER)["actions"]] == ["4.11", "4.20"]
    assert [a["reference"] for a in build_snapshot(plan, TODAY)["actions"]] == ["4.11"]


def test_figures_and_milestones_are_as_recorded_by_the_end_of_the_day(plan):
    measure = plan.measures.get()
    # September's figure comes in late, June's is corrected and the trajectory re-profiled:
    # all on 26 November.
    with on(at(TODAY, 9)):
        MeasurementFactory(
            measure=measure,
            measured_on=datetime.date(2026, 9, 30),
            value=Decimal("87"),
            recorded_at=at(TODAY, 9),
        )
        june = measure.measurements.get(measured_on=datetime.date(2026, 6, 30))
        june.value = Decimal("105")
        june.save()
        milestone = measure.milestones.get()
        milestone.value = Decimal("115")
        milestone.save()

    october = build_snapshot(plan, OCTOBER)["measures"][0]
    assert [figure["date"] for figure in october["values"]] == ["2026-06-30"]
    assert october["latest"]["value"] == "110.00"
    assert october["milestones"][0]["value"] == "100.00"

    today = build_snapshot(plan, TODAY)["measures"][0]
    assert today["latest"] == {"value": "87.00", "display": "87", "date": "2026-09-30"}
    assert [figure["value"] for figure in today["values"]] == ["105.00", "87.00"]
    assert today["milestones"][0]["value"] == "115.00"


def test_rows_written_in_bulk_with_no_history_are_read_as_they_are(plan):
    """Load-test data has no history: it cannot be dated, so it is read as it is now,
    and an action made after the day (it has its creation time) is left out."""
    workstream = plan.workstreams.get()
    fields = {
        "statement": plan,
        "workstream": workstream,
        "owner": workstream.lead,
        "description": "-",
        "summary": "-",
        "intended_outcome": "-",
        "monitoring": "-",
        "start_date": datetime.date(2026, 1, 1),
        "due_date": datetime.date(2026, 12, 31),
        "status": Action.Status.IN_PROGRESS,
    }
    before, _ = Action.objects.bulk_create(
        [
            Action(reference="4.30", title="Bulk", created_at=at(OCTOBER, 9), **fields),
            Action(reference="4.31", title="Later", created_at=at(TODAY, 9), **fields),
        ]
    )
    Action.weaknesses.through.objects.create(action=before, weakness=plan.weaknesses.get(number=2))
    snapshot = build_snapshot(plan, OCTOBER)
    assert [a["reference"] for a in snapshot["actions"]] == ["4.11", "4.30"]
    assert action_in(snapshot, "4.30")["status"] == "in_progress"
    assert action_in(snapshot, "4.30")["weaknesses"] == [2]


# Publishing ---------------------------------------------------------------------------


def test_a_report_cannot_be_as_at_a_day_before_the_statement_was_published(plan):
    with pytest.raises(ValidationError) as error:
        publish_progress_report(plan, datetime.date(2026, 1, 9), "", None, today=TODAY)
    # Outside the window too: the window's own message comes first.
    assert error.value.code == "too_early"
    plan.published_at = at(datetime.date(2026, 11, 1))
    plan.save()
    with pytest.raises(ValidationError) as error:
        publish_progress_report(plan, OCTOBER, "", None)
    assert error.value.code == "before_published"
    assert "on or after the statement was published (1 November 2026)" in error.value.messages[0]
    assert not ProgressReport.objects.exists()


def test_the_report_page_says_it_shows_the_plan_at_the_end_of_its_day(client, plan):
    november_progress(plan)
    report = publish_progress_report(plan, OCTOBER, "", None)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "It shows the plan as it stood at the end of that day, as recorded by then" in page
    assert "A figure that came in later, even one for an earlier month or quarter" in page
    assert "Two advisers started on 26 November." not in page
    assert "The job advert is written." in page


def test_a_report_published_before_says_its_actions_are_as_on_its_publishing_day(client, plan):
    snapshot = build_snapshot(plan, OCTOBER)
    snapshot["schema_version"] = 1
    older = ProgressReport.objects.create(
        statement=plan,
        as_at=OCTOBER,
        title="Progress report, 31 October 2026",
        published_at=at(datetime.date(2026, 11, 20)),
        snapshot=snapshot,
        schema_version=1,
    )
    page = client.get(older.get_absolute_url()).content.decode()
    assert "It shows each action as it was recorded when the report was published, on 20" in page
    assert "as it stood at the end of that day" not in page
    publish_progress_report(plan, TODAY, "", None)
    compare = client.get(
        reverse("public:progress_report_compare", kwargs={"slug": plan.slug})
    ).content.decode()
    assert (
        "The Progress report, 31 October 2026 shows actions as they were recorded when it was "
        "published, on 20 November 2026, not as they stood on 31 October 2026." in compare
    )


def test_the_manager_is_told_what_the_report_will_show(client, manager, plan):
    client.force_login(manager)
    url = reverse("workspace:progress_reports", kwargs={"pk": plan.pk})
    form = client.get(url).content.decode()
    assert "The report shows the plan as it stood at the end of this day" in form
    assert "as it is recorded today" not in form
    confirm = client.post(
        reverse("workspace:progress_report_publish", kwargs={"pk": plan.pk}),
        {"as_at": OCTOBER.isoformat()},
    ).content.decode()
    assert "as it stood at the end of 31 October 2026" in confirm
    assert "Anything recorded after 31 October 2026 goes in the next report." in confirm
    assert "as the public sees it now" not in confirm
