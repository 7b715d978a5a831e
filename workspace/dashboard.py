"""The officers' dashboard: which actions need attention.

Officers see the actions they are accountable for (as owner or workstream
lead); programme managers see every action of every statement being worked on.
Sections are decided from a few columns of every action, and only the rows
shown (SECTION_LIMIT a section) are loaded in full.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from workstreams.models import Owner, Statement, SuccessMeasure, Weakness, Workstream

from .access import active_actions
from .forms.govuk import GovukForm

DUE_SOON_DAYS = 30
STALE_DAYS = 30
RECENT_DAYS = 14
SECTION_LIMIT = 50


class DashboardFilters(GovukForm):
    workstream = forms.ModelChoiceField(
        Workstream.objects.select_related("statement"), required=False, empty_label="All"
    )
    weakness = forms.ModelChoiceField(
        Weakness.objects.select_related("statement"), required=False, empty_label="All"
    )
    status = forms.ChoiceField(choices=[("", "All"), *Action.Status.choices], required=False)
    owner = forms.ModelChoiceField(Owner.objects.all(), required=False, empty_label="All")

    def apply(self, actions):
        if not self.is_valid():
            return actions
        data = self.cleaned_data
        if data["workstream"]:
            actions = actions.filter(workstream=data["workstream"])
        if data["weakness"]:
            actions = actions.filter(weaknesses=data["weakness"])
        if data["status"]:
            actions = actions.filter(status=data["status"])
        if data["owner"]:
            actions = actions.filter(owner=data["owner"])
        return actions


@dataclass
class Section:
    """One list of the dashboard: `count` actions, of which `actions` are the first shown."""

    key: str
    title: str
    empty: str
    actions: list = field(default_factory=list)
    count: int = 0

    @property
    def shown(self):
        return self.actions[:SECTION_LIMIT]


@dataclass
class Dashboard:
    sections: list
    total: int

    def section(self, key):
        return next(section for section in self.sections if section.key == key)

    @property
    def overdue(self):
        return self.section("overdue")

    @property
    def due_soon(self):
        return self.section("due_soon")

    @property
    def stale(self):
        return self.section("stale")


# What a dashboard row shows and sorts on: the long texts of the action, its
# statement and its workstream stay in the database.
ROW_FIELDS = [
    "reference",
    "title",
    "status",
    "confidence",
    "due_date",
    "revised_due_date",
    "statement__title",
    "owner__job_title",
    "owner__user",
    "workstream__lead__user",
]


def dashboard_actions(user, filters):
    actions = active_actions()
    if not user.has_perm("workstreams.manage_plan"):
        actions = actions.owned_by(user)
    # A subquery rather than a join and GROUP BY: no row is repeated, so no DISTINCT
    # has to sort whole rows (every filter above follows a foreign key or names one
    # weakness, so each action appears once).
    last_update = (
        ProgressUpdate.objects.filter(action=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        filters.apply(actions)
        .select_related("statement", "workstream__lead", "owner")
        .only(*ROW_FIELDS)
        .with_effective_due_date()
        .annotate(last_update_at=Subquery(last_update))
        .order_by("effective_due", "statement_id", "reference")
    )


def build_dashboard(user, actions, now=None):
    """Sort `actions` (from dashboard_actions) into the dashboard's sections.

    Two queries whatever the size of the plan: the few columns that decide the
    sections for every action (plain tuples, no model instances), then the full
    rows of only the actions shown.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    stale_before = now - datetime.timedelta(days=STALE_DAYS)
    recent_after = now - datetime.timedelta(days=RECENT_DAYS)
    sections = [
        Section("mine", "My actions", "You are not responsible for any action."),
        Section("overdue", "Overdue", "No action is overdue."),
        Section("due_soon", f"Due in the next {DUE_SOON_DAYS} days", "Nothing is due soon."),
        Section("stale", f"Not updated for {STALE_DAYS} days", "Every open action is up to date."),
        Section("recent", f"Updated in the last {RECENT_DAYS} days", "Nothing updated recently."),
    ]
    keys = {section.key: [] for section in sections}
    rows = actions.values_list(
        "pk", "status", "effective_due", "last_update_at", "owner__user", "workstream__lead__user"
    )
    total = 0
    for pk, status, due, last_update_at, owner_user, lead_user in rows:
        total += 1
        is_open = status != Action.Status.COMPLETE
        if user.pk in (owner_user, lead_user):
            keys["mine"].append(pk)
        if is_open and due < today:
            keys["overdue"].append(pk)
        if is_open and today <= due <= soon:
            keys["due_soon"].append(pk)
        if is_open and (last_update_at is None or last_update_at < stale_before):
            keys["stale"].append(pk)
        if last_update_at and last_update_at >= recent_after:
            keys["recent"].append((last_update_at, pk))
    keys["recent"] = [pk for _, pk in sorted(keys["recent"], key=lambda row: row[0], reverse=True)]
    shown = {pk for pks in keys.values() for pk in pks[:SECTION_LIMIT]}
    loaded = actions.order_by().in_bulk(shown) if shown else {}
    for section in sections:
        section.actions = [loaded[pk] for pk in keys[section.key][:SECTION_LIMIT]]
        section.count = len(keys[section.key])
    return Dashboard(sections=sections, total=total)


def dashboard_measures(user):
    """Measures this user enters figures for (all of them for programme managers)."""
    measures = SuccessMeasure.objects.exclude(statement__status=Statement.Status.ARCHIVED)
    if not user.has_perm("workstreams.manage_plan"):
        measures = measures.filter(owner__user=user)
    return measures.select_related("statement").prefetch_related("measurements")
