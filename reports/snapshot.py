"""The whole statement as the public sees it, frozen into plain JSON for a progress report.

`build_snapshot(statement, as_at)` reads the statement in a fixed number of
queries, whatever its size, and returns a dict of strings, numbers, lists and
None only: decimals as strings ("12.50"), dates as ISO strings ("2026-10-31").
Labels are stored beside codes ("in_progress" and "In progress"), so a report
reads as it did on the day even if the labels are reworded later.

What "as at" means: the snapshot is the plan as it stands when the report is
published (statuses, dates and summaries as recorded then); `as_at` dates it.
Measures count only figures for periods ending on or before `as_at`, and an
action is overdue if its due date had passed by `as_at`.

Only public fields go in: owners appear by job title and organisation, never
by name or email; internal narratives, evidence and comments are never read.

Actions (by workstream) and measures are stored in the order people count
references: 4.2 before 4.10, M2 before M10. Pages show a stored snapshot in
its stored order, so reports published before that keep the order they had.
"""

from decimal import Decimal

from django.db.models import Prefetch

from actions.models import Action
from workstreams.models import Measurement, SuccessMeasure, Weakness
from workstreams.references import by_reference, by_workstream_and_reference

# Bump when the shape of the snapshot changes; templates and the diff read it.
SCHEMA_VERSION = 1


def build_snapshot(statement, as_at):
    weaknesses = list(statement.weaknesses.order_by("number"))
    workstreams = list(statement.workstreams.select_related("lead").order_by("number"))
    actions = by_workstream_and_reference(
        Action.objects.filter(statement=statement)
        .select_related("workstream", "owner")
        .with_latest_public_summary()
        .prefetch_related(Prefetch("weaknesses", queryset=Weakness.objects.only("pk", "number")))
        .order_by("workstream__number", "reference")
    )
    measures = by_reference(
        SuccessMeasure.objects.filter(statement=statement)
        .select_related("weakness")
        .prefetch_related(
            # Figures after the report's day are not part of it: every measure
            # method (latest, progress, trend, trajectory) then reads as at that day.
            Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(measured_on__lte=as_at).order_by("measured_on"),
            ),
            "milestones",
        )
        .order_by("reference")
    )
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
