"""Helpers for the spreadsheet import and export tests (tests/test_spreadsheet_*.py)."""

import io
import zipfile

from django.apps import apps
from openpyxl import Workbook, load_workbook

from actions.spreadsheet import records
from actions.spreadsheet.apply import apply_plan
from actions.spreadsheet.example import example_records
from actions.spreadsheet.plan import plan_import
from actions.spreadsheet.reader import Upload, read_uploads
from actions.spreadsheet.template import MAX_FILE_BYTES
from actions.spreadsheet.writer import workbook_bytes

PLAN_APPS = {"actions", "workstreams", "review"}


def example_workbook():
    return workbook_bytes(example_records())


def workbook(sheets):
    """An XLSX file from {sheet name: [row, ...]}, the first row being the header."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def edited(data, edits):
    """`data` (XLSX bytes) with cells changed: {(sheet, key value, column name): value}.

    The key value is the first column's value of the row (a reference or number);
    a key of None appends a row, with `value` a {column name: value} dict.
    """
    book = load_workbook(io.BytesIO(data))
    for (sheet_name, key, column), value in edits.items():
        sheet = book[sheet_name]
        header = [cell.value for cell in sheet[1]]
        if key is None:
            sheet.append([_cell(value.get(name)) for name in header])
            continue
        for row in sheet.iter_rows(min_row=2):
            if str(row[0].value) == str(key):
                cell = row[header.index(column)]
                cell.value = value
                break
        else:
            raise KeyError(f"no row {key} in {sheet_name}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    """A record's value as a cell takes it: lists and milestones as text."""
    if isinstance(value, dict):
        return ";".join(f"{day.isoformat()}={figure}" for day, figure in value.items())
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return value


