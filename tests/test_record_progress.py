"""actions.services.record_progress: one service function records every change."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action, ProgressUpdate
from actions.services import EditConflict, ProgressChange, record_progress
from workstreams.models import Statement

pytestmark = pytest.mark.django_db


def start(action, author, **kwargs):
    change = ProgressChange(
        status=Action.Status.IN_PROGRESS, confidence=Action.Confidence.ON_TRACK, **kwargs
    )
    return record_progress(action, author, change, expected_version=action.version)


def test_an_update_changes_the_action_and_records_before_and_after(action, officer):
    update = start(action, officer, narrative="Panel booked", public_summary="Recruiting now")
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert action.confidence == Action.Confidence.ON_TRACK
    assert action.version == 2
    assert (update.status_before, update.status_after) == ("not_started", "in_progress")
    assert (update.confidence_before, update.confidence_after) == ("", "on_track")
    assert update.author == officer
    assert update.public_summary == "Recruiting now"


def test_each_save_appends_a_new_update_and_keeps_the_old_ones(action, officer):
    start(action, officer, public_summary="Recruiting now")
    action.refresh_from_db()
    record_progress(
        action,
        officer,
        ProgressChange(status=Action.Status.COMPLETE, completed_on=datetime.date(2019, 2, 1)),
        expected_version=action.version,
    )
    assert ProgressUpdate.objects.filter(action=action).count() == 2
    action.refresh_from_db()
    assert action.completed_on == datetime.date(2019, 2, 1)
    assert action.confidence == ""  # confidence only applies while in progress


def test_a_stale_form_raises_a_conflict_and_saves_nothing(action, officer, lead):
    opened_at = action.version
    start(action, lead, public_summary="The lead's update")
    with pytest.raises(EditConflict) as conflict:
        record_progress(
            action,
            officer,
            ProgressChange(status=Action.Status.NOT_STARTED, narrative="Officer's note"),
            expected_version=opened_at,
        )
    assert conflict.value.current.status == Action.Status.IN_PROGRESS
    assert conflict.value.current.version == opened_at + 1
    assert ProgressUpdate.objects.filter(action=action).count() == 1


def test_a_revised_due_date_is_recorded_with_its_reason(action, manager):
    update = start(
        action,
        manager,
        revised_due_date=datetime.date(2019, 9, 30),
        revision_reason="Recruitment took longer.",
    )
    action.refresh_from_db()
    assert action.revised_due_date == datetime.date(2019, 9, 30)
    assert action.revision_reason == "Recruitment took longer."
    assert update.due_date_before == datetime.date(2019, 3, 31)
    assert update.due_date_after == datetime.date(2019, 9, 30)


def test_an_invalid_change_saves_nothing_at_all(action, officer):
    bad = ProgressChange(status=Action.Status.COMPLETE, completed_on=None)
    with pytest.raises(ValidationError):
        record_progress(action, officer, bad, expected_version=action.version)
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED
    assert action.version == 1
    assert not ProgressUpdate.objects.exists()


def test_an_update_that_changes_and_says_nothing_is_refused(action, officer):
    with pytest.raises(ValidationError, match="Change something"):
        record_progress(
            action,
            officer,
            ProgressChange(status=action.status),
            expected_version=action.version,
        )
    action.refresh_from_db()
    assert action.version == 1


def test_history_records_who_changed_the_action(action, officer):
    start(action, officer, public_summary="Recruiting now")
    latest = action.history.latest()
    assert latest.history_user == officer
    assert latest.status == Action.Status.IN_PROGRESS


def test_an_update_to_a_statement_archived_since_the_form_opened_saves_nothing(action, officer):
    Statement.objects.filter(pk=action.statement_id).update(status=Statement.Status.ARCHIVED)
    with pytest.raises(ValidationError) as refused:
        start(action, officer, narrative="Panel booked")
    assert refused.value.messages == [
        f"“{action.statement.title}” was archived: it can no longer be changed."
    ]
    assert not ProgressUpdate.objects.exists()
    assert Action.objects.get(pk=action.pk).version == action.version
