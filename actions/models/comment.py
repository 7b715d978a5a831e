from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .action import Action


def answers_q(user):
    """A Q over Comment: those on what `user` is responsible for, whose answer counts
    as the answer (the action's owner, its workstream's lead, the measure's owner)."""
    return (
        models.Q(action__owner__user=user)
        | models.Q(action__workstream__lead__user=user)
        | models.Q(measure__owner__user=user)
    )


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden_at__isnull=True)

    def about(self, subject):
        """Comments on `subject`: an Action or a SuccessMeasure."""
        if isinstance(subject, Action):
            return self.filter(action=subject)
        return self.filter(measure=subject)

    def awaiting_answer(self):
        """Comments nobody responsible has answered yet (hidden ones wait for nothing)."""
        return self.filter(is_answer=False, answered_at__isnull=True, hidden_at__isnull=True)

    def for_answer_by(self, user):
        """Comments `user` answers: on their actions, their workstreams' actions and
        their measures (answers_q); a programme manager answers any."""
        if user.has_perm("workstreams.manage_plan"):
            return self
        return self.filter(answers_q(user))

    def in_active_statements(self):
        from workstreams.models import Statement

        archived = Statement.Status.ARCHIVED
        return self.exclude(action__statement__status=archived).exclude(
            measure__statement__status=archived
        )


class Comment(models.Model):
    """A question or remark on an action or a measure, from a parent representative or an officer.

    Comments form flat threads: a reply points at the thread's first comment.
    A comment waits for an answer until someone responsible for its subject
    (the action's owner, its workstream lead, the measure's owner, or a
    programme manager) replies in its thread; that reply is the answer, and
    when it came is kept, so the time to answer is known. Comments from those
    people are answers themselves and wait for nothing.

    Moderation hides a comment with a reason; nothing is deleted.
    """

    class Role(models.TextChoices):
        PARENT_REPRESENTATIVE = "parent_rep", "Parent representative"
        OFFICER = "officer", "Officer"
        PROGRAMME_MANAGER = "manager", "Programme manager"

    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    measure = models.ForeignKey(
        "workstreams.SuccessMeasure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    author_role = models.CharField(
        max_length=10,
        choices=Role,
        blank=True,
        help_text="The role the author held when posting, taken from their permissions.",
    )
    body = models.TextField(max_length=5000)
    reply_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    is_answer = models.BooleanField(
        default=False,
        help_text="Posted by someone responsible for the subject, so it answers its thread.",
    )
    answer = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_comments",
        help_text="The reply that first answered this comment.",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments_hidden",
    )
    hidden_reason = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("moderate_comment", "Can hide comments, giving a reason")]
        indexes = [
            models.Index(fields=["author", "created_at"], name="comment_author_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="comment_about_action_or_measure",
                condition=models.Q(action__isnull=False, measure__isnull=True)
                | models.Q(action__isnull=True, measure__isnull=False),
                violation_error_message="A comment is about one action or one measure.",
            ),
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
            models.CheckConstraint(
                name="comment_answered_by_an_answer",
                condition=models.Q(answered_at__isnull=True, answer__isnull=True)
                | models.Q(answered_at__isnull=False, answer__isnull=False),
                violation_error_message="An answered comment records its answer and when.",
            ),
            models.CheckConstraint(
                name="comment_answers_wait_for_nothing",
                condition=models.Q(is_answer=False) | models.Q(answered_at__isnull=True),
                violation_error_message="An answer does not itself wait for an answer.",
            ),
            models.CheckConstraint(
                name="comment_answered_after_posted",
                condition=models.Q(answered_at__isnull=True)
                | models.Q(answered_at__gte=models.F("created_at")),
                violation_error_message="A comment is answered after it is posted.",
            ),
        ]

    def __str__(self):
        return f"Comment by {self.author} on {self.subject_label}"

    @property
    def subject(self):
        return self.action if self.action_id else self.measure

    @property
    def subject_label(self):
        if self.action_id:
            return f"action {self.action.reference}"
        return f"measure {self.measure.reference}"

    @property
    def statement_id(self):
        return self.subject.statement_id

    @property
    def thread_id(self):
        return self.reply_to_id or self.pk

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def answers_its_thread(self):
        """A reply from someone responsible: it answers the comments waiting in its thread.

        Their first comment of a thread waits for nothing (`is_answer`), but it answers
        nothing either: it is a comment, and is never shown or announced as an answer.
        """
        return self.is_answer and self.reply_to_id is not None

    @property
    def awaits_answer(self):
        return not self.is_answer and self.answered_at is None and not self.is_hidden

    @property
    def time_to_answer(self):
        return self.answered_at - self.created_at if self.answered_at else None

    def clean(self):
        if self.reply_to_id:
            parent = self.reply_to
            if parent.reply_to_id is not None:
                raise ValidationError({"reply_to": "Reply to the first comment of a thread."})
            if (parent.action_id, parent.measure_id) != (self.action_id, self.measure_id):
                raise ValidationError(
                    {"reply_to": "A reply is about the same thing as its thread."}
                )
