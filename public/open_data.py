"""Open data: the tables a published statement is published as, defined once.

Each table is an ordered list of columns with a stable snake_case name, a
plain-English description and how to read the value from a row. The CSV files,
the JSON document and the documentation page are all generated from these
definitions, so they cannot drift apart. Column names are a promise to the
people who reuse the data: add new columns at the end, never rename or remove.

Only public fields appear here: never an owner's name or email, a progress
update's internal narrative or evidence, comments, or anyone's user account.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch
from django.utils import timezone

from actions.models import Action
from workstreams.models import (
    Measurement,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
    WorkstreamMembership,
)
from workstreams.references import by_reference, by_workstream_and_reference, reference_key

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    get: Callable[[Any], Any]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    queryset: Callable[[Statement], Iterable]  # the rows in the order the file lists them

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def rows(self, statement):
        """Each row of this table for `statement` as {column name: value}, in fixed queries."""
        for obj in self.queryset(statement):
            yield {column.name: present(column.get(obj)) for column in self.columns}


def present(value):
    """A value as open data shows it: ISO dates, plain decimals, "yes"/"no", stable codes."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # normalize() drops trailing zeros; "f" keeps 40 from becoming "4E+1".
        return format(value.normalize(), "f")
    if isinstance(value, int):
        return value
    return str(value)  # also turns a TextChoices member into its plain code


# Helpers that build columns ---------------------------------------------------


def attribute(name, description, path=None):
    return Column(name, description, attrgetter(path or name))


def label(name, description, field):
    """The human-readable label of a choice field, beside its stable code."""
    return Column(name, description, lambda obj: getattr(obj, f"get_{field}_display")())


def joined(values, key=None):
    return LIST_SEPARATOR.join(str(value) for value in sorted(values, key=key))


def joined_references(references):
    """References as people count them: M2;M10, not M10;M2."""
    return joined(references, key=reference_key)


def date_of(moment):
    return timezone.localdate(moment) if moment else None


STATEMENT_SLUG = attribute(
    "statement_slug",
    "The statement's short web address name. Joins the tables of one statement together.",
)


def owner_columns(prefix, path, who):
    return (
        Column(
            f"{prefix}_job_title",
            f"The job title of {who}. People are named by their role, never by name.",
            lambda obj: getattr(attrgetter(path)(obj), "job_title", None),
        ),
        Column(
            f"{prefix}_organisation",
            f"A code for the organisation {who} works for: "
            "council, ccg, cognus, health, schools, pcf (parent carer forum), or other for "
            f"an organisation outside that list, named in {prefix}_organisation_label.",
            lambda obj: getattr(attrgetter(path)(obj), "organisation", None),
        ),
        Column(
            f"{prefix}_organisation_label",
            f"The name of the organisation {who} works for, whether it has a code of its "
            "own or not.",
            lambda obj: owner.organisation_label if (owner := attrgetter(path)(obj)) else None,
        ),
    )


# The statement itself (the "statement" object of the JSON document) ----------

STATEMENT_COLUMNS = (
    attribute("slug", "The statement's short web address name, used in every table."),
    attribute("local_area", "The local area the statement is for."),
    attribute("title", "The statement's title."),
    attribute("summary", "What the statement is for, in plain English."),
    attribute(
        "inspection_published_on",
        "When the inspection report letter was published (YYYY-MM-DD).",
    ),
    attribute("submitted_on", "When the statement was sent to the inspectors (YYYY-MM-DD)."),
    attribute("evaluated_on", "When the inspectors judged the statement (YYYY-MM-DD)."),
    attribute("evaluation_outcome", 'The inspectors\' verdict, such as "Fit for purpose".'),
    attribute("published_at", "When the statement was first published (ISO 8601 date and time)."),
    attribute(
        "last_changed_at",
        "When anything in the statement last changed (ISO 8601 date and time).",
    ),
)


def statement_record(statement):
    return {column.name: present(column.get(statement)) for column in STATEMENT_COLUMNS}


# Weaknesses --------------------------------------------------------------------


def weakness_rows(statement):
    return Weakness.objects.filter(statement=statement).annotate(
        statement_slug=F("statement__slug")
    )


WEAKNESSES = Table(
    name="weaknesses",
    title="Weaknesses",
    description="The significant weaknesses the inspectors found, one row each.",
    columns=(
        STATEMENT_SLUG,
        attribute("number", "The weakness's number in the statement, from 1."),
        attribute("title", "The weakness in plain English."),
        attribute("finding", "What the inspectors found, in their words."),
        attribute("response", "What the plan does about it, in plain English."),
    ),
    queryset=weakness_rows,
)


# Workstreams -------------------------------------------------------------------


