"""The dashboard: my actions first, then what needs attention; counts; filters."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.coproduction import post_comment
from actions.models import Action

from .factories import (
    ActionFactory,
    OwnerFactory,
    ProgressUpdateFactory,
    StatementFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2019, 6, 1, 12, 0, tzinfo=datetime.UTC)


def section(response, key):
    return {a.reference for a in response.context["dashboard"].section(key).actions}


@pytest.fixture
def plan(officer, lead):
    workstream = WorkstreamFactory(lead=OwnerFactory(user=lead))
    mine = OwnerFactory(user=officer)

    def make(reference, due, owner=mine, status=Action.Status.NOT_STARTED, **kwargs):
        extra = {"completed_on": datetime.date(2019, 1, 2)} if status == "complete" else {}
        return ActionFactory(
            statement=workstream.statement,
            workstream=workstream,
            reference=reference,
            owner=owner,
            start_date=datetime.date(2018, 9, 1),
            due_date=due,
            status=status,
            **extra,
            **kwargs,
        )

    late = make("1.1", datetime.date(2019, 5, 1))
    soon = make("1.2", datetime.date(2019, 6, 20))
    done = make("1.3", datetime.date(2019, 5, 1), status=Action.Status.COMPLETE)
    someone_elses = make("1.4", datetime.date(2019, 5, 1), owner=OwnerFactory())
    ProgressUpdateFactory(action=soon, created_at=NOW - datetime.timedelta(days=3))
    ProgressUpdateFactory(action=late, created_at=NOW - datetime.timedelta(days=90))
    return {"late": late, "soon": soon, "done": done, "other": someone_elses}


@time_machine.travel(NOW, tick=False)
def test_an_officer_sees_their_own_actions_sorted_into_sections(client, officer, plan):
    client.force_login(officer)
    response = client.get("/manage/")
    assert response.status_code == 200
    assert section(response, "mine") == {"1.1", "1.2", "1.3"}
    assert section(response, "overdue") == {"1.1"}
    assert section(response, "due_soon") == {"1.2"}
    assert section(response, "stale") == {"1.1"}
    assert section(response, "recent") == {"1.2"}
    assert "1.4" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_workstream_lead_sees_every_action_of_their_workstream(client, lead, plan):
    client.force_login(lead)
    response = client.get("/manage/")
    assert section(response, "mine") == {"1.1", "1.2", "1.3", "1.4"}


@time_machine.travel(NOW, tick=False)
def test_a_programme_manager_sees_everything(client, manager, plan):
    ActionFactory(reference="9.9")
    client.force_login(manager)
    response = client.get("/manage/")
    assert response.context["dashboard"].total == 5
    assert section(response, "mine") == set()


@time_machine.travel(NOW, tick=False)
def test_counts_are_shown_at_the_top(client, officer, plan):
    client.force_login(officer)
    page = client.get("/manage/").content.decode()
    assert '1</span> <span class="app-summary-counts__label">overdue' in page


@time_machine.travel(NOW, tick=False)
def test_filters_narrow_the_dashboard(client, manager, plan):
    client.force_login(manager)
    response = client.get("/manage/", {"status": "complete"})
    assert response.context["dashboard"].total == 1
    response = client.get("/manage/", {"owner": plan["other"].owner_id})
    assert response.context["dashboard"].total == 1


def test_a_bad_filter_value_is_reported_next_to_the_filter_not_an_error(client, manager, plan):
    client.force_login(manager)
    response = client.get("/manage/", {"workstream": "not-a-number", "status": "nonsense"})
    assert response.status_code == 200
    # Nothing is listed until the filter is put right: every action (or none) would
    # look like the answer. The GOV.UK error pattern says what to put right.
    page = response.content.decode()
    assert "<title>Error: Dashboard" in page
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_workstream">Choose a workstream from the list</a>' in page
    assert '<a href="#id_status">Choose a status from the list</a>' in page
    assert "app-summary-counts" not in page
    assert 'id="section-' not in page


def test_a_saved_link_to_an_owner_with_no_open_actions_lists_none(client, manager, plan):
    done_with = OwnerFactory(job_title="Former head of SEND")
    archived = StatementFactory(status="archived")
    ActionFactory(
        statement=archived, workstream=WorkstreamFactory(statement=archived), owner=done_with
    )
    client.force_login(manager)
    response = client.get("/manage/", {"owner": str(done_with.pk)})
    page = response.content.decode()
    assert "Choose an owner from the list" in page
    assert 'id="section-' not in page  # not every action, as if they were theirs


@time_machine.travel(NOW, tick=False)
def test_with_filters_the_empty_sections_say_what_is_true(client, officer, plan):
    client.force_login(officer)
    page = client.get("/manage/", {"status": "complete", "owner": str(plan["other"].owner.pk)})
    text = page.content.decode()
    assert "None of your actions match these filters." in text
    assert "You are not responsible for any action." not in text


def test_archived_statements_leave_the_dashboard(client, manager):
    ActionFactory(statement=StatementFactory(archived=True))
    client.force_login(manager)
    assert client.get("/manage/").context["dashboard"].total == 0


def test_parent_representatives_and_the_public_cannot_open_the_dashboard(client, parent):
    assert client.get("/manage/").status_code == 302
    client.force_login(parent)
    assert client.get("/manage/").status_code == 403


def test_the_dashboard_is_never_cached(client, officer):
    client.force_login(officer)
    assert "no-store" in client.get("/manage/")["Cache-Control"]


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/manage/").status_code == 200
    return len(captured)


def test_dashboard_queries_do_not_grow_with_the_number_of_actions(client, manager, officer):
    owner = OwnerFactory(user=officer)
    workstream = WorkstreamFactory(lead=owner)

    def grow(count):
        for _ in range(count):
            action = ActionFactory(
                statement=workstream.statement, workstream=workstream, owner=owner
            )
            ProgressUpdateFactory(action=action)

    grow(5)
    client.force_login(manager)
    small_manager = queries(client)
    client.force_login(officer)
    small_officer = queries(client)
    grow(150)
    client.force_login(manager)
    assert queries(client) == small_manager
    client.force_login(officer)
    assert queries(client) == small_officer


def test_each_section_shows_its_first_rows_and_links_to_all_of_them(client, manager):
    from workspace.dashboard import PAGE_SIZE, ROWS_PER_SECTION

    workstream = WorkstreamFactory()
    late = datetime.date.today() - datetime.timedelta(days=10)
    for _ in range(PAGE_SIZE + 5):
        ActionFactory(statement=workstream.statement, workstream=workstream, due_date=late)
    client.force_login(manager)

    response = client.get("/manage/")
    overdue = response.context["dashboard"].section("overdue")
    assert overdue.count == PAGE_SIZE + 5
    assert len(overdue.actions) == ROWS_PER_SECTION
    page = response.content.decode()
    assert f'href="?section=overdue">See all {PAGE_SIZE + 5}' in page

    response = client.get("/manage/", {"section": "overdue"})
    dashboard = response.context["dashboard"]
    assert [section.key for section in dashboard.sections] == ["overdue"]
    assert len(dashboard.section("overdue").actions) == PAGE_SIZE
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Overdue</h1>' in page
    assert 'href="?section=overdue&amp;page=2" rel="next"' in page
    assert "Measures you record figures for" not in page

    second = client.get("/manage/", {"section": "overdue", "page": "2"})
    assert len(second.context["dashboard"].section("overdue").actions) == 5
    shown = {a.pk for a in dashboard.section("overdue").actions}
    assert shown.isdisjoint(a.pk for a in second.context["dashboard"].section("overdue").actions)


@time_machine.travel(NOW, tick=False)
def test_a_section_page_keeps_the_filters_and_survives_junk(client, manager, plan):
    client.force_login(manager)
    response = client.get("/manage/", {"status": "not_started", "section": "overdue"})
    assert {a.reference for a in response.context["dashboard"].section("overdue").actions} == {
        "1.1",
        "1.4",
    }
    assert 'name="section" value="overdue"' in response.content.decode()  # kept by "Apply"
    for junk in ({"section": "overdue", "page": "x"}, {"section": "nonsense"}, {"page": "-1"}):
        assert client.get("/manage/", junk).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_measures_table_shows_each_measures_latest_figure(client, officer):
    from .factories import MeasurementFactory, SuccessMeasureFactory

    measure = SuccessMeasureFactory(
        owner=OwnerFactory(user=officer), unit="percentage", baseline_value=50, target_value=30
    )
    MeasurementFactory(measure=measure, measured_on=datetime.date(2019, 3, 31), value=40)
    MeasurementFactory(measure=measure, measured_on=datetime.date(2019, 4, 30), value=45)
    SuccessMeasureFactory(owner=measure.owner, reference="M9")
    client.force_login(officer)
    page = client.get("/manage/").content.decode()
    assert "45% (30 Apr 2019)" in page
    assert "No data yet" in page


def test_a_whole_section_page_has_the_same_queries_whatever_the_size(client, manager):
    workstream = WorkstreamFactory()
    late = datetime.date.today() - datetime.timedelta(days=10)

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get("/manage/", {"section": "overdue", "page": "2"})
        return len(captured)

    for _ in range(60):
        ActionFactory(statement=workstream.statement, workstream=workstream, due_date=late)
    client.force_login(manager)
    small = count()
    for _ in range(120):
        ActionFactory(statement=workstream.statement, workstream=workstream, due_date=late)
    assert count() == small


@time_machine.travel(NOW, tick=False)
def test_each_row_says_what_the_action_is_who_owns_it_and_where_it_stands(client, officer, plan):
    late, soon = plan["late"], plan["soon"]
    late.title = "Agree <b>who</b> reads EHC plans & when"
    late.revised_due_date = datetime.date(2019, 5, 20)
    late.revision_reason = "The panel meets later."
    late.status, late.confidence = Action.Status.IN_PROGRESS, Action.Confidence.AT_RISK
    late.save()
    soon.owner.job_title = "Head of SEND <Commissioning>"
    soon.owner.save()
    # Just before midnight UTC on 31 May is already 1 June in London (BST).
    ProgressUpdateFactory(
        action=soon, created_at=datetime.datetime(2019, 5, 31, 23, 30, tzinfo=datetime.UTC)
    )
    client.force_login(officer)
    page = client.get("/manage/").content.decode()

    assert (
        f'<a class="govuk-link" href="/manage/actions/{late.pk}/update/">'
        "1.1 Agree &lt;b&gt;who&lt;/b&gt; reads EHC plans &amp; when"
        '<span class="govuk-visually-hidden"> (update)</span></a>'
    ) in page
    assert '<td class="govuk-table__cell" data-label="Due">20 May 2019 (revised)</td>' in page
    assert (
        '<strong class="govuk-tag govuk-tag--blue">In progress</strong> '
        '<strong class="govuk-tag govuk-tag--red">Overdue</strong> '
        '<strong class="govuk-tag govuk-tag--yellow">At risk</strong>'
    ) in page
    assert 'data-label="Owner">Head of SEND &lt;Commissioning&gt;</td>' in page
    assert '<td class="govuk-table__cell" data-label="Due">20 Jun 2019</td>' in page
    assert 'data-label="Last update">1 Jun 2019</td>' in page

    never = ActionFactory(
        statement=late.statement, workstream=late.workstream, owner=late.owner, reference="1.5"
    )
    page = client.get("/manage/").content.decode()
    assert f'href="/manage/actions/{never.pk}/update/">1.5 ' in page
    assert 'data-label="Last update">Never</td>' in page


@time_machine.travel(NOW, tick=False)
def test_a_filter_lists_every_matching_action_even_those_in_no_section(client, manager, plan):
    # 1.3 is complete and was never updated: it is in none of the five sections.
    client.force_login(manager)
    response = client.get("/manage/", {"status": "complete"})
    dashboard = response.context["dashboard"]
    assert dashboard.total == 1
    assert [a.reference for a in dashboard.section("all").actions] == ["1.3"]
    page = response.content.decode()
    assert "Actions that match your filters" in page
    assert f'href="/manage/actions/{plan["done"].pk}/update/">1.3 ' in page
    # The count links to every action shown, filters kept.
    assert (
        'href="?status=complete&amp;section=all"><span class="app-summary-counts__number">1<'
        in (page)
    )
    whole = client.get("/manage/", {"status": "complete", "section": "all"})
    assert [a.reference for a in whole.context["dashboard"].section("all").actions] == ["1.3"]


@time_machine.travel(NOW, tick=False)
def test_without_filters_the_dashboard_does_not_repeat_every_action(client, manager, plan):
    client.force_login(manager)
    response = client.get("/manage/")
    keys = [section.key for section in response.context["dashboard"].sections]
    assert keys == ["mine", "overdue", "due_soon", "stale", "recent"]
    assert 'href="?section=all"><span class="app-summary-counts__number">4<' in (
        response.content.decode()
    )


@time_machine.travel(NOW, tick=False)
def test_with_two_statements_being_worked_on_each_row_and_option_says_which(client, manager):
    from .factories import SuccessMeasureFactory, WeaknessFactory

    first = StatementFactory(title="Sutton 2018")
    second = StatementFactory(title="Sutton 2023", draft=True)
    archived = StatementFactory(title="Old plan", archived=True)
    for statement in (first, second, archived):
        workstream = WorkstreamFactory(statement=statement, number=1, name="Information")
        WeaknessFactory(statement=statement, number=1, title="Joint working")
        ActionFactory(statement=statement, workstream=workstream, reference="1.1")
    for reference in ("M10", "M2", "M1"):
        SuccessMeasureFactory(statement=first, reference=reference)
    client.force_login(manager)
    response = client.get("/manage/")
    page = response.content.decode()
    assert ">Workstream 1: Information (Sutton 2018)</option>" in page
    assert ">Workstream 1: Information (Sutton 2023)</option>" in page
    assert ">Weakness 1: Joint working (Sutton 2023)</option>" in page
    assert "Old plan" not in page  # archived: not being worked on
    assert page.count('<span class="govuk-body-s govuk-!-display-block govuk-!-margin-0">') >= 2
    assert "Sutton 2023</span></td>" in page
    measures = [m.reference for m in response.context["measures"]]
    assert measures == ["M1", "M2", "M10"]


def test_with_one_statement_rows_and_options_do_not_repeat_its_name(client, manager, plan):
    client.force_login(manager)
    page = client.get("/manage/").content.decode()
    statement = plan["late"].statement
    assert f"({statement.title})</option>" not in page
    assert "govuk-!-display-block govuk-!-margin-0" not in page


@time_machine.travel(NOW, tick=False)
def test_actions_due_the_same_day_are_listed_in_counted_order(client, manager):
    workstream = WorkstreamFactory()
    late = datetime.date(2019, 5, 1)
    for reference in ["4.10", "4.2", "4.1", "4.11", "3.9"]:
        ActionFactory(
            statement=workstream.statement,
            workstream=workstream,
            reference=reference,
            start_date=datetime.date(2018, 9, 1),
            due_date=late,
        )
    ActionFactory(
        statement=workstream.statement,
        workstream=workstream,
        reference="1.1",
        start_date=datetime.date(2018, 9, 1),
        due_date=late - datetime.timedelta(days=1),
    )
    client.force_login(manager)

    for query in ({}, {"section": "overdue"}):
        response = client.get("/manage/", query)
        overdue = response.context["dashboard"].section("overdue").actions
        # Earliest due first; then 4.2 before 4.10, as people count.
        assert [a.reference for a in overdue] == ["1.1", "3.9", "4.1", "4.2", "4.10", "4.11"]


@time_machine.travel(NOW, tick=False)
def test_updates_are_counted_in_whole_days(client, manager):
    """Like due dates, "not updated for 30 days" moves at midnight, not by the minute."""
    from sutton_send.clock import start_of_day
    from workspace.dashboard import RECENT_DAYS, STALE_DAYS

    workstream = WorkstreamFactory()
    today = datetime.date(2019, 6, 1)
    # 1.1 was updated on the first of the last 30 days (today among them), 1.2 the
    # moment before; 1.3 on the first of the last 14 days, 1.4 the moment before.
    first_of_30 = start_of_day(today - datetime.timedelta(days=STALE_DAYS - 1))
    first_of_14 = start_of_day(today - datetime.timedelta(days=RECENT_DAYS - 1))
    moment = datetime.timedelta(microseconds=1)
    updated_at = {
        "1.1": first_of_30,
        "1.2": first_of_30 - moment,
        "1.3": first_of_14,
        "1.4": first_of_14 - moment,
    }
    for reference, moment in updated_at.items():
        action = ActionFactory(
            statement=workstream.statement,
            workstream=workstream,
            reference=reference,
            due_date=datetime.date(2019, 12, 1),
        )
        ProgressUpdateFactory(action=action, created_at=moment)
    client.force_login(manager)
    response = client.get("/manage/")
    assert section(response, "stale") == {"1.2"}
    assert section(response, "recent") == {"1.3"}


@time_machine.travel(NOW, tick=False)
def test_the_owner_filter_offers_only_owners_of_actions_being_worked_on(client, manager, plan):
    OwnerFactory(job_title="Head of nothing yet")
    archived = StatementFactory(status="archived")
    ActionFactory(
        statement=archived,
        workstream=WorkstreamFactory(statement=archived),
        owner=OwnerFactory(job_title="Head of the old plan"),
    )
    client.force_login(manager)
    page = client.get("/manage/").content.decode()
    assert f">{plan['late'].owner.job_title}, " in page
    assert "Head of nothing yet" not in page
    assert "Head of the old plan" not in page


# Comments waiting for the reader's answer -----------------------------------------


def test_the_dashboard_says_how_many_comments_wait_for_the_readers_answer(
    client, officer, manager, parent, plan
):
    """Parents "comment, and get answers": the people who answer see what waits."""
    mine, someone_elses = plan["late"], plan["other"]
    question = post_comment(mine, parent, "When does it start?")
    post_comment(mine, parent, "And who runs it?")
    post_comment(someone_elses, parent, "Is this funded?")
    client.force_login(officer)
    page = client.get("/manage/").content.decode()
    assert "2 comments are waiting for your answer." in page
    assert 'href="/review/#awaiting"' in page
    post_comment(mine, officer, "In September.", reply_to=question)
    assert "1 comment is waiting for your answer." in client.get("/manage/").content.decode()
    client.force_login(manager)  # answers anything
    assert "2 comments are waiting for your answer." in client.get("/manage/").content.decode()
