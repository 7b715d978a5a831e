"""The officers' dashboard: which actions need attention.

Officers see the actions they are accountable for (as owner or workstream
lead); programme managers see every action of every statement being worked on.
Sections are decided from a few columns of every action, and only the rows
shown are loaded in full: the first ROWS_PER_SECTION of each section, or one
page of PAGE_SIZE rows when the reader asks to see a whole section.

A dashboard is built from the statements being worked on, the day, its reader
and the filters they chose, and nothing else: `dashboard_key` names all of
them, so the workspace can keep a rendered dashboard under it and serve it
again until any of them moves (see workspace.views.dashboard).
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Subquery
from django.http import QueryDict
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from sutton_send import versioned_cache
from sutton_send.clock import start_of_day
from workstreams.freshness import statement_stamps
from workstreams.models import Measurement, Owner, Statement, SuccessMeasure, Weakness, Workstream
from workstreams.references import reference_key

from .access import active_actions
from .forms.govuk import GovukForm

DUE_SOON_DAYS = 30
STALE_DAYS = 30
RECENT_DAYS = 14
ROWS_PER_SECTION = 10
PAGE_SIZE = 50

SECTIONS = [
    # Every action shown, whatever its section: on the dashboard only when filters
    # narrow it (so a filtered action never falls between the sections), and whole
    # from the "actions shown" count.
    ("all", "All actions", "There are no actions to show."),
    ("mine", "My actions", "You are not responsible for any action."),
    ("overdue", "Overdue", "No action is overdue."),
    ("due_soon", f"Due in the next {DUE_SOON_DAYS} days", "Nothing is due soon."),
    ("stale", f"Not updated for {STALE_DAYS} days", "Every open action is up to date."),
    ("recent", f"Updated in the last {RECENT_DAYS} days", "Nothing updated recently."),
]
# Titles and empty messages that stay true when filters narrow the dashboard.
NARROWED = {
    "all": ("Actions that match your filters", "No action matches these filters."),
    "mine": ("My actions", "None of your actions match these filters."),
}


def _choices(rows, label):
    """Select options from plain rows: one query, no model instances."""
    return [("", "All"), *((row[0], label(*row[1:])) for row in rows)]


def _plan_choices(rows, label):
    """Options for the parts of statements being worked on, `rows` of (pk, number,
    name, statement title): each says its statement when there is more than one."""
    rows = list(rows)
    if len({row[3] for row in rows}) > 1:
        return _choices(rows, lambda number, name, title: f"{label(number, name)} ({title})")
    return _choices(rows, lambda number, name, title: label(number, name))


def _being_worked_on(model, name):
    """(pk, number, `name`, statement title) of `model`'s rows in statements not archived."""
    return (
        model.objects.exclude(statement__status=Statement.Status.ARCHIVED)
        .order_by("statement__title", "statement_id", "number")
        .values_list("pk", "number", name, "statement__title")
    )


def _filter_by_pk(what):
    """An optional filter on one of the plan's rows (choices set by the form), by pk."""
    return forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": f"Choose {what} from the list"},
    )


