from django.contrib import admin

from .models import ProgressReport


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    """Read-only: a published progress report is a public record."""

    list_display = ["title", "statement", "as_at", "published_at", "published_by"]
    list_filter = ["statement"]
    date_hierarchy = "as_at"
    readonly_fields = [
        "statement",
        "as_at",
        "title",
        "introduction",
        "published_at",
        "published_by",
        "schema_version",
        "snapshot",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
