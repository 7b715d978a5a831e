"""The one form an officer fills in to update an action."""

from django import forms
from django.utils import timezone

from actions.models import Action
from actions.services import ProgressChange

from .evidence import EvidenceFileField
from .govuk import GovukForm


class ProgressForm(GovukForm):
    status = forms.ChoiceField(choices=Action.Status.choices, widget=forms.RadioSelect)
    confidence = forms.ChoiceField(
        label="Delivery confidence",
        choices=Action.Confidence.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only while the action is in progress: will it be done by its due date?",
    )
    public_summary = forms.CharField(
        label="Summary for families",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text="Published on the website. Say what has happened and what it means for "
        "children and families, in plain English.",
    )
    narrative = forms.CharField(
        label="Progress notes (internal)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10000,
        help_text="Seen by officers, programme managers and parent representatives, "
        "never published.",
    )
    evidence_link = forms.URLField(
        label="Link to evidence",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example, a link to minutes or a report on the council's intranet.",
    )
    evidence_file = EvidenceFileField(label="Evidence file", required=False)
    revised_due_date = forms.DateField(
        label="New due date",
        required=False,
        help_text="Only if the action will finish later than planned. The new date and "
        "the reason are published.",
    )
    revision_reason = forms.CharField(
        label="Why the due date has changed",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )
    completed_on = forms.DateField(
        label="Date completed", required=False, help_text="Only when the action is complete."
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, action, **kwargs):
        self.action = action
        # Whether the due date is left as it was (clean): the conflict page then shows
        # the one saved now, so a date someone else set is never taken back unseen.
        self.keeps_due_date = False
        kwargs.setdefault(
            "initial",
            {
                "status": action.status,
                "confidence": action.confidence,
                "revised_due_date": action.revised_due_date,
                "revision_reason": action.revision_reason,
                "completed_on": action.completed_on,
                "version": action.version,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        status = data.get("status")
        action = self.action
        today = timezone.localdate()
        if status == Action.Status.IN_PROGRESS and not data.get("confidence"):
            self.add_error("confidence", "Select how confident you are it will be done on time.")
        if status == Action.Status.COMPLETE:
            completed = data.get("completed_on")
            if not completed:
                self.add_error("completed_on", "Enter the date the action was completed.")
            elif completed > today:
                self.add_error("completed_on", "The completion date cannot be in the future.")
            elif completed < action.start_date:
                self.add_error(
                    "completed_on",
                    f"The completion date cannot be before the action started "
                    f"({action.start_date:%-d %B %Y}).",
                )
        revised = data.get("revised_due_date")
        reason = data.get("revision_reason", "").strip()
        shown = self._as_shown(data.get("version"))
        if revised and revised != shown.revised_due_date:
            if revised <= action.due_date:
                self.add_error(
                    "revised_due_date",
                    f"The new due date must be after the original due date "
                    f"({action.due_date:%-d %B %Y}).",
                )
            elif revised < today:
                # It would be published as the plan, and be overdue the moment it is.
                self.add_error("revised_due_date", "The new due date cannot be in the past.")
            if not reason:
                self.add_error("revision_reason", "Say why the due date has changed.")
        else:
            posted = self.add_prefix("revision_reason") in self.data
            if posted and reason != shown.revision_reason.strip():
                # The published reason explains the date it was given with.
                self.add_error(
                    "revision_reason",
                    "The reason can only change with the due date. Give a new due date, "
                    "or leave the reason as it was.",
                )
            else:
                # Left as it was: the due date stays as saved now, whoever saved it. A
                # revised date is public history: it can move again, never disappear.
                data["revised_due_date"] = action.revised_due_date
                data["revision_reason"] = action.revision_reason
                self.keeps_due_date = True
        # "On track" means done by the due date: not once that date has passed.
        due = data.get("revised_due_date") or action.effective_due_date
        on_track = data.get("confidence") == Action.Confidence.ON_TRACK
        if status == Action.Status.IN_PROGRESS and on_track and due < today:
            self.add_error(
                "confidence",
                f"This action was due on {due:%-d %B %Y}, so it cannot be on track. "
                "Choose at risk or off track, or give a new due date below.",
            )
        return data

    def _as_shown(self, version):
        """The action as this person's form showed it: at the version they opened.

        If someone else saved since, the save stops on the version (EditConflict) and
        the conflict page follows; until then, a due date or reason they set must not
        read as this person's change.
        """
        if version is None or version == self.action.version:
            return self.action
        history = self.action.history.filter(version=version).order_by("-history_date")
        return history.only("revised_due_date", "revision_reason").first() or self.action

    def change(self):
        data = self.cleaned_data
        revised = data.get("revised_due_date")
        moved = revised and revised != self.action.revised_due_date
        return ProgressChange(
            status=data["status"],
            confidence=data.get("confidence") or "",
            narrative=data.get("narrative", "").strip(),
            public_summary=data.get("public_summary", "").strip(),
            evidence_link=data.get("evidence_link", ""),
            evidence_file=data.get("evidence_file"),
            revised_due_date=revised if moved else None,
            revision_reason=data.get("revision_reason", "").strip() if moved else "",
            completed_on=data.get("completed_on"),
        )
