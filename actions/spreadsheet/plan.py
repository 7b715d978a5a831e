"""Check the rows read from a file against each other and the database, and say what
importing them would do: for each row, create, change (which fields) or leave alone.

Nothing here writes. Rows are matched by their sheet's key (a weakness or
workstream number, a measure or action reference, an owner's job title and
organisation, a measure and date), so an exported file edited and imported again
changes the statement in place. Objects in the statement that the file does not
mention are left as they are: importing never deletes.

Each row is also checked as the model would check it (`full_clean` on an unsaved
copy), so a row the database would refuse is reported here, with its sheet and
row, instead of failing halfway through the import.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q

from actions.models import Action
from workstreams.models import (
    Measurement,
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
)

from . import records
from .reader import Problem
from .template import SHEETS, SHEETS_BY_NAME, Kind

CREATE, CHANGE, UNCHANGED = "create", "change", "unchanged"

# Action fields that change only through record_progress, so the history stays true.
PROGRESS_FIELDS = ("status", "confidence", "completed_on", "revised_due_date")
# Action fields a programme manager edits in place.
IN_PLACE_FIELDS = (
    "title",
    "description",
    "summary",
    "intended_outcome",
    "monitoring",
    "phase",
    "start_date",
    "due_date",
)
IN_PLACE_FIRST, PROGRESS_FIRST = "in place first", "progress first"


@dataclass(frozen=True)
class FieldChange:
    column: str  # the column's label
    before: str
    after: str


@dataclass
class RowPlan:
    sheet: str
    row: int  # the spreadsheet's row number
    key: tuple
    label: str
    outcome: str  # CREATE, CHANGE or UNCHANGED
    values: dict
    changes: list = field(default_factory=list)

    @property
    def sheet_title(self):
        """The sheet as people read it: "Actions", not "actions"."""
        return SHEETS_BY_NAME[self.sheet].title


@dataclass(frozen=True)
class SheetSummary:
    name: str
    title: str
    created: int
    changed: int
    unchanged: int
    not_in_file: int

    @property
    def left_alone(self):
        return self.unchanged + self.not_in_file


@dataclass
class ImportPlan:
    source: str = ""
    slug: str | None = None
    statement: Statement | None = None  # the statement the file changes, if it exists
    rows: dict = field(default_factory=dict)  # sheet name: [RowPlan]
    problems: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    not_in_file: dict = field(default_factory=dict)  # sheet name: how many are left alone
    action_order: dict = field(default_factory=dict)  # reference: IN_PLACE_FIRST or ...

    @property
    def is_valid(self):
        return not self.problems

    @property
    def has_changes(self):
        return any(row.outcome != UNCHANGED for rows in self.rows.values() for row in rows)

    def rows_with(self, outcome):
        return [
            row
            for sheet in SHEETS
            for row in self.rows.get(sheet.name, [])
            if row.outcome == outcome
        ]

    @property
    def created(self):
        return self.rows_with(CREATE)

    @property
    def changed(self):
        return self.rows_with(CHANGE)

    @property
    def unchanged(self):
        return self.rows_with(UNCHANGED)

    def summaries(self):
        found = []
        for sheet in SHEETS:
            rows = self.rows.get(sheet.name, [])
            counts = {
                outcome: sum(row.outcome == outcome for row in rows)
                for outcome in (CREATE, CHANGE, UNCHANGED)
            }
            absent = self.not_in_file.get(sheet.name, 0)
            if rows or absent:
                found.append(
                    SheetSummary(
                        sheet.name,
                        sheet.title,
                        counts[CREATE],
                        counts[CHANGE],
                        counts[UNCHANGED],
                        absent,
                    )
                )
        return found

    def fingerprint(self):
        """A hash of what the import would do: the preview and the confirmation must agree."""
        payload = [
            self.slug,
            [
                [
                    row.sheet,
                    [str(part) for part in row.key],
                    row.outcome,
                    [list(vars(c).values()) for c in row.changes],
                ]
                for sheet in SHEETS
                for row in self.rows.get(sheet.name, [])
            ],
        ]
        return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def plan_import(read, *, statement_slug=None):
    """What importing `read` (a reader.ReadResult) would do, and every problem with it.

    `statement_slug` imports into that statement (made if new) whatever slug the
    file gives; without it the statement sheet's slug says.
    """
    plan = ImportPlan(source=read.source, problems=list(read.problems), notices=list(read.notices))
    if not read.file_problems:
        _Planner(plan, read.sheets, statement_slug).run()
    order = {sheet.name: index for index, sheet in enumerate(SHEETS)}
    plan.problems.sort(key=lambda p: (p.sheet is not None, order.get(p.sheet, 0), p.row or 0))
    return plan


# Showing and comparing values ---------------------------------------------------------


def display(column, value):
    """A value as the preview shows it."""
    if value is None or value in ("", [], {}):
        return "(empty)"
    if column.kind == Kind.DATE:
        return f"{value:%-d %b %Y}"
    if column.kind == Kind.NUMBER:
        return format(value.normalize(), "f")
    if column.kind == Kind.CHOICE:
        return str(dict(column.choices.choices).get(value, value))
    if column.kind == Kind.ORGANISATION:
        return organisation_shown(value)
    if column.kind in (Kind.NUMBER_LIST, Kind.REFERENCE_LIST):
        return "; ".join(str(item) for item in value)
    if column.kind == Kind.MILESTONES:
        return "; ".join(
            f"{day:%-d %b %Y}: {format(figure.normalize(), 'f')}" for day, figure in value.items()
        )
    return str(value)


def organisation_shown(key):
    """An organisation cell's value as people read it: a code as the organisation's name."""
    return str(Owner.label_of(key, ""))


def new_organisation_notice(name):
    """What to tell the importer about `name`, an organisation outside the list that no
    saved owner works for: families will read it as written, so a misspelt or home-made
    name for a listed organisation ("Sutton Council") should be caught now."""
    folded = name.lower()
    words = set(re.findall(r"\w+", folded))
    listed = next(
        (
            (code, label)
            for code, label in Owner.offered_organisations()
            if code != Owner.Organisation.OTHER
            and (code in words or SequenceMatcher(None, folded, label.lower()).ratio() >= 0.8)
        ),
        None,
    )
    notice = (
        f"“{name}” is not a listed organisation, and no saved owner works there: the "
        "public pages will show its name as written."
    )
    if listed:
        code, label = listed
        notice += f" If it is {label}, write “{code}” instead."
    return notice


def _in_any_case(owner_key):
    """An owner's key as the database compares it (Lower on both parts)."""
    return tuple(part.lower() for part in owner_key)


