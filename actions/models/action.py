import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from workstreams.models import Statement

from .link_history import HistoricalRecordsWithLinks, LinkSnapshot

reference_validator = RegexValidator(
    r"^\d{1,3}(\.\d{1,3}){0,2}$",
    'Enter a reference made of numbers and dots, such as "2.4".',
)


@dataclass(frozen=True)
class ProgressCounts:
    total: int
    complete: int
    in_progress: int
    not_started: int
    overdue: int

    @property
    def on_time(self):
        return self.total - self.overdue


class ActionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(statement__status=Statement.Status.PUBLISHED)

    def with_effective_due_date(self):
        return self.annotate(effective_due=Coalesce("revised_due_date", "due_date"))

    def open(self):
        return self.exclude(status=Action.Status.COMPLETE)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().with_effective_due_date().filter(effective_due__lt=today)

    def due_within(self, days, today=None):
        """Open actions due from today up to `days` days ahead (not yet overdue)."""
        today = today or timezone.localdate()
        last = today + datetime.timedelta(days=days)
        return (
            self.open()
            .with_effective_due_date()
            .filter(effective_due__gte=today, effective_due__lte=last)
        )

    def with_latest_public_summary(self):
        """Annotate each action with the newest summary written for families."""
        from .progress import ProgressUpdate

        latest = (
            ProgressUpdate.objects.filter(action=models.OuterRef("pk"))
            .exclude(public_summary="")
            .order_by("-created_at", "-pk")
        )
        return self.annotate(
            latest_public_summary=models.Subquery(latest.values("public_summary")[:1]),
            latest_public_summary_at=models.Subquery(latest.values("created_at")[:1]),
        )

    def progress_counts(self, today=None):
        """How many actions are complete, in progress, not started and overdue, in one query."""
        today = today or timezone.localdate()
        status = Action.Status
        counts = self.with_effective_due_date().aggregate(
            total=models.Count("pk"),
            complete=models.Count("pk", filter=models.Q(status=status.COMPLETE)),
            in_progress=models.Count("pk", filter=models.Q(status=status.IN_PROGRESS)),
            not_started=models.Count("pk", filter=models.Q(status=status.NOT_STARTED)),
            overdue=models.Count(
                "pk",
                filter=~models.Q(status=status.COMPLETE) & models.Q(effective_due__lt=today),
            ),
        )
        return ProgressCounts(**counts)

    def owned_by(self, user):
        """Actions this user is accountable for: as owner, or as their workstream's lead."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(owner__user=user) | models.Q(workstream__lead__user=user))


class Action(models.Model):
    """One thing the local area has done or will do, with an owner and a timescale."""

    class Phase(models.TextChoices):
        TAKEN = "taken", "Already taken"
        PLANNED = "planned", "Planned"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    class Confidence(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"

    statement = models.ForeignKey(
        "workstreams.Statement", on_delete=models.CASCADE, related_name="actions"
    )
    reference = models.CharField(max_length=12, validators=[reference_validator])
    workstream = models.ForeignKey(
        "workstreams.Workstream", on_delete=models.PROTECT, related_name="actions"
    )
    weaknesses = models.ManyToManyField("workstreams.Weakness", related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField()
    summary = models.TextField(help_text="In plain English, for families.")
    intended_outcome = models.TextField()
    monitoring = models.TextField(
        help_text="How the workstream group monitors and records the outcome."
    )
    owner = models.ForeignKey("workstreams.Owner", on_delete=models.PROTECT, related_name="actions")
    phase = models.CharField(max_length=8, choices=Phase, default=Phase.PLANNED)
    start_date = models.DateField()
    due_date = models.DateField()
    revised_due_date = models.DateField(null=True, blank=True)
    revision_reason = models.TextField(
        blank=True, help_text="Why the date changed. Shown publicly."
    )
    completed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    confidence = models.CharField(
        "delivery confidence", max_length=10, choices=Confidence, blank=True
    )
    measures = models.ManyToManyField(
        "workstreams.SuccessMeasure", related_name="actions", blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecordsWithLinks(m2m_fields=[weaknesses, measures], bases=[LinkSnapshot])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "workstream__number", "reference"]
        permissions = [
            ("record_progress", "Can record progress on actions they are responsible for"),
            ("view_internal", "Can read internal progress narratives and evidence"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "reference"],
                name="action_reference_unique_per_statement",
                violation_error_message="This statement already has an action with this reference.",
            ),
            models.CheckConstraint(
                name="action_due_not_before_start",
                condition=models.Q(due_date__gte=models.F("start_date")),
                violation_error_message="The due date cannot be before the start date.",
            ),
            models.CheckConstraint(
                name="action_revised_due_after_due",
                condition=models.Q(revised_due_date__isnull=True)
                | models.Q(revised_due_date__gt=models.F("due_date")),
                violation_error_message="A revised due date must be later than the original.",
            ),
            models.CheckConstraint(
                name="action_revision_has_reason",
                condition=models.Q(revised_due_date__isnull=True) | ~models.Q(revision_reason=""),
                violation_error_message="Give the reason the due date was revised.",
            ),
            models.CheckConstraint(
                name="action_completed_iff_complete",
                condition=models.Q(status="complete", completed_on__isnull=False)
                | (~models.Q(status="complete") & models.Q(completed_on__isnull=True)),
                violation_error_message="Give a completion date if, and only if, "
                "the action is complete.",
            ),
            models.CheckConstraint(
                name="action_confidence_only_in_progress",
                condition=models.Q(confidence="") | models.Q(status="in_progress"),
                violation_error_message="Delivery confidence applies only while "
                "an action is in progress.",
            ),
            models.CheckConstraint(
                name="action_completed_not_before_start",
                condition=models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("start_date")),
                violation_error_message="An action cannot be completed before it starts.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="action_status_due_idx"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "public:action",
            kwargs={"slug": self.statement.slug, "reference": self.reference},
        )

    @property
    def effective_due_date(self):
        return self.revised_due_date or self.due_date

    def is_overdue_on(self, day):
        return self.status != self.Status.COMPLETE and self.effective_due_date < day

    @property
    def is_overdue(self):
        return self.is_overdue_on(timezone.localdate())

    @property
    def timescale(self):
        return f"{self.start_date:%B %Y} to {self.effective_due_date:%B %Y}"

    def clean(self):
        errors = {}
        if (
            self.workstream_id
            and self.statement_id
            and self.workstream.statement_id != self.statement_id
        ):
            errors["workstream"] = ["Choose a workstream from this statement."]
        if self.status == self.Status.COMPLETE and not self.completed_on:
            errors["completed_on"] = ["Enter the date the action was completed."]
        if errors:
            raise ValidationError(errors)
