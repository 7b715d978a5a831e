"""The questions pages ask of actions and statements."""

import datetime

import pytest
import time_machine

from actions.models import Action
from workstreams.models import Statement

from .factories import ActionFactory, OwnerFactory, StatementFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2019, 6, 1)


def make(due, status=Action.Status.NOT_STARTED, revised=None, **kwargs):
    extra = {}
    if status == Action.Status.COMPLETE:
        extra["completed_on"] = datetime.date(2019, 1, 1)
    if revised:
        extra.update(revised_due_date=revised, revision_reason="Recruitment took longer.")
    return ActionFactory(
        start_date=datetime.date(2018, 9, 1), due_date=due, status=status, **extra, **kwargs
    )


def test_published_statements_exclude_drafts_and_archived_ones():
    published = StatementFactory()
    StatementFactory(draft=True)
    StatementFactory(archived=True)
    assert list(Statement.objects.published()) == [published]


def test_published_actions_are_those_of_published_statements():
    visible = ActionFactory()
    ActionFactory(statement=StatementFactory(draft=True))
    assert list(Action.objects.published()) == [visible]


def test_an_open_action_past_its_due_date_is_overdue():
    late = make(datetime.date(2019, 5, 31))
    make(datetime.date(2019, 6, 1))  # due today: not late yet
    make(datetime.date(2019, 5, 1), status=Action.Status.COMPLETE)
    assert list(Action.objects.overdue(today=TODAY)) == [late]


def test_a_revised_due_date_moves_the_deadline():
    revised = make(datetime.date(2019, 3, 31), revised=datetime.date(2019, 9, 30))
    assert not Action.objects.overdue(today=TODAY).filter(pk=revised.pk).exists()
    assert not revised.is_overdue_on(TODAY)
    assert revised.is_overdue_on(datetime.date(2019, 10, 1))


@time_machine.travel(datetime.datetime(2019, 6, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_is_overdue_uses_today_in_london():
    assert make(datetime.date(2019, 5, 31)).is_overdue
    assert not make(datetime.date(2019, 6, 1)).is_overdue


def test_due_within_counts_from_today_and_ignores_late_and_complete_actions():
    soon = make(datetime.date(2019, 6, 30))
    today = make(datetime.date(2019, 6, 1))
    make(datetime.date(2019, 7, 2))  # 31 days away
    make(datetime.date(2019, 5, 31))  # already overdue
    make(datetime.date(2019, 6, 10), status=Action.Status.COMPLETE)
    found = set(Action.objects.due_within(30, today=TODAY))
    assert found == {soon, today}


def test_owned_by_finds_actions_a_user_owns_or_leads(officer, lead, outsider):
    workstream = WorkstreamFactory(lead=OwnerFactory(user=lead))
    mine = ActionFactory(
        statement=workstream.statement, workstream=workstream, owner=OwnerFactory(user=officer)
    )
    in_led = ActionFactory(statement=workstream.statement, workstream=workstream)
    ActionFactory()
    assert set(Action.objects.owned_by(officer)) == {mine}
    assert set(Action.objects.owned_by(lead)) == {mine, in_led}
    assert not Action.objects.owned_by(outsider).exists()


def test_owned_by_gives_nothing_for_the_public():
    from django.contrib.auth.models import AnonymousUser

    ActionFactory()
    assert not Action.objects.owned_by(AnonymousUser()).exists()


def test_progress_counts_add_up_in_one_query(django_assert_num_queries):
    make(datetime.date(2019, 5, 1))  # not started, overdue
    make(datetime.date(2019, 9, 1), status=Action.Status.IN_PROGRESS)
    make(datetime.date(2019, 5, 1), status=Action.Status.COMPLETE)
    with django_assert_num_queries(1):
        counts = Action.objects.progress_counts(today=TODAY)
    assert (counts.total, counts.complete, counts.in_progress, counts.not_started) == (3, 1, 1, 1)
    assert counts.overdue == 1


def test_latest_public_summary_ignores_internal_only_updates():
    from .factories import ProgressUpdateFactory

    action = ActionFactory()
    ProgressUpdateFactory(
        action=action,
        public_summary="Advisers recruited.",
        created_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
    )
    ProgressUpdateFactory(
        action=action,
        public_summary="",
        narrative="Internal only",
        created_at=datetime.datetime(2019, 2, 1, tzinfo=datetime.UTC),
    )
    annotated = Action.objects.with_latest_public_summary().get(pk=action.pk)
    assert annotated.latest_public_summary == "Advisers recruited."
