"""A dashboard is rendered once for each version of what it is built from.

The clock is stopped in these tests: the statements' versions, not the time,
must tell a changed dashboard from the one kept.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.coproduction import hide_comment, post_comment
from actions.models import Action
from actions.roles import OFFICERS
from actions.services import ProgressChange, record_progress
from workstreams.models import Statement

from .factories import (
    ActionFactory,
    MeasurementFactory,
    OwnerFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WorkstreamFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stopped_clock")]
NOW = datetime.datetime(2019, 6, 1, 12, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


@pytest.fixture
def stopped_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def action(officer):
    workstream = WorkstreamFactory(name="Early help")
    action = ActionFactory(
        statement=workstream.statement,
        workstream=workstream,
        reference="1.1",
        title="Train every SENCO",
        owner=OwnerFactory(user=officer, job_title="Head of SEND"),
        start_date=datetime.date(2018, 9, 1),
        due_date=TODAY,
    )
    measure = SuccessMeasureFactory(
        statement=action.statement, owner=action.owner, reference="M1", unit="count"
    )
    action.measures.add(measure)
    return action


def get(client, query=None):
    """The dashboard's content (the page's <main>), the queries it took, and
    whether it was built (not kept)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/manage/", query or {})
    assert response.status_code == 200
    built = response.context is not None and "dashboard" in response.context
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")], len(queries), built


def test_a_dashboard_seen_again_is_not_built_again(client, officer, action):
    client.force_login(officer)
    page, built_queries, built = get(client)
    assert built and "Train every SENCO" in page
    again, kept_queries, built = get(client)
    assert not built
    assert again == page
    # The signed-in floor (session, user, device, permissions) and the versions.
    assert kept_queries == 5 < built_queries


def test_every_comment_answer_and_hidden_comment_is_shown_at_once(
    client, officer, parent, manager, action
):
    """Comments leave the public pages as they are, but the dashboard counts those
    waiting for the reader's answer: each moves the statement's discussion version."""
    client.force_login(officer)
    page, _, _ = get(client)
    assert "waiting for your answer" not in page
    question = post_comment(action, parent, "When does training start?")
    other = post_comment(action, parent, "Who runs it?")
    page, _, built = get(client)
    assert built and "2 comments are waiting for your answer." in page
    post_comment(action, officer, "In March.", reply_to=question)
    page, _, built = get(client)
    assert built and "1 comment is waiting for your answer." in page
    hide_comment(other, manager, "Names a school.")
    page, _, built = get(client)
    assert built and "waiting for your answer" not in page


def test_a_kept_dashboard_costs_the_same_whatever_the_size(client, manager, action):
    client.force_login(manager)
    get(client)
    small = get(client)[1]
    for number in range(2, 40):
        ActionFactory(
            statement=action.statement, workstream=action.workstream, reference=f"1.{number}"
        )
    get(client)
    assert get(client)[1] == small


def record(action, author, status=Action.Status.IN_PROGRESS):
    record_progress(
        action,
        author,
        ProgressChange(status=status, confidence=Action.Confidence.AT_RISK),
        expected_version=action.version,
    )


def update_recorded(action, manager):
    record(action, manager)
    return "At risk"


def title_edited(action, manager):
    action.title = "Train every SENCO and every teaching assistant"
    action.save()
    return "every teaching assistant"


def action_added(action, manager):
    ActionFactory(
        statement=action.statement,
        workstream=action.workstream,
        owner=action.owner,
        reference="1.2",
        title="Publish the local offer",
    )
    return "Publish the local offer"


def owner_renamed(action, manager):
    action.owner.job_title = "Director of inclusion"
    action.owner.save()
    return "Director of inclusion"


def figure_recorded(action, manager):
    MeasurementFactory(
        measure=action.measures.get(), measured_on=datetime.date(2019, 5, 31), value=Decimal(87)
    )
    return "87 (31 May 2019)"


def workstream_renamed(action, manager):
    action.workstream.name = "Joint commissioning"
    action.workstream.save()
    return f"Workstream {action.workstream.number}: Joint commissioning"


def second_statement_drafted(action, manager):
    other = StatementFactory(title="Second statement", status=Statement.Status.DRAFT)
    workstream = WorkstreamFactory(statement=other)
    ActionFactory(statement=other, workstream=workstream, owner=action.owner, title="Hire a tutor")
    return "Hire a tutor"


