"""Importing and exporting a statement as a spreadsheet (names live in the workspace namespace)."""

from django.urls import path

from .views import imports

urlpatterns = [
    path("import/", imports.import_upload, name="import_upload"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/<str:token>/", imports.import_preview, name="import_preview"),
    path("import/<str:token>/confirm/", imports.import_confirm, name="import_confirm"),
    path(
        "plan/statements/<int:pk>/export.xlsx",
        imports.statement_export,
        name="statement_export",
    ),
]
