"""Write a valid import plan to the database: all of it in one transaction, or nothing.

Every save names the importing user, so the history says who changed what, as
it does for any edit. An action's status, delivery confidence, completion date
and revised due date only ever change through `record_progress`, with the
narrative "Imported from <file>", so its progress updates stay a true record;
new actions start not started and move on the same way.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from actions.models import Action
from actions.services import EditConflict, ProgressChange, record_progress
from workstreams.freshness import lock_statements, touched_by
from workstreams.models import (
    Measurement,
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
)

from .plan import (
    CREATE,
    IN_PLACE_FIELDS,
    IN_PLACE_FIRST,
    PROGRESS_FIELDS,
    UNCHANGED,
    _model_values,
    owner_values,
)
from .reader import Problem
from .template import SHEETS_BY_NAME

ACTION_M2M = ["weaknesses", "measures"]


class StatementMovedOn(Exception):
    """The statement changed after the file was checked, so nothing was written: the
    file must be checked again against the statement as it is now."""


class ImportFailed(Exception):
    """Nothing was written; `problems` say why."""

    def __init__(self, problems):
        super().__init__("; ".join(problem.in_full for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    statement: Statement
    created: int
    changed: int
    unchanged: int
    progress_updates: int


def apply_plan(plan, *, user, source=None):
    """Apply `plan` as `user` in one transaction. Raises ImportFailed if it cannot be."""
    if not plan.is_valid:
        raise ImportFailed(plan.problems)
    applier = _Applier(plan, user, source or plan.source)
    try:
        with transaction.atomic():
            applier.run()
    except EditConflict as conflict:
        raise ImportFailed(
            [
                applier.problem(
                    f"Someone changed action {conflict.current.reference} while it was being "
                    "imported. Import the file again."
                )
            ]
        ) from conflict
    except ValidationError as error:
        raise ImportFailed([applier.problem(message) for message in error.messages]) from error
    except IntegrityError as error:
        raise ImportFailed(
            [
                applier.problem(
                    "This clashes with something saved at the same moment. Import the file again."
                )
            ]
        ) from error
    return ImportResult(
        applier.statement,
        created=len(plan.created),
        changed=len(plan.changed),
        unchanged=len(plan.unchanged),
        progress_updates=applier.progress_updates,
    )


def _set(obj, values):
    for name, value in values.items():
        setattr(obj, name, value)


class _Applier:
    def __init__(self, plan, user, source):
        self.plan = plan
        self.user = user
        self.source = source
        self.now = timezone.now()
        self.row = None
        self.statement = None
        self.progress_updates = 0

    def problem(self, message):
        if self.row is None:
            return Problem(None, None, None, message)
        return Problem(self.row.sheet, self.row.row, None, message)

    def _to_change(self, sheet_name):
        for row in self.plan.rows.get(sheet_name, []):
            if row.outcome != UNCHANGED:
                self.row = row
                yield row
        self.row = None

    def _save(self, obj, update_fields=None, exclude=None):
        # The plan checked every row against the model's rules, and the database
        # checks them again on save (an IntegrityError rolls everything back):
        # here the fields are checked once more, without a query per constraint.
        obj.full_clean(exclude=exclude, validate_constraints=False)
        obj._history_user = self.user
        obj.save(update_fields=update_fields)
        return obj

    def run(self):
        self._lock_statements()
        self._statement()
        self._owners()
        self._weaknesses()
        self._workstreams()
        self._measures()
        self._actions()
        self._measurements()

    @staticmethod
    def _owner_lookup(row):
        """The owners row's owner as a filter: job title, organisation and its name."""
        job_title, key = row.key
        organisation, name = Owner.organisation_from_key(key)
        return Q(job_title=job_title, organisation=organisation, organisation_name=name)

    def _owner(self, values, prefix):
        key = (values[f"{prefix}_job_title"], values[f"{prefix}_organisation"])
        return self.owners.get(key)

    def _lock_statements(self):
        """Lock this statement and every other statement showing an owner the file
        changes (saving the owner touches them), in pk order, before any other row."""
        statements = Q(pk=self.plan.statement.pk) if self.plan.statement else Q(pk__in=[])
        named = Q(pk__in=[])
        for row in self._to_change(SHEETS_BY_NAME["owners"].name):
            named |= self._owner_lookup(row)
        for owner in Owner.objects.filter(named):  # one query, however many owners change
            statements |= touched_by(owner)
        lock_statements(statements)

    # Each sheet --------------------------------------------------------------------------

    def _statement(self):
        sheet = SHEETS_BY_NAME["statement"]
        rows = self.plan.rows.get(sheet.name, [])
        row = rows[0] if rows else None
        self.row = row
        if self.plan.statement is None:
            statement = Statement(**_model_values(sheet, Statement, row.values))
            self.statement = self._save(statement)
        else:
            statement = Statement.objects.lock_for_change(self.plan.statement.pk)
            # Anything saved in it since the plan read it (a figure, a milestone, an
            # update) gives it a new version: the plan may no longer be what it does.
            if statement.content_version != self.plan.statement.content_version:
                raise StatementMovedOn
            if row is not None and row.outcome != UNCHANGED:
                values = _model_values(sheet, Statement, row.values)
                _set(statement, values)
                self._save(statement, update_fields=[*values, "updated_at"])
            self.statement = statement
        self.row = None

    def _owners(self):
        sheet = SHEETS_BY_NAME["owners"]
        for row in self._to_change(sheet.name):
            owner = Owner.objects.filter(self._owner_lookup(row)).first()
            _set(owner := owner or Owner(), owner_values(sheet, row.values))
            self._save(owner)
        self.owners = {(o.job_title, o.organisation_key): o for o in Owner.objects.all()}

    def _weaknesses(self):
        sheet = SHEETS_BY_NAME["weaknesses"]
        existing = {w.number: w for w in Weakness.objects.filter(statement=self.statement)}
        for row in self._to_change(sheet.name):
            weakness = existing.get(row.key[0]) or Weakness(statement=self.statement)
            _set(weakness, _model_values(sheet, Weakness, row.values))
            existing[weakness.number] = self._save(weakness)
        self.weaknesses = existing

    def _workstreams(self):
        sheet = SHEETS_BY_NAME["workstreams"]
        existing = {w.number: w for w in Workstream.objects.filter(statement=self.statement)}
        for row in self._to_change(sheet.name):
            workstream = existing.get(row.key[0]) or Workstream(statement=self.statement)
            _set(workstream, _model_values(sheet, Workstream, row.values))
            workstream.lead = self._owner(row.values, "lead")
            existing[workstream.number] = self._save(workstream)
            workstream.weaknesses.set([self.weaknesses[n] for n in row.values["weakness_numbers"]])
        self.workstreams = existing

    def _measures(self):
        sheet = SHEETS_BY_NAME["measures"]
        existing = {m.reference: m for m in SuccessMeasure.objects.filter(statement=self.statement)}
        for row in self._to_change(sheet.name):
            values = row.values
            measure = existing.get(row.key[0]) or SuccessMeasure(statement=self.statement)
            _set(measure, _model_values(sheet, SuccessMeasure, values))
            number = values["weakness_number"]
            measure.weakness = self.weaknesses[number] if number is not None else None
            measure.owner = self._owner(values, "owner")
            existing[measure.reference] = self._save(measure)
            self._milestones(measure, values["milestones"])
        self.measures = existing

    def _milestones(self, measure, wanted):
        for milestone in Milestone.objects.filter(measure=measure):
            if milestone.due_on not in wanted:
                milestone._history_user = self.user
                milestone.delete()
            elif milestone.value != wanted[milestone.due_on]:
                milestone.value = wanted[milestone.due_on]
                self._save(milestone, update_fields=["value"])
            wanted = {day: value for day, value in wanted.items() if day != milestone.due_on}
        for day, value in wanted.items():
            self._save(Milestone(measure=measure, due_on=day, value=value))

    def _actions(self):
        sheet = SHEETS_BY_NAME["actions"]
        existing = {
            a.reference: a
            for a in Action.objects.select_for_update().filter(statement=self.statement)
        }
        for row in self._to_change(sheet.name):
            values = row.values
            if row.outcome == CREATE:
                action = self._new_action(sheet, values)
            else:
                action = existing[row.key[0]]
                steps = [self._edit_in_place, self._progress]
                if self.plan.action_order.get(action.reference, IN_PLACE_FIRST) != IN_PLACE_FIRST:
                    steps.reverse()
                for step in steps:
                    step(action, values)
            # A change of links alone is recorded too, and names the importer.
            action._history_user = self.user
            action.weaknesses.set([self.weaknesses[n] for n in values["weakness_numbers"]])
            action.measures.set([self.measures[r] for r in values["measure_references"]])

    def _new_action(self, sheet, values):
        action = Action(
            statement=self.statement,
            reference=values["reference"],
            workstream=self.workstreams[values["workstream_number"]],
            owner=self._owner(values, "owner"),
            **{name: values[name] for name in IN_PLACE_FIELDS},
            # A revision's reason arrives with its date, through record_progress.
            revision_reason="" if values["revised_due_date"] else values["revision_reason"],
            status=Action.Status.NOT_STARTED,
            created_at=self.now,
            updated_at=self.now,
        )
        self._save(action, exclude=ACTION_M2M)
        self._progress(action, values)
        return action

    def _edit_in_place(self, action, values):
        current = Action.objects.get(pk=action.pk)
        wanted = {name: values[name] for name in IN_PLACE_FIELDS}
        wanted["workstream_id"] = self.workstreams[values["workstream_number"]].pk
        wanted["owner_id"] = self._owner(values, "owner").pk
        if values["revised_due_date"] == current.revised_due_date:
            wanted["revision_reason"] = values["revision_reason"]
        changed = {name: value for name, value in wanted.items() if getattr(current, name) != value}
        if changed:
            _set(current, changed)
            current.updated_at = self.now
            self._save(current, update_fields=[*changed, "updated_at"], exclude=ACTION_M2M)

    def _progress(self, action, values):
        current = Action.objects.get(pk=action.pk)
        if all(getattr(current, name) == values[name] for name in PROGRESS_FIELDS):
            return
        change = ProgressChange(
            status=values["status"],
            confidence=values["confidence"],
            narrative=f"Imported from {self.source}",
            revised_due_date=values["revised_due_date"],
            revision_reason=values["revision_reason"],
            completed_on=values["completed_on"],
        )
        record_progress(current, self.user, change, expected_version=current.version)
        self.progress_updates += 1

    def _measurements(self):
        sheet = SHEETS_BY_NAME["measurements"]
        existing = {
            (m.measure.reference, m.measured_on): m
            for m in Measurement.objects.filter(measure__statement=self.statement).select_related(
                "measure"
            )
        }
        for row in self._to_change(sheet.name):
            measurement = existing.get(row.key)
            if measurement is None:
                measurement = Measurement(measure=self.measures[row.key[0]], recorded_by=self.user)
            _set(measurement, _model_values(sheet, Measurement, row.values))
            self._save(measurement)
