import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from .action import Action


def evidence_storage():
    return storages["evidence"]


# A file name may be at most 255 bytes on common filesystems (ext4, XFS, APFS), whatever
# the characters; the storage may add "_" and 7 random characters to avoid a clash.
EVIDENCE_NAME_BYTES = 200
EVIDENCE_EXTENSION_BYTES = 16
UNSAFE_NAME_CHARACTERS = re.compile(r"[^-\w.]")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _truncate(text, limit):
    """`text` cut to at most `limit` bytes of UTF-8, never in the middle of a character."""
    return text.encode()[:limit].decode(errors="ignore")


def evidence_filename(filename):
    """The name an evidence file is stored (and downloaded) under.

    The officer's own name, as far as it is safe: letters, digits, "-", "_" and "." only
    (spaces become "_"), short enough in bytes for any filesystem, keeping the
    extension. A name with no letter or digit left ("😀.pdf", "!!!.pdf") becomes
    "evidence.pdf", never a hidden file such as ".pdf".
    """
    name = unicodedata.normalize("NFC", str(filename)).replace("\\", "/").split("/")[-1]
    name = UNSAFE_NAME_CHARACTERS.sub("", name.strip().replace(" ", "_"))
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension.encode()) > EVIDENCE_EXTENSION_BYTES:
        stem, extension = name, ""
    extension = f".{extension}" if extension else ""
    stem = _truncate(stem.strip("."), EVIDENCE_NAME_BYTES - len(extension.encode())).rstrip(".")
    if not LETTER_OR_DIGIT.search(stem):
        stem = "evidence"
    return stem + extension


def evidence_path(update, filename):
    return f"evidence/{update.action.statement_id}/{update.action_id}/{evidence_filename(filename)}"


class ProgressUpdate(models.Model):
    """An append-only record of one change an officer made to an action.

    Never edited and never deleted: the history of an action is the list of
    these, each with who, when, and the state before and after.
    """

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    action_version = models.PositiveIntegerField(
        help_text="The version of the action this update produced."
    )
    status_before = models.CharField(max_length=12, choices=Action.Status)
    status_after = models.CharField(max_length=12, choices=Action.Status)
    confidence_before = models.CharField(max_length=10, choices=Action.Confidence, blank=True)
    confidence_after = models.CharField(max_length=10, choices=Action.Confidence, blank=True)
    due_date_before = models.DateField(null=True, blank=True)
    due_date_after = models.DateField(null=True, blank=True)
    narrative = models.TextField(blank=True, help_text="Internal: for officers and parent reps.")
    public_summary = models.TextField(blank=True, help_text="What families will read.")
    evidence_link = models.URLField(blank=True, max_length=500)
    evidence_file = models.FileField(
        upload_to=evidence_path, storage=evidence_storage, blank=True, max_length=300
    )

    class Meta:
        ordering = ["action", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "action_version"],
                name="progress_update_one_per_action_version",
                violation_error_message="This version of the action already has an update.",
            ),
        ]
        get_latest_by = "created_at"
        indexes = [
            # Each action's latest update (dashboards, reminders) is one index probe.
            models.Index(fields=["action", "-created_at"], name="progress_update_latest"),
        ]

    def __str__(self):
        return (
            f"Update to {self.action.reference} on {timezone.localtime(self.created_at):%d %B %Y}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("Progress updates are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Progress updates are append-only and cannot be deleted.")

    @property
    def status_changed(self):
        return self.status_before != self.status_after

    @property
    def has_changes(self):
        return (
            self.status_changed
            or self.confidence_before != self.confidence_after
            or self.due_date_before != self.due_date_after
        )

    @property
    def has_evidence(self):
        return bool(self.evidence_link or self.evidence_file)
