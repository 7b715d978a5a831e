from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Workstream(models.Model):
    """One of the groups that delivers the plan, with parent/carer representatives."""

    statement = models.ForeignKey(
        "workstreams.Statement", on_delete=models.CASCADE, related_name="workstreams"
    )
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    purpose = models.TextField(help_text="In plain English.")
    lead = models.ForeignKey(
        "workstreams.Owner", on_delete=models.PROTECT, related_name="workstreams_led"
    )
    weaknesses = models.ManyToManyField(
        "workstreams.Weakness", related_name="workstreams", blank=True
    )
    monitoring_arrangements = models.TextField(
        help_text="How the group monitors and records the outcome of each action."
    )
    parent_representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="workstreams.WorkstreamMembership",
        related_name="represented_workstreams",
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"],
                name="workstream_number_unique_per_statement",
                violation_error_message="This statement already has a workstream with this number.",
            ),
            models.CheckConstraint(
                name="workstream_number_positive",
                condition=models.Q(number__gte=1),
                violation_error_message="Workstream numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"Workstream {self.number}: {self.name}"

    def get_absolute_url(self):
        return reverse(
            "public:workstream",
            kwargs={"slug": self.statement.slug, "number": self.number},
        )


class WorkstreamMembership(models.Model):
    """A parent/carer representative sitting on a workstream group.

    Representatives' names are never shown publicly: the public pages only say
    that the group has parent/carer representation.
    """

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workstream_memberships"
    )
    joined_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        ordering = ["workstream", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "user"],
                name="membership_unique_per_workstream",
                violation_error_message=(
                    "This person already represents parents on this workstream."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.workstream}"


def validate_same_statement(statement, weaknesses, label="weakness"):
    """Links between parts of a plan must stay inside one statement."""
    stray = [w for w in weaknesses if w.statement_id != statement.pk]
    if stray:
        raise ValidationError(
            f"Each {label} must belong to the same statement: {', '.join(map(str, stray))}."
        )
