from django.urls import path, register_converter

from . import outline
from .views import open_data, pages, progress_reports, statement, you_said

app_name = "public"


class ActionReferenceConverter:
    regex = r"\d{1,3}(?:\.\d{1,3}){0,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ProgressListConverter:
    """Which list of actions: complete, in-progress, not-started or late."""

    regex = "|".join(outline.PROGRESS_LISTS)

    def to_python(self, value):
        return outline.PROGRESS_LISTS[value]

    def to_url(self, value):
        return getattr(value, "slug", value)


register_converter(ActionReferenceConverter, "reference")
register_converter(ProgressListConverter, "progress")
register_converter(progress_reports.IsoDateConverter, "isodate")

urlpatterns = [
    path("", statement.home, name="home"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("glossary/", pages.glossary, name="glossary"),
    path("open-data/", open_data.index, name="open_data"),
    path("open-data/<slug:slug>.json", open_data.statement_json, name="open_data_json"),
    path("open-data/<slug:slug>/<str:table>.csv", open_data.table_csv, name="open_data_csv"),
    path("<slug:slug>/", statement.statement_detail, name="statement"),
    path("<slug:slug>/weaknesses/<int:number>/", statement.weakness_detail, name="weakness"),
    path("<slug:slug>/workstreams/<int:number>/", statement.workstream_detail, name="workstream"),
    path("<slug:slug>/actions/<reference:reference>/", statement.action_detail, name="action"),
    path(
        "<slug:slug>/actions/<progress:progress>/",
        statement.actions_by_progress,
        name="actions_by_progress",
    ),
    path("<slug:slug>/measures/", statement.measures, name="measures"),
    path("<slug:slug>/you-said-we-did/", you_said.you_said_we_did, name="you_said"),
    path(
        "<slug:slug>/progress-reports/",
        progress_reports.progress_reports,
        name="progress_reports",
    ),
    path(
        "<slug:slug>/progress-reports/compare/",
        progress_reports.progress_report_compare,
        name="progress_report_compare",
    ),
    path(
        "<slug:slug>/progress-reports/<isodate:as_at>/",
        progress_reports.progress_report,
        name="progress_report",
    ),
]
