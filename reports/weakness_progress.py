"""Progress against one weakness: the page a revisit is prepared from.

`weakness_progress(weakness, internal=...)` gathers everything the page shows
in a fixed number of queries, whatever the size of the plan: the programme
manager's summary, the actions with their status and dates (revised dates are
public), the measures and how far they have moved, the parents' view, and the
latest evidence.

The public version holds only what families may read: owners as a job title and
organisation, the summaries written for families, and the published parents'
view. The internal version (officers, programme managers and parent
representatives) adds names, narratives, evidence, unpublished parents' views
and the comments waiting for an answer.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Prefetch, Q
from django.utils import timezone

from actions.models import Action, Comment, ParentsView, ProgressUpdate
from actions.models.action import ProgressCounts
from workstreams.models import Measurement, SuccessMeasure
from workstreams.references import by_reference, by_workstream_and_reference

# How many of the latest progress updates the page lists.
LATEST_UPDATES = 10

_AWAITING_ON_ACTION = Count(
    "comments",
    filter=Q(
        comments__is_answer=False,
        comments__answered_at__isnull=True,
        comments__hidden_at__isnull=True,
    ),
)


@dataclass
class WorkstreamGroup:
    workstream: object
    actions: list = field(default_factory=list)


@dataclass(frozen=True)
class MeasureProgress:
    """One measure of the weakness: where it started, where it is, how far it has moved."""

    measure: SuccessMeasure
    latest: Measurement | None
    change: Decimal | None
    progress_percent: int | None
    status: str
    status_code: str

    @property
    def has_data(self):
        return self.latest is not None

    @property
    def tag_colour(self):
        """The GOV.UK tag modifier for the status; the words always say the same."""
        return {
            "target_met": "green",
            "on_trajectory": "blue",
            "improving": "green",
            "off_trajectory": "red",
            "worsening": "red",
        }.get(self.status_code, "grey")

    @property
    def verdict(self):
        """ "better", "worse" or "same" than the starting point; None with no figures."""
        if self.change is None:
            return None
        if self.change == 0:
            return "same"
        lower = self.change < 0
        lower_is_better = self.measure.direction == SuccessMeasure.Direction.LOWER_IS_BETTER
        return "better" if lower == lower_is_better else "worse"

    @property
    def progress_text(self):
        """The share of the way to the target, in words ("No data yet", never 0%)."""
        percent = self.progress_percent
        if percent is None:
            return "No data yet"
        if percent >= 100:
            return "Target reached"
        if percent < 0:
            return "Worse than the starting point"
        return f"{percent}% of the way to the target"

    @property
    def change_text(self):
        """By how much the latest figure differs from the starting point, in words."""
        if self.change is None:
            return "No data yet"
        if self.change == 0:
            return "No change since the starting point"
        amount = self.measure.format_change(abs(self.change))
        return f"{amount} {'lower' if self.change < 0 else 'higher'} ({self.verdict})"

    @property
    def moved_text(self):
        """One plain sentence: from what, to what, and by how much."""
        measure = self.measure
        start = f"{measure.format_value(measure.baseline_value)} in {measure.baseline_date:%B %Y}"
        if self.latest is None:
            return f"Started at {start}. No figures have been recorded since, so no data yet."
        latest = self.latest
        now = f"{measure.format_value(latest.value)} in {latest.measured_on:%B %Y}"
        if self.change == 0:
            return f"Started at {start}; {now}: no change."
        return f"From {start} to {now}: {self.change_text}."


@dataclass(frozen=True)
class Awaiting:
    """Comments on the weakness's actions and measures that nobody responsible has answered."""

    count: int
    oldest: datetime.datetime | None


@dataclass
class WeaknessProgress:
    weakness: object
    internal: bool
    today: datetime.date
    counts: ProgressCounts
    actions: list
    groups: list
    revised: list
    measures: list
    parents_view: ParentsView | None
    published_parents_view: ParentsView | None
    updates: list
    awaiting: Awaiting | None

    @property
    def statement(self):
        return self.weakness.statement

    @property
    def summary(self):
        return self.weakness.progress_summary

    @property
    def summary_updated_at(self):
        return self.weakness.progress_summary_updated_at if self.summary else None

    @property
    def summary_updated_by(self):
        """Who wrote the summary last: internal pages only (a person's name)."""
        if not self.internal or not self.summary:
            return None
        return self.weakness.progress_summary_updated_by

    @property
    def measures_moved(self):
        return [row for row in self.measures if row.change]

    @property
    def measures_in_brief(self):
        """One sentence on how the measures have moved: "Of 3 measures, 2 are better…"."""
        rows = self.measures
        if not rows:
            return ""
        verdicts = [row.verdict for row in rows]
        parts = []
        for verdict, singular, plural in (
            ("better", "is better than at the start", "are better than at the start"),
            ("worse", "is worse than at the start", "are worse than at the start"),
            ("same", "has not changed", "have not changed"),
            (None, "has no figures yet", "have no figures yet"),
        ):
            count = verdicts.count(verdict)
            if count:
                parts.append(f"{count} {singular if count == 1 else plural}")
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Of {len(rows)} measure{'' if len(rows) == 1 else 's'}, {listed}."

    @property
    def trajectory_rule(self):
        return SuccessMeasure.TRAJECTORY_RULE


