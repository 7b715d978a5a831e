"""Read an uploaded workbook (XLSX) or CSV files into typed rows, listing every problem.

Nothing here trusts the file. Its size is checked first; an XLSX file is a zip,
so its parts are checked against a zip bomb before the spreadsheet library
opens it; only the template's sheets and columns are read, and at most
`MAX_ROWS` rows of each. Formulas are never worked out: the workbook is opened
with formulas visible (`data_only=False`) so that a cell holding one is reported
rather than silently read as whatever result it last saved. Macros are never run.

Every problem is collected, with its sheet, row and column, rather than stopping
at the first, so a file can be put right in one go.
"""

import csv
import datetime
import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from openpyxl import load_workbook

from workstreams.models import Owner
from workstreams.references import reference_key

from .cells import restore_text
from .template import (
    GUIDE_SHEET,
    LIST_SEPARATOR,
    MAX_CELL_CHARACTERS,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    SHEETS,
    SHEETS_BY_NAME,
    Kind,
)

# openpyxl warns about parts of a workbook it does not support (extensions,
# slicers...): they are not read, which is all that matters here.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")

CSV_SUFFIX = ".csv"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other old Office files
MAX_HEADER_COLUMNS = 100
# Blank rows (formatted but empty) are skipped, but not for ever.
MAX_ROWS_SCANNED = MAX_ROWS * 5
ZIP_RATIO_FLOOR = 1024 * 1024  # parts smaller than this unpacked may compress as well as they like

DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B %y",
    "%d %b %y",
)
ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b", re.IGNORECASE)
ISO_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
WHOLE = re.compile(r"[+-]?\d+(\.0+)?")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, and where: sheet, row and column when known."""

    sheet: str | None
    row: int | None
    column: str | None  # the column's label, such as "due date"
    message: str

    def __str__(self):
        where = ", ".join(
            part for part in (f"Row {self.row}" if self.row else "", self.column or "") if part
        )
        if not where:
            return self.message
        # "Row 14, due date: 31/02/2019 is not a date"
        return f"{where[0].upper()}{where[1:]}: {self.message}"

    @property
    def in_full(self):
        """With the sheet, for a list that mixes sheets (the command's output)."""
        return f"{self.sheet} sheet: {self}" if self.sheet else str(self)


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    values: dict  # column name: typed value (None, "" or [] when the cell is empty)


@dataclass
class Upload:
    name: str
    data: bytes


@dataclass
class ReadResult:
    sheets: dict = field(default_factory=dict)  # sheet name: [Row], only sheets in the file
    problems: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    source: str = ""

    @property
    def file_problems(self):
        """Problems with the file as a whole (not a spreadsheet, too big, ...)."""
        return [problem for problem in self.problems if problem.sheet is None]

    def problem(self, message, sheet=None, row=None, column=None):
        self.problems.append(Problem(sheet, row, column, message))


def megabytes(size):
    """A size in MB to one decimal place, rounded up: 5 MB and a byte is "5.1 MB"."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MB"


def read_uploads(uploads):
    """Read one XLSX workbook, or one CSV file per sheet, into a ReadResult."""
    result = ReadResult(source=", ".join(PurePath(upload.name).name for upload in uploads))
    if not uploads:
        result.problem("Select a spreadsheet file to import.")
        return result
    for upload in uploads:
        if len(upload.data) > MAX_FILE_BYTES:
            result.problem(
                f"{PurePath(upload.name).name} is {megabytes(len(upload.data))}: "
                f"the largest file accepted is {megabytes(MAX_FILE_BYTES)}."
            )
        elif not upload.data.strip():
            result.problem(f"{PurePath(upload.name).name} is empty.")
    if result.problems:
        return result
    csv_uploads = [u for u in uploads if u.name.lower().endswith(CSV_SUFFIX)]
    if len(uploads) == 1 and not csv_uploads:
        _read_workbook(uploads[0], result)
    elif len(csv_uploads) == len(uploads):
        _read_csv_files(csv_uploads, result)
    else:
        result.problem("Upload one Excel workbook (.xlsx), or CSV files: not a mixture.")
    if not result.problems and not result.sheets:
        names = ", ".join(sheet.name for sheet in SHEETS)
        result.problem(f"The file has none of the sheets a statement is imported from: {names}.")
    return result


# XLSX ---------------------------------------------------------------------------


def _read_workbook(upload, result):
    name = PurePath(upload.name).name
    data = upload.data
    if data.startswith(OLE_MAGIC):
        result.problem(
            f"{name} is an older Excel (.xls) file or is password-protected. "
            "Save it as an Excel workbook (.xlsx) and upload that."
        )
        return
    if not _zip_is_safe(name, data, result):
        return
    try:
        # data_only=False: a formula is seen as a formula and reported, never
        # replaced by whatever result the file last saved with it.
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception:  # a broken file can fail anywhere inside the library: never a 500
        result.problem(f"{name} could not be read as an Excel workbook (.xlsx).")
        return
    try:
        expected = {}
        for title in workbook.sheetnames:
            key = title.strip().lower()
            if key in SHEETS_BY_NAME and key not in expected:
                expected[key] = title
            elif key != GUIDE_SHEET:
                result.notices.append(
                    f"The sheet “{title}” was not read: it is not in the template."
                )
        for sheet in SHEETS:
            if sheet.name in expected:
                try:
                    rows = workbook[expected[sheet.name]].iter_rows(max_col=MAX_HEADER_COLUMNS)
                    _read_table(sheet, rows, _xlsx_cell, result)
                except Exception:  # as above: a sheet that cannot be parsed is reported
                    result.problem(f"The {sheet.name} sheet could not be read.")
    finally:
        workbook.close()


def _zip_is_safe(name, data, result):
    """A zip that is a workbook and unpacks to a sensible size (not a zip bomb)."""
    not_a_workbook = (
        f"{name} is not an Excel workbook (.xlsx). Save it from your spreadsheet program as "
        "an Excel workbook, or as CSV files named after the sheets."
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        result.problem(not_a_workbook)
        return False
    if len(members) > MAX_ZIP_MEMBERS:
        result.problem(f"{name} has too many parts to be a statement's workbook.")
        return False
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > MAX_UNZIPPED_BYTES or (
            member.file_size > ZIP_RATIO_FLOOR and ratio > MAX_ZIP_RATIO
        ):
            result.problem(
                f"{name} unpacks to far more data than a statement needs, so it was not "
                "opened. Copy the rows into the template and upload that."
            )
            return False
    if "xl/workbook.xml" not in {member.filename for member in members}:
        result.problem(not_a_workbook)
        return False
    return True


def _xlsx_cell(cell):
    """(value, problem): a cell's value, or why it cannot be used."""
    data_type = getattr(cell, "data_type", None)
    if data_type == "f":
        return None, "contains a formula: type the value itself (formulas are never worked out)"
    if data_type == "e":
        return None, f"contains the error {cell.value}: type the value itself"
    return cell.value, None


# CSV ----------------------------------------------------------------------------


def _read_csv_files(uploads, result):
    if len(uploads) > MAX_FILES:
        result.problem(f"Upload at most {MAX_FILES} CSV files: one for each sheet.")
        return
    seen = {}
    for upload in uploads:
        name = PurePath(upload.name).name
        sheet = _sheet_for_csv(name)
        if sheet is None:
            sheets = ", ".join(f"{sheet.name}.csv" for sheet in SHEETS)
            result.problem(
                f"{name} is not named after a sheet. Name each CSV file after its sheet: {sheets}."
            )
            continue
        if sheet.name in seen:
            result.problem(f"{name} and {seen[sheet.name]} are both for the {sheet.name} sheet.")
            continue
        seen[sheet.name] = name
        text = _decode(upload.data)
        if text is None or "\x00" in text:
            result.problem(f"{name} is not a CSV text file.")
            continue
        try:
            rows = list(_csv_rows(text))
        except csv.Error:
            result.problem(f"{name} could not be read as a CSV file (a cell may be far too long).")
            continue
        _read_table(sheet, iter(rows), lambda value: (value, None), result)


def _sheet_for_csv(name):
    stem = PurePath(name).stem.strip().lower()
    for sheet in SHEETS:
        if stem == sheet.name or re.search(rf"[-_ .]{sheet.name}$", stem):
            return sheet
    return None


def _decode(data):
    """UTF-8 (with or without a byte order mark), or Windows' Excel CSV encoding."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_rows(text):
    for count, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
        if count > MAX_ROWS_SCANNED:
            return
        yield row


# Both -----------------------------------------------------------------------------


def _read_table(sheet, rows, cell_value, result):
    """Read a header row and the data rows below it into result.sheets[sheet.name]."""
    header = next(rows, None)
    if header is None:
        result.problem("The sheet is empty: it needs a header row.", sheet.name, 1)
        return
    positions = {}
    for index, cell in enumerate(list(header)[:MAX_HEADER_COLUMNS]):
        value, _ = cell_value(cell)
        key = _column_key(value)
        if key in sheet.column_names and key not in positions:
            positions[key] = index
        elif key:  # said, as for a sheet not in the template: what is typed there is lost
            why = "it is there twice" if key in positions else "it is not in the template"
            result.notices.append(
                f"The column “{str(value).strip()}” on the {sheet.name} sheet was not read: {why}."
            )
    missing = [name for name in sheet.column_names if name not in positions]
    if missing:
        result.problem(
            f"The header row has no {_and_list(missing)} column"
            f"{'s' if len(missing) > 1 else ''}. Row 1 of each sheet names its columns, as in "
            "the template.",
            sheet.name,
            1,
        )
        return
    read = []
    width = max(positions.values()) + 1
    for number, raw in enumerate(rows, start=2):
        if number > MAX_ROWS_SCANNED:
            result.problem(_too_many_rows(sheet), sheet.name)
            return
        cells = list(raw)[:width]
        values = {}
        problems = []
        for column in sheet.columns:
            index = positions[column.name]
            value, problem = cell_value(cells[index]) if index < len(cells) else (None, None)
            if problem is None:
                value, problem = convert(column, value)
            if problem is not None:
                problems.append(Problem(sheet.name, number, column.label, problem))
            values[column.name] = value
        if not problems and all(_empty(value) for value in values.values()):
            continue  # a blank row
        if len(read) == MAX_ROWS:
            result.problem(_too_many_rows(sheet), sheet.name)
            return
        for column in sheet.columns:
            if (
                column.required
                and _empty(values[column.name])
                and not any(problem.column == column.label for problem in problems)
            ):
                problems.append(Problem(sheet.name, number, column.label, "this cell is empty"))
        result.problems.extend(problems)
        read.append(Row(number, values))
    result.sheets[sheet.name] = read


def _too_many_rows(sheet):
    return (
        f"The {sheet.name} sheet has more than {MAX_ROWS:,} rows: the most one import "
        "accepts. Split it into more than one file."
    )


def _column_key(value):
    if value is None:
        return ""
    return re.sub(r"[\s-]+", "_", str(value).strip().lower())


def _and_list(names):
    quoted = [f"“{name}”" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _empty(value):
    return value is None or value == "" or value == [] or value == {}


# Values ---------------------------------------------------------------------------


def convert(column, value):
    """(typed value, problem or None) for `value` read from a cell of `column`."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(value) > MAX_CELL_CHARACTERS:
            return None, (
                f"has {len(value):,} characters: a spreadsheet cell holds at most "
                f"{MAX_CELL_CHARACTERS:,}"
            )
    if value is None or value == "":
        return _empty_value(column), None
    return CONVERTERS[column.kind](column, value)


def _empty_value(column):
    if column.kind in (Kind.NUMBER_LIST, Kind.REFERENCE_LIST):
        return []
    if column.kind == Kind.MILESTONES:
        return {}
    if column.kind == Kind.CHOICE:
        return str(column.default)
    if column.kind in (Kind.TEXT, Kind.REFERENCE, Kind.ORGANISATION):
        return ""
    return None


def shown(value):
    """A cell's value as a message quotes it."""
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(column, value):
    if isinstance(value, bool):
        return None, f"{shown(value)} is not text"
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
        return value.isoformat(), None
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat(), None
    if isinstance(value, float):
        return _number_text(value), None
    if isinstance(value, int):
        return str(value), None
    return restore_text(value), None


def _number_text(value):
    if value.is_integer():
        return str(int(value))
    return repr(value)


def _reference(column, value):
    if isinstance(value, float):
        return _number_text(value), None
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return restore_text(str(value)), None
    return None, f"{shown(value)} is not a reference"


def _whole_number(column, value):
    if isinstance(value, bool):
        return None, f"{shown(value)} is not a whole number"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float) and value.is_integer():
        return int(value), None
    if isinstance(value, str) and WHOLE.fullmatch(value):
        return int(Decimal(value)), None
    return None, f"{shown(value)} is not a whole number"


