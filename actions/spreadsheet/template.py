"""The spreadsheet template: its sheets and columns, defined once.

The reader, the writer, the guide sheet in every exported workbook and the
documentation on the import page are all made from these definitions, so they
cannot drift apart. Rows are matched by each sheet's key (a number or a
reference, never a database id), so an exported sheet can be edited and
imported again to change the statement in place.

Owners' names and email addresses are in the file: import and export are for
programme managers only, and the file is never published.
"""

from dataclasses import dataclass

from actions.models import Action
from workstreams.models import Owner, SuccessMeasure
from workstreams.models.measure import NOTE_MAX_LENGTH

# Limits on what is read. Checked before the spreadsheet library opens the file.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2_000  # data rows in one sheet
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024  # all the parts of an XLSX file, unpacked
MAX_ZIP_RATIO = 100  # how much one part may grow when unpacked
MAX_ZIP_MEMBERS = 500
MAX_CELL_CHARACTERS = 32_767  # the most one spreadsheet cell holds

LIST_SEPARATOR = ";"
EXAMPLE_ORGANISATION_NAME = "Sutton Information, Advice and Support Service"


class Kind:
    """How a column's cells are written and read."""

    TEXT = "text"
    REFERENCE = "reference"  # text that looks like a number ("2.10"): kept as text
    WHOLE_NUMBER = "whole number"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    ORGANISATION = "organisation"  # a listed organisation's code, or another one's name
    NUMBER_LIST = "number list"
    REFERENCE_LIST = "reference list"
    MILESTONES = "milestones"