def weakness_progress(weakness, internal: bool, today=None):
    """Everything the progress page for `weakness` shows; public fields only unless `internal`.

    Queries: actions, measures (with measurements and milestones: three), the
    parents' view, and the latest updates; internal adds the published parents'
    view and the comments awaiting an answer. The weakness's `statement` (and,
    for the internal page, `progress_summary_updated_by`) should come with it.
    """
    today = today or timezone.localdate()
    actions = _actions(weakness, internal, today)
    parents_view, published_view = _parents_views(weakness, internal)
    return WeaknessProgress(
        weakness=weakness,
        internal=internal,
        today=today,
        counts=_counts(actions),
        actions=actions,
        groups=_by_workstream(actions),
        revised=[action for action in actions if action.revised_due_date],
        measures=[_measure_progress(measure) for measure in _measures(weakness)],
        parents_view=parents_view,
        published_parents_view=published_view,
        updates=_latest_updates(weakness, internal),
        awaiting=_awaiting(weakness) if internal else None,
    )


# Actions -----------------------------------------------------------------------


def _actions(weakness, internal, today):
    actions = (
        Action.objects.filter(weaknesses=weakness)
        .select_related("workstream", "owner")
        .with_latest_public_summary()
        .order_by("workstream__number", "reference")
    )
    if internal:
        actions = actions.annotate(awaiting=_AWAITING_ON_ACTION)
    # The database sorts references as text (4.10 before 4.2); people count them.
    actions = by_workstream_and_reference(actions)
    for action in actions:
        action.overdue = action.is_overdue_on(today)
        owner = action.owner
        role = f"{owner.job_title}, {owner.organisation_label}"
        # The public sees a role, never a person.
        action.owner_label = f"{owner.name}, {role}" if internal else role
    return actions


def _counts(actions):
    status = Action.Status
    return ProgressCounts(
        total=len(actions),
        complete=sum(action.status == status.COMPLETE for action in actions),
        in_progress=sum(action.status == status.IN_PROGRESS for action in actions),
        not_started=sum(action.status == status.NOT_STARTED for action in actions),
        overdue=sum(action.overdue for action in actions),
    )


def _by_workstream(actions):
    groups = {}
    for action in actions:
        group = groups.setdefault(action.workstream_id, WorkstreamGroup(action.workstream))
        group.actions.append(action)
    return sorted(groups.values(), key=lambda group: group.workstream.number)


# Measures ----------------------------------------------------------------------


def _measures(weakness):
    """The weakness's measures, M2 before M10."""
    measures = (
        SuccessMeasure.objects.filter(weakness=weakness)
        .select_related("owner")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on")),
            "milestones",
        )
        .order_by("reference")
    )
    return by_reference(measures)


def _measure_progress(measure):
    status = measure.trajectory_status
    return MeasureProgress(
        measure=measure,
        latest=measure.latest,
        change=measure.change_since_baseline,
        progress_percent=measure.progress_percent,
        status=str(status.label),
        status_code=str(status.value),
    )


# The parents' view, the latest evidence, comments awaiting an answer --------------


def _parents_views(weakness, internal):
    """(the view the page shows, the view families see).

    The public page shows the newest published view. The internal page shows the
    newest view, published or not, and beside an unpublished one, the view
    families still see.
    """
    views = ParentsView.objects.filter(weakness=weakness).newest_first()
    published = views.published().first()
    if not internal:
        return published, published
    return views.select_related("recorded_by", "published_by").first(), published


def _latest_updates(weakness, internal):
    """The newest progress updates on the weakness's actions: for the public, only
    those with a summary written for families, and only that summary."""
    updates = (
        ProgressUpdate.objects.filter(action__weaknesses=weakness)
        .select_related("action")
        .order_by("-created_at", "-pk")
    )
    if internal:
        updates = updates.select_related("author")
    else:
        updates = updates.exclude(public_summary="").only(
            "created_at", "public_summary", "action__reference", "action__title"
        )
    return list(updates[:LATEST_UPDATES])


def _awaiting(weakness):
    """How many comments on the weakness's actions and measures await an answer, and
    since when."""
    row = (
        Comment.objects.awaiting_answer()
        .filter(Q(action__weaknesses=weakness) | Q(measure__weakness=weakness))
        .aggregate(count=Count("pk", distinct=True), oldest=Min("created_at"))
    )
    return Awaiting(count=row["count"], oldest=row["oldest"])