def _normal_text(value):
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def same(column, before, after):
    if column.kind in (Kind.TEXT, Kind.REFERENCE, Kind.CHOICE, Kind.ORGANISATION):
        return _normal_text(before) == _normal_text(after)
    if column.kind == Kind.REFERENCE_LIST:
        # A set of links: older exports listed them in text order (M1;M10;M2).
        return set(before or []) == set(after or [])
    return before == after


def _label(record, *names):
    return " ".join(str(record[name]) for name in names if record.get(name) not in (None, ""))


def _relations(model):
    return [f.name for f in model._meta.get_fields() if f.is_relation]


def _model_values(sheet, model, values):
    names = {f.name for f in model._meta.concrete_fields if not f.is_relation}
    return {column.name: values[column.name] for column in sheet.columns if column.name in names}


def owner_values(sheet, values):
    """An owners row's field values, its organisation cell split into the organisation
    and, for one outside the list, its name."""
    fields = _model_values(sheet, Owner, values)
    fields["organisation"], fields["organisation_name"] = Owner.organisation_from_key(
        values["organisation"]
    )
    return fields


# Fields a sheet holds in a column of another name: their problems are put there.
COLUMN_OF_FIELD = {"organisation_name": "organisation"}


def check_row(instance):
    """Validate an unsaved copy as the model would, except what needs the database's rows.

    Uniqueness is left out: rows are matched by their keys, so a key that exists
    is a change, not a clash. Check constraints are kept.
    """
    errors = {}
    try:
        instance.full_clean(
            exclude=_relations(type(instance)), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        check_constraints(instance)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def check_constraints(instance):
    """The model's check constraints (not its unique ones) on an unsaved instance.

    Worked out in Python where the condition is simple lookups, as all of ours
    are, rather than with a query per constraint per row: a sheet of 2,000 rows
    would otherwise take tens of thousands of queries.
    """
    errors = {}
    for constraint in instance._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        try:
            holds = _holds(constraint.condition, instance) is not False
        except _NotSimple:
            try:
                constraint.validate(type(instance), instance, exclude=_relations(type(instance)))
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            continue
        if not holds:
            error = ValidationError(constraint.get_violation_error_message(), code="constraint")
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


class _NotSimple(Exception):
    """A condition `_holds` cannot work out: the database is asked instead."""


COMPARE = {
    "exact": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def _holds(condition, instance):
    """True, False or None (unknown, as SQL's NULL) for a Q of simple lookups on `instance`.

    A database passes a check that comes out unknown, so only False is a failure.
    """
    if isinstance(condition, Q):
        results = [_holds(child, instance) for child in condition.children]
        if condition.connector == Q.AND:
            value = False if False in results else None if None in results else True
        else:
            value = True if True in results else None if None in results else False
        return (None if value is None else not value) if condition.negated else value
    if not isinstance(condition, tuple):
        raise _NotSimple
    lookup, expected = condition
    name, _, operator = lookup.partition("__")
    actual = getattr(instance, name)
    if isinstance(expected, F):
        expected = getattr(instance, expected.name)
    elif hasattr(expected, "resolve_expression"):
        raise _NotSimple
    if operator == "isnull":
        return (actual is None) == expected
    if operator not in ("", *COMPARE):
        raise _NotSimple
    if actual is None or expected is None:
        return None
    try:
        return COMPARE[operator or "exact"](actual, expected)
    except TypeError:
        return None  # a value the reader could not read: already reported


def action_state_is_valid(values):
    """Whether an action with these field values passes the model's check constraints."""
    try:
        check_constraints(Action(**values))
    except ValidationError:
        return False
    return True


def action_order(current, values):
    """In which order an existing action's in-place edits and progress can be saved.

    The database checks its rules on every save, so the state between the two
    saves must be valid too: a later due date must be in place before a later
    revised date, and the other way round. None if neither order works.
    """
    now = {
        name: getattr(current, name)
        for name in (*IN_PLACE_FIELDS, *PROGRESS_FIELDS, "revision_reason")
    }
    in_place = {name: values[name] for name in IN_PLACE_FIELDS}
    progress = {name: values[name] for name in PROGRESS_FIELDS}
    progress["revision_reason"] = values["revision_reason"]
    if action_state_is_valid({**now, **in_place}):
        return IN_PLACE_FIRST
    if action_state_is_valid({**now, **progress}):
        return PROGRESS_FIRST
    return None


class _Planner:
    def __init__(self, plan, sheets, slug):
        self.plan = plan
        self.sheets = sheets
        self.override = slug
        self.located = {(p.sheet, p.row, p.column) for p in plan.problems}
        # Rows with a cell that could not be read: rules about several cells are not
        # checked on them, since one of the cells is already known to be wrong.
        self.rows_in_trouble = {(p.sheet, p.row) for p in plan.problems}
        # Sheets with a row whose key could not be read: a link to a missing key
        # there may be to that row, so it is not reported until the key is put right.
        self.unreadable = set()

    def problem(self, sheet, row, column, message):
        if column is not None and (sheet, row, column) in self.located:
            return  # one problem per cell is enough
        self.located.add((sheet, row, column))
        self.plan.problems.append(Problem(sheet, row, column, message))

    def run(self):
        if not self._statement():
            return
        self._load()
        self._owners()
        self._weaknesses()
        self._workstreams()
        self._measures()
        self._actions()
        self._measurements()

    # Helpers ------------------------------------------------------------------------

    def _rows(self, sheet):
        return self.sheets.get(sheet.name, [])

    def _keyed_rows(self, sheet):
        """(row, key) for each row with its key filled in, reporting a key used twice."""
        seen = {}
        for row in self._rows(sheet):
            key = tuple(row.values[name] for name in sheet.key)
            if any(part in (None, "") for part in key):
                self.unreadable.add(sheet.name)
                continue  # the reader has said the cell is empty or wrong
            if key in seen:
                column = sheet.column(sheet.key[-1])
                shown = " on ".join(
                    display(sheet.column(n), v) for n, v in zip(sheet.key, key, strict=True)
                )
                self.problem(
                    sheet.name, row.number, column.label, f"{shown} is also in row {seen[key]}"
                )
                continue
            seen[key] = row.number
            yield row, key

    def _validate(self, sheet, row, instance):
        try:
            check_row(instance)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                name = COLUMN_OF_FIELD.get(name, name)
                column = sheet.column(name).label if name in sheet.column_names else None
                if column is None and (sheet.name, row.number) in self.rows_in_trouble:
                    continue  # a rule about several cells, one of which is already wrong
                for message in messages:
                    self.problem(sheet.name, row.number, column, message)

    def _plan_row(self, sheet, row, key, existing, label):
        values = row.values
        if existing is None:
            outcome, changes = CREATE, []
        else:
            before = records.RECORD_OF[sheet.name](existing)
            changes = [
                FieldChange(
                    column.label,
                    display(column, before[column.name]),
                    display(column, values[column.name]),
                )
                for column in sheet.columns
                if not same(column, before[column.name], values[column.name])
            ]
            outcome = CHANGE if changes else UNCHANGED
        planned = RowPlan(sheet.name, row.number, key, label, outcome, values, changes)
        self.plan.rows.setdefault(sheet.name, []).append(planned)
        return planned

    def _not_in_file(self, sheet, existing_keys, keys):
        if sheet.name in self.sheets:
            absent = len(set(existing_keys) - set(keys))
        else:
            absent = len(existing_keys)
        if absent:
            self.plan.not_in_file[sheet.name] = absent

    def _owner(self, sheet, row, prefix, required):
        """The owner key a row names in `prefix`_job_title and `prefix`_organisation."""
        job_title = row.values[f"{prefix}_job_title"]
        organisation = row.values[f"{prefix}_organisation"]
        title_column = f"{prefix} job title"
        if not job_title and not organisation:
            return None
        if not job_title or not organisation:
            missing = title_column if not job_title else f"{prefix} organisation"
            self.problem(
                sheet.name,
                row.number,
                missing,
                "give the owner's job title and organisation together",
            )
            return None
        key = (job_title, organisation)
        if key not in self.owner_keys and "owners" not in self.unreadable:
            where = organisation_shown(organisation)
            hint = next(
                (
                    f": did you mean “{k[0]}” ({organisation_shown(k[1])})?"
                    if k[1] != organisation
                    else f": did you mean “{k[0]}”?"
                    for k in sorted(self.owner_keys)
                    if (k[0].lower(), k[1].lower()) == (job_title.lower(), organisation.lower())
                ),
                "",
            )
            self.problem(
                sheet.name,
                row.number,
                title_column,
                f"“{job_title}” ({where}) is not in the owners sheet{hint}",
            )
            return None
        return key

    def _numbers_exist(self, sheet, row, column_name, numbers, known, what, sheet_name):
        missing = [str(n) for n in numbers or [] if n not in known]
        if missing and sheet_name not in self.unreadable:
            self.problem(
                sheet.name,
                row.number,
                sheet.column(column_name).label,
                f"there is no {what} {', '.join(missing)} in the {sheet_name} sheet",
            )

    # The statement ----------------------------------------------------------------------

    def _statement(self):
        sheet = SHEETS_BY_NAME["statement"]
        rows = self._rows(sheet)
        row = rows[0] if rows else None
        if sheet.name in self.sheets and not rows:
            self.problem(sheet.name, 2, None, "The statement sheet has no statement in row 2.")
        for extra in rows[1:]:
            self.problem(
                sheet.name,
                extra.number,
                None,
                "A file holds one statement: only row 2 of the statement sheet is for it.",
            )
        if row is None and any(p.sheet == sheet.name for p in self.plan.problems):
            return False  # the sheet is there but could not be read: already said why
        file_slug = row.values["slug"] if row else ""
        slug = self.override or file_slug
        if not slug:
            if row is None:
                self.problem(
                    None,
                    None,
                    None,
                    "The file has no statement sheet: say which statement to import into.",
                )
            return False
        if self.override and file_slug and file_slug != self.override:
            self.plan.notices.append(
                f"The file is for the statement “{file_slug}”: "
                f"it is imported into “{self.override}”."
            )
        self.plan.slug = slug
        statement = Statement.objects.filter(slug=slug).first()
        self.plan.statement = statement
        if statement is not None and statement.status == Statement.Status.ARCHIVED:
            self.problem(
                sheet.name if row else None,
                row.number if row else None,
                None,
                f"“{statement.title}” is archived: it is kept as a record and cannot be changed.",
            )
        if row is None:
            if statement is None:
                self.problem(
                    None,
                    None,
                    None,
                    f"There is no statement “{slug}” yet, and the file has no statement sheet "
                    "to make it from.",
                )
                return False
            return True
        row.values["slug"] = slug
        self._validate(sheet, row, Statement(**_model_values(sheet, Statement, row.values)))
        self._plan_row(sheet, row, (slug,), statement, row.values["title"])
        return True

    def _load(self):
        statement = self.plan.statement
        owners = Owner.objects.all()
        self.owners = {(o.job_title, o.organisation_key): o for o in owners}
        self.owner_keys = set(self.owners)
        if statement is None:
            self.weaknesses, self.workstreams, self.measures = {}, {}, {}
            self.actions, self.measurements = {}, {}
            return
        self.weaknesses = {w.number: w for w in records.weaknesses_of(statement)}
        self.workstreams = {w.number: w for w in records.workstreams_of(statement)}
        self.measures = {m.reference: m for m in records.measures_of(statement)}
        self.actions = {a.reference: a for a in records.actions_of(statement)}
        self.measurements = {
            (m.measure.reference, m.measured_on): m for m in records.measurements_of(statement)
        }

    # Each sheet -----------------------------------------------------------------------------

    def _owners(self):
        sheet = SHEETS_BY_NAME["owners"]
        # Owners as the database tells them apart: job title and organisation in any case.
        seen = {_in_any_case(key): (key, None) for key in self.owners}
        # Organisations outside the list that someone already works for.
        named = {organisation for _, organisation in seen} | set(Owner.listed_codes())
        for row, key in self._keyed_rows(sheet):
            self.owner_keys.add(key)
            same, row_number = seen.setdefault(_in_any_case(key), (key, row.number))
            if same != key:
                self._differs_only_in_capitals(sheet, row, key, same, row_number)
                continue
            if key[1].lower() not in named:
                named.add(key[1].lower())
                self.plan.notices.append(new_organisation_notice(key[1]))
            self._validate(sheet, row, Owner(**owner_values(sheet, row.values)))
            label = f"{key[0]}, {organisation_shown(key[1])}"
            self._plan_row(sheet, row, key, self.owners.get(key), label)

    def _differs_only_in_capitals(self, sheet, row, key, same, row_number):
        """Report an owner that is another (saved, or in `row_number`) but for capitals:
        the database keeps one owner of each job title in each organisation."""
        shown = f"“{key[0]}” ({organisation_shown(key[1])})"
        other = f"“{same[0]}” ({organisation_shown(same[1])})"
        if row_number is None:
            message = (
                f"{shown} differs only in capital letters from the saved owner {other}: "
                "write it the same way to update that owner, or change that owner's job "
                "title on its page first"
            )
        else:
            message = (
                f"{shown} differs only in capital letters from {other} in row {row_number}: "
                "give each owner one row"
            )
        self.problem(sheet.name, row.number, sheet.column("job_title").label, message)

    def _weaknesses(self):
        sheet = SHEETS_BY_NAME["weaknesses"]
        keys = []
        for row, key in self._keyed_rows(sheet):
            keys.append(key)
            self._validate(sheet, row, Weakness(**_model_values(sheet, Weakness, row.values)))
            self._plan_row(
                sheet, row, key, self.weaknesses.get(key[0]), _label(row.values, "number", "title")
            )
        self.weakness_numbers = set(self.weaknesses) | {key[0] for key in keys}
        self._not_in_file(sheet, [(n,) for n in self.weaknesses], keys)

    def _workstreams(self):
        sheet = SHEETS_BY_NAME["workstreams"]
        keys = []
        for row, key in self._keyed_rows(sheet):
            keys.append(key)
            self._owner(sheet, row, "lead", required=True)
            self._numbers_exist(
                sheet,
                row,
                "weakness_numbers",
                row.values["weakness_numbers"],
                self.weakness_numbers,
                "weakness",
                "weaknesses",
            )
            self._validate(sheet, row, Workstream(**_model_values(sheet, Workstream, row.values)))
            self._plan_row(
                sheet, row, key, self.workstreams.get(key[0]), _label(row.values, "number", "name")
            )
        self.workstream_numbers = set(self.workstreams) | {key[0] for key in keys}
        self._not_in_file(sheet, [(n,) for n in self.workstreams], keys)

    def _measures(self):
        sheet = SHEETS_BY_NAME["measures"]
        self.units = {ref: measure.unit for ref, measure in self.measures.items()}
        # The starting value's date each measure will have once the file is imported:
        # a figure is checked against that, not against the one saved now.
        self.baseline_dates = {ref: m.baseline_date for ref, m in self.measures.items()}
        self.measure_rows = {}
        keys = []
        for row, key in self._keyed_rows(sheet):
            keys.append(key)
            self.measure_rows[key[0]] = row
            values = row.values
            if values["weakness_number"] is not None:
                self._numbers_exist(
                    sheet,
                    row,
                    "weakness_number",
                    [values["weakness_number"]],
                    self.weakness_numbers,
                    "weakness",
                    "weaknesses",
                )
            self._owner(sheet, row, "owner", required=False)
            measure = SuccessMeasure(**_model_values(sheet, SuccessMeasure, values))
            self._validate(sheet, row, measure)
            if values["unit"]:
                self.units[key[0]] = values["unit"]
            # None when the cell could not be read (already reported): no check then.
            self.baseline_dates[key[0]] = values["baseline_date"]
            for day, figure in (values["milestones"] or {}).items():
                self._check_figure(
                    sheet,
                    row,
                    "milestones",
                    measure,
                    figure,
                    Milestone(measure=measure, due_on=day, value=figure),
                    f"{day:%d/%m/%Y}: ",
                )
            self._plan_row(
                sheet, row, key, self.measures.get(key[0]), _label(values, "reference", "title")
            )
        # A measure whose unit could not be read is still in the file: that
        # problem is reported on its row, not as a missing measure wherever it is used.
        self.measure_references = set(self.units) | {key[0] for key in keys}
        self._not_in_file(sheet, [(r,) for r in self.measures], keys)

    def _check_figure(self, sheet, row, column_name, measure, figure, instance, prefix=""):
        """A figure must suit its measure's unit and fit the database's decimal column;
        a milestone must also lie on the trajectory of the measure as the row leaves it."""
        label = sheet.column(column_name).label
        try:
            if measure.unit:
                measure.clean_value(figure)
            instance.full_clean(
                exclude=_relations(type(instance)),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self.problem(sheet.name, row.number, label, prefix + " ".join(error.messages))

    def _actions(self):
        sheet = SHEETS_BY_NAME["actions"]
        keys = []
        for row, key in self._keyed_rows(sheet):
            keys.append(key)
            values = row.values
            if values["workstream_number"] is not None:
                self._numbers_exist(
                    sheet,
                    row,
                    "workstream_number",
                    [values["workstream_number"]],
                    self.workstream_numbers,
                    "workstream",
                    "workstreams",
                )
            self._numbers_exist(
                sheet,
                row,
                "weakness_numbers",
                values["weakness_numbers"],
                self.weakness_numbers,
                "weakness",
                "weaknesses",
            )
            references = values["measure_references"] or []
            missing = [r for r in references if r not in self.measure_references]
            if missing and "measures" not in self.unreadable:
                self.problem(
                    sheet.name,
                    row.number,
                    "measure references",
                    f"there is no measure {', '.join(missing)} in the measures sheet",
                )
            self._owner(sheet, row, "owner", required=True)
            self._validate(sheet, row, Action(**_model_values(sheet, Action, values)))
            existing = self.actions.get(key[0])
            if existing is not None and (sheet.name, row.number) not in self.rows_in_trouble:
                self._check_progress(sheet, row, existing)
            self._plan_row(sheet, row, key, existing, _label(values, "reference", "title"))
        self._not_in_file(sheet, [(r,) for r in self.actions], keys)

    def _check_progress(self, sheet, row, existing):
        values = row.values
        if existing.revised_due_date and not values["revised_due_date"]:
            self.problem(
                sheet.name,
                row.number,
                "revised due date",
                "a revised due date cannot be removed, because revisions are public: "
                f"keep {existing.revised_due_date:%d/%m/%Y} or give a later date",
            )
            return
        in_place = any(
            values[name] != getattr(existing, name) for name in ("start_date", "due_date")
        )
        progress = any(values[name] != getattr(existing, name) for name in PROGRESS_FIELDS)
        if in_place and progress:
            order = action_order(existing, values)
            if order is None:
                self.problem(
                    sheet.name,
                    row.number,
                    None,
                    "The new dates and the new status cannot be saved in one import. Import "
                    "the new start and due dates first, then the status, completion and "
                    "revised dates.",
                )
            else:
                self.plan.action_order[existing.reference] = order

    def _measurements(self):
        sheet = SHEETS_BY_NAME["measurements"]
        keys = []
        for row, key in self._keyed_rows(sheet):
            keys.append(key)
            reference = key[0]
            if reference not in self.measure_references:
                if "measures" in self.unreadable:
                    continue
                self.problem(
                    sheet.name,
                    row.number,
                    "measure reference",
                    f"there is no measure {reference} in the measures sheet",
                )
            elif reference in self.units:
                # The figure is checked as Measurement.clean checks it (its unit, its
                # date, its note), against the measure as the import will leave it.
                measure = SuccessMeasure(
                    reference=reference,
                    unit=self.units[reference],
                    baseline_date=self.baseline_dates.get(reference),
                )
                self._validate(
                    sheet,
                    row,
                    Measurement(measure=measure, **_model_values(sheet, Measurement, row.values)),
                )
            label = f"{reference} on {key[1]:%-d %b %Y}"
            self._plan_row(sheet, row, key, self.measurements.get(key), label)
        self._not_in_file(sheet, list(self.measurements), keys)
        # With a row whose measure or date cannot be read (reported), which saved
        # figure it meant is unknown: no figure is taken as left behind then.
        if sheet.name not in self.unreadable:
            self._figures_left_behind(keys if sheet.name in self.sheets else ())

    def _figures_left_behind(self, listed):
        """Figures the file does not list stay as they are: they must still suit their
        measure when the file changes its unit or its starting value's date."""
        listed, kept = set(listed), {}
        for (reference, day), figure in self.measurements.items():
            if (reference, day) not in listed:
                kept.setdefault(reference, []).append((day, figure.value))
        sheet = SHEETS_BY_NAME["measures"]
        for reference, row in self.measure_rows.items():
            measure = self.measures.get(reference)
            if measure is None or reference not in kept:
                continue
            problems = measure.problems_with_recorded_figures(
                self.units[reference], self.baseline_dates[reference], kept[reference], ()
            )
            for name, message in problems.items():
                self.problem(sheet.name, row.number, sheet.column(name).label, message)