FORMATS = {
    Kind.TEXT: "Text.",
    Kind.REFERENCE: 'Text made of numbers and dots or letters, such as "2.4" or "M3".',
    Kind.WHOLE_NUMBER: "A whole number, such as 2.",
    Kind.NUMBER: "A number, such as 12 or 12.5.",
    Kind.DATE: "A date: 31/03/2019, 2019-03-31, 31 March 2019 or a date cell.",
    Kind.NUMBER_LIST: "Numbers separated by semicolons, such as 1;2.",
    Kind.REFERENCE_LIST: "References separated by semicolons, such as M1;M3.",
    Kind.MILESTONES: (
        "Date=figure pairs separated by semicolons, such as 31/07/2019=90;31/01/2020=75."
    ),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    required: bool = False
    choices: type | None = None  # a TextChoices class, for Kind.CHOICE
    default: str = ""  # for an empty optional choice

    @property
    def label(self):
        """How messages name the column: "due date" for due_date."""
        return self.name.replace("_", " ")

    @property
    def format(self):
        if self.kind == Kind.CHOICE:
            return (
                "One of: "
                + ", ".join(f"{value} ({label})" for value, label in self.choices.choices)
                + "."
            )
        if self.kind == Kind.ORGANISATION:
            offered = Owner.offered_organisations()[:-1]  # not "other": a name instead
            return (
                "One of: "
                + ", ".join(f"{code} ({name})" for code, name in offered)
                + ". For any other organisation, its name, such as "
                f'"{EXAMPLE_ORGANISATION_NAME}" (not "other").'
            )
        return FORMATS[self.kind]

    @property
    def options(self):
        """The values a workbook's drop-down list offers in this column."""
        if self.kind == Kind.ORGANISATION:
            return [code for code, _ in Owner.offered_organisations()[:-1]]  # or a name
        return list(self.choices.values)


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def column(self, name):
        return next(column for column in self.columns if column.name == name)


def text(name, description, required=False):
    return Column(name, Kind.TEXT, description, required)


def owner_columns(prefix, who, required):
    return (
        text(
            f"{prefix}_job_title",
            f"The job title of {who}, exactly as in the owners sheet.",
            required,
        ),
        Column(
            f"{prefix}_organisation",
            Kind.ORGANISATION,
            f"The organisation of {who}, exactly as in the owners sheet: its code, or the "
            "name of an organisation that has no code.",
            required,
        ),
    )


STATEMENT = Sheet(
    name="statement",
    title="Statement",
    description=(
        "The statement itself, in one row. Its slug says which statement the file is for: "
        "a new slug creates a new (draft) statement, an existing one updates it in place. "
        "Importing never publishes a statement."
    ),
    key=("slug",),
    columns=(
        text(
            "slug",
            "The statement's short web address name: lower-case letters, numbers and hyphens, "
            'such as "sutton-2018".',
            True,
        ),
        text("local_area", 'The local area, such as "Sutton".', True),
        text("title", "The statement's title.", True),
        text("summary", "What the statement is for, in plain English.", True),
        Column(
            "inspection_published_on",
            Kind.DATE,
            "When the inspection report letter was published.",
            True,
        ),
        Column("submitted_on", Kind.DATE, "When the statement was sent to the inspectors."),
        Column("evaluated_on", Kind.DATE, "When the inspectors judged the statement."),
        text("evaluation_outcome", 'The inspectors\' verdict, such as "Fit for purpose".'),
    ),
)

OWNERS = Sheet(
    name="owners",
    title="Owners",
    description=(
        "The people accountable for workstreams, actions and measures, one row each. An "
        "owner is known by job title and organisation together; the other sheets name "
        "owners that way. Names and emails are never shown publicly."
    ),
    key=("job_title", "organisation"),
    columns=(
        text("job_title", "The owner's job title.", True),
        Column(
            "organisation",
            Kind.ORGANISATION,
            "The organisation the owner works for: the code of one in the list, or the name "
            "of any other, as families know it. The public sees the organisation's name.",
            True,
        ),
        text("name", "The owner's name.", True),
        text("email", "The owner's work email address. Internal only."),
    ),
)

WEAKNESSES = Sheet(
    name="weaknesses",
    title="Weaknesses",
    description="The significant weaknesses the inspectors found, one row each.",
    key=("number",),
    columns=(
        Column("number", Kind.WHOLE_NUMBER, "The weakness's number, from 1.", True),
        text("title", "The weakness in plain English.", True),
        text("finding", "What the inspectors found, in their words.", True),
        text("response", "What the plan does about it, in plain English."),
    ),
)

WORKSTREAMS = Sheet(
    name="workstreams",
    title="Workstreams",
    description="The groups that deliver the plan, one row each.",
    key=("number",),
    columns=(
        Column("number", Kind.WHOLE_NUMBER, "The workstream's number, from 1.", True),
        text("name", "The workstream's name.", True),
        text("purpose", "What the workstream is for, in plain English.", True),
        *owner_columns("lead", "the workstream's lead", True),
        Column(
            "weakness_numbers",
            Kind.NUMBER_LIST,
            "The weaknesses the workstream tackles.",
        ),
        text(
            "monitoring_arrangements",
            "How the group monitors and records the outcome of each action.",
            True,
        ),
    ),
)

MEASURES = Sheet(
    name="measures",
    title="Measures of success",
    description="How the local area will know children and families are better off.",
    key=("reference",),
    columns=(
        Column("reference", Kind.REFERENCE, 'The measure\'s reference, such as "M3".', True),
        Column(
            "weakness_number",
            Kind.WHOLE_NUMBER,
            "The weakness the measure is linked to. Empty if none.",
        ),
        text("title", "What is measured.", True),
        text("description", "More about the measure, in plain English."),
        Column(
            "kind",
            Kind.CHOICE,
            "Impact (a difference for families) or process. Empty means impact.",
            choices=SuccessMeasure.Kind,
            default=SuccessMeasure.Kind.IMPACT,
        ),
        Column("unit", Kind.CHOICE, "The unit of the figures.", True, SuccessMeasure.Unit),
        Column(
            "direction",
            Kind.CHOICE,
            "Which way is better.",
            True,
            SuccessMeasure.Direction,
        ),
        Column("baseline_value", Kind.NUMBER, "The starting figure.", True),
        Column("baseline_date", Kind.DATE, "The date of the starting figure.", True),
        Column("target_value", Kind.NUMBER, "The figure to reach.", True),
        Column("target_date", Kind.DATE, "When the target should be reached.", True),
        Column("milestones", Kind.MILESTONES, "Interim figures on the way to the target."),
        text("data_source", "Where the figures come from."),
        *owner_columns("owner", "the person responsible for the measure (or empty)", False),
    ),
)

ACTIONS = Sheet(
    name="actions",
    title="Actions",
    description=(
        "What the local area has done or will do, one row per action. A change of status, "
        "delivery confidence, completion date or revised due date is recorded as a progress "
        "update by the person importing, so the action's history stays true."
    ),
    key=("reference",),
    columns=(
        Column("reference", Kind.REFERENCE, 'The action\'s reference, such as "2.4".', True),
        Column(
            "workstream_number",
            Kind.WHOLE_NUMBER,
            "The workstream that delivers the action.",
            True,
        ),
        Column(
            "weakness_numbers",
            Kind.NUMBER_LIST,
            "The weaknesses the action addresses (at least one).",
            True,
        ),
        text("title", "The action's title.", True),
        text("description", "What will be done.", True),
        text("summary", "The action in plain English, for families.", True),
        text("intended_outcome", "What difference the action is meant to make.", True),
        text("monitoring", "How the workstream group monitors and records the outcome.", True),
        *owner_columns("owner", "the person responsible for the action", True),
        Column(
            "phase",
            Kind.CHOICE,
            "Already taken or planned. Empty means planned.",
            choices=Action.Phase,
            default=Action.Phase.PLANNED,
        ),
        Column("start_date", Kind.DATE, "When the action starts or started.", True),
        Column("due_date", Kind.DATE, "When the action was first due.", True),
        Column(
            "revised_due_date",
            Kind.DATE,
            "If the timescale changed, when it is now due. Once set it cannot be removed.",
        ),
        text("revision_reason", "Why the due date changed (needed with a revised due date)."),
        Column(
            "status",
            Kind.CHOICE,
            "Where the action is. Empty means not started.",
            choices=Action.Status,
            default=Action.Status.NOT_STARTED,
        ),
        Column(
            "confidence",
            Kind.CHOICE,
            "Delivery confidence, only while in progress.",
            choices=Action.Confidence,
        ),
        Column("completed_on", Kind.DATE, "When it was completed: only if complete."),
        Column(
            "measure_references",
            Kind.REFERENCE_LIST,
            "The measures of success the action is meant to move.",
        ),
    ),
)

MEASUREMENTS = Sheet(
    name="measurements",
    title="Measurements",
    description=(
        "Figures recorded for the measures, one row each. A measure has one figure per date."
    ),
    key=("measure_reference", "measured_on"),
    columns=(
        Column(
            "measure_reference",
            Kind.REFERENCE,
            "The measure the figure is for, as in the measures sheet.",
            True,
        ),
        Column(
            "measured_on",
            Kind.DATE,
            "The end of the period the figure is for: not before the measure's baseline date, "
            "and not in the future.",
            True,
        ),
        Column("value", Kind.NUMBER, "The figure.", True),
        text(
            "note",
            "Anything the reader should know about the figure, "
            f"up to {NOTE_MAX_LENGTH:,} characters.",
        ),
    ),
)

# In the order they are written, read and applied: each names only sheets before it.
SHEETS = (STATEMENT, OWNERS, WEAKNESSES, WORKSTREAMS, MEASURES, ACTIONS, MEASUREMENTS)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
MAX_FILES = len(SHEETS)  # CSV files in one upload: one per sheet
GUIDE_SHEET = "guide"  # written first in every workbook; never read
