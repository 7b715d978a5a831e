from django.contrib import admin
from django.db import router, transaction
from simple_history.admin import SimpleHistoryAdmin

from workstreams.admin import ForgivingAutocomplete, Guarded, LocksStatementsFirst

from .models import (
    Action,
    ActionCadence,
    Comment,
    DigestOptOut,
    Notification,
    ParentsView,
    ProgressUpdate,
    Reminder,
    ReminderSettings,
    YouSaidWeDid,
)


class ProgressUpdateInline(admin.TabularInline):
    """Updates are append-only: shown here, recorded through the officers' workspace."""

    model = ProgressUpdate
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "status_before", "status_after", "public_summary"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(ForgivingAutocomplete, LocksStatementsFirst, SimpleHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "workstream",
        "owner",
        "status",
        "confidence",
        "due_date",
        "revised_due_date",
    ]
    list_filter = [
        "statement",
        "workstream",
        "status",
        "confidence",
        "phase",
        "owner__organisation",
    ]
    search_fields = ["reference", "title", "description", "summary"]
    list_select_related = ["workstream", "owner"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["weaknesses", "measures"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ProgressUpdateInline]

    # What an officer's update form shows and record_progress changes: a change to any
    # of these here claims a new version, so an update form opened before it is refused
    # (the officer sees the conflict page) rather than silently putting them back.
    PROGRESS_FIELDS = {
        "status",
        "confidence",
        "completed_on",
        "revised_due_date",
        "revision_reason",
    }

    def save_model(self, request, obj, form, change):
        # Against the row as saved, not the form's first values: reverting to a history
        # record changes them without a field being touched. The guard locked the row
        # and gave `obj` its saved version.
        saved = Action.objects.filter(pk=obj.pk).values(*self.PROGRESS_FIELDS).first()
        if change and saved and any(getattr(obj, name) != saved[name] for name in saved):
            obj.version += 1
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting saves the action, then its links: in one transaction that is one
        # history record (actions/models/link_history.py), and never half a revert.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(LocksStatementsFirst, admin.ModelAdmin):
    list_display = ["action", "author", "created_at", "status_before", "status_after"]
    list_filter = ["action__statement", "status_after"]
    search_fields = ["action__reference", "action__title", "narrative", "public_summary"]
    list_select_related = ["action", "author"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(Guarded, SimpleHistoryAdmin):
    """Comments are posted and answered in the review area; here they are read and moderated."""

    list_display = [
        "__str__",
        "author_role",
        "created_at",
        "is_answer",
        "answered_at",
        "hidden_at",
    ]
    list_filter = [
        "action__statement",
        "author_role",
        "is_answer",
        ("answered_at", admin.EmptyFieldListFilter),
        ("hidden_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["body", "action__reference", "measure__reference", "author__username"]
    list_select_related = ["action", "measure", "author"]
    readonly_fields = [
        "action",
        "measure",
        "author",
        "author_role",
        "body",
        "reply_to",
        "created_at",
        "is_answer",
        "answer",
        "answered_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ParentsView)
class ParentsViewAdmin(Guarded, SimpleHistoryAdmin):
    list_display = ["__str__", "recorded_by", "recorded_at", "published_at"]
    list_filter = ["assessment", ("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["reason", "action__reference", "action__title", "weakness__title"]
    list_select_related = ["action", "weakness", "recorded_by"]
    readonly_fields = ["action", "weakness", "recorded_by", "recorded_at", "published_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(YouSaidWeDid)
class YouSaidWeDidAdmin(Guarded, SimpleHistoryAdmin):
    list_display = ["__str__", "published_at", "published_by", "withdrawn_at"]
    list_filter = [("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["you_said", "we_did", "consent_note"]
    list_select_related = ["published_by"]
    readonly_fields = [
        "comment",
        "answer",
        "consent_recorded_by",
        "consent_recorded_at",
        "published_by",
        "published_at",
        "withdrawn_by",
        "withdrawn_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """A record of the emails comments owed: read only."""

    list_display = ["__str__", "comment", "created_at", "attempts", "sent_at", "gave_up_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to_email"]
    list_select_related = ["comment__action", "comment__measure", "comment__author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(Guarded, admin.ModelAdmin):
    list_display = ["statement", "update_every_days"]
    list_select_related = ["statement"]


@admin.register(ActionCadence)
class ActionCadenceAdmin(Guarded, admin.ModelAdmin):
    list_display = ["action", "update_every_days"]
    list_select_related = ["action"]
    search_fields = ["action__reference", "action__title"]


@admin.register(DigestOptOut)
class DigestOptOutAdmin(Guarded, admin.ModelAdmin):
    list_display = ["user", "created_at"]
    list_select_related = ["user"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """What was emailed to whom and whether it was sent: a record, not editable."""

    list_display = ["user", "kind", "statement", "sent_on", "item_count", "attempts", "sent_at"]
    list_filter = ["kind", "statement", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "to_email", "subject"]
    list_select_related = ["user", "statement"]
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
