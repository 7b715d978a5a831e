"""The board report as a spreadsheet (XLSX, one sheet per section) and as one CSV file.

Both are written from the same `SECTIONS`, so they cannot drift apart: each section
names its columns (heading, kind, width and how to read the value from a row) and
the rows it holds.

The CSV file is one table, because a CSV file can only hold one: every row starts
with a `Section` column ("Summary", "Overdue actions", …), followed by the columns
of all sections; a column shared by several sections (such as `Workstream`) appears
once, and cells of columns another section uses are left empty.

Text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `@SUM`) is only
ever shown: XLSX text cells are typed as text, never as formulas, and in the CSV
such text gets a leading apostrophe (`csv_cell`). Dates are date cells
and numbers are numbers.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actions.spreadsheet.cells import csv_cell
from actions.spreadsheet.writer import ILLEGAL_CHARACTERS, XLSX_CONTENT_TYPE

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "dd/mm/yyyy"
MAX_CELL_CHARACTERS = 32_767
TEXT, DATE, NUMBER = "text", "date", "number"
WIDTHS = {TEXT: 30, DATE: 12, NUMBER: 10}

__all__ = ["CSV_CONTENT_TYPE", "XLSX_CONTENT_TYPE", "board_csv", "board_workbook", "filename"]


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], Any]
    kind: str = TEXT
    width: int | None = None

    @property
    def column_width(self):
        return self.width or WIDTHS[self.kind]


@dataclass(frozen=True)
class Section:
    name: str  # the sheet's name, and the CSV's `Section` value
    columns: tuple
    rows: Callable[[Any], Any]  # report -> rows, each read by the columns


# Rows: (workstream section, item) pairs, so each row knows its workstream ------------


def _summary_rows(report):
    for section in report.workstreams:
        yield section, section
    yield None, report.totals


def _rows_of(attribute):
    def rows(report):
        for section in report.sections:
            for item in getattr(section, attribute):
                yield section, item

    return rows


def _person(owner, part):
    if owner is None:
        return ""
    return {
        "name": owner.name,
        "job": owner.job_title,
        "organisation": owner.organisation_label,
    }[part]


def _workstream_columns():
    return (
        Column("Workstream number", lambda row: row[0].number if row[0] else None, NUMBER),
        Column("Workstream", lambda row: row[0].name if row[0] else "All workstreams", width=36),
    )


def _rag(field):
    return lambda row: getattr(row[1].rag, field)


SUMMARY = Section(
    "Summary",
    (
        *_workstream_columns(),
        Column("Lead", lambda row: _person(row[0] and row[0].lead, "name"), width=22),
        Column("Lead job title", lambda row: _person(row[0] and row[0].lead, "job")),
        Column("Lead organisation", lambda row: _person(row[0] and row[0].lead, "organisation")),
        Column("Red", _rag("red"), NUMBER),
        Column("Amber", _rag("amber"), NUMBER),
        Column("Green", _rag("green"), NUMBER),
        Column("Of which complete", _rag("complete"), NUMBER, 16),
        Column("Not started", _rag("not_started"), NUMBER, 12),
        Column("Actions", _rag("total"), NUMBER),
        Column(
            "Overdue actions",
            lambda row: len(row[1].overdue) if row[0] else row[1].overdue,
            NUMBER,
            15,
        ),
        Column(
            "Key updates",
            lambda row: len(row[1].updates) if row[0] else row[1].updates,
            NUMBER,
            12,
        ),
        Column(
            "Open comments",
            lambda row: len(row[1].open_comments) if row[0] else row[1].open_comments,
            NUMBER,
            14,
        ),
    ),
    _summary_rows,
)


def _action_columns(action):
    return (
        Column("Action reference", lambda row: action(row).reference, width=16),
        Column("Action", lambda row: action(row).title, width=45),
    )


OVERDUE = Section(
    "Overdue actions",
    (
        *_workstream_columns(),
        *_action_columns(lambda row: row[1].action),
        Column("Owner", lambda row: _person(row[1].owner, "name"), width=22),
        Column("Owner job title", lambda row: _person(row[1].owner, "job")),
        Column("Owner organisation", lambda row: _person(row[1].owner, "organisation")),
        Column("Status", lambda row: row[1].action.get_status_display(), width=14),
        Column("Delivery confidence", lambda row: row[1].action.get_confidence_display(), width=16),
        Column("Due date", lambda row: row[1].action.due_date, DATE),
        Column("Revised due date", lambda row: row[1].action.revised_due_date, DATE, 16),
        Column("Days overdue", lambda row: row[1].days_overdue, NUMBER, 13),
    ),
    _rows_of("overdue"),
)

UPDATES = Section(
    "Updates",
    (
        *_workstream_columns(),
        Column("Date", lambda row: row[1].on, DATE),
        *_action_columns(lambda row: row[1].action),
        Column("Updated by", lambda row: row[1].author_name, width=22),
        Column("Status before", lambda row: row[1].status_before, width=14),
        Column("Status after", lambda row: row[1].status_after, width=14),
        Column("Confidence before", lambda row: row[1].confidence_before, width=16),
        Column("Confidence after", lambda row: row[1].confidence_after, width=16),
        Column("Due date before", lambda row: row[1].update.due_date_before, DATE, 15),
        Column("Due date after", lambda row: row[1].update.due_date_after, DATE, 15),
        Column("Summary for families", lambda row: row[1].public_summary, width=60),
        Column("Internal note (start)", lambda row: row[1].narrative_excerpt, width=60),
    ),
    _rows_of("updates"),
)


def _figure(measurement, part):
    if measurement is None:
        return None
    return measurement.value if part == "value" else measurement.measured_on


MEASURES = Section(
    "Measures",
    (
        *_workstream_columns(),
        Column("Measure reference", lambda row: row[1].measure.reference, width=16),
        Column("Measure", lambda row: row[1].measure.title, width=45),
        Column("Unit", lambda row: row[1].measure.get_unit_display(), width=10),
        Column("Better when", lambda row: row[1].measure.get_direction_display(), width=18),
        Column("Starting figure", lambda row: row[1].measure.baseline_value, NUMBER, 15),
        Column("Starting date", lambda row: row[1].measure.baseline_date, DATE, 13),
        Column("Target", lambda row: row[1].measure.target_value, NUMBER),
        Column("Target date", lambda row: row[1].measure.target_date, DATE),
        Column(
            "Latest figure recorded in period",
            lambda row: _figure(row[1].latest_in_period, "value"),
            NUMBER,
            22,
        ),
        Column(
            "Date of latest figure recorded in period",
            lambda row: _figure(row[1].latest_in_period, "date"),
            DATE,
            16,
        ),
        Column(
            "Figure at end of period", lambda row: _figure(row[1].as_at_end, "value"), NUMBER, 20
        ),
        Column("Change since start", lambda row: row[1].change_since_baseline, NUMBER, 17),
        Column("Expected by then", lambda row: row[1].expected_at_latest, NUMBER, 16),
        Column("Trajectory", lambda row: row[1].status, width=16),
    ),
    _rows_of("measures"),
)

COMMENTS = Section(
    "Open comments",
    (
        *_workstream_columns(),
        Column("About", lambda row: row[1].subject_label, width=45),
        Column("Comment", lambda row: row[1].excerpt, width=60),
        Column("Posted", lambda row: timezone.localdate(row[1].comment.created_at), DATE),
        Column("Days waiting", lambda row: row[1].age_days, NUMBER, 13),
        Column("To be answered by", lambda row: _person(row[1].answerable_by, "name"), width=22),
        Column(
            "To be answered by (job title)",
            lambda row: _person(row[1].answerable_by, "job"),
        ),
    ),
    _rows_of("open_comments"),
)

SECTIONS = (SUMMARY, OVERDUE, UPDATES, MEASURES, COMMENTS)


def section_rows(section, report):
    """The section's rows as lists of plain values (dates, numbers, text or None)."""
    return [[column.value(row) for column in section.columns] for row in section.rows(report)]


