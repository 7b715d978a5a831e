"""A step that writes several rows, failing part of the way, leaves nothing written.

Each forces a failure that can really happen after the first row is written: the
disk refusing an evidence file, the database refusing a row. The step's
transaction (actions/services.py, actions/coproduction.py, the plan forms'
ConcurrencyGuardMixin) takes back what it had written.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from actions import coproduction
from actions.coproduction import post_comment
from actions.models import Action, Comment, ProgressUpdate
from actions.services import ProgressChange, record_progress
from workspace.forms.plan import ActionForm

from .factories import ParentRepresentativeFactory, SuccessMeasureFactory
from .form_pages import form_values_of

pytestmark = pytest.mark.django_db


def test_an_update_whose_evidence_file_cannot_be_stored_changes_nothing(
    officer, action, monkeypatch
):
    field = ProgressUpdate._meta.get_field("evidence_file")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(field.storage, "save", disk_full)
    before = (action.status, action.confidence, action.version, action.history.count())
    with pytest.raises(OSError):
        record_progress(
            action,
            officer,
            ProgressChange(
                status=Action.Status.IN_PROGRESS,
                confidence=Action.Confidence.AT_RISK,
                narrative="Minutes attached.",
                evidence_file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes"),
            ),
            expected_version=action.version,
        )
    action.refresh_from_db()
    assert (action.status, action.confidence, action.version, action.history.count()) == before
    assert not ProgressUpdate.objects.exists()


def test_an_answer_whose_emails_cannot_be_queued_answers_nothing(officer, action, monkeypatch):
    parent = ParentRepresentativeFactory()
    question = post_comment(action, parent, "When?")

    def refused(*args, **kwargs):
        raise DatabaseError("could not write the notification")

    monkeypatch.setattr(coproduction, "_queue_notifications", refused)
    with pytest.raises(DatabaseError):
        post_comment(action, officer, "In September.", reply_to=question, page_url="http://x/")
    question.refresh_from_db()
    assert question.awaits_answer and question.answer_id is None
    assert list(Comment.objects.all()) == [question]


def test_a_plan_edit_whose_links_cannot_be_saved_changes_nothing(manager, action, monkeypatch):
    measure = SuccessMeasureFactory(statement=action.statement)
    form = ActionForm(instance=action)
    data = form_values_of(form) | {"title": "New title", "measures": [str(measure.pk)]}
    form = ActionForm(data, instance=action)
    assert form.is_valid(), form.errors

    def refused(self):
        raise DatabaseError("could not write the links")

    monkeypatch.setattr(ActionForm, "_save_m2m", refused)
    records = action.history.count()
    with pytest.raises(DatabaseError):
        form.save()
    action = Action.objects.get(pk=action.pk)
    assert action.title != "New title"
    assert not action.measures.exists()
    assert action.history.count() == records
