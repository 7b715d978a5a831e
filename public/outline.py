"""What the public pages read: a published statement laid out as families see it.

Each function loads what its page needs in a fixed number of queries, whatever
the size of the plan, and only ever from published statements.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from actions.models import Action
from workstreams.models import Measurement, Statement, SuccessMeasure, Weakness, Workstream


def published_statement(slug):
    return get_object_or_404(Statement.objects.published(), slug=slug)


def public_actions(statement):
    """The statement's actions with what a public listing shows, in three queries.

    The database sorts references as text (4.10 before 4.2): pages list these
    through `workstreams.references.by_workstream_and_reference`.
    """
    return (
        Action.objects.filter(statement=statement)
        .select_related("workstream", "owner")
        .with_latest_public_summary()
        .prefetch_related(Prefetch("weaknesses", queryset=Weakness.objects.only("pk")))
        .order_by("workstream__number", "reference")
    )


@dataclass
class WorkstreamGroup:
    workstream: Workstream
    actions: list = field(default_factory=list)


@dataclass
class WeaknessSection:
    weakness: Weakness
    groups: list = field(default_factory=list)

    @property
    def action_count(self):
        return sum(len(group.actions) for group in self.groups)


@dataclass(frozen=True)
class ProgressList:
    """The actions at one stage of progress, or late, as the statement page counts
    them (ActionQuerySet.progress_counts, whose field `count` is): each count links
    to its list. Late actions are the open ones past their due date."""

    slug: str
    status: str | None  # None: late, whatever the status
    count: str
    heading: str
    description: str
    none: str

    def actions(self, statement):
        actions = public_actions(statement)
        if self.status is None:
            return actions.overdue()
        return actions.filter(status=self.status)


PROGRESS_LISTS = {
    progress.slug: progress
    for progress in [
        ProgressList(
            "complete",
            Action.Status.COMPLETE,
            "complete",
            "Complete actions",
            "These actions are finished.",
            "No action is complete yet.",
        ),
        ProgressList(
            "in-progress",
            Action.Status.IN_PROGRESS,
            "in_progress",
            "Actions in progress",
            "Work on these actions has started and is not finished yet. Some may be late.",
            "No action is in progress at the moment.",
        ),
        ProgressList(
            "not-started",
            Action.Status.NOT_STARTED,
            "not_started",
            "Actions not started",
            "Work on these actions has not started yet. Some may be late.",
            "Every action has started.",
        ),
        ProgressList(
            "late",
            None,
            "overdue",
            "Late actions",
            "These actions have passed their due date without being completed. Where a due "
            "date was changed, the action says why.",
            "No action is late.",
        ),
    ]
}


def group_by_workstream(actions):
    groups = {}
    for action in actions:
        groups.setdefault(action.workstream_id, WorkstreamGroup(action.workstream)).actions.append(
            action
        )
    return sorted(groups.values(), key=lambda group: group.workstream.number)


def weakness_sections(statement, actions):
    """Each weakness with the actions that address it, grouped by workstream."""
    by_weakness = {}
    for action in actions:
        for weakness in action.weaknesses.all():
            by_weakness.setdefault(weakness.pk, []).append(action)
    return [
        WeaknessSection(weakness, group_by_workstream(by_weakness.get(weakness.pk, [])))
        for weakness in statement.weaknesses.all()
    ]


def measures_with_values(measures):
    """Measures with their measurements, milestones and owner loaded in three queries."""
    return measures.select_related("owner", "weakness__statement").prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on")),
        "milestones",
    )


def statement_measures(statement):
    return measures_with_values(SuccessMeasure.objects.filter(statement=statement))
