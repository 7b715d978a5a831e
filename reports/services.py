"""Publishing a progress report: check, snapshot and store it in one transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from workstreams import freshness
from workstreams.models import Statement

from .models import ProgressReport, report_title
from .snapshot import SCHEMA_VERSION, build_snapshot

# A report describes the plan as it stood at the end of its day (reports.snapshot), so
# it can be published a little after that day: the end of the month or quarter just
# gone. It cannot be changed or deleted once published, so a date much further back,
# more likely a slip of the year than a report long overdue, is refused.
MAX_DAYS_BEFORE_PUBLISHING = 31


def check_as_at(statement, as_at, today=None):
    """Raise ValidationError (code names the problem) if a report cannot be dated `as_at`."""
    today = today or timezone.localdate()
    if as_at > today:
        raise ValidationError(
            "The date a progress report is as at must be today or in the past.", code="future"
        )
    if as_at < statement.inspection_published_on:
        raise ValidationError(
            f"The date must be on or after the inspection report was published "
            f"({statement.inspection_published_on:%-d %B %Y}).",
            code="before_inspection",
        )
    if (today - as_at).days > MAX_DAYS_BEFORE_PUBLISHING:
        raise ValidationError(
            f"The date must be within the last {MAX_DAYS_BEFORE_PUBLISHING} days, such as "
            "the last day of the month or quarter just ended.",
            code="too_early",
        )
    published_on = statement.published_at and timezone.localdate(statement.published_at)
    if published_on and as_at < published_on:
        # Before then the plan was a draft the public could not read.
        raise ValidationError(
            f"The date must be on or after the statement was published ({published_on:%-d %B %Y}).",
            code="before_published",
        )
    latest = (
        ProgressReport.objects.filter(statement=statement)
        .order_by("-as_at")
        .values_list("as_at", flat=True)
        .first()
    )
    if latest == as_at:
        raise ValidationError(
            f"A progress report as at {as_at:%-d %B %Y} is already published. Published "
            f"reports cannot be changed: choose another date.",
            code="duplicate",
        )
    if latest and as_at < latest:
        raise ValidationError(
            f"The date must be after the latest progress report's ({latest:%-d %B %Y}): "
            "reports follow one another in time.",
            code="before_latest",
        )


def publish_progress_report(statement, as_at, introduction, user, *, today=None):
    """Publish the statement's progress report as at `as_at`; returns the new report.

    Only a published statement has public progress reports. Raises
    ValidationError, and saves nothing, if the statement is not published, the
    date is in the future or before the inspection, or a report as at that date
    already exists.
    """
    with transaction.atomic():
        # Locking the statement serialises two managers publishing at once.
        current = Statement.objects.select_for_update().get(pk=statement.pk)
        if not current.is_published:
            raise ValidationError(
                "Only a published statement can have progress reports. Publish the "
                "statement first.",
                code="not_published",
            )
        check_as_at(current, as_at, today)
        try:
            with transaction.atomic():
                report = ProgressReport.objects.create(
                    statement=current,
                    as_at=as_at,
                    title=report_title(as_at),
                    introduction=introduction.strip(),
                    published_by=user,
                    snapshot=build_snapshot(current, as_at),
                    schema_version=SCHEMA_VERSION,
                )
        except IntegrityError as error:
            raise ValidationError(
                f"A progress report as at {as_at:%-d %B %Y} is already published.",
                code="duplicate",
            ) from error
        # The public statement page lists its reports: give its pages a new version.
        freshness.touch(Q(pk=current.pk))
    return report
