"""The whole statement as the public sees it, frozen into plain JSON for a progress report.

`build_snapshot(statement, as_at)` reads the statement in a fixed number of
queries, whatever its size, and returns a dict of strings, numbers, lists and
None only: decimals as strings ("12.50"), dates as ISO strings ("2026-10-31").
Labels are stored beside codes ("in_progress" and "In progress"), so a report
reads as it did on the day even if the labels are reworded later.

What "as at" means: the snapshot is the plan as it stood at the end of the
`as_at` day, whenever the report is published. Every part (the statement, its
weaknesses, workstreams, owners, actions and their links, measures, milestones
and figures) is read from its history records as they stood at midnight after
`as_at` (reports.history.as_it_stood), and each action's summary for families is
the newest written before then (progress updates are never changed). So a
status, a due date, a summary or a figure recorded after `as_at` is not in the
report, even when it is published later: it goes in the next one. Measures count
only figures for dates up to `as_at` that were recorded by then, and an action is
overdue if its due date had passed by `as_at`. Rows written in bulk with no
history at all (the load-test data) cannot be dated and are read as they are.
Snapshots of SCHEMA_VERSION 1, published before this, hold the actions as they
were when the report was published.

Only public fields go in: owners appear by job title and organisation, never
by name or email; internal narratives, evidence and comments are never read.

Actions (by workstream) and measures are stored in the order people count
references: 4.2 before 4.10, M2 before M10. Pages show a stored snapshot in
its stored order, so reports published before that keep the order they had.
"""

from decimal import Decimal

from django.db.models import OuterRef, Subquery

from actions.models import Action, ProgressUpdate
from sutton_send.clock import end_of_day
from workstreams.models import (
    Measurement,
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
)
from workstreams.references import by_reference, by_workstream_and_reference

from .history import as_it_stood

# Bump when the shape or the meaning of the snapshot changes; templates and the diff
# read it. 2: the plan as it stood at the end of the as-at day (1: as it was when the
# report was published).
SCHEMA_VERSION = 2


def build_snapshot(statement, as_at):
    """The statement as it stood at the end of `as_at`, as plain JSON (see the module's doc)."""
    moment = end_of_day(as_at)  # the moment the report is as at
    statement = next(iter(as_it_stood(Statement, moment, id=statement.pk)), statement)
    weaknesses = sorted(
        as_it_stood(Weakness, moment, statement_id=statement.pk), key=lambda w: w.number
    )
    workstreams = sorted(
        as_it_stood(Workstream, moment, statement_id=statement.pk), key=lambda w: w.number
    )
    actions = as_it_stood(
        Action,
        moment,
        record_fields=["links_recorded"],
        statement_id=statement.pk,
        created_at__lt=moment,
    )
    owner_ids = {a.owner_id for a in actions} | {w.lead_id for w in workstreams}
    owners = _named(_referenced(Owner, as_it_stood(Owner, moment, id__in=owner_ids), owner_ids))
    for workstream in workstreams:
        workstream.lead = owners[workstream.lead_id]
    workstream_ids = {a.workstream_id for a in actions}
    _with_links_and_summaries(
        actions, weaknesses, _referenced(Workstream, workstreams, workstream_ids), owners, moment
    )
    actions = by_workstream_and_reference(actions)
    measures = by_reference(_measures(statement, weaknesses, as_at, moment))
    snapshot_actions = [_action(action, as_at) for action in actions]
    return {
        "schema_version": SCHEMA_VERSION,
        "as_at": as_at.isoformat(),
        "statement": {
            "slug": statement.slug,
            "local_area": statement.local_area,
            "title": statement.title,
            "summary": statement.summary,
            "status": statement.status,
            "status_label": statement.get_status_display(),
            "inspection_published_on": _date(statement.inspection_published_on),
            "evaluation_outcome": statement.evaluation_outcome,
        },
        "counts": _counts(snapshot_actions),
        "weaknesses": [_weakness(weakness) for weakness in weaknesses],
        "workstreams": [_workstream(workstream) for workstream in workstreams],
        "actions": snapshot_actions,
        "measures": [_measure(measure, as_at) for measure in measures],
        "trajectory_rule": SuccessMeasure.TRAJECTORY_RULE,
    }


