from django.conf import settings
from django.db import models
from django.utils import timezone

from .action import Action


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden_at__isnull=True)


class Comment(models.Model):
    """A question or remark on an action, from a parent representative or an officer.

    Moderation hides a comment with a reason; nothing is deleted.
    """

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(max_length=5000)
    reply_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments_hidden",
    )
    hidden_reason = models.TextField(blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["action", "created_at", "pk"]
        permissions = [("moderate_comment", "Can hide comments, giving a reason")]
        constraints = [
            models.CheckConstraint(
                name="comment_body_not_blank",
                condition=~models.Q(body=""),
                violation_error_message="Enter a comment.",
            ),
            models.CheckConstraint(
                name="comment_hidden_with_reason_and_moderator",
                condition=models.Q(hidden_at__isnull=True)
                | (models.Q(hidden_by__isnull=False) & ~models.Q(hidden_reason="")),
                violation_error_message="A hidden comment needs a reason and a moderator.",
            ),
        ]

    def __str__(self):
        return f"Comment by {self.author} on {self.action.reference}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None
