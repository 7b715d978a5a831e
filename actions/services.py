"""Steps that change several rows at once, each in one transaction.

Views and commands call these; models keep the rules about a single object.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from workstreams.models import Statement

from .models import Action, ProgressUpdate


class EditConflict(Exception):
    """Someone else changed the action after this edit began."""

    def __init__(self, action):
        super().__init__(f"Action {action.reference} was changed by someone else.")
        self.current = action


@dataclass(frozen=True)
class ProgressChange:
    """What an officer asks to change on an action in one update."""

    status: str
    confidence: str = ""
    narrative: str = ""
    public_summary: str = ""
    evidence_link: str = ""
    evidence_file: object = None
    revised_due_date: object = None
    revision_reason: str = ""
    completed_on: object = None


@transaction.atomic
def record_progress(action, author, change, *, expected_version, at=None):
    """Apply `change` to `action` and append the ProgressUpdate that records it.

    `expected_version` is the version the author's form was opened at: if the
    action has moved on since, nothing is saved and EditConflict is raised with
    the current action, so the author can see what changed and re-apply.
    """
    at = at or timezone.now()
    # The statement's row first, as every save inside a statement takes it (see
    # StatementQuerySet.lock_for_change); this also refuses an archived statement.
    Statement.objects.lock_for_change(action.statement_id)
    # Then claim the next version: a compare-and-set in one UPDATE, so of two
    # editors who opened the same version exactly one wins, on any database.
    claimed = Action.objects.filter(pk=action.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise EditConflict(Action.objects.get(pk=action.pk))
    current = Action.objects.get(pk=action.pk)

    before_status, before_confidence = current.status, current.confidence
    before_due = current.effective_due_date
    current.status = change.status
    current.confidence = change.confidence if change.status == Action.Status.IN_PROGRESS else ""
    current.completed_on = change.completed_on if change.status == Action.Status.COMPLETE else None
    if change.revised_due_date and change.revised_due_date != current.revised_due_date:
        current.revised_due_date = change.revised_due_date
        current.revision_reason = change.revision_reason
    current.updated_at = at
    current.full_clean(exclude=["weaknesses", "measures"])

    update = ProgressUpdate(
        action=current,
        author=author,
        created_at=at,
        action_version=current.version,
        status_before=before_status,
        status_after=current.status,
        confidence_before=before_confidence,
        confidence_after=current.confidence,
        due_date_before=before_due,
        due_date_after=current.effective_due_date,
        narrative=change.narrative,
        public_summary=change.public_summary,
        evidence_link=change.evidence_link,
    )
    if change.evidence_file:
        update.evidence_file = change.evidence_file
    if not (update.has_changes or update.narrative or update.public_summary or update.has_evidence):
        raise ValidationError("Change something or say what has happened.")

    current._history_user = author
    current._history_date = at
    current.save(
        update_fields=[
            "status",
            "confidence",
            "completed_on",
            "revised_due_date",
            "revision_reason",
            "updated_at",
        ]
    )
    update.save()
    return update
