"""Reminders and digests: how often actions need an update, and who was emailed when.

A `Reminder` row is written before its email is queued, and at most one can
exist for a person, a kind of email and a statement on a given day: running
`manage.py send_reminders` twice on the same day sends nothing the second time.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .delivery import Delivery

DEFAULT_UPDATE_EVERY_DAYS = 30


class ReminderSettings(models.Model):
    """How often the actions of one statement need a progress update."""

    statement = models.OneToOneField(
        "workstreams.Statement", on_delete=models.CASCADE, related_name="reminder_settings"
    )
    update_every_days = models.PositiveSmallIntegerField(
        default=DEFAULT_UPDATE_EVERY_DAYS,
        help_text="Ask for an update after this many days without one.",
    )

    class Meta:
        verbose_name_plural = "reminder settings"
        constraints = [
            models.CheckConstraint(
                name="reminder_settings_cadence_positive",
                condition=models.Q(update_every_days__gte=1),
                violation_error_message="Updates are needed at least every day or more.",
            )
        ]

    def __str__(self):
        return f"Every {self.update_every_days} days: {self.statement}"


class ActionCadence(models.Model):
    """One action's own update cadence, in place of its statement's."""

    action = models.OneToOneField(
        "actions.Action", on_delete=models.CASCADE, related_name="cadence"
    )
    update_every_days = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="action_cadence_positive",
                condition=models.Q(update_every_days__gte=1),
                violation_error_message="Updates are needed at least every day or more.",
            )
        ]

    def __str__(self):
        return f"Every {self.update_every_days} days: {self.action}"


class DigestOptOut(models.Model):
    """Someone who does not want the weekly digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_opt_out"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self):
        return f"{self.user} does not want digests"


class ReminderQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True, gave_up_at__isnull=True)


class Reminder(Delivery):
    """One reminder or digest email: to whom, about what, and what happened when it was sent.

    The email is rendered when the row is written, so a retry sends exactly
    what was decided that day. Sending is retried like comment notifications.
    """

    class Kind(models.TextChoices):
        OWNER = "owner", "Actions you own"
        LEAD = "lead", "Your workstream's actions"
        DIGEST = "digest", "Weekly digest"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=8, choices=Kind)
    statement = models.ForeignKey(
        "workstreams.Statement", on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField(help_text="The day (in London) the reminder was decided on.")
    action_ids = models.JSONField(default=list, blank=True)
    item_count = models.PositiveIntegerField(default=0)
    to_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "statement", "sent_on"],
                name="reminder_once_per_user_kind_statement_and_day",
                violation_error_message="This person already has this reminder today.",
            ),
            models.CheckConstraint(
                name="reminder_sent_or_given_up_not_both",
                condition=models.Q(sent_at__isnull=True) | models.Q(gave_up_at__isnull=True),
                violation_error_message="A reminder is either sent or given up on.",
            ),
        ]
        indexes = [models.Index(fields=["user", "kind", "sent_on"], name="reminder_user_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to_email} on {self.sent_on:%d/%m/%Y}"
