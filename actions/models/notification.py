from django.conf import settings
from django.db import models
from django.utils import timezone

from .comment import Comment
from .delivery import Delivery


class NotificationQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True, gave_up_at__isnull=True)


class Notification(Delivery):
    """An email someone is owed about a comment, and what happened when it was sent.

    Written in the same transaction as the comment, so a comment is never
    saved without its notifications; the email itself goes later, from a
    background task, which records each attempt here and retries a few times.
    """

    class Kind(models.TextChoices):
        NEW_COMMENT = "new_comment", "New comment"
        ANSWER = "answer", "Answer to a comment"

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
