"""Export then import gives the same statement: the demo, CSV files, and generated statements."""

import datetime
import io
import itertools
from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from actions.models import Action, ProgressUpdate
from actions.spreadsheet.example import example_records
from actions.spreadsheet.records import statement_records
from actions.spreadsheet.writer import csv_files, statement_csv_files, statement_workbook
from workstreams.models import (
    Measurement,
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
)

from .factories import ProgrammeManagerFactory
from .spreadsheet_builders import (
    empty_the_plan,
    example_workbook,
    import_file,
    plan_for,
    row_of,
    snapshot,
    table_counts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", "--password", "demo-password-for-tests", stdout=io.StringIO())
    return Statement.objects.get(slug="sutton-2018")


def test_importing_the_demos_export_into_an_empty_database_reproduces_it_exactly(demo):
    manager = ProgrammeManagerFactory(username="importer")
    before = snapshot(demo)
    final_states = {
        a.reference: (a.status, a.confidence, a.completed_on, a.revised_due_date)
        for a in demo.actions.all()
    }
    exported = statement_workbook(demo)

    empty_the_plan()
    assert {
        label: count
        for label, count in table_counts().items()
        if not label.startswith("auth.") and count
    } == {}

    result = import_file(exported, manager, name="sutton-2018.xlsx")

    statement = Statement.objects.get(slug="sutton-2018")
    assert result.statement == statement
    assert snapshot(statement) == before
    # The same final states, reached through progress updates the importer made.
    assert {
        a.reference: (a.status, a.confidence, a.completed_on, a.revised_due_date)
        for a in statement.actions.all()
    } == final_states
    updates = ProgressUpdate.objects.filter(action__statement=statement)
    assert updates.exists()
    assert set(updates.values_list("author", flat=True)) == {manager.pk}
    assert set(updates.values_list("narrative", flat=True)) == {"Imported from sutton-2018.xlsx"}
    # Importing never publishes.
    assert statement.status == Statement.Status.DRAFT


def test_importing_the_export_back_into_its_own_statement_changes_nothing(demo):
    counts = table_counts()
    plan = plan_for(statement_workbook(demo))
    assert plan.problems == []
    assert not plan.has_changes
    assert len(plan.unchanged) == sum(len(rows) for rows in statement_records(demo).values())
    assert table_counts() == counts


def test_the_templates_example_is_exactly_what_load_demo_loads(demo):
    """The template is made from the demo's data, not the database: both must agree."""
    assert example_records() == statement_records(demo)


def test_the_template_imports_into_an_empty_database(manager):
    result = import_file(example_workbook(), manager, name="template.xlsx")
    assert result.statement.slug == "sutton-2018"
    assert result.statement.actions.count() == len(example_records()["actions"])
    assert statement_records(result.statement) == example_records()


def test_csv_files_round_trip_like_the_workbook(manager):
    source = import_file(example_workbook(), manager).statement
    files = statement_csv_files(source)
    assert sorted(files) == sorted(f"{name}.csv" for name in statement_records(source))
    copy = import_file(files, manager, slug="sutton-copy").statement
    assert copy.slug == "sutton-copy"
    assert snapshot(copy) == snapshot(source)


IASS = "Sutton Information, Advice and Support Service"
IASS_MANAGER = "Information, Advice and Support Service Manager"


@pytest.mark.parametrize("as_csv", [False, True], ids=["workbook", "csv"])
def test_organisations_outside_the_list_are_written_by_name_and_read_back_unchanged(
    manager, as_csv
):
    source = import_file(example_workbook(), manager).statement
    # Another organisation outside the list with the same job title: a different owner.
    carers = Owner(
        name="Sam Carer",
        job_title=IASS_MANAGER,
        organisation=Owner.Organisation.OTHER,
        organisation_name="Sutton Carers Centre",
    )
    carers.full_clean()
    carers.save()
    Action.objects.filter(statement=source, reference="1.1").update(owner=carers)
    workbook = statement_workbook(source)
    assert row_of(workbook, "actions", "1.1")["owner_organisation"] == "Sutton Carers Centre"
    assert {
        (row["job_title"], row["organisation"]) for row in statement_records(source)["owners"]
    } >= {(IASS_MANAGER, IASS), (IASS_MANAGER, "Sutton Carers Centre")}
    exported = statement_csv_files(source) if as_csv else workbook
    before = snapshot(source)

    empty_the_plan()
    plan = plan_for(exported)
    assert f"{IASS_MANAGER}, {IASS}" in [row.label for row in plan.created]
    import_file(exported, manager)

    assert snapshot(Statement.objects.get(slug=source.slug)) == before
    assert sorted(
        Owner.objects.filter(job_title=IASS_MANAGER).values_list(
            "organisation", "organisation_name"
        )
    ) == [("other", "Sutton Carers Centre"), ("other", IASS)]


# Generated statements -------------------------------------------------------------------

SAFE_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn")), min_size=1, max_size=30
).map(str.strip)
# Text a spreadsheet might take for something else: formulas, numbers, dates, lists.
AWKWARD_TEXT = st.sampled_from(
    [
        '=HYPERLINK("http://evil.example/","Click for help")',
        "+44 20 8770 5000",
        "-3.5",
        "-not a number",
        "@SUM(A1:A9)",
        "'already quoted",
        "''=1+1",
        "'=1+1",
        "2.10",
        "007",
        "1;2",
        "31/02/2019",
        "TRUE",
        "First line\nsecond line\n\nafter a blank line",
        "Ünïcödé – “quotes” and emoji 🙂",
    ]
)
TEXT = st.one_of(SAFE_TEXT, AWKWARD_TEXT).filter(bool)


