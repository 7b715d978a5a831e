"""Published progress reports: the whole statement as the public saw it on a day.

A report is a public record, like a council's quarterly report to its board: once
published it is never changed and never deleted. The snapshot is built by
reports.snapshot and published by reports.services.publish_progress_report.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ReportIsImmutable(Exception):
    """Something tried to change or delete a published progress report."""


IMMUTABLE_MESSAGE = (
    "A published progress report is a public record: it cannot be changed or deleted. "
    "Publish a new report instead."
)


class ProgressReportQuerySet(models.QuerySet):
    def published(self):
        """Reports the public may read: those of published statements."""
        from workstreams.models import Statement

        return self.filter(statement__status=Statement.Status.PUBLISHED)

    def update(self, **kwargs):
        raise ReportIsImmutable(IMMUTABLE_MESSAGE)

    update.queryset_only = True

    def delete(self):
        raise ReportIsImmutable(IMMUTABLE_MESSAGE)

    delete.queryset_only = True


def report_title(as_at):
    """The whole date: two reports can fall in the same month."""
    return f"Progress report, {as_at:%-d %B %Y}"


class ProgressReport(models.Model):
    """An immutable snapshot of a statement "as at" a date, published for the public."""

    statement = models.ForeignKey(
        "workstreams.Statement", on_delete=models.PROTECT, related_name="progress_reports"
    )
    as_at = models.DateField(help_text="The day the report describes.")
    title = models.CharField(max_length=200)
    introduction = models.TextField(
        blank=True, help_text="In plain English, written by the programme manager."
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_reports_published",
    )
    snapshot = models.JSONField()
    schema_version = models.PositiveSmallIntegerField(
        help_text="The shape of the snapshot (reports.snapshot.SCHEMA_VERSION when published)."
    )

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "-as_at"]
        get_latest_by = "as_at"
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "as_at"],
                name="progress_report_unique_per_statement_and_day",
                violation_error_message="This statement already has a progress report as at "
                "this date.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.statement})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReportIsImmutable(IMMUTABLE_MESSAGE)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "public:progress_report",
            kwargs={"slug": self.statement.slug, "as_at": self.as_at.isoformat()},
        )

    def delete(self, *args, **kwargs):
        raise ReportIsImmutable(IMMUTABLE_MESSAGE)
