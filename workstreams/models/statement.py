import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Top-level paths the site uses for itself; a statement's slug must not hide them.
RESERVED_SLUGS = frozenset(
    {
        "accessibility",
        "accounts",
        "admin",
        "glossary",
        "healthz",
        "manage",
        "open-data",
        "readyz",
        "review",
        "static",
    }
)


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(f'"{value}" is used by the site itself. Choose another web address.')


class StatementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Statement.Status.PUBLISHED)

    def lock_for_change(self, pk):
        """Inside a transaction: lock the statement's row, and refuse if it is archived.

        Any change inside a statement updates this row in the end (its stamp, see
        workstreams.freshness). The spreadsheet import and the plan forms lock it first,
        then rows inside the statement; a save that took them the other way round could
        deadlock with them. So saves lock this row first: they wait for each other, and
        each sees what the one before it saved. A change that touches many statements
        (an owner, a glossary term) locks them all first, in pk order
        (workstreams.freshness.lock_statements), and so do the admin's forms
        (workstreams.admin.LocksStatementsFirst). Comments are the exception by
        design: their services lock the comment, then the statement.
        """
        statement = self.select_for_update().get(pk=pk)
        if statement.status == Statement.Status.ARCHIVED:
            raise ValidationError(
                f"“{statement.title}” was archived: it can no longer be changed.",
                code="archived",
            )
        return statement


def new_content_version():
    """A version no statement has had before: random, so it needs no order or count."""
    return uuid.uuid4().hex


class Statement(models.Model):
    """A written statement of action: a local area's answer to an inspection."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    local_area = models.CharField(max_length=100, help_text="For example, Sutton.")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_slug_not_reserved])
    summary = models.TextField(help_text="In plain English: what this statement is for.")
    inspection_published_on = models.DateField(
        help_text="When the inspection report letter was published."
    )
    submitted_on = models.DateField(null=True, blank=True)
    evaluated_on = models.DateField(null=True, blank=True)
    evaluation_outcome = models.CharField(
        max_length=200, blank=True, help_text='For example, "Fit for purpose".'
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    content_changed_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text="When anything in the statement last changed (kept by workstreams.freshness).",
    )
    content_version = models.CharField(
        max_length=32,
        default=new_content_version,
        editable=False,
        help_text=(
            "New on every change to the statement and anything in it (kept by "
            "workstreams.freshness): cache keys carry it, as two changes can share a time."
        ),
    )

    discussion_version = models.CharField(
        max_length=32,
        default=new_content_version,
        editable=False,
        help_text=(
            "New on every comment in the statement, and every answer or hidden comment "
            "(kept by workstreams.freshness): the workspace's kept dashboards carry it. "
            "Public pages never show comments, so it leaves them as they are."
        ),
    )

    history = HistoricalRecords(excluded_fields=["content_version", "discussion_version"])
    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-inspection_published_on", "title"]
        permissions = [
            ("manage_plan", "Can build, change, publish and archive statements"),
        ]
        constraints = [
            models.CheckConstraint(
                name="statement_published_has_published_at",
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                violation_error_message="A published statement needs a publication time.",
            ),
            models.CheckConstraint(
                name="statement_submitted_after_inspection",
                condition=models.Q(submitted_on__isnull=True)
                | models.Q(submitted_on__gte=models.F("inspection_published_on")),
                violation_error_message="A statement is submitted after the inspection.",
            ),
            models.CheckConstraint(
                name="statement_evaluated_after_submission",
                condition=models.Q(evaluated_on__isnull=True)
                | models.Q(submitted_on__isnull=False, evaluated_on__gte=models.F("submitted_on")),
                violation_error_message="A statement is evaluated after it is submitted.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A change to the statement's own fields is a new version too (its
        # `updated_at` says when). Set here, in the same UPDATE, so a save from a
        # stale copy never puts an old version back, not even for a moment.
        self.content_version = new_content_version()
        self.discussion_version = new_content_version()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "content_version",
                "discussion_version",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:statement", kwargs={"slug": self.slug})

    @property
    def last_changed_at(self):
        return max(self.updated_at, self.content_changed_at)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    # State changes. Each checks the transition against the current status and
    # changes the instance; the caller saves `status`, `published_at` and
    # `updated_at` (inside the transaction that locked the row).

    def publish(self, now=None):
        """Make the statement public. Raises ValidationError if it cannot be."""
        if self.status == self.Status.ARCHIVED:
            raise ValidationError(
                "An archived statement cannot be published again. It is kept as a record."
            )
        if self.status == self.Status.PUBLISHED:
            raise ValidationError("This statement is already published.")
        missing = [
            what
            for what, parts in (("a weakness", self.weaknesses), ("an action", self.actions))
            if not parts.exists()
        ]
        if missing:
            raise ValidationError(
                f"Add {' and '.join(missing)} before publishing: families would find a page "
                "that says nothing about what the inspectors found or what is being done."
            )
        self.status = self.Status.PUBLISHED
        self.published_at = now or timezone.now()

    def unpublish(self):
        """Take the statement off the public site and make it a draft again."""
        if self.status != self.Status.PUBLISHED:
            raise ValidationError(
                f"Only a published statement can be unpublished: this one is "
                f"{self.get_status_display().lower()}."
            )
        self.status = self.Status.DRAFT
        self.published_at = None

    def archive(self):
        """Keep everything as a read-only record, off the public site."""
        if self.status == self.Status.ARCHIVED:
            raise ValidationError("This statement is already archived.")
        self.status = self.Status.ARCHIVED