def workstream_rows(statement):
    return (
        Workstream.objects.filter(statement=statement)
        .select_related("lead")
        .annotate(
            statement_slug=F("statement__slug"),
            has_parent_representatives=Exists(
                WorkstreamMembership.objects.filter(workstream=OuterRef("pk"))
            ),
        )
        .prefetch_related(Prefetch("weaknesses", queryset=Weakness.objects.only("number")))
    )


WORKSTREAMS = Table(
    name="workstreams",
    title="Workstreams",
    description="The groups that deliver the plan, one row each.",
    columns=(
        STATEMENT_SLUG,
        attribute("number", "The workstream's number in the statement, from 1."),
        attribute("name", "The workstream's name."),
        attribute("purpose", "What the workstream is for, in plain English."),
        *owner_columns("lead", "lead", "the workstream's lead"),
        Column(
            "weakness_numbers",
            "The numbers of the weaknesses the workstream tackles, separated by semicolons.",
            lambda workstream: joined(w.number for w in workstream.weaknesses.all()),
        ),
        attribute(
            "monitoring_arrangements",
            "How the group monitors and records the outcome of each action.",
        ),
        attribute(
            "has_parent_representatives",
            '"yes" if parent/carer representatives sit on the group, otherwise "no". '
            "Representatives are never named.",
        ),
    ),
    queryset=workstream_rows,
)


# Actions -----------------------------------------------------------------------


def action_rows(statement):
    """By workstream, then by reference as people count them: 4.2 before 4.10."""
    actions = (
        Action.objects.filter(statement=statement)
        .select_related("workstream", "owner")
        .with_latest_public_summary()
        .annotate(statement_slug=F("statement__slug"))
        .prefetch_related(
            Prefetch("weaknesses", queryset=Weakness.objects.only("number")),
            Prefetch("measures", queryset=SuccessMeasure.objects.only("reference")),
        )
        .order_by("workstream__number", "reference")
    )
    return by_workstream_and_reference(actions)


ACTIONS = Table(
    name="actions",
    title="Actions",
    description="What the local area has done or will do, one row per action.",
    columns=(
        STATEMENT_SLUG,
        attribute("reference", 'The action\'s reference in the statement, such as "2.4".'),
        attribute(
            "workstream_number",
            "The number of the workstream that delivers the action.",
            "workstream.number",
        ),
        Column(
            "weakness_numbers",
            "The numbers of the weaknesses the action addresses, separated by semicolons.",
            lambda action: joined(w.number for w in action.weaknesses.all()),
        ),
        attribute("title", "The action's title."),
        attribute("description", "What will be done."),
        attribute("summary", "The action in plain English, for families."),
        attribute("intended_outcome", "What difference the action is meant to make."),
        attribute("monitoring", "How the workstream group monitors and records the outcome."),
        *owner_columns("owner", "owner", "the person responsible for the action"),
        attribute("phase", 'Either "taken" (already taken) or "planned".'),
        label("phase_label", "The phase in words.", "phase"),
        attribute("status", 'One of "not_started", "in_progress" or "complete".'),
        label("status_label", "The status in words.", "status"),
        attribute(
            "confidence",
            'While in progress, the delivery confidence: "on_track", "at_risk" or '
            '"off_track". Otherwise empty.',
        ),
        label("confidence_label", "The delivery confidence in words.", "confidence"),
        attribute("start_date", "When the action starts or started (YYYY-MM-DD)."),
        attribute("due_date", "When the action was first due (YYYY-MM-DD)."),
        attribute(
            "revised_due_date",
            "If the timescale changed, when the action is now due (YYYY-MM-DD). Otherwise empty.",
        ),
        attribute("revision_reason", "Why the due date changed. Otherwise empty."),
        attribute(
            "effective_due_date",
            "When the action is due now: the revised due date if there is one, "
            "otherwise the due date (YYYY-MM-DD).",
        ),
        attribute("completed_on", "When the action was completed (YYYY-MM-DD). Otherwise empty."),
        attribute(
            "is_overdue",
            '"yes" if the action is not complete and its due date has passed, otherwise "no". '
            "Worked out on the day the file is downloaded.",
        ),
        Column(
            "measure_references",
            "The references of the measures of success the action is meant to move, "
            "separated by semicolons.",
            lambda action: joined_references(m.reference for m in action.measures.all()),
        ),
        attribute(
            "latest_public_summary",
            "The latest progress written for families. Empty if there is none yet.",
        ),
        Column(
            "latest_public_summary_on",
            "When the latest progress for families was written (YYYY-MM-DD).",
            lambda action: date_of(action.latest_public_summary_at),
        ),
    ),
    queryset=action_rows,
)


# Measures of success -----------------------------------------------------------