@pytest.mark.parametrize(
    "change",
    [
        update_recorded,
        title_edited,
        action_added,
        owner_renamed,
        figure_recorded,
        workstream_renamed,
        second_statement_drafted,
    ],
)
@pytest.mark.parametrize("reader", ["officer", "manager"])
def test_every_change_shows_on_the_next_load(client, request, reader, manager, action, change):
    client.force_login(request.getfixturevalue(reader))
    get(client)
    shown = change(action, manager)
    page, _, built = get(client)
    assert built
    assert shown in page


def test_an_archived_statement_leaves_the_dashboard_at_once(client, manager, action):
    client.force_login(manager)
    assert "Train every SENCO" in get(client)[0]
    statement = action.statement
    statement.status = Statement.Status.ARCHIVED
    statement.save()
    assert "Train every SENCO" not in get(client)[0]


def test_a_statement_saved_from_a_stale_copy_still_gets_a_new_version(action, manager):
    stale = Statement.objects.get(pk=action.statement_id)
    before = stale.content_version
    record(action, manager)
    touched = Statement.objects.get(pk=action.statement_id).content_version
    assert touched != before
    stale.title = "A new title"
    stale.save()  # writes its old version back: a new one must replace it
    assert Statement.objects.get(pk=action.statement_id).content_version not in (before, touched)


def test_each_reader_has_their_own_dashboard(client, officer, lead, action):
    theirs = ActionFactory(
        statement=action.statement,
        workstream=action.workstream,
        owner=OwnerFactory(user=lead),
        title="Review the EHCP hub",
    )
    client.force_login(lead)
    assert theirs.title in get(client)[0]
    client.force_login(officer)  # in the same role, with other actions
    page, _, built = get(client)
    assert built
    assert theirs.title not in page
    assert action.title in page


def test_a_reader_who_changes_role_sees_their_new_dashboard(client, manager, action):
    ActionFactory(statement=action.statement, workstream=action.workstream, title="Hire a tutor")
    client.force_login(manager)
    assert "Hire a tutor" in get(client)[0]
    manager.groups.set([Group.objects.get(name=OFFICERS)])
    page, _, built = get(client)
    assert built
    assert "Hire a tutor" not in page


def test_the_officer_who_no_longer_owns_an_action_loses_it(client, officer, action):
    client.force_login(officer)
    assert "Train every SENCO" in get(client)[0]
    action.owner.user = None
    action.owner.save()
    assert "Train every SENCO" not in get(client)[0]


def test_filters_each_have_their_own_dashboard(client, manager, action):
    client.force_login(manager)
    get(client)
    page, _, built = get(client, {"status": Action.Status.COMPLETE})
    assert built
    assert "No action matches these filters." in page


def test_an_action_falls_overdue_at_midnight(client, officer, action, stopped_clock):
    client.force_login(officer)
    assert "No action is overdue." in get(client)[0]
    stopped_clock.move_to(NOW + datetime.timedelta(days=1))
    client.force_login(officer)  # the session has lapsed overnight
    page, _, built = get(client)
    assert built
    assert "No action is overdue." not in page


def test_a_cache_that_is_down_slows_the_dashboard_but_never_breaks_it(
    client, officer, action, monkeypatch
):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    client.force_login(officer)
    assert "Train every SENCO" in get(client)[0]


def test_the_dashboard_cache_can_be_switched_off(client, officer, action, settings):
    settings.DASHBOARD_CACHE = False
    client.force_login(officer)
    get(client)
    assert get(client)[2]


def test_an_owner_renamed_in_the_admin_shows_on_the_next_load(
    client, admin_client, officer, action
):
    from .form_pages import form_values_of

    client.force_login(officer)
    get(client)
    page = f"/admin/workstreams/owner/{action.owner.pk}/change/"
    data = form_values_of(admin_client.get(page).context["adminform"].form) | {
        "job_title": "Director of inclusion"
    }
    assert admin_client.post(page, data).status_code == 302
    assert "Director of inclusion" in get(client)[0]


def test_parameters_the_dashboard_does_not_read_share_its_kept_copy(client, officer, action):
    client.force_login(officer)
    page, _, built = get(client)
    again, _, built = get(client, {"utm_source": "email"})
    assert not built
    assert again == page