def filename(report, extension):
    area = slugify(report.statement.local_area) or "statement"
    return f"board-report-{area}-{report.period.slug}.{extension}"


# Cells ----------------------------------------------------------------------------


def _text(value):
    """Text as it goes into a cell: no characters XML refuses, within a cell's length.

    An XLSX cell holding it is typed as a string, so it never runs as a formula; the
    CSV has no types, so `_csv_value` also neutralises it with `csv_cell`.
    """
    text = ILLEGAL_CHARACTERS.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return text[:MAX_CELL_CHARACTERS]


def _csv_value(column, value):
    if value is None or value == "":
        return ""
    if column.kind == DATE:
        return value.isoformat()
    if column.kind == NUMBER:
        return _number_text(value)
    return csv_cell(_text(value))


def _number_text(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _write_cell(cell, column, value):
    if value is None or value == "":
        return
    if column.kind == DATE:
        cell.value = value if isinstance(value, datetime.date) else None
        cell.number_format = DATE_FORMAT
    elif column.kind == NUMBER:
        cell.value = value
    else:
        cell.value = _text(value)
        cell.data_type = "s"  # never a formula, whatever the text
        if "\n" in cell.value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# Files ----------------------------------------------------------------------------


def board_workbook(report):
    """The report as XLSX bytes: one sheet per section, then a sheet saying what it is."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for section in SECTIONS:
        sheet = workbook.create_sheet(section.name)
        for index, column in enumerate(section.columns, start=1):
            heading = sheet.cell(row=1, column=index, value=column.heading)
            heading.font = bold
            heading.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(index)].width = column.column_width
        sheet.freeze_panes = "A2"
        for row_number, values in enumerate(section_rows(section, report), start=2):
            for index, (column, value) in enumerate(
                zip(section.columns, values, strict=True), start=1
            ):
                _write_cell(sheet.cell(row=row_number, column=index), column, value)
    _write_about(workbook.create_sheet("About"), report)
    workbook.properties.title = _title(report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _title(report):
    return f"Improvement board report: {report.statement.title}, {report.period.label}"


def _about_lines(report):
    lines = [
        ("Report", _title(report)),
        ("Made on", report.today),
        (
            "As at",
            "Ratings, overdue actions and open comments are as they stood on the day the "
            "report was made. Updates are those recorded in the period.",
        ),
        ("Measure figures", report.figure_rule),
        (
            "Key updates",
            "Updates in the period that changed an action's status, delivery confidence or "
            "due date, or gave a summary for families.",
        ),
    ]
    lines += [(f"Rating: {name}", rule) for name, rule in report.rag_rule]
    lines.append(("Trajectory", report.trajectory_rule))
    return lines


def _write_about(sheet, report):
    bold = Font(bold=True)
    for row_number, (label, value) in enumerate(_about_lines(report), start=1):
        sheet.cell(row=row_number, column=1, value=label).font = bold
        cell = sheet.cell(row=row_number, column=2)
        if isinstance(value, datetime.date):
            cell.value = value
            cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(horizontal="left")
        else:
            cell.value = _text(value)
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100


def csv_columns():
    """Every section's columns, each heading once, in the order they first appear."""
    columns = {}
    for section in SECTIONS:
        for column in section.columns:
            columns.setdefault(column.heading, column)
    return list(columns.values())


def board_csv(report):
    """The report as one CSV table (UTF-8 with a byte order mark, for Excel)."""
    columns = csv_columns()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Section", *(column.heading for column in columns)])
    for section in SECTIONS:
        for values in section_rows(section, report):
            cells = {
                column.heading: _csv_value(column, value)
                for column, value in zip(section.columns, values, strict=True)
            }
            writer.writerow([section.name, *(cells.get(column.heading, "") for column in columns)])
    return buffer.getvalue().encode("utf-8-sig")