def _not_a_listed_organisation(text):
    """Text that is not a listed organisation's code or name (nor "other")."""
    try:
        return Owner.organisation_from_key(text)[0] == Owner.Organisation.OTHER
    except ValueError:
        return False


ORGANISATION_NAME = TEXT.filter(_not_a_listed_organisation)
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)
DAY = st.integers(0, 900).map(lambda n: datetime.date(2018, 1, 1) + datetime.timedelta(n))
GAP = st.integers(0, 300).map(datetime.timedelta)
examples = itertools.count()


@st.composite
def statements(draw):
    """A small valid statement as plain data, every rule of the models kept."""
    n = next(examples)
    weakness_numbers = sorted(draw(st.sets(st.integers(1, 40), min_size=1, max_size=3)))
    owners = []
    for i in range(draw(st.integers(1, 2))):
        organisation = draw(st.sampled_from(Owner.Organisation.values))
        other = organisation == Owner.Organisation.OTHER
        owners.append(
            {
                "job_title": f"Role {n}-{i} {draw(SAFE_TEXT.filter(bool))}"[:200],
                "organisation": organisation,
                "organisation_name": draw(ORGANISATION_NAME) if other else "",
                "name": draw(TEXT)[:120],
                "email": draw(st.sampled_from(["", f"person{n}.{i}@example.org"])),
            }
        )
    workstream_numbers = sorted(draw(st.sets(st.integers(1, 9), min_size=1, max_size=2)))
    measures = []
    for i in range(draw(st.integers(0, 2))):
        unit = draw(st.sampled_from(SuccessMeasure.Unit.values))
        whole = unit in ("count", "days")
        if whole:
            baseline = Decimal(draw(st.integers(1, 5000)))
            step = Decimal(draw(st.integers(1, 50)))
        else:
            baseline = Decimal(draw(st.integers(100, 9000))) / 100
            step = Decimal(draw(st.integers(1, 90))) / 100
        lower = draw(st.booleans()) and baseline - step >= 0
        target = baseline - step if lower else baseline + step
        if unit == "percentage" and target > 100:
            lower, target = True, baseline - min(step, baseline)
        if target == baseline:
            continue
        baseline_date = draw(DAY)
        span = draw(st.integers(2, 700))
        target_date = baseline_date + datetime.timedelta(span)
        # Milestones lie between the two dates (SuccessMeasure.clean_milestone_date).
        days = draw(st.sets(st.integers(1, min(span - 1, 400)), max_size=2))
        measures.append(
            {
                "reference": f"M{i + 1}",
                "weakness": draw(st.sampled_from([None, *weakness_numbers])),
                "title": draw(TEXT),
                "description": draw(OPTIONAL_TEXT),
                "kind": draw(st.sampled_from(SuccessMeasure.Kind.values)),
                "unit": unit,
                "direction": "lower" if lower else "higher",
                "baseline_value": baseline,
                "baseline_date": baseline_date,
                "target_value": target,
                "target_date": target_date,
                "data_source": draw(OPTIONAL_TEXT),
                "owner": draw(st.sampled_from([None, *range(len(owners))])),
                "milestones": {baseline_date + datetime.timedelta(d): target for d in days},
                "measurements": [
                    (baseline_date + datetime.timedelta(d + 1), baseline, draw(OPTIONAL_TEXT))
                    for d in sorted(days)
                ],
            }
        )
    actions = []
    references = draw(
        st.lists(
            st.tuples(st.sampled_from(workstream_numbers), st.integers(1, 12)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    for workstream, number in references:
        start = draw(DAY)
        due = start + draw(GAP)
        status = draw(st.sampled_from(Action.Status.values))
        revised = (
            due + datetime.timedelta(draw(st.integers(1, 200))) if draw(st.booleans()) else None
        )
        actions.append(
            {
                "reference": f"{workstream}.{number}",
                "workstream": workstream,
                "weaknesses": sorted(draw(st.sets(st.sampled_from(weakness_numbers), min_size=1))),
                "title": draw(TEXT),
                "description": draw(TEXT),
                "summary": draw(TEXT),
                "intended_outcome": draw(TEXT),
                "monitoring": draw(TEXT),
                "owner": draw(st.integers(0, len(owners) - 1)),
                "phase": draw(st.sampled_from(Action.Phase.values)),
                "start_date": start,
                "due_date": due,
                "revised_due_date": revised,
                "revision_reason": draw(TEXT) if revised else draw(OPTIONAL_TEXT),
                "status": status,
                "confidence": (
                    draw(st.sampled_from(["", *Action.Confidence.values]))
                    if status == "in_progress"
                    else ""
                ),
                "completed_on": start + draw(GAP) if status == "complete" else None,
                "measures": sorted(
                    draw(st.sets(st.sampled_from([m["reference"] for m in measures] or ["-"])))
                    - {"-"}
                ),
            }
        )
    return {
        "slug": f"generated-{n}",
        "title": draw(TEXT),
        "summary": draw(TEXT),
        "evaluation_outcome": draw(OPTIONAL_TEXT),
        "submitted": draw(st.booleans()),
        "weaknesses": [
            (number, draw(TEXT), draw(TEXT), draw(OPTIONAL_TEXT)) for number in weakness_numbers
        ],
        "owners": owners,
        "workstreams": [
            (number, draw(TEXT), draw(TEXT), draw(TEXT)) for number in workstream_numbers
        ],
        "workstream_leads": {
            number: draw(st.integers(0, len(owners) - 1)) for number in workstream_numbers
        },
        "workstream_weaknesses": {
            number: sorted(draw(st.sets(st.sampled_from(weakness_numbers))))
            for number in workstream_numbers
        },
        "measures": measures,
        "actions": actions,
    }


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def build(spec):
    """Save the statement `spec` describes, straight through the models."""
    inspected = datetime.date(2018, 3, 23)
    statement = _saved(
        Statement(
            local_area="Somewhere",
            slug=spec["slug"],
            title=spec["title"],
            summary=spec["summary"],
            inspection_published_on=inspected,
            submitted_on=inspected + datetime.timedelta(100) if spec["submitted"] else None,
            evaluation_outcome=spec["evaluation_outcome"],
        )
    )
    weaknesses = {
        number: _saved(Weakness(statement=statement, number=number, title=t, finding=f, response=r))
        for number, t, f, r in spec["weaknesses"]
    }
    owners = [_saved(Owner(**owner)) for owner in spec["owners"]]
    workstreams = {}
    for number, name, purpose, monitoring in spec["workstreams"]:
        workstream = _saved(
            Workstream(
                statement=statement,
                number=number,
                name=name,
                purpose=purpose,
                monitoring_arrangements=monitoring,
                lead=owners[spec["workstream_leads"][number]],
            )
        )
        workstream.weaknesses.set([weaknesses[n] for n in spec["workstream_weaknesses"][number]])
        workstreams[number] = workstream
    measures = {}
    for m in spec["measures"]:
        fields = {
            k: v
            for k, v in m.items()
            if k not in ("weakness", "owner", "milestones", "measurements")
        }
        measure = _saved(
            SuccessMeasure(
                statement=statement,
                weakness=weaknesses[m["weakness"]] if m["weakness"] else None,
                owner=owners[m["owner"]] if m["owner"] is not None else None,
                **fields,
            )
        )
        for day, value in m["milestones"].items():
            _saved(Milestone(measure=measure, due_on=day, value=value))
        for day, value, note in m["measurements"]:
            _saved(Measurement(measure=measure, measured_on=day, value=value, note=note))
        measures[m["reference"]] = measure
    for a in spec["actions"]:
        fields = {
            k: v for k, v in a.items() if k not in ("workstream", "weaknesses", "owner", "measures")
        }
        action = Action(
            statement=statement,
            workstream=workstreams[a["workstream"]],
            owner=owners[a["owner"]],
            **fields,
        )
        action.full_clean(exclude=["weaknesses", "measures"])
        action.save()
        action.weaknesses.set([weaknesses[n] for n in a["weaknesses"]])
        action.measures.set([measures[r] for r in a["measures"]])
    return statement


@given(spec=statements(), as_csv=st.booleans())
@hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_statement_exported_and_imported_is_the_same_statement(manager, spec, as_csv):
    source = build(spec)
    exported = statement_csv_files(source) if as_csv else statement_workbook(source)
    copy = import_file(exported, manager, slug=f"{spec['slug']}-copy").statement
    assert snapshot(copy) == snapshot(source)
    # And the copy's export is the source's, but for the slug.
    copied, original = statement_records(copy), statement_records(source)
    copied["statement"][0]["slug"] = original["statement"][0]["slug"]
    assert copied == original


def test_csv_and_workbook_exports_hold_the_same_records(manager):
    statement = import_file(example_workbook(), manager).statement
    from_csv = plan_for(csv_files(statement_records(statement)))
    from_workbook = plan_for(statement_workbook(statement))
    assert from_csv.problems == from_workbook.problems == []
    assert [r.values for r in from_csv.unchanged] == [r.values for r in from_workbook.unchanged]