class DashboardFilters(GovukForm):
    """The filters, and which section to show whole. Every query parameter the
    dashboard reads is one of these fields, or "page" (QUERY_PARAMETERS)."""

    workstream = _filter_by_pk("a workstream")
    weakness = _filter_by_pk("a weakness")
    status = forms.ChoiceField(
        choices=[("", "All"), *Action.Status.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    owner = _filter_by_pk("an owner")
    # Which section to show whole, page by page (set by a "See all" link).
    section = forms.ChoiceField(
        choices=[("", "All"), *((key, title) for key, title, _ in SECTIONS)],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["workstream"].choices = _plan_choices(
            _being_worked_on(Workstream, "name"),
            lambda number, name: f"Workstream {number}: {name}",
        )
        fields["weakness"].choices = _plan_choices(
            _being_worked_on(Weakness, "title"), lambda number, title: f"Weakness {number}: {title}"
        )
        # Owners of actions being worked on: the others would filter out everything.
        owners = Owner.objects.filter(pk__in=active_actions().values("owner"))
        fields["owner"].choices = _choices(
            owners.values_list("pk", "job_title", "organisation", "organisation_name"),
            lambda job_title, organisation, name: (
                f"{job_title}, {Owner.label_of(organisation, name)}"
            ),
        )

    @property
    def narrows(self):
        """Whether any filter (not just the section shown) is set."""
        return any(self.data.get(name) for name in ("workstream", "weakness", "status", "owner"))

    @property
    def section_key(self):
        return self.cleaned_data.get("section") if self.is_valid() else None

    def apply(self, actions):
        """The actions these filters leave; none while a filter cannot be read (the
        form says why next to it: listing every action instead would look like the
        answer)."""
        if not self.is_bound:
            return actions
        if not self.is_valid():
            return actions.none()
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

    def query_for(self, section_key):
        """The query string of these filters showing `section_key` whole."""
        query = QueryDict(mutable=True)
        for name in self.fields:
            if self.is_bound and name in self.data:
                query.setlist(name, self.data.getlist(name))
        query["section"] = section_key
        return query.urlencode()


QUERY_PARAMETERS = (*DashboardFilters.base_fields, "page")


def dashboard_query(query):
    """Of the request's query parameters, those the dashboard reads: others
    (?utm_source=…) change nothing on it, and so share its cache key."""
    known = QueryDict(mutable=True)
    for name in QUERY_PARAMETERS:
        if name in query:
            known.setlist(name, query.getlist(name))
    return known


@dataclass
class Section:
    """One list of the dashboard: `count` actions, of which `actions` are shown.

    `page` is set when the section is shown whole, one page at a time.
    """

    key: str
    title: str
    empty: str
    actions: list = field(default_factory=list)
    count: int = 0
    page: Page | None = None
    more_query: str = ""

    @property
    def has_more(self):
        return self.page is None and self.count > len(self.actions)

    @property
    def page_numbers(self):
        """Page numbers to link to, with Paginator.ELLIPSIS where some are left out."""
        return self.page.paginator.get_elided_page_range(self.page.number, on_each_side=2)


@dataclass
class Dashboard:
    sections: list
    total: int
    counts: dict
    links: dict
    # Whether the actions shown come from more than one statement: rows then say which.
    many_statements: bool = False

    def section(self, key):
        return next(section for section in self.sections if section.key == key)


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
        # build_dashboard sorts, in counted order, which SQL cannot do.
        .order_by()
    )


def build_dashboard(user, actions, now=None, focus=None, page=None, query_for=None, narrowed=False):
    """Sort `actions` (from dashboard_actions) into the dashboard's sections.

    Two queries whatever the size of the plan: the few columns that decide the
    sections for every action (plain tuples, no model instances), then the full
    rows of only the actions shown. With `focus` (a section key) only that
    section is shown, `page` by page; `query_for(key)` gives the query string of
    a section's "See all" link. When filters have `narrowed` the actions, every
    one of them is listed first ("all"), whichever sections it falls in.
    """
    today = timezone.localdate(now or timezone.now())
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    # Whole days, like the due dates: a dashboard changes at midnight, not by the
    # minute. "The last 30 days" are today and the 29 days before it.
    stale_before = start_of_day(today - datetime.timedelta(days=STALE_DAYS - 1))
    recent_after = start_of_day(today - datetime.timedelta(days=RECENT_DAYS - 1))
    keys = {key: [] for key, _, _ in SECTIONS}
    rows = actions.values_list(
        "pk",
        "status",
        "effective_due",
        "last_update_at",
        "owner__user",
        "workstream__lead__user",
        "statement_id",
        "reference",
    )
    # Due first; actions due the same day in counted order (4.2 before 4.10).
    rows = sorted(rows, key=lambda row: (row[2], row[6], reference_key(row[7])))
    statements = set()
    for pk, status, due, last_update_at, owner_user, lead_user, statement_id, _ in rows:
        keys["all"].append(pk)
        statements.add(statement_id)
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

    sections = [
        Section(
            key,
            *(NARROWED.get(key, (title, empty)) if narrowed else (title, empty)),
            count=len(keys[key]),
        )
        for key, title, empty in SECTIONS
        if key == focus or (not focus and (key != "all" or narrowed))
    ]
    links = {key: query_for(key) if query_for else f"section={key}" for key in keys}
    shown = {}
    for section in sections:
        section.more_query = links[section.key]
        if focus:
            section.page = Paginator(keys[section.key], PAGE_SIZE).get_page(page)
            shown[section.key] = list(section.page.object_list)
        else:
            shown[section.key] = keys[section.key][:ROWS_PER_SECTION]
    wanted = {pk for pks in shown.values() for pk in pks}
    loaded = actions.order_by().in_bulk(wanted) if wanted else {}
    for section in sections:
        section.actions = [loaded[pk] for pk in shown[section.key]]
    counts = {key: len(pks) for key, pks in keys.items()}
    return Dashboard(
        sections=sections,
        total=counts["all"],
        counts=counts,
        links=links,
        many_statements=len(statements) > 1,
    )


def dashboard_measures(user):
    """Measures this user enters figures for (all of them for programme managers),
    each with its latest figure (`latest_value`, `latest_on`) in the same query,
    by statement and then in counted order (M2 before M10)."""
    measures = SuccessMeasure.objects.exclude(statement__status=Statement.Status.ARCHIVED)
    if not user.has_perm("workstreams.manage_plan"):
        measures = measures.filter(owner__user=user)
    latest = Measurement.objects.filter(measure=OuterRef("pk")).order_by("-measured_on")
    measures = (
        measures.select_related("statement")
        .only("reference", "title", "unit", "statement__title")
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
        )
    )
    return sorted(
        measures,
        key=lambda m: (m.statement.title, m.statement_id, reference_key(m.reference)),
    )


def dashboard_key(user, query):
    """A cache key naming everything `user`'s dashboard for `query` (from
    dashboard_query) is built from.

    One small query: the stamps of every statement being worked on, which move
    on any change to a statement or anything in it, and on every comment, answer
    or hidden comment (workstreams.freshness), and which change as statements are
    added, archived or deleted. With them go the day (sections are decided by
    date), the reader, whether they manage the plan (whose actions and measures
    they see) and read the review pages (a link to them), and the filters.
    """
    return versioned_cache.key(
        "dashboard",
        user.pk,
        user.has_perm("workstreams.manage_plan"),
        user.has_perm("actions.view_internal"),
        timezone.localdate().isoformat(),
        sorted(query.lists()),
        statement_stamps(exclude_status=Statement.Status.ARCHIVED, discussion=True),
    )
