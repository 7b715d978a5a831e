"""Published progress reports: the list, each report as it was, and what changed between two.

A report page is drawn only from its stored snapshot, never from the live plan
(the statement is read only to check it is published and to link back to it),
so later edits never change what a published report says.

The list and report pages are cached like the other public pages. The compare
page reads request.GET, which the page cache's key leaves out, so it is not
cached (public.cache); it still answers revalidation (its content changes only
when the statement's version does).
"""

import datetime
import re

from django.http import Http404
from django.shortcuts import render

from reports.diff import compare
from reports.models import ProgressReport

from .. import outline
from ..cache import cache_public_page
from ..conditional import conditional_on_statement


class IsoDateConverter:
    """A date in a URL as YYYY-MM-DD; anything else (or an impossible date) is not found."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return datetime.date.fromisoformat(value)  # ValueError: the URL does not match

    def to_url(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value


@conditional_on_statement
@cache_public_page
def progress_reports(request, slug):
    statement = outline.published_statement(slug)
    reports = statement.progress_reports.defer("snapshot", "introduction").order_by("-as_at")
    return render(
        request,
        "public/progress_reports/list.html",
        {"statement": statement, "reports": reports},
    )


@conditional_on_statement
@cache_public_page
def progress_report(request, slug, as_at):
    statement = outline.published_statement(slug)
    report = _report(statement, as_at)
    neighbours = statement.progress_reports.only("as_at", "statement_id")
    previous = neighbours.filter(as_at__lt=report.as_at).order_by("-as_at").first()
    snapshot = _dated(report.snapshot)
    for measure in snapshot["measures"]:
        measure["rows"] = figure_rows(measure)
    return render(
        request,
        "public/progress_reports/detail.html",
        {
            "statement": statement,
            "report": report,
            "snapshot": snapshot,
            "sections": weakness_sections(snapshot),
            "previous": previous,
        },
    )


@conditional_on_statement
def progress_report_compare(request, slug):
    statement = outline.published_statement(slug)
    reports = list(statement.progress_reports.only("as_at", "title").order_by("-as_at"))
    by_date = {report.as_at.isoformat(): report for report in reports}
    chosen, errors = _chosen(request.GET, by_date, reports)
    changes = older = newer = None
    if chosen and not errors:
        older, newer = sorted(
            ProgressReport.objects.filter(statement=statement, as_at__in=chosen),
            key=lambda report: report.as_at,
        )
        changes = _dated(compare(older.snapshot, newer.snapshot))
    return render(
        request,
        "public/progress_reports/compare.html",
        {
            "statement": statement,
            "reports": reports,
            "selected": chosen,
            "errors": errors,
            "older": older,
            "newer": newer,
            "changes": changes,
            # Reports of the first kind hold actions as they were on the day of publishing.
            "reports_published_as_recorded": [
                report for report in (older, newer) if report and report.schema_version == 1
            ],
        },
    )


def _report(statement, as_at):
    try:
        return statement.progress_reports.get(as_at=as_at)
    except ProgressReport.DoesNotExist:
        raise Http404("No progress report as at this date") from None


def _chosen(query, by_date, reports):
    """The two report dates asked for (from, to), and the problems with them, by field.

    No choice yet: the two newest reports (None when there are fewer than two).
    """
    if "from" not in query and "to" not in query:
        newest = [report.as_at.isoformat() for report in reports[1:2] + reports[:1]]
        return (newest if len(newest) == 2 else None), {}
    errors = {}
    chosen = []
    for field, label in (("from", "earlier"), ("to", "later")):
        value = query.get(field, "")
        if not value:
            errors[field] = f"Choose the {label} progress report"
        elif value not in by_date:
            errors[field] = f"Choose the {label} progress report from the list"
        chosen.append(value)
    if not errors and chosen[0] == chosen[1]:
        errors["to"] = "Choose two different progress reports to compare"
    return chosen, errors


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _dated(value):
    """A copy of snapshot (or diff) data with its ISO date strings as dates, for templates."""
    if isinstance(value, dict):
        return {key: _dated(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dated(item) for item in value]
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def weakness_sections(snapshot):
    """Each weakness in the snapshot with its actions, as they were on the report's day."""
    by_weakness = {}
    for action in snapshot["actions"]:
        for number in action["weaknesses"]:
            by_weakness.setdefault(number, []).append(action)
    return [
        {"weakness": weakness, "actions": by_weakness.get(weakness["number"], [])}
        for weakness in snapshot["weaknesses"]
    ]


def figure_rows(measure):
    """A measure's starting point, milestones, figures and target as table rows, by date."""
    rows = [
        (measure["baseline"], 0, "Starting point"),
        *((m, 1, "Milestone on the way to the target") for m in measure["milestones"]),
        *((f, 2, "Actual figure") for f in measure["values"]),
        (measure["target"], 3, "Target"),
    ]
    rows.sort(key=lambda row: (row[0]["date"], row[1]))
    return [{"date": row["date"], "what": what, "display": row["display"]} for row, _, what in rows]