def _number(column, value):
    if isinstance(value, bool):
        return None, f"{shown(value)} is not a number"
    if isinstance(value, int):
        return Decimal(value), None
    if isinstance(value, float):
        return _decimal(repr(value), value)
    if isinstance(value, str):
        return _decimal(value.replace(",", "").removesuffix("%").strip(), value)
    return None, f"{shown(value)} is not a number"


def _decimal(text, original):
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        return None, f"{shown(original)} is not a number"
    return number, None


def parse_date(value):
    """A date from a date cell or the ways people type one; None if it is not a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace(",", " ").split())
    if match := ISO_WITH_TIME.fullmatch(text):
        text = match.group(1)
    text = ORDINAL.sub(r"\1", text)
    text = re.sub(r"\bsept\b", "sep", text, flags=re.IGNORECASE)
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def _date(column, value):
    day = parse_date(value)
    if day is None:
        return None, f"{shown(value)} is not a date"
    return day, None


def _choice(column, value):
    text = str(value).strip()
    wanted = _column_key(text)
    for code, label in column.choices.choices:
        if wanted in (code, _column_key(label)):
            return code, None
    options = ", ".join(label for _, label in column.choices.choices)
    return None, f"“{shown(value)}” is not one of: {options}"


def _organisation(column, value):
    """The organisation as Owner.organisation_key gives it: a listed one's code (its code
    or name in any case), or the name of any other."""
    text, problem = _text(column, value)
    if problem is not None:
        return None, problem
    try:
        organisation, name = Owner.organisation_from_key(text)
    except ValueError as refused:
        return None, str(refused)
    return name or organisation, None


def _pieces(value):
    if isinstance(value, float):
        value = _number_text(value)
    return [piece.strip() for piece in re.split(r"[;,]", str(value)) if piece.strip()]


def _number_list(column, value):
    numbers = []
    for piece in _pieces(value):
        if not WHOLE.fullmatch(piece):
            return None, f"{shown(value)} is not a list of numbers such as 1;2"
        number = int(Decimal(piece))
        if number not in numbers:
            numbers.append(number)
    return sorted(numbers), None


def _reference_list(column, value):
    references = []
    for piece in _pieces(value):
        if piece not in references:
            references.append(piece)
    return sorted(references, key=reference_key), None  # M2 before M10


def _milestones(column, value):
    milestones = {}
    for piece in str(value).split(LIST_SEPARATOR):
        if not piece.strip():
            continue
        day_text, sep, figure_text = piece.partition("=")
        day = parse_date(day_text.strip())
        figure, problem = _number(column, figure_text.strip()) if sep else (None, "no")
        if day is None or problem is not None:
            return None, (
                f"“{shown(piece.strip())}” is not a date=figure pair such as 31/07/2019=90"
            )
        if day in milestones:
            return None, f"{day:%d/%m/%Y} is given twice"
        milestones[day] = figure
    return dict(sorted(milestones.items())), None


CONVERTERS = {
    Kind.TEXT: _text,
    Kind.REFERENCE: _reference,
    Kind.WHOLE_NUMBER: _whole_number,
    Kind.NUMBER: _number,
    Kind.DATE: _date,
    Kind.CHOICE: _choice,
    Kind.ORGANISATION: _organisation,
    Kind.NUMBER_LIST: _number_list,
    Kind.REFERENCE_LIST: _reference_list,
    Kind.MILESTONES: _milestones,
}
