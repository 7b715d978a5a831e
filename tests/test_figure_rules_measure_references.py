"""An action's measure_references cell lists measures as people count them (M2 before
M10), and the import compares it as a set: an export imported again is unchanged,
whatever order an older export wrote the references in."""

import io

import pytest
from openpyxl import load_workbook

from actions.models import Action
from actions.spreadsheet.plan import same
from actions.spreadsheet.records import statement_records
from actions.spreadsheet.template import ACTIONS
from actions.spreadsheet.writer import statement_csv_files, statement_workbook
from workstreams.models import SuccessMeasure

from .factories import SuccessMeasureFactory
from .spreadsheet_builders import edited, example_workbook, import_file, plan_for, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(manager):
    """The example statement, with a measure M10 and action 1.1 moving M1, M2 and M10."""
    statement = import_file(example_workbook(), manager).statement
    SuccessMeasureFactory(statement=statement, reference="M10")
    action = Action.objects.get(statement=statement, reference="1.1")
    action.measures.set(SuccessMeasure.objects.filter(reference__in=["M10", "M2", "M1"]))
    return statement


def test_the_export_lists_an_actions_measures_as_people_count_them(statement):
    record = next(r for r in statement_records(statement)["actions"] if r["reference"] == "1.1")
    assert record["measure_references"] == ["M1", "M2", "M10"]
    assert row_of(statement_workbook(statement), "actions", "1.1")["measure_references"] == (
        "M1;M2;M10"
    )
    actions_csv = statement_csv_files(statement)["actions.csv"].decode("utf-8-sig")
    assert "M1;M2;M10" in actions_csv


def test_an_export_imported_again_unchanged_has_no_changes(statement):
    plan = plan_for(statement_workbook(statement))
    assert plan.problems == []
    assert not plan.has_changes


def test_an_older_export_in_text_order_still_counts_as_unchanged(statement):
    data = edited(
        statement_workbook(statement), {("actions", "1.1", "measure_references"): "M1;M10;M2"}
    )
    plan = plan_for(data)
    assert plan.problems == []
    assert not plan.has_changes


def test_the_import_compares_references_as_a_set():
    column = ACTIONS.column("measure_references")
    assert same(column, ["M1", "M2", "M10"], ["M1", "M10", "M2"])
    assert same(column, [], None)
    assert not same(column, ["M1", "M2", "M10"], ["M1", "M10"])


def test_references_in_any_order_are_read_in_counted_order(statement):
    data = edited(
        statement_workbook(statement), {("actions", "1.1", "measure_references"): "M10; M2"}
    )
    plan = plan_for(data)
    [changed] = plan.changed
    assert changed.label.startswith("1.1 ")
    assert changed.values["measure_references"] == ["M2", "M10"]
    assert [(c.column, c.before, c.after) for c in changed.changes] == [
        ("measure references", "M1; M2; M10", "M2; M10")
    ]


def test_a_changed_set_of_references_is_imported(statement, manager):
    data = edited(
        statement_workbook(statement), {("actions", "1.1", "measure_references"): "M10;M2"}
    )
    import_file(data, manager)
    action = Action.objects.get(statement=statement, reference="1.1")
    assert sorted(action.measures.values_list("reference", flat=True)) == ["M10", "M2"]


def test_the_exported_cell_is_text_so_a_spreadsheet_keeps_it_as_written(statement):
    book = load_workbook(io.BytesIO(statement_workbook(statement)))
    sheet = book["actions"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("measure_references")
    cell = next(row[column] for row in sheet.iter_rows(min_row=2) if row[0].value == "1.1")
    assert (cell.value, cell.data_type) == ("M1;M2;M10", "s")
