"""Programme managers publish a statement's progress reports: immutable public snapshots.

Publishing is POST-only and takes two steps: the form, then a confirmation page
that says the report can never be changed, then the report is published
(reports.services.publish_progress_report, in one transaction).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from reports.models import report_title
from reports.services import publish_progress_report
from reports.snapshot import build_snapshot
from workstreams.models import Statement

from ..access import managers_only
from ..forms.progress_reports import ProgressReportForm


def _statement(request, pk):
    statement = get_object_or_404(Statement, pk=pk)
    if not request.user.has_perm("workstreams.manage_statement", statement):
        raise PermissionDenied
    return statement


def _list_page(request, statement, form):
    reports = (
        statement.progress_reports.select_related("published_by")
        .defer("snapshot", "introduction")
        .order_by("-as_at")
    )
    return render(
        request,
        "workspace/progress_reports/list.html",
        {"statement": statement, "reports": reports, "form": form},
    )


@managers_only
@require_GET
def progress_reports(request, pk):
    statement = _statement(request, pk)
    return _list_page(request, statement, ProgressReportForm(statement=statement))


@managers_only
@require_POST
def progress_report_publish(request, pk):
    statement = _statement(request, pk)
    form = ProgressReportForm(request.POST, statement=statement)
    if not form.is_valid():
        return _list_page(request, statement, form)
    as_at = form.cleaned_data["as_at"]
    introduction = form.cleaned_data["introduction"]
    if request.POST.get("confirm") != "yes":
        # What the report will say, built as publishing builds it: a report cannot be
        # changed, so the manager checks its figures before, not after.
        snapshot = build_snapshot(statement, as_at)
        return render(
            request,
            "workspace/progress_reports/confirm.html",
            {
                "statement": statement,
                "as_at": as_at,
                "title": report_title(as_at),
                "introduction": introduction,
                "snapshot": snapshot,
                "measures_with_figures": sum(1 for m in snapshot["measures"] if m["latest"]),
            },
        )
    try:
        report = publish_progress_report(statement, as_at, introduction, request.user)
    except ValidationError as error:
        form.add_error(None if error.code == "not_published" else "as_at", error)
        return _list_page(request, statement, form)
    messages.success(request, f"“{report.title}” is published on the public website.")
    return redirect("workspace:progress_reports", pk=statement.pk)
