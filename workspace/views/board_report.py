"""The improvement board report of a statement: a printable page, an XLSX and a CSV file.

Programme managers only: the report names the people who own late actions. The
period comes from the query string (a GET form), so a report can be bookmarked
and its downloads carry the same dates; with no dates it covers the last three
months. Bad dates show the form with its errors, never a report or a 500.
"""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from reports.board import Period, build_board_report, default_period
from reports.board_export import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    board_csv,
    board_workbook,
    filename,
)
from workstreams.models import Statement

from ..access import managers_only
from ..forms.board_report import BoardReportPeriodForm

PERIOD_FIELDS = ("start", "end")


def _report(request, pk):
    """(statement, form, report): report is None when the dates are wrong.

    Without dates in the query string, the report covers the default period.
    """
    statement = get_object_or_404(Statement, pk=pk)
    today = timezone.localdate()
    if any(name in request.GET for name in PERIOD_FIELDS):
        form = BoardReportPeriodForm(request.GET, today=today)
        if not form.is_valid():
            return statement, form, None
        period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
    else:
        period = default_period(today, statement)
        form = BoardReportPeriodForm(
            {"start": period.start.isoformat(), "end": period.end.isoformat()}, today=today
        )
        form.full_clean()
    report = build_board_report(
        statement, period.start, period.end, today, since_report_on=period.since_report_on
    )
    return statement, form, report


def _query(report):
    return urlencode(
        {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()}
    )


@managers_only
@require_GET
def board_report(request, pk):
    statement, form, report = _report(request, pk)
    context = {"statement": statement, "form": form, "report": report}
    if report is not None:
        context["query"] = _query(report)
    return render(request, "workspace/board_report/report.html", context)


def _download(request, pk, build, content_type, extension):
    statement, _form, report = _report(request, pk)
    if report is None:
        # Back to the page, where the form says what is wrong with the dates.
        url = reverse("workspace:board_report", kwargs={"pk": statement.pk})
        query = urlencode({name: request.GET.get(name, "") for name in PERIOD_FIELDS})
        return redirect(f"{url}?{query}")
    response = HttpResponse(build(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(report, extension)}"'
    return response


@managers_only
@require_GET
def board_report_xlsx(request, pk):
    return _download(request, pk, board_workbook, XLSX_CONTENT_TYPE, "xlsx")


@managers_only
@require_GET
def board_report_csv(request, pk):
    return _download(request, pk, board_csv, CSV_CONTENT_TYPE, "csv")