def measure_rows(statement):
    """By reference as people count them: M2 before M10."""
    measures = (
        SuccessMeasure.objects.filter(statement=statement)
        .select_related("owner", "weakness")
        .annotate(statement_slug=F("statement__slug"))
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on")),
            "milestones",
        )
        .order_by("reference")
    )
    return by_reference(measures)


def milestones_of(measure):
    return LIST_SEPARATOR.join(
        f"{present(milestone.due_on)}={present(milestone.value)}"
        for milestone in sorted(measure.milestones.all(), key=attrgetter("due_on"))
    )


def latest_of(measure, field):
    latest = measure.latest
    return getattr(latest, field) if latest else None


MEASURES = Table(
    name="measures",
    title="Measures of success",
    description="How the local area will know children and families are better off, "
    "one row per measure.",
    columns=(
        STATEMENT_SLUG,
        attribute("reference", 'The measure\'s reference in the statement, such as "M3".'),
        Column(
            "weakness_number",
            "The number of the weakness the measure is linked to. Empty if none.",
            lambda measure: measure.weakness.number if measure.weakness else None,
        ),
        attribute("title", "What is measured."),
        attribute("description", "More about the measure, in plain English."),
        attribute("kind", 'Either "impact" (a difference for families) or "process".'),
        label("kind_label", "The kind of measure in words.", "kind"),
        attribute("unit", 'One of "count", "percentage", "days", "weeks" or "score".'),
        label("unit_label", "The unit in words.", "unit"),
        attribute("direction", 'Either "lower" or "higher": which way is better.'),
        label("direction_label", "Which way is better, in words.", "direction"),
        attribute("baseline_value", "The starting figure, as a plain number such as 12.5."),
        attribute("baseline_date", "The date of the starting figure (YYYY-MM-DD)."),
        attribute("target_value", "The figure to reach, as a plain number."),
        attribute("target_date", "When the target should be reached (YYYY-MM-DD)."),
        Column(
            "milestones",
            "Interim figures on the way to the target, as date=figure pairs separated by "
            "semicolons, such as 2019-07-31=90;2020-01-31=75. Empty if none.",
            milestones_of,
        ),
        attribute("data_source", "Where the figures come from."),
        *owner_columns("owner", "owner", "the person responsible for the measure"),
        Column(
            "latest_value",
            "The latest recorded figure. Empty if none yet.",
            lambda measure: latest_of(measure, "value"),
        ),
        Column(
            "latest_measured_on",
            "The date the latest figure is for (YYYY-MM-DD).",
            lambda measure: latest_of(measure, "measured_on"),
        ),
        attribute(
            "progress_to_target_percent",
            "How far the latest figure has moved from the starting figure toward the target, "
            "as a whole percentage: 0 is the starting point, 100 the target reached.",
            "progress_percent",
        ),
        attribute(
            "trend",
            'Direction of travel of the two latest figures: "improving", "worsening", '
            '"no_change" or "no_data".',
        ),
        Column(
            "trend_label",
            "The direction of travel in words.",
            lambda measure: SuccessMeasure.Trend(measure.trend).label,
        ),
        attribute(
            "trajectory_status",
            'Where the latest figure stands against the plan: "target_met", "on_trajectory", '
            '"off_trajectory" or "no_data". ' + SuccessMeasure.TRAJECTORY_RULE,
        ),
        Column(
            "trajectory_status_label",
            "Where the latest figure stands against the plan, in words.",
            lambda measure: measure.trajectory_status.label,
        ),
        attribute(
            "expected_at_latest",
            "The figure the plan expected on the date of the latest figure, on its trajectory "
            "(empty with no figures).",
        ),
    ),
    queryset=measure_rows,
)


# Measurements ------------------------------------------------------------------


def measurement_rows(statement):
    """By measure (M2 before M10), then by date."""
    measurements = (
        Measurement.objects.filter(measure__statement=statement)
        .select_related("measure")
        .annotate(statement_slug=F("measure__statement__slug"))
        .order_by("measure__reference", "measured_on")
    )
    return sorted(
        measurements,
        key=lambda measurement: (
            reference_key(measurement.measure.reference),
            measurement.measure.reference,
            measurement.measured_on,
        ),
    )


MEASUREMENTS = Table(
    name="measurements",
    title="Measurements",
    description="Every figure recorded for a measure of success, one row each.",
    columns=(
        STATEMENT_SLUG,
        attribute(
            "measure_reference",
            "The reference of the measure the figure is for.",
            "measure.reference",
        ),
        attribute("measured_on", "The end of the period the figure is for (YYYY-MM-DD)."),
        attribute("value", "The figure, as a plain number such as 12.5."),
        attribute("unit", "The measure's unit (see the measures table).", "measure.unit"),
    ),
    queryset=measurement_rows,
)


TABLES = {table.name: table for table in (WEAKNESSES, WORKSTREAMS, ACTIONS, MEASURES, MEASUREMENTS)}
