"""What changed between two progress reports of one statement, from their snapshots alone.

Pure functions on the dicts reports.snapshot builds: no database, no live models,
so a comparison of two old reports says what those reports said. `compare(older,
newer)` returns a dict of lists, each item carrying the labels it shows, so a
template only lays it out.

Decisions:
- Actions and measures are matched by reference; a reference in only one report
  is added or removed.
- An action that became complete is listed under "completed", not again under
  status changes.
- A date change is a change of the due date or the revised due date; the page
  shows the date the action was due by (revised if revised) before and after.
- A measure's latest figure is better or worse in the direction the measure says
  is better (lower or higher), using the newer report's direction.
"""

from decimal import Decimal

from workstreams import measure_maths

LOWER_IS_BETTER = "lower"

VERDICT_LABELS = {
    measure_maths.BETTER: "Better",
    measure_maths.WORSE: "Worse",
    measure_maths.SAME: "No change",
    "first": "First figure",
}


class DifferentStatements(ValueError):
    """The two snapshots are of different statements: they cannot be compared."""


def compare(older, newer):
    if older["statement"]["slug"] != newer["statement"]["slug"]:
        raise DifferentStatements("Only reports of the same statement can be compared.")
    before_actions = _by_reference(older["actions"])
    after_actions = _by_reference(newer["actions"])
    before_measures = _by_reference(older["measures"])
    after_measures = _by_reference(newer["measures"])
    kept = [ref for ref in after_actions if ref in before_actions]
    pairs = [(before_actions[ref], after_actions[ref]) for ref in kept]
    result = {
        "from": older["as_at"],
        "to": newer["as_at"],
        "counts": count_changes(older["counts"], newer["counts"]),
        "actions_added": [_brief(a) for r, a in after_actions.items() if r not in before_actions],
        "actions_removed": [_brief(a) for r, a in before_actions.items() if r not in after_actions],
        "completed": [
            {**_brief(after), "completed_on": after["completed_on"]}
            for before, after in pairs
            if after["status"] == "complete" and before["status"] != "complete"
        ],
        "status_changes": [
            _change(before, after, "status_label")
            for before, after in pairs
            if before["status"] != after["status"] and after["status"] != "complete"
        ],
        "confidence_changes": [
            _change(before, after, "confidence_label")
            for before, after in pairs
            if before["confidence"] != after["confidence"] and after["confidence"]
        ],
        "date_changes": [
            {
                **_change(before, after, "effective_due_date"),
                "revision_reason": after["revision_reason"],
            }
            for before, after in pairs
            if (before["due_date"], before["revised_due_date"])
            != (after["due_date"], after["revised_due_date"])
        ],
        "newly_overdue": [
            _brief(after)
            for before, after in pairs
            if after["is_overdue"] and not before["is_overdue"]
        ],
        "measures_added": [
            _brief(m) for r, m in after_measures.items() if r not in before_measures
        ],
        "measures_removed": [
            _brief(m) for r, m in before_measures.items() if r not in after_measures
        ],
        "measure_changes": [
            change
            for ref, after in after_measures.items()
            if ref in before_measures
            and (change := measure_change(before_measures[ref], after)) is not None
        ],
    }
    result["has_changes"] = any(
        value for key, value in result.items() if key != "counts" and isinstance(value, list)
    ) or any(row["difference"] for row in result["counts"])
    return result


def _by_reference(rows):
    return {row["reference"]: row for row in rows}


def _brief(row):
    return {"reference": row["reference"], "title": row["title"]}


def _change(before, after, field):
    return {**_brief(after), "before": before[field], "after": after[field]}


COUNT_LABELS = [
    ("complete", "Complete"),
    ("in_progress", "In progress"),
    ("not_started", "Not started"),
    ("overdue", "Overdue"),
    ("total", "All actions"),
]


def count_changes(before, after):
    """Each progress count before and after, with the difference (signed)."""
    return [
        {
            "key": key,
            "label": label,
            "before": before[key],
            "after": after[key],
            "difference": after[key] - before[key],
            "difference_display": _signed(after[key] - before[key]),
        }
        for key, label in COUNT_LABELS
    ]


def _signed(number):
    if number == 0:
        return "No change"
    return f"+{number}" if number > 0 else f"−{-number}"


def measure_change(before, after):
    """How a measure's latest figure moved between two reports; None if it did not."""
    old = _latest_value(before)
    new = _latest_value(after)
    if old == new and before["trajectory_status"] == after["trajectory_status"]:
        return None
    if new is None:
        verdict = None
    elif old is None:
        verdict = "first"
    else:
        verdict = measure_maths.change_verdict(new, old, after["direction"] == LOWER_IS_BETTER)
    return {
        **_brief(after),
        "before": before["latest"]["display"] if before["latest"] else "No data yet",
        "before_on": before["latest"]["date"] if before["latest"] else None,
        "after": after["latest"]["display"] if after["latest"] else "No data yet",
        "after_on": after["latest"]["date"] if after["latest"] else None,
        "verdict": verdict,
        "verdict_label": VERDICT_LABELS.get(verdict, ""),
        "direction_label": after["direction_label"],
        "trajectory_before": before["trajectory_label"],
        "trajectory_after": after["trajectory_label"],
    }


def _latest_value(measure):
    latest = measure["latest"]
    return None if latest is None else Decimal(latest["value"])
