from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Comment, ProgressUpdate


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
class ActionAdmin(SimpleHistoryAdmin):
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


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
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
class CommentAdmin(admin.ModelAdmin):
    list_display = ["action", "author", "created_at", "hidden_at"]
    list_filter = ["action__statement", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "action__reference", "author__username"]
    list_select_related = ["action", "author"]
    readonly_fields = ["action", "author", "body", "reply_to", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return False
