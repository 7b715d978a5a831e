from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .comment import Comment


class YouSaidWeDidQuerySet(models.QuerySet):
    def public(self):
        """Entries the public may read: published, not withdrawn, nothing in them hidden,
        in a published statement."""
        from workstreams.models import Statement

        published = Statement.Status.PUBLISHED
        return self.filter(
            withdrawn_at__isnull=True,
            comment__hidden_at__isnull=True,
            answer__hidden_at__isnull=True,
        ).filter(
            models.Q(comment__action__statement__status=published)
            | models.Q(comment__measure__statement__status=published)
        )

    def for_statement(self, statement):
        return self.filter(
            models.Q(comment__action__statement=statement)
            | models.Q(comment__measure__statement=statement)
        )


class YouSaidWeDid(models.Model):
    """A comment and its answer, published on the public "You said, we did" page.

    The public reads the programme manager's wording of both (`you_said`,
    `we_did`), never the comment itself or who wrote it, and only with the
    author's consent, which is recorded here. Withdrawing takes it off the
    public page and keeps the record.
    """

    comment = models.OneToOneField(Comment, on_delete=models.PROTECT, related_name="you_said")
    answer = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="+")
    you_said = models.TextField(
        max_length=1000, help_text="What parents said, as the public will read it."
    )
    we_did = models.TextField(
        max_length=2000, help_text="What was done about it, in plain English."
    )
    consent_note = models.CharField(
        max_length=300, help_text="How and when the comment's author agreed to publication."
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="you_said_published"
    )
    published_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = YouSaidWeDidQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "you said, we did entry"
        verbose_name_plural = "you said, we did entries"
        constraints = [
            models.CheckConstraint(
                name="you_said_has_wording",
                condition=~models.Q(you_said="") & ~models.Q(we_did=""),
                violation_error_message="Write what parents said and what was done.",
            ),
            models.CheckConstraint(
                name="you_said_has_consent",
                condition=~models.Q(consent_note=""),
                violation_error_message="Record how the author agreed to publication.",
            ),
            models.CheckConstraint(
                name="you_said_withdrawn_by_someone",
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                violation_error_message="A withdrawn entry records who withdrew it.",
            ),
        ]

    def __str__(self):
        return f"You said, we did: {self.you_said[:60]}"

    @property
    def is_public(self):
        return self.withdrawn_at is None

    @property
    def anchor(self):
        return f"you-said-{self.pk}"

    def clean(self):
        if (
            self.comment_id
            and self.answer_id
            and (self.answer.reply_to_id != self.comment.thread_id or not self.answer.is_answer)
        ):
            raise ValidationError({"answer": "Choose an answer from the comment’s thread."})
