"""A statement's objects as records: {column name: value}, one per row of a sheet.

Values are typed as the reader gives them (text, dates, Decimals, choice codes,
sorted lists, milestone dicts), so export writes these and import compares the
rows it read with them field by field. An owner is named by job title and
organisation (a listed one's code, any other's name: Owner.organisation_key),
never by database id.
"""

from django.db.models import Prefetch, Q

from actions.models import Action
from workstreams.models import Measurement, Owner, SuccessMeasure, Weakness, Workstream
from workstreams.references import reference_key


def _owner_key(prefix, owner):
    return {
        f"{prefix}_job_title": owner.job_title if owner else "",
        f"{prefix}_organisation": owner.organisation_key if owner else "",
    }


def statement_record(statement):
    return {
        "slug": statement.slug,
        "local_area": statement.local_area,
        "title": statement.title,
        "summary": statement.summary,
        "inspection_published_on": statement.inspection_published_on,
        "submitted_on": statement.submitted_on,
        "evaluated_on": statement.evaluated_on,
        "evaluation_outcome": statement.evaluation_outcome,
    }


def owner_record(owner):
    return {
        "job_title": owner.job_title,
        "organisation": owner.organisation_key,
        "name": owner.name,
        "email": owner.email,
    }


def weakness_record(weakness):
    return {
        "number": weakness.number,
        "title": weakness.title,
        "finding": weakness.finding,
        "response": weakness.response,
    }


def workstream_record(workstream):
    return {
        "number": workstream.number,
        "name": workstream.name,
        "purpose": workstream.purpose,
        **_owner_key("lead", workstream.lead),
        "weakness_numbers": sorted(w.number for w in workstream.weaknesses.all()),
        "monitoring_arrangements": workstream.monitoring_arrangements,
    }


def measure_record(measure):
    return {
        "reference": measure.reference,
        "weakness_number": measure.weakness.number if measure.weakness else None,
        "title": measure.title,
        "description": measure.description,
        "kind": measure.kind,
        "unit": measure.unit,
        "direction": measure.direction,
        "baseline_value": measure.baseline_value,
        "baseline_date": measure.baseline_date,
        "target_value": measure.target_value,
        "target_date": measure.target_date,
        "milestones": {
            milestone.due_on: milestone.value
            for milestone in sorted(measure.milestones.all(), key=lambda m: m.due_on)
        },
        "data_source": measure.data_source,
        **_owner_key("owner", measure.owner),
    }


def action_record(action):
    return {
        "reference": action.reference,
        "workstream_number": action.workstream.number,
        "weakness_numbers": sorted(w.number for w in action.weaknesses.all()),
        "title": action.title,
        "description": action.description,
        "summary": action.summary,
        "intended_outcome": action.intended_outcome,
        "monitoring": action.monitoring,
        **_owner_key("owner", action.owner),
        "phase": action.phase,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "revised_due_date": action.revised_due_date,
        "revision_reason": action.revision_reason,
        "status": action.status,
        "confidence": action.confidence,
        "completed_on": action.completed_on,
        "measure_references": sorted(
            (m.reference for m in action.measures.all()), key=reference_key
        ),
    }


def measurement_record(measurement):
    return {
        "measure_reference": measurement.measure.reference,
        "measured_on": measurement.measured_on,
        "value": measurement.value,
        "note": measurement.note,
    }


RECORD_OF = {
    "statement": statement_record,
    "owners": owner_record,
    "weaknesses": weakness_record,
    "workstreams": workstream_record,
    "measures": measure_record,
    "actions": action_record,
    "measurements": measurement_record,
}


# What a statement holds, loaded in a fixed number of queries ---------------------


def weaknesses_of(statement):
    return Weakness.objects.filter(statement=statement).order_by("number")


def workstreams_of(statement):
    return (
        Workstream.objects.filter(statement=statement)
        .select_related("lead")
        .prefetch_related(Prefetch("weaknesses", queryset=Weakness.objects.only("number")))
        .order_by("number")
    )


def measures_of(statement):
    return (
        SuccessMeasure.objects.filter(statement=statement)
        .select_related("weakness", "owner")
        .prefetch_related("milestones")
        .order_by("reference")
    )


def actions_of(statement):
    return (
        Action.objects.filter(statement=statement)
        .select_related("workstream", "owner")
        .prefetch_related(
            Prefetch("weaknesses", queryset=Weakness.objects.only("number")),
            Prefetch("measures", queryset=SuccessMeasure.objects.only("reference")),
        )
        .order_by("workstream__number", "reference")
    )


def measurements_of(statement):
    return (
        Measurement.objects.filter(measure__statement=statement)
        .select_related("measure")
        .order_by("measure__reference", "measured_on")
    )


def owners_of(statement):
    """Everyone the statement names: workstream leads, action owners, measure owners."""
    return (
        Owner.objects.filter(
            Q(workstreams_led__statement=statement)
            | Q(actions__statement=statement)
            | Q(measures__statement=statement)
        )
        .distinct()
        .order_by("organisation", "organisation_name", "job_title")
    )


def _action_order(record):
    """Actions by workstream, then reference as people count them: 1.2 before 1.10."""
    return record["workstream_number"], reference_key(record["reference"]), record["reference"]


def _measure_order(record):
    """Measures by reference as people count them: M2 before M10."""
    return reference_key(record["reference"]), record["reference"]


def _measurement_order(record):
    """Figures by measure (M2 before M10), then by date."""
    reference = record["measure_reference"]
    return reference_key(reference), reference, record["measured_on"]


def statement_records(statement):
    """Every record of `statement`, by sheet name, in the order the sheets list them."""
    return {
        "statement": [statement_record(statement)],
        "owners": [owner_record(o) for o in owners_of(statement)],
        "weaknesses": [weakness_record(w) for w in weaknesses_of(statement)],
        "workstreams": [workstream_record(w) for w in workstreams_of(statement)],
        "measures": sorted((measure_record(m) for m in measures_of(statement)), key=_measure_order),
        "actions": sorted((action_record(a) for a in actions_of(statement)), key=_action_order),
        "measurements": sorted(
            (measurement_record(m) for m in measurements_of(statement)), key=_measurement_order
        ),
    }