def _referenced(model, rows, ids):
    """{pk: row} of `rows` (as they stood), and of those `ids` has no row for, as they are now.

    A row an action or workstream referred to at the time existed then, whatever its
    history says: its history may have begun later (rows made in bulk and changed
    since, such as load-test data loaded as of an earlier day). Usually no query.
    """
    found = {row.pk: row for row in rows}
    missing = set(ids) - found.keys()
    if missing:
        found.update((row.pk, row) for row in model._base_manager.filter(pk__in=missing))
    return found


def _named(owners):
    """Owners as they stood, each outside the list with its organisation's name.

    History from before names were kept (migration 0006) has none, so the name given
    since stands for it: the same organisation, now named. Usually no query.
    """
    nameless = [
        pk
        for pk, owner in owners.items()
        if owner.organisation == Owner.Organisation.OTHER and not owner.organisation_name
    ]
    for pk, name in Owner.objects.filter(pk__in=nameless).values_list("pk", "organisation_name"):
        owners[pk].organisation_name = name
    return owners


def _with_links_and_summaries(actions, weaknesses, workstreams, owners, moment):
    """Give each action (from `as_it_stood`) its workstream, owner, weaknesses and newest
    summary for families as they stood at `moment`, in two or three queries."""
    by_pk = {weakness.pk: weakness for weakness in weaknesses}
    # Each history record keeps a copy of the action's links, except records written
    # before copies were kept (links_recorded False) and rows with no record (None):
    # for those, the links as they are now are the best there is.
    copies = Action.history.model.weaknesses.model.objects
    with_copies = {a.history_id: a.pk for a in actions if a.links_recorded}
    links = {action.pk: [] for action in actions}
    for history_id, weakness_id in copies.filter(history_id__in=with_copies).values_list(
        "history_id", "weakness_id"
    ):
        links[with_copies[history_id]].append(weakness_id)
    current = [action.pk for action in actions if not action.links_recorded]
    through = Action.weaknesses.through.objects.filter(action_id__in=current)
    for action_id, weakness_id in through.values_list("action_id", "weakness_id"):
        links[action_id].append(weakness_id)

    newest = (
        ProgressUpdate.objects.filter(action_id=OuterRef("action_id"), created_at__lt=moment)
        .exclude(public_summary="")
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    summaries = dict(
        ProgressUpdate.objects.filter(action_id__in=links, pk=Subquery(newest)).values_list(
            "action_id", "public_summary"
        )
    )
    for action in actions:
        action.workstream = workstreams[action.workstream_id]
        action.owner = owners[action.owner_id]
        _give(action, "weaknesses", [by_pk[pk] for pk in links[action.pk] if pk in by_pk])
        action.latest_public_summary = summaries.get(action.pk, "")


def _measures(statement, weaknesses, as_at, moment):
    """The measures as they stood at `moment`, each with its milestones then, and its
    figures for dates up to `as_at` recorded by then: every measure method (latest,
    progress, trend, trajectory) then reads as at the report's day."""
    measures = as_it_stood(SuccessMeasure, moment, statement_id=statement.pk)
    ids = [measure.pk for measure in measures]
    milestones = _by_measure(as_it_stood(Milestone, moment, measure_id__in=ids), "due_on")
    figures = _by_measure(
        as_it_stood(
            Measurement, moment, measure_id__in=ids, measured_on__lte=as_at, recorded_at__lt=moment
        ),
        "measured_on",
    )
    by_pk = {weakness.pk: weakness for weakness in weaknesses}
    for measure in measures:
        measure.weakness = by_pk.get(measure.weakness_id)
        _give(measure, "milestones", milestones.get(measure.pk, []))
        _give(measure, "measurements", figures.get(measure.pk, []))
    return measures


def _by_measure(rows, date_field):
    """{measure id: its rows, oldest first}."""
    grouped = {}
    for row in sorted(rows, key=lambda row: getattr(row, date_field)):
        grouped.setdefault(row.measure_id, []).append(row)
    return grouped


def _give(instance, name, rows):
    """Let `instance.<name>.all()` return `rows` with no query, as prefetch_related does.

    The rows are as they stood at a moment, which no queryset of the live tables gives.
    """
    related = getattr(instance, name).all()
    related._result_cache = list(rows)
    related._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = related


def _date(value):
    return value.isoformat() if value else None


def _decimal(value):
    return None if value is None else str(value)


def _owner(owner):
    """An owner as the public sees one: a role in an organisation, never a person."""
    return {
        "job_title": owner.job_title,
        "organisation": owner.organisation,
        "organisation_label": owner.organisation_label,
    }


def _weakness(weakness):
    return {
        "number": weakness.number,
        "title": weakness.title,
        "finding": weakness.finding,
        "response": weakness.response,
        "progress_summary": weakness.progress_summary,
    }


def _workstream(workstream):
    return {
        "number": workstream.number,
        "name": workstream.name,
        "lead": _owner(workstream.lead),
    }


def _action(action, as_at):
    return {
        "reference": action.reference,
        "title": action.title,
        "summary": action.summary,
        "workstream": action.workstream.number,
        "workstream_name": action.workstream.name,
        "weaknesses": sorted(weakness.number for weakness in action.weaknesses.all()),
        "phase": action.phase,
        "phase_label": action.get_phase_display(),
        "status": action.status,
        "status_label": action.get_status_display(),
        "confidence": action.confidence,
        "confidence_label": action.get_confidence_display() if action.confidence else "",
        "start_date": _date(action.start_date),
        "due_date": _date(action.due_date),
        "revised_due_date": _date(action.revised_due_date),
        "revision_reason": action.revision_reason,
        "effective_due_date": _date(action.effective_due_date),
        "completed_on": _date(action.completed_on),
        "owner": _owner(action.owner),
        "latest_public_summary": action.latest_public_summary or "",
        "is_overdue": action.is_overdue_on(as_at),
    }


def _counts(actions):
    statuses = [action["status"] for action in actions]
    return {
        "total": len(actions),
        "complete": statuses.count(Action.Status.COMPLETE),
        "in_progress": statuses.count(Action.Status.IN_PROGRESS),
        "not_started": statuses.count(Action.Status.NOT_STARTED),
        "overdue": sum(1 for action in actions if action["is_overdue"]),
    }


def _figure(measure, value, day=None, key="date"):
    figure = {"value": _decimal(value), "display": measure.format_value(value)}
    if day is not None:
        figure[key] = _date(day)
    return figure


def _measure(measure, as_at):
    # The figures were prefetched up to `as_at`, so latest, progress, trend and
    # trajectory status below all read as at the report's day.
    values = measure.values_until(as_at)
    latest = values[-1] if values else None
    change = measure.change_since_baseline
    share = measure.progress
    status = measure.trajectory_status
    expected = measure.expected_at_latest
    return {
        "reference": measure.reference,
        "title": measure.title,
        "description": measure.description,
        "weakness": measure.weakness.number if measure.weakness else None,
        "kind": measure.kind,
        "kind_label": measure.get_kind_display(),
        "unit": measure.unit,
        "unit_label": measure.get_unit_display(),
        "direction": measure.direction,
        "direction_label": measure.get_direction_display(),
        "data_source": measure.data_source,
        "baseline": _figure(measure, measure.baseline_value, measure.baseline_date),
        "target": _figure(measure, measure.target_value, measure.target_date),
        "milestones": [
            _figure(measure, milestone.value, milestone.due_on)
            for milestone in sorted(measure.milestones.all(), key=lambda m: m.due_on)
        ],
        "values": [_figure(measure, m.value, m.measured_on) for m in values],
        "latest": _figure(measure, latest.value, latest.measured_on) if latest else None,
        "expected_at_latest": None if expected is None else _figure(measure, expected),
        "change_since_baseline": None
        if change is None
        else {"value": _decimal(change), "display": _signed(measure, change)},
        "progress": None if share is None else _decimal(share.quantize(Decimal("0.0001"))),
        "progress_percent": measure.progress_percent,
        "trend": measure.trend.value,
        "trend_label": measure.trend.label,
        "trajectory_status": status.value,
        "trajectory_label": status.label,
        "status_explained": measure.status_explained,
    }


def _signed(measure, change):
    """A change in the measure's unit with its sign: "−12", "+3 weeks", "+2.5 percentage points"."""
    if change == 0:
        return "no change"
    sign = "+" if change > 0 else "−"
    if measure.unit == SuccessMeasure.Unit.PERCENTAGE:
        return f"{sign}{abs(change).normalize():f} percentage points"
    return sign + measure.format_value(abs(change))
