"""The officers' dashboard: which actions need attention, from one query.

Officers see the actions they are accountable for (as owner or workstream
lead); programme managers see every action of every statement being worked on.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db.models import Max
from django.utils import timezone

from actions.models import Action
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
    key: str
    title: str
    empty: str
    actions: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.actions)

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


def dashboard_actions(user, filters):
    actions = active_actions()
    if not user.has_perm("workstreams.manage_plan"):
        actions = actions.owned_by(user)
    return (
        filters.apply(actions)
        .select_related("statement", "workstream__lead", "owner")
        .with_effective_due_date()
        .annotate(last_update_at=Max("updates__created_at"))
        .order_by("effective_due", "statement_id", "reference")
        .distinct()
    )


def build_dashboard(user, actions, now=None):
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
    by_key = {section.key: section for section in sections}
    actions = list(actions)
    for action in actions:
        is_open = action.status != Action.Status.COMPLETE
        if user.pk in (action.owner.user_id, action.workstream.lead.user_id):
            by_key["mine"].actions.append(action)
        if is_open and action.effective_due < today:
            by_key["overdue"].actions.append(action)
        if is_open and today <= action.effective_due <= soon:
            by_key["due_soon"].actions.append(action)
        if is_open and (action.last_update_at is None or action.last_update_at < stale_before):
            by_key["stale"].actions.append(action)
        if action.last_update_at and action.last_update_at >= recent_after:
            by_key["recent"].actions.append(action)
    by_key["recent"].actions.sort(key=lambda action: action.last_update_at, reverse=True)
    return Dashboard(sections=sections, total=len(actions))


def dashboard_measures(user):
    """Measures this user enters figures for (all of them for programme managers)."""
    measures = SuccessMeasure.objects.exclude(statement__status=Statement.Status.ARCHIVED)
    if not user.has_perm("workstreams.manage_plan"):
        measures = measures.filter(owner__user=user)
    return measures.select_related("statement").prefetch_related("measurements")
