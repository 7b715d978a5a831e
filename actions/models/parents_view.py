from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .action import Action


class ParentsViewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def about(self, subject):
        """Views of `subject`: an Action or a Weakness."""
        if isinstance(subject, Action):
            return self.filter(action=subject)
        return self.filter(weakness=subject)

    def newest_first(self):
        return self.order_by("-recorded_at", "-pk")


class ParentsView(models.Model):
    """The parent carer forum's assessment of an action or a weakness, in its own words.

    Recorded by a parent representative and shown inside the app beside the
    officers' delivery status. A programme manager publishes it; the public
    pages then show the newest published view, so that where parents and
    officers disagree, both can be seen. Each new assessment is a new row:
    the earlier ones stay as the record of how the forum's view changed.
    """

    class Assessment(models.TextChoices):
        DIFFERENCE = "difference", "Families are seeing a difference"
        SOME = "some", "Families are seeing some difference"
        NONE_YET = "none_yet", "Families are seeing no difference yet"

    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="parents_views"
    )
    weakness = models.ForeignKey(
        "workstreams.Weakness",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parents_views",
    )
    assessment = models.CharField(max_length=10, choices=Assessment)
    reason = models.TextField(max_length=600, help_text="In the forum's words, briefly.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="parents_views_recorded"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parents_views_published",
    )

    history = HistoricalRecords()
    objects = ParentsViewQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = "parents' view"
        verbose_name_plural = "parents' views"
        constraints = [
            models.CheckConstraint(
                name="parents_view_about_action_or_weakness",
                condition=models.Q(action__isnull=False, weakness__isnull=True)
                | models.Q(action__isnull=True, weakness__isnull=False),
                violation_error_message="A parents' view is about one action or one weakness.",
            ),
            models.CheckConstraint(
                name="parents_view_has_reason",
                condition=~models.Q(reason=""),
                violation_error_message="Give the reason for the parents' view.",
            ),
            models.CheckConstraint(
                name="parents_view_assessment_valid",
                condition=models.Q(assessment__in=["difference", "some", "none_yet"]),
                violation_error_message="Choose one of the assessments.",
            ),
            models.CheckConstraint(
                name="parents_view_published_by_someone",
                condition=models.Q(published_at__isnull=True, published_by__isnull=True)
                | models.Q(published_at__isnull=False, published_by__isnull=False),
                violation_error_message="A published view records who published it.",
            ),
        ]

    def __str__(self):
        return f"Parents' view of {self.subject_label}: {self.get_assessment_display()}"

    @property
    def subject(self):
        return self.action if self.action_id else self.weakness

    @property
    def subject_label(self):
        if self.action_id:
            return f"action {self.action.reference}"
        return f"weakness {self.weakness.number}"

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def tag_colour(self):
        """The GOV.UK tag modifier; the words always say the same as the colour."""
        return {
            self.Assessment.DIFFERENCE: "green",
            self.Assessment.SOME: "yellow",
            self.Assessment.NONE_YET: "red",
        }.get(self.assessment, "grey")