def row_of(data, sheet_name, key):
    """{column: value} of the row whose first cell is `key`."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = book[sheet_name].iter_rows(values_only=True)
    header = next(rows)
    for row in rows:
        if str(row[0]) == str(key):
            return dict(zip(header, row, strict=False))
    raise KeyError(key)


def plan_for(data, name="statement.xlsx", slug=None):
    uploads = (
        [Upload(n, d) for n, d in data.items()] if isinstance(data, dict) else [Upload(name, data)]
    )
    return plan_import(read_uploads(uploads), statement_slug=slug)


def import_file(data, user, name="statement.xlsx", slug=None):
    plan = plan_for(data, name, slug)
    assert plan.problems == [], [str(p) for p in plan.problems]
    return apply_plan(plan, user=user, source=name)


def messages(plan):
    return [str(problem) for problem in plan.problems]


def empty_the_plan():
    """Remove every row of the plan's apps: an empty database, users apart.

    Deleted without Django's collector, which would refuse because progress
    updates protect their actions. Foreign keys are checked when the test's
    transaction commits, and it never does: it is rolled back.
    """
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in PLAN_APPS:
            queryset = model._base_manager.all()
            queryset._raw_delete(queryset.db)


def table_counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PLAN_APPS | {"auth"}
    }


# Everything about a statement, by natural keys ------------------------------------------

# Not part of the statement's content: kept by the app, not the plan's author.
STATEMENT_BOOKKEEPING = {
    "slug",
    "status",
    "published_at",
    "created_at",
    "updated_at",
    "content_changed_at",
    "content_version",
    "discussion_version",
}
ACTION_BOOKKEEPING = {"version", "created_at", "updated_at"}


def _plain(obj, skip=()):
    return {
        field.name: getattr(obj, field.name)
        for field in obj._meta.concrete_fields
        if not field.is_relation and not field.primary_key and field.name not in skip
    }


def _owner(owner):
    return (owner.job_title, owner.organisation, owner.organisation_name) if owner else None


def snapshot(statement):
    """Every field of every object of `statement`, links as natural keys (no ids)."""
    return {
        "statement": _plain(statement, STATEMENT_BOOKKEEPING),
        "owners": sorted(
            (_plain(owner) for owner in records.owners_of(statement)),
            key=lambda o: (o["organisation"], o["organisation_name"], o["job_title"]),
        ),
        "weaknesses": {w.number: _plain(w) for w in records.weaknesses_of(statement)},
        "workstreams": {
            w.number: {
                **_plain(w),
                "lead": _owner(w.lead),
                "weaknesses": sorted(x.number for x in w.weaknesses.all()),
            }
            for w in records.workstreams_of(statement)
        },
        "measures": {
            m.reference: {
                **_plain(m),
                "weakness": m.weakness.number if m.weakness else None,
                "owner": _owner(m.owner),
                "milestones": sorted((x.due_on, x.value) for x in m.milestones.all()),
            }
            for m in records.measures_of(statement)
        },
        "actions": {
            a.reference: {
                **_plain(a, ACTION_BOOKKEEPING),
                "workstream": a.workstream.number,
                "owner": _owner(a.owner),
                "weaknesses": sorted(x.number for x in a.weaknesses.all()),
                "measures": sorted(x.reference for x in a.measures.all()),
            }
            for a in records.actions_of(statement)
        },
        "measurements": {
            (m.measure.reference, m.measured_on): _plain(m, {"recorded_at"})
            for m in records.measurements_of(statement)
        },
    }


# The corpus of broken files: (file name, content, the message it gets) ---------------------


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb():
    """A small zip whose workbook part unpacks to 40 MB of nothing."""
    return zipped(
        {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": b"\0" * (40 * 1024 * 1024)}
    )


BROKEN = {
    "empty": ("empty.xlsx", b"", "empty.xlsx is empty."),
    "blank": ("blank.csv", b"  \n\n", "blank.csv is empty."),
    "text renamed": (
        "notes.xlsx",
        b"This is just some text, saved with the wrong name.\n",
        "notes.xlsx is not an Excel workbook (.xlsx). Save it from your spreadsheet program as an "
        "Excel workbook, or as CSV files named after the sheets.",
    ),
    "a zip of something else": (
        "archive.xlsx",
        zipped({"readme.txt": "hello"}),
        "archive.xlsx is not an Excel workbook (.xlsx). Save it from your spreadsheet program as "
        "an Excel workbook, or as CSV files named after the sheets.",
    ),
    "old excel": (
        "old.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "old.xlsx is an older Excel (.xls) file or is password-protected. Save it as an Excel "
        "workbook (.xlsx) and upload that.",
    ),
    "zip bomb": (
        "bomb.xlsx",
        zip_bomb(),
        "bomb.xlsx unpacks to far more data than a statement needs, so it was not opened. Copy the "
        "rows into the template and upload that.",
    ),
    "huge": (
        "huge.xlsx",
        b"x" * (MAX_FILE_BYTES + 1),
        "huge.xlsx is 5.1 MB: the largest file accepted is 5 MB.",
    ),
    "broken workbook": (
        "broken.xlsx",
        zipped({"xl/workbook.xml": "<not really", "[Content_Types].xml": "<Types/>"}),
        "broken.xlsx could not be read as an Excel workbook (.xlsx).",
    ),
    "binary csv": (
        "actions.csv",
        b"\x00\x01\x02PK\x03\x04" * 50,
        "actions.csv is not a CSV text file.",
    ),
    "csv named after nothing": (
        "plan.csv",
        b"reference,title\n1.1,x\n",
        "plan.csv is not named after a sheet. Name each CSV file after its sheet: statement.csv, "
        "owners.csv, weaknesses.csv, workstreams.csv, measures.csv, actions.csv, measurements.csv.",
    ),
    "no expected sheets": (
        "other.xlsx",
        workbook({"Sheet1": [["a", "b"], [1, 2]]}),
        "The file has none of the sheets a statement is imported from: statement, owners, "
        "weaknesses, workstreams, measures, actions, measurements.",
    ),
}
