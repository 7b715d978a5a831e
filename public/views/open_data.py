"""Open data: each published statement as one JSON document and one CSV file per table.

Everything here is generated from the column definitions in public/open_data.py,
so the files and the page that documents them always agree.
"""

import csv

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from actions.spreadsheet.cells import csv_cell
from workstreams.models import Statement

from .. import open_data, outline


@require_GET
def index(request):
    return render(
        request,
        "public/open_data.html",
        {
            "statements": Statement.objects.published(),
            "tables": open_data.TABLES.values(),
            "statement_columns": _documented(open_data.STATEMENT_COLUMNS),
            "documented_tables": [
                (table, _documented(table.columns)) for table in open_data.TABLES.values()
            ],
            "licence_name": open_data.LICENCE_NAME,
            "licence_url": open_data.LICENCE_URL,
        },
    )


def _documented(columns):
    """Column names that may wrap after an underscore, so a phone never scrolls sideways."""
    return [
        (mark_safe(escape(column.name).replace("_", "_<wbr>")), column)  # noqa: S308
        for column in columns
    ]


@require_GET
def statement_json(request, slug):
    statement = outline.published_statement(slug)
    document = {"statement": open_data.statement_record(statement)}
    for table in open_data.TABLES.values():
        document[table.name] = list(table.rows(statement))
    return JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})


@require_GET
def table_csv(request, slug, table):
    dataset = open_data.TABLES.get(table)
    if dataset is None:
        raise Http404("There is no open data table with this name.")
    statement = outline.published_statement(slug)
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{statement.slug}-{dataset.name}.csv"'
        },
    )
    writer = csv.writer(response)
    writer.writerow(dataset.column_names)
    for row in dataset.rows(statement):
        writer.writerow(csv_cell(value) for value in row.values())
    return response
