from django.urls import include, path

from .views import actions, dashboard, measures, reminders

app_name = "workspace"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("actions/<int:pk>/update/", actions.update_action, name="update_action"),
    path("evidence/<int:pk>/", actions.evidence, name="evidence"),
    path("plain-english/", actions.plain_english_hints, name="plain_english"),
    path("measures/<int:pk>/record/", measures.record_measurement, name="record_measurement"),
    path(
        "measures/figures/<int:pk>/change/", measures.change_measurement, name="change_measurement"
    ),
    path("reminders/", reminders.reminders, name="reminders"),
    path("plan/", include("workspace.plan_urls")),
    path("", include("workspace.security_urls")),
]

# Importing and exporting a statement as a spreadsheet (programme managers).
urlpatterns += [path("", include("workspace.import_urls"))]

# Reports: progress against a weakness, the board report, published progress reports.
urlpatterns += [path("", include("workspace.report_urls"))]
