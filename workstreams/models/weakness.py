from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Weakness(models.Model):
    """A significant area of weakness the inspectors found."""

    statement = models.ForeignKey(
        "workstreams.Statement", on_delete=models.CASCADE, related_name="weaknesses"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, help_text="In plain English.")
    finding = models.TextField(help_text="What the inspectors found, in their words.")
    response = models.TextField(
        blank=True, help_text="In plain English: what the plan does about it."
    )
    # The programme manager's own account of progress, for families and for a revisit.
    progress_summary = models.TextField(
        blank=True, help_text="In plain English: how far the area has got with this weakness."
    )
    progress_summary_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    progress_summary_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["statement", "number"]
        verbose_name_plural = "weaknesses"
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"],
                name="weakness_number_unique_per_statement",
                violation_error_message="This statement already has a weakness with this number.",
            ),
            models.CheckConstraint(
                name="weakness_number_positive",
                condition=models.Q(number__gte=1),
                violation_error_message="Weakness numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"Weakness {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse(
            "public:weakness",
            kwargs={"slug": self.statement.slug, "number": self.number},
        )

    def stamp_progress_summary(self, user):
        """Record who wrote the progress summary and when (before saving a new one)."""
        self.progress_summary_updated_at = timezone.now()
        self.progress_summary_updated_by = user
