"""Control characters in a statement's texts never break its export.

A vertical tab is what Word puts for a manual line break; a CSV import lets any
control character in. XML (and so an XLSX cell) cannot hold most of them.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.spreadsheet.writer import csv_files, statement_csv_files, workbook_bytes

from .factories import (
    ActionFactory,
    OwnerFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)
from .form_pages import form_values

pytestmark = pytest.mark.django_db

CONTROLS = "".join(chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
STORABLE = CONTROLS[1:]  # PostgreSQL text cannot hold NUL


def all_cells(workbook_data):
    workbook = load_workbook(io.BytesIO(workbook_data))
    return {
        sheet.title: [
            str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell
        ]
        for sheet in workbook.worksheets
    }


@pytest.fixture
def hostile_statement(db):
    statement = StatementFactory(
        draft=True, title="Sutton 2018", slug="sutton-2018", summary="Summary\x0bsecond line"
    )
    weakness = WeaknessFactory(statement=statement, number=1, title="Plans\x01 are late\x1f")
    owner = OwnerFactory(name="Louise\x0c Hartley", job_title="Head\x08 of SEND")
    workstream = WorkstreamFactory(statement=statement, number=1, lead=owner, name="Plans\x0b")
    workstream.weaknesses.set([weakness])
    SuccessMeasureFactory(statement=statement, reference="M1", title="Exclusions" + STORABLE)
    ActionFactory(
        statement=statement,
        workstream=workstream,
        reference="1.1",
        owner=owner,
        title="Train staff\x0b2019",
        description='\x0b=HYPERLINK("http://evil.example", "Click")',
        weaknesses=[weakness],
    )
    return statement


def test_a_title_with_a_manual_line_break_exports(client, manager, hostile_statement):
    client.force_login(manager)
    edit = reverse("workspace:statement_edit", kwargs={"pk": hostile_statement.pk})
    data = form_values(client.get(edit)) | {"title": "SEND plan\x0b2019"}
    assert client.post(edit, data).status_code == 302
    hostile_statement.refresh_from_db()
    assert hostile_statement.title == "SEND plan\x0b2019"

    export = reverse("workspace:statement_export", kwargs={"pk": hostile_statement.pk})
    response = client.get(export)
    assert response.status_code == 200
    cells = all_cells(response.content)
    guide = cells[next(iter(cells))]
    assert guide[0] == "SEND plan2019"
    everything = [text for sheet in cells.values() for text in sheet]
    assert not any(character in text for text in everything for character in CONTROLS)
    assert "Train staff2019" in everything
    assert "Louise Hartley" in everything
    assert "Summarysecond line" in everything
    # Taking the control character away does not let a formula through.
    assert '\'=HYPERLINK("http://evil.example", "Click")' in everything


def test_every_control_character_in_a_title_is_dropped_from_the_guide():
    for character in CONTROLS:
        data = workbook_bytes({}, title=f"A{character}B")
        assert next(iter(all_cells(data).values()))[0] == "AB"


def test_a_title_that_is_only_control_characters_and_a_formula_is_text():
    data = workbook_bytes({}, title=CONTROLS + "=1+1")
    assert next(iter(all_cells(data).values()))[0] == "'=1+1"


def test_csv_files_hold_no_control_characters(hostile_statement):
    files = statement_csv_files(hostile_statement)
    text = "".join(data.decode("utf-8-sig") for data in files.values())
    # \r and \n end rows; every other control character is gone.
    assert not any(character in text for character in CONTROLS)
    actions = list(csv.reader(io.StringIO(files["actions.csv"].decode("utf-8-sig"))))
    assert "Train staff2019" in actions[1]


def test_csv_cells_drop_control_characters_before_making_formulas_safe():
    records = {"actions": [{"title": "\x0b=1+1", "description": "a\x00b"}]}
    rows = list(csv.reader(io.StringIO(csv_files(records)["actions.csv"].decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert row[header.index("title")] == "'=1+1"
    assert row[header.index("description")] == "ab"
