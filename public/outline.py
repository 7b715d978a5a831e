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
