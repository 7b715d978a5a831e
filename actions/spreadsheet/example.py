"""The template's example rows: the Sutton demo (actions/demo/sutton.py) as records.

Made from the demo's plain data, not the database, so the template downloads
the same whether or not the demo is loaded. An action's status, confidence,
completion and revised due date are where its demo progress updates leave it,
worked out as `record_progress` would. A test checks that importing these rows
gives exactly what `load_demo` gives.
"""

from decimal import Decimal

from actions.demo import sutton
from actions.models import Action
from workstreams.models import Owner
from workstreams.references import reference_key


def _organisation_key(owner):
    """The demo owner's organisation as the spreadsheet names it."""
    return Owner(
        organisation=owner["organisation"], organisation_name=owner.get("organisation_name", "")
    ).organisation_key


def _owner(prefix, key):
    owner = sutton.OWNERS[key] if key else None
    return {
        f"{prefix}_job_title": owner["job_title"] if owner else "",
        f"{prefix}_organisation": _organisation_key(owner) if owner else "",
    }


def _progress(updates):
    state = {
        "status": Action.Status.NOT_STARTED.value,
        "confidence": "",
        "completed_on": None,
        "revised_due_date": None,
        "revision_reason": "",
    }
    for update in sorted(updates, key=lambda u: u["on"]):
        state["status"] = update["status"]
        in_progress = update["status"] == Action.Status.IN_PROGRESS
        state["confidence"] = update.get("confidence", "") if in_progress else ""
        complete = update["status"] == Action.Status.COMPLETE
        state["completed_on"] = update.get("completed_on") if complete else None
        revised = update.get("revised_due_date")
        if revised and revised != state["revised_due_date"]:
            state["revised_due_date"] = revised
            state["revision_reason"] = update.get("revision_reason", "")
    return state


def example_records():
    """The demo statement as records, by sheet name (see records.statement_records)."""
    data = sutton.STATEMENT
    used = {spec["lead"] for spec in sutton.WORKSTREAMS}
    used |= {spec["owner"] for spec in sutton.ACTIONS}
    used |= {spec["owner"] for spec in sutton.MEASURES if spec["owner"]}
    owners = sorted(
        (sutton.OWNERS[key] for key in used),
        key=lambda o: (o["organisation"], o.get("organisation_name", ""), o["job_title"]),
    )
    return {
        "statement": [
            {
                name: data[name]
                for name in (
                    "slug",
                    "local_area",
                    "title",
                    "summary",
                    "inspection_published_on",
                    "submitted_on",
                    "evaluated_on",
                    "evaluation_outcome",
                )
            }
        ],
        "owners": [
            {
                "job_title": owner["job_title"],
                "organisation": _organisation_key(owner),
                "name": owner["name"],
                "email": owner["email"],
            }
            for owner in owners
        ],
        "weaknesses": [
            {name: spec[name] for name in ("number", "title", "finding", "response")}
            for spec in sutton.WEAKNESSES
        ],
        "workstreams": [
            {
                "number": spec["number"],
                "name": spec["name"],
                "purpose": spec["purpose"],
                **_owner("lead", spec["lead"]),
                "weakness_numbers": sorted(spec["weaknesses"]),
                "monitoring_arrangements": spec["monitoring_arrangements"],
            }
            for spec in sutton.WORKSTREAMS
        ],
        "measures": [
            {
                "reference": spec["reference"],
                "weakness_number": spec["weakness"],
                "title": spec["title"],
                "description": spec["description"],
                "kind": spec["kind"],
                "unit": spec["unit"],
                "direction": spec["direction"],
                "baseline_value": Decimal(spec["baseline_value"]),
                "baseline_date": spec["baseline_date"],
                "target_value": Decimal(spec["target_value"]),
                "target_date": spec["target_date"],
                "milestones": {day: Decimal(value) for day, value in sorted(spec["milestones"])},
                "data_source": spec["data_source"],
                **_owner("owner", spec["owner"]),
            }
            for spec in sorted(sutton.MEASURES, key=lambda s: s["reference"])
        ],
        "actions": [
            {
                "reference": spec["reference"],
                "workstream_number": spec["workstream"],
                "weakness_numbers": sorted(spec["weaknesses"]),
                "title": spec["title"],
                "description": spec["description"],
                "summary": spec["summary"],
                "intended_outcome": spec["intended_outcome"],
                "monitoring": spec["monitoring"],
                **_owner("owner", spec["owner"]),
                "phase": spec["phase"],
                "start_date": spec["start_date"],
                "due_date": spec["due_date"],
                **_progress(spec["updates"]),
                "measure_references": sorted(spec["measures"], key=reference_key),
            }
            for spec in sutton.ACTIONS
        ],
        "measurements": [
            {
                "measure_reference": spec["reference"],
                "measured_on": measured_on,
                "value": Decimal(value),
                "note": note,
            }
            for spec in sorted(sutton.MEASURES, key=lambda s: s["reference"])
            for measured_on, value, note in spec["measurements"]
        ],
    }
