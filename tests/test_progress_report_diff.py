"""What changed between two progress reports: pure functions on their snapshots."""

import copy

import pytest

from reports.diff import DifferentStatements, compare, count_changes, measure_change


def action(reference, **fields):
    row = {
        "reference": reference,
        "title": f"Action {reference}",
        "status": "not_started",
        "status_label": "Not started",
        "confidence": "",
        "confidence_label": "",
        "due_date": "2027-03-31",
        "revised_due_date": None,
        "revision_reason": "",
        "effective_due_date": "2027-03-31",
        "completed_on": None,
        "is_overdue": False,
    }
    row.update(fields)
    return row


def measure(reference, latest=None, direction="lower", trajectory="no_data"):
    return {
        "reference": reference,
        "title": f"Measure {reference}",
        "direction": direction,
        "direction_label": "Lower is better" if direction == "lower" else "Higher is better",
        "latest": None
        if latest is None
        else {"value": latest, "display": f"{latest}", "date": "2026-09-30"},
        "trajectory_status": trajectory,
        "trajectory_label": trajectory.replace("_", " ").capitalize(),
    }


def snapshot(as_at, actions=(), measures=(), slug="sutton-2018"):
    actions = list(actions)
    return {
        "as_at": as_at,
        "statement": {"slug": slug},
        "counts": {
            "total": len(actions),
            "complete": sum(a["status"] == "complete" for a in actions),
            "in_progress": sum(a["status"] == "in_progress" for a in actions),
            "not_started": sum(a["status"] == "not_started" for a in actions),
            "overdue": sum(a["is_overdue"] for a in actions),
        },
        "actions": actions,
        "measures": list(measures),
    }


def test_two_identical_reports_have_no_changes():
    older = snapshot("2026-09-30", [action("1.1")], [measure("M1", "10")])
    newer = copy.deepcopy(older)
    newer["as_at"] = "2026-12-31"
    changes = compare(older, newer)
    assert changes["has_changes"] is False
    assert changes["status_changes"] == changes["measure_changes"] == []
    assert (changes["from"], changes["to"]) == ("2026-09-30", "2026-12-31")


def test_it_refuses_reports_of_different_statements():
    with pytest.raises(DifferentStatements):
        compare(snapshot("2026-09-30"), snapshot("2026-12-31", slug="another"))


def test_actions_added_and_removed_are_matched_by_reference():
    older = snapshot("2026-09-30", [action("1.1"), action("1.2")])
    newer = snapshot("2026-12-31", [action("1.1"), action("2.1")])
    changes = compare(older, newer)
    assert changes["actions_added"] == [{"reference": "2.1", "title": "Action 2.1"}]
    assert changes["actions_removed"] == [{"reference": "1.2", "title": "Action 1.2"}]
    assert changes["has_changes"]


def test_a_completed_action_is_listed_once_under_completed():
    older = snapshot("2026-09-30", [action("1.1", status="in_progress")])
    newer = snapshot(
        "2026-12-31",
        [action("1.1", status="complete", status_label="Complete", completed_on="2026-11-02")],
    )
    changes = compare(older, newer)
    assert changes["completed"] == [
        {"reference": "1.1", "title": "Action 1.1", "completed_on": "2026-11-02"}
    ]
    assert changes["status_changes"] == []


def test_other_status_changes_carry_their_labels():
    older = snapshot("2026-09-30", [action("1.1")])
    newer = snapshot(
        "2026-12-31", [action("1.1", status="in_progress", status_label="In progress")]
    )
    [change] = compare(older, newer)["status_changes"]
    assert (change["before"], change["after"]) == ("Not started", "In progress")


def test_confidence_changes_while_in_progress_are_listed():
    older = snapshot(
        "2026-09-30",
        [action("1.1", status="in_progress", confidence="on_track", confidence_label="On track")],
    )
    newer = snapshot(
        "2026-12-31",
        [action("1.1", status="in_progress", confidence="at_risk", confidence_label="At risk")],
    )
    [change] = compare(older, newer)["confidence_changes"]
    assert (change["before"], change["after"]) == ("On track", "At risk")


def test_confidence_cleared_on_completion_is_not_a_confidence_change():
    older = snapshot(
        "2026-09-30",
        [action("1.1", status="in_progress", confidence="on_track", confidence_label="On track")],
    )
    newer = snapshot("2026-12-31", [action("1.1", status="complete", completed_on="2026-10-01")])
    assert compare(older, newer)["confidence_changes"] == []


def test_a_revised_due_date_is_a_date_change_with_its_reason():
    older = snapshot("2026-09-30", [action("1.1")])
    newer = snapshot(
        "2026-12-31",
        [
            action(
                "1.1",
                revised_due_date="2027-06-30",
                effective_due_date="2027-06-30",
                revision_reason="Waiting for the new system.",
            )
        ],
    )
    [change] = compare(older, newer)["date_changes"]
    assert change["before"] == "2027-03-31"
    assert change["after"] == "2027-06-30"
    assert change["revision_reason"] == "Waiting for the new system."


def test_actions_that_fell_overdue_are_listed():
    older = snapshot("2026-09-30", [action("1.1")])
    newer = snapshot("2027-06-30", [action("1.1", is_overdue=True)])
    assert compare(older, newer)["newly_overdue"] == [{"reference": "1.1", "title": "Action 1.1"}]


def test_counts_before_and_after_with_signed_differences():
    rows = count_changes(
        {"total": 10, "complete": 2, "in_progress": 5, "not_started": 3, "overdue": 1},
        {"total": 11, "complete": 5, "in_progress": 4, "not_started": 2, "overdue": 1},
    )
    by_key = {row["key"]: row for row in rows}
    assert by_key["complete"]["difference"] == 3
    assert by_key["complete"]["difference_display"] == "+3"
    assert by_key["in_progress"]["difference_display"] == "−1"
    assert by_key["overdue"]["difference_display"] == "No change"
    assert by_key["total"]["before"] == 10


@pytest.mark.parametrize(
    ("direction", "before", "after", "verdict", "label"),
    [
        ("lower", "100", "90", "better", "Better"),
        ("lower", "90", "100", "worse", "Worse"),
        ("higher", "50", "60", "better", "Better"),
        ("higher", "60", "50", "worse", "Worse"),
        ("lower", None, "90", "first", "First figure"),
    ],
)
def test_a_measure_is_better_or_worse_in_its_own_direction(
    direction, before, after, verdict, label
):
    change = measure_change(measure("M1", before, direction), measure("M1", after, direction))
    assert change["verdict"] == verdict
    assert change["verdict_label"] == label
    assert change["after"] == after


def test_an_unchanged_measure_is_not_listed():
    assert measure_change(measure("M1", "10"), measure("M1", "10.00")) is None


def test_a_measure_whose_trajectory_status_changed_is_listed_as_no_change_in_figure():
    change = measure_change(
        measure("M1", "10", trajectory="on_trajectory"),
        measure("M1", "10", trajectory="off_trajectory"),
    )
    assert change["verdict"] == "same"
    assert (change["trajectory_before"], change["trajectory_after"]) == (
        "On trajectory",
        "Off trajectory",
    )


def test_measures_added_and_removed():
    older = snapshot("2026-09-30", measures=[measure("M1")])
    newer = snapshot("2026-12-31", measures=[measure("M2", "5")])
    changes = compare(older, newer)
    assert changes["measures_added"] == [{"reference": "M2", "title": "Measure M2"}]
    assert changes["measures_removed"] == [{"reference": "M1", "title": "Measure M1"}]
