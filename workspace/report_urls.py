"""Reports on the plan (names live in the workspace namespace).

Progress against a weakness (internal readers), its summary, the improvement
board report and its downloads, and published progress reports (programme
managers).
"""

from django.urls import path

from .views import board_report, progress_reports, weakness_progress

urlpatterns = [
    path(
        "weaknesses/<int:pk>/progress/",
        weakness_progress.weakness_progress,
        name="weakness_progress",
    ),
    path(
        "plan/weaknesses/<int:pk>/summary/",
        weakness_progress.weakness_summary,
        name="weakness_summary",
    ),
    path(
        "plan/statements/<int:pk>/board-report/",
        board_report.board_report,
        name="board_report",
    ),
    path(
        "plan/statements/<int:pk>/board-report.xlsx",
        board_report.board_report_xlsx,
        name="board_report_xlsx",
    ),
    path(
        "plan/statements/<int:pk>/board-report.csv",
        board_report.board_report_csv,
        name="board_report_csv",
    ),
    path(
        "plan/statements/<int:pk>/progress-reports/",
        progress_reports.progress_reports,
        name="progress_reports",
    ),
    path(
        "plan/statements/<int:pk>/progress-reports/publish/",
        progress_reports.progress_report_publish,
        name="progress_report_publish",
    ),
]
