from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from simple_history.admin import SimpleHistoryAdmin

from workspace.forms.concurrency import AdminGuardForm, StatementFirstAdminGuardForm

from .freshness import lock_statements_touched_by
from .models import (
    GlossaryTerm,
    Measurement,
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
    WorkstreamMembership,
)


class ForgivingAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, showing again only posted values that can be ids.

    To show a posted value again, Django looks it up: a value that is not an id (a
    hand-made POST) made that lookup raise, and the page a 500. The form field still
    reports the value ("Select a valid choice").
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._is_id(v)], attr)

    def _is_id(self, value):
        target = self.field.target_field
        try:
            value = target.to_python(value)
        except ValidationError:
            return False
        ranges = connections[self.db or DEFAULT_DB_ALIAS].ops.integer_field_ranges
        low, high = ranges.get(target.get_internal_type(), (None, None))
        # A number past the column's range made SQLite raise OverflowError.
        return (low is None or value >= low) and (high is None or value <= high)


class ForgivingAutocomplete:
    """Admins and inlines whose `autocomplete_fields` use ForgivingAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ForgivingAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class Guarded:
    """An admin (or inline) whose change forms never silently overwrite someone
    else's change: the plan forms' fingerprint guard (AdminGuardForm)."""

    form = AdminGuardForm

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting checks the row under a lock, and saves, in one transaction (the
        # change view already runs in one).
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class GuardedInStatement(Guarded):
    """Guarded, locking the statements the object is in before its own row."""

    form = StatementFirstAdminGuardForm


class WeaknessInline(GuardedInStatement, admin.StackedInline):
    model = Weakness
    extra = 0


class WorkstreamMembershipInline(GuardedInStatement, ForgivingAutocomplete, admin.TabularInline):
    model = WorkstreamMembership
    extra = 0
    autocomplete_fields = ["user"]


class MilestoneInline(GuardedInStatement, admin.TabularInline):
    model = Milestone
    extra = 0


class MeasurementInline(GuardedInStatement, ForgivingAutocomplete, admin.TabularInline):
    model = Measurement
    extra = 0
    autocomplete_fields = ["recorded_by"]
    readonly_fields = ["recorded_at"]


class LocksStatementsFirst(GuardedInStatement):
    """Lock the statements a change will touch before saving it, as every other
    save does (workstreams.freshness.lock_statements): saved the other way round,
    an admin edit could deadlock with an import or an officer's update. Its change
    forms lock them too, before checking the row is unchanged (GuardedInStatement).
    Not for comments, whose services lock the comment first and then the statement."""

    def save_model(self, request, obj, form, change):
        lock_statements_touched_by(obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        lock_statements_touched_by(obj)
        super().delete_model(request, obj)


@admin.register(Statement)
class StatementAdmin(Guarded, SimpleHistoryAdmin):
    list_display = ["title", "local_area", "status", "inspection_published_on", "published_at"]
    list_filter = ["status", "local_area"]
    search_fields = ["title", "local_area", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "inspection_published_on"
    inlines = [WeaknessInline]


@admin.register(Weakness)
class WeaknessAdmin(LocksStatementsFirst, SimpleHistoryAdmin):
    list_display = ["__str__", "statement"]
    list_filter = ["statement"]
    search_fields = ["title", "finding"]
    list_select_related = ["statement"]

    def save_model(self, request, obj, form, change):
        if "progress_summary" in form.changed_data:
            obj.stamp_progress_summary(request.user)
        super().save_model(request, obj, form, change)


@admin.register(Workstream)
class WorkstreamAdmin(ForgivingAutocomplete, LocksStatementsFirst, SimpleHistoryAdmin):
    list_display = ["__str__", "statement", "lead"]
    list_filter = ["statement"]
    search_fields = ["name", "purpose"]
    list_select_related = ["statement", "lead"]
    autocomplete_fields = ["lead"]
    filter_horizontal = ["weaknesses"]
    inlines = [WorkstreamMembershipInline]


@admin.register(Owner)
class OwnerAdmin(ForgivingAutocomplete, LocksStatementsFirst, SimpleHistoryAdmin):
    list_display = ["name", "job_title", "organisation_shown", "email", "user"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title", "organisation_name", "email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]

    @admin.display(description="Organisation", ordering="organisation")
    def organisation_shown(self, owner):
        return owner.organisation_label


@admin.register(SuccessMeasure)
class SuccessMeasureAdmin(ForgivingAutocomplete, LocksStatementsFirst, SimpleHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "statement",
        "kind",
        "direction",
        "baseline_value",
        "target_value",
        "target_date",
    ]
    list_filter = ["statement", "kind", "direction", "unit"]
    search_fields = ["reference", "title", "description"]
    list_select_related = ["statement"]
    autocomplete_fields = ["owner", "weakness"]
    inlines = [MilestoneInline, MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(LocksStatementsFirst, SimpleHistoryAdmin):
    list_display = ["measure", "measured_on", "value", "recorded_by", "recorded_at"]
    list_filter = ["measure__statement"]
    search_fields = ["measure__title", "measure__reference", "note"]
    list_select_related = ["measure", "recorded_by"]
    date_hierarchy = "measured_on"


@admin.register(Milestone)
class MilestoneAdmin(LocksStatementsFirst, SimpleHistoryAdmin):
    list_display = ["measure", "due_on", "value"]
    list_filter = ["measure__statement"]
    list_select_related = ["measure"]


@admin.register(WorkstreamMembership)
class WorkstreamMembershipAdmin(LocksStatementsFirst, SimpleHistoryAdmin):
    list_display = ["user", "workstream", "joined_on"]
    list_filter = ["workstream__statement", "workstream"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "workstream"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(LocksStatementsFirst, admin.ModelAdmin):
    list_display = ["abbreviation", "expansion"]
    search_fields = ["abbreviation", "expansion", "explanation"]
