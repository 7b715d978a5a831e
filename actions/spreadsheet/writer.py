"""Write a statement in the template's format: an XLSX workbook or one CSV file per sheet.

Every text cell (the guide sheet and the column names included) goes through
`_text`: control characters XML cannot hold are dropped, then `cells.safe_text`
makes it inert, so text such as
`=HYPERLINK("http://evil.example", "Click")` reaches the spreadsheet with a
leading apostrophe and is shown, never run. XLSX cells are also typed as text
explicitly: the library would otherwise store a string starting with "=" as a
formula.
"""

import csv
import io
import re
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import safe_text
from .records import statement_records
from .template import (
    GUIDE_SHEET,
    LIST_SEPARATOR,
    MAX_CELL_CHARACTERS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    SHEETS,
    Kind,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"
# XML cannot hold most control characters, so a cell cannot either.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
WIDE = {Kind.TEXT: 40, Kind.ORGANISATION: 30}


def cell_text(column, value):
    """A value as text: CSV cells, and the text cells of a workbook (not yet made safe)."""
    if value is None:
        return ""
    if column.kind == Kind.DATE:
        return value.isoformat()
    if column.kind == Kind.NUMBER:
        return _plain(value)
    if column.kind in (Kind.NUMBER_LIST, Kind.REFERENCE_LIST):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if column.kind == Kind.MILESTONES:
        return LIST_SEPARATOR.join(
            f"{day.isoformat()}={_plain(figure)}" for day, figure in value.items()
        )
    return str(value)


def _plain(number):
    # normalize() drops trailing zeros; "f" keeps 40 from becoming "4E+1".
    return format(Decimal(number).normalize(), "f")


def _clean(text):
    return ILLEGAL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _text(text):
    """Any text as a cell holds it: no control characters, never a formula."""
    return safe_text(_clean(str(text)))


# XLSX -----------------------------------------------------------------------------


def workbook_bytes(records_by_sheet, *, title="Statement of action"):
    """An XLSX workbook: a guide sheet, then one sheet per template sheet."""
    workbook = Workbook()
    _write_guide(workbook.active, title)
    for sheet in SHEETS:
        _write_sheet(workbook.create_sheet(sheet.name), sheet, records_by_sheet.get(sheet.name, []))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statement_workbook(statement):
    return workbook_bytes(statement_records(statement), title=statement.title)


class CellTooLong(ValueError):
    """A text longer than a spreadsheet cell holds: exporting it would cut it short."""

    def __init__(self, sheet, row, column, length):
        where = f"The {sheet.name} sheet, row {row}, {column.label}" if sheet else column.label
        super().__init__(
            f"{where}: the text has {length:,} characters, more than a spreadsheet cell holds "
            f"({MAX_CELL_CHARACTERS:,}). Shorten it, or export CSV files instead."
        )
        self.length = length


def _write_sheet(worksheet, sheet, records):
    bold = Font(bold=True)
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=_text(column.name))
        cell.data_type = "s"
        cell.font = bold
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = WIDE.get(column.kind, 18)
        if column.kind in (Kind.REFERENCE, Kind.NUMBER_LIST, Kind.REFERENCE_LIST, Kind.MILESTONES):
            # Typed into later, "2.10" stays "2.10" instead of becoming the number 2.1.
            worksheet.column_dimensions[letter].number_format = TEXT_FORMAT
        if column.kind in (Kind.CHOICE, Kind.ORGANISATION):
            # A list to choose from; any other value may still be typed (Excel shows no
            # error), so an organisation outside the list can be given by its name.
            options = ",".join(column.options)
            choices = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
            choices.error = column.format
            choices.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            worksheet.add_data_validation(choices)
    worksheet.freeze_panes = "A2"
    for row_number, record in enumerate(records, start=2):
        for index, column in enumerate(sheet.columns, start=1):
            cell = worksheet.cell(row=row_number, column=index)
            try:
                _write_cell(cell, column, record.get(column.name))
            except CellTooLong as too_long:
                raise CellTooLong(sheet, row_number, column, too_long.length) from None


def _write_cell(cell, column, value):
    if value is None or value in ("", [], {}):
        return
    if column.kind == Kind.DATE:
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif column.kind == Kind.WHOLE_NUMBER:
        cell.value = int(value)
    elif column.kind == Kind.NUMBER:
        cell.value = Decimal(_plain(value))
    else:
        text = _text(cell_text(column, value))
        if len(text) > MAX_CELL_CHARACTERS:
            raise CellTooLong(None, None, column, len(text))  # the library would cut it short
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever the text
        if column.kind != Kind.CHOICE:
            cell.number_format = TEXT_FORMAT
        if "\n" in cell.value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_guide(worksheet, title):
    worksheet.title = GUIDE_SHEET
    limits = (
        f"Files of up to {MAX_FILE_BYTES // (1024 * 1024)} MB and {MAX_ROWS:,} rows a sheet "
        "are accepted."
    )
    lines = [
        (title,),
        ("How to use this workbook",),
        (
            "Each sheet after this one holds one part of a statement of action, one row each. "
            "Row 1 names the columns: keep those names. Rows are matched by their reference or "
            "number, so you can edit this file and import it again to change the statement in "
            "place. Nothing is deleted by an import. If anything in the file is wrong, nothing "
            "is imported and every problem is listed with its sheet, row and column.",
        ),
        (
            "Type values, not formulas: a cell holding a formula is not imported. "
            + limits
            + " This guide sheet is never read.",
        ),
        (),
        ("sheet", "column", "what it holds", "format"),
    ]
    headings = {1, 2, len(lines)}
    for sheet in SHEETS:
        lines.append((sheet.name, "", sheet.description))
        headings.add(len(lines))
        for column in sheet.columns:
            required = "Required. " if column.required else ""
            lines.append(("", column.name, column.description, required + column.format))
    bold = Font(bold=True)
    for row_number, line in enumerate(lines, start=1):
        for index, value in enumerate(line, start=1):
            if not value:
                continue
            cell = worksheet.cell(row=row_number, column=index, value=_text(value))
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=index > 2, vertical="top")
            if row_number in headings:
                cell.font = bold
    for letter, width in zip("ABCD", (16, 26, 70, 50), strict=True):
        worksheet.column_dimensions[letter].width = width


# CSV ------------------------------------------------------------------------------


def csv_files(records_by_sheet):
    """{file name: bytes}: one UTF-8 CSV file (with a byte order mark, for Excel) per sheet."""
    files = {}
    for sheet in SHEETS:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(sheet.column_names)
        for record in records_by_sheet.get(sheet.name, []):
            writer.writerow(
                [_text(cell_text(column, record.get(column.name))) for column in sheet.columns]
            )
        files[f"{sheet.name}.csv"] = buffer.getvalue().encode("utf-8-sig")
    return files


def statement_csv_files(statement):
    return csv_files(statement_records(statement))


def export_filename(statement, suffix=".xlsx"):
    return f"{statement.slug}-{timezone.localdate():%Y-%m-%d}{suffix}"
