from django.conf import settings
from django.db import models
from django.utils import timezone

from .comment import Comment


class NotificationQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True, gave_up_at__isnull=True)


class Notification(models.Model):
    """An email someone is owed about a comment, and what happened when it was sent.

    Written in the same transaction as the comment, so a comment is never
    saved without its notifications; the email itself goes later, from a
    background task, which records each attempt here and retries a few times.
    """

    class Kind(models.TextChoices):
        NEW_COMMENT = "new_comment", "New comment"
        ANSWER = "answer", "Answer to a comment"

    MAX_ATTEMPTS = 5

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Kind)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    to_email = models.EmailField()
    link = models.URLField(max_length=500, help_text="Where the recipient reads the comment.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "kind", "to_email"],
                name="notification_once_per_comment_kind_and_address",
                violation_error_message="This person is already told about this comment.",
            ),
            models.CheckConstraint(
                name="notification_sent_or_given_up_not_both",
                condition=models.Q(sent_at__isnull=True) | models.Q(gave_up_at__isnull=True),
                violation_error_message="A notification is either sent or given up on.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to_email}"

    @property
    def is_pending(self):
        return self.sent_at is None and self.gave_up_at is None

    def record_success(self, at):
        self.attempts += 1
        self.last_attempt_at = self.sent_at = at
        self.last_error = ""

    def record_failure(self, error, at):
        """Count a failed attempt; give up after MAX_ATTEMPTS. Returns whether to retry."""
        self.attempts += 1
        self.last_attempt_at = at
        self.last_error = f"{type(error).__name__}: {error}"[:2000]
        if self.attempts >= self.MAX_ATTEMPTS:
            self.gave_up_at = at
            return False
        return True
