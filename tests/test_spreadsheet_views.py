"""The import pages (upload, preview, confirm), the template download and the export."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Action
from actions.spreadsheet.records import statement_records
from actions.spreadsheet.writer import XLSX_CONTENT_TYPE, csv_files, statement_workbook
from workstreams.models import Statement

from .factories import ProgrammeManagerFactory, StatementFactory
from .spreadsheet_builders import (
    BROKEN,
    edited,
    example_workbook,
    plan_for,
    table_counts,
    workbook,
)

pytestmark = pytest.mark.django_db

UPLOAD = reverse("workspace:import_upload")


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    """Uploads waiting for confirmation are kept in the private storage: here, a temporary one."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.fixture(scope="module")
def template():
    return example_workbook()


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def upload(client, *files, **data):
    """POST files ((name, bytes) pairs) to the upload page."""
    uploads = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(UPLOAD, {"files": uploads, **data})


def preview_url(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def fingerprint(response):
    return re.search(r'name="fingerprint" value="([0-9a-f]+)"', response.content.decode()).group(1)


def test_the_upload_page_documents_every_sheet_and_column(signed_in):
    page = signed_in.get(UPLOAD).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'class="govuk-file-upload"' in page
    assert reverse("workspace:import_template") in page
    for name in ("statement", "owners", "weaknesses", "workstreams", "measures", "actions"):
        assert f"The {name} sheet" in page
    assert "<code>revised_due_date</code>" in page
    assert "31/03/2019, 2019-03-31, 31 March 2019" in page


def test_upload_then_preview_then_confirm_imports_the_statement(
    signed_in, manager, template, private_uploads
):
    response = upload(signed_in, ("sutton.xlsx", template))
    url = preview_url(response)
    assert list(private_uploads.rglob("*.xlsx"))  # kept on the server, not in the browser

    preview = signed_in.get(url)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "This file creates a new draft statement, “sutton-2018”." in page
    assert "To create (" in page
    assert "govuk-error-summary" not in page
    assert not Statement.objects.exists()  # nothing yet

    confirm = reverse("workspace:import_confirm", kwargs={"token": url.rstrip("/").split("/")[-1]})
    done = signed_in.post(confirm, {"fingerprint": fingerprint(preview)})
    statement = Statement.objects.get(slug="sutton-2018")
    assert done.status_code == 302
    assert done["Location"] == reverse("workspace:statement_detail", kwargs={"pk": statement.pk})
    assert statement_records(statement)["actions"][0]["reference"] == "1.1"
    update = Action.objects.get(reference="1.1").updates.get()
    assert (update.author, update.narrative) == (manager, "Imported from sutton.xlsx")
    assert not list(private_uploads.rglob("*.xlsx"))  # removed once imported
    # The confirmation cannot be replayed.
    again = signed_in.post(confirm, {"fingerprint": fingerprint(preview)})
    assert again.status_code == 404


def test_the_preview_of_an_edited_export_lists_what_changes(signed_in, manager, template):
    from .spreadsheet_builders import import_file

    statement = import_file(template, manager).statement
    data = edited(statement_workbook(statement), {("actions", "2.7", "title"): "A better title"})
    page = signed_in.get(preview_url(upload(signed_in, ("edited.xlsx", data)))).content.decode()
    assert f"This file updates “{statement.title}” (sutton-2018)." in page
    assert "To change (1)" in page
    assert "<strong>title</strong>" in page and "A better title" in page
    assert "already match the statement" in page


def test_problems_in_the_rows_are_shown_in_an_error_summary_and_nothing_can_be_confirmed(
    signed_in, template
):
    data = edited(template, {("actions", "2.7", "due_date"): "31/02/2019"})
    response = signed_in.get(preview_url(upload(signed_in, ("broken.xlsx", data))))
    page = response.content.decode()
    assert "<title>Error: Check the import" in page
    assert 'class="govuk-error-summary"' in page
    assert "Actions: Row 14, due date: 31/02/2019 is not a date" in page
    assert 'id="problems-actions"' in page
    assert 'name="fingerprint"' not in page


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_upload_page(signed_in):
    counts = table_counts()
    response = upload(signed_in, ("notes.xlsx", b"just text"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Import a statement" in page
    assert 'href="#id_files"' in page
    assert "notes.xlsx is not an Excel workbook (.xlsx)." in page
    assert table_counts() == counts


@pytest.mark.parametrize("case", BROKEN)
def test_no_broken_file_gets_a_server_error_or_a_partial_import(signed_in, case):
    name, data, _expected = BROKEN[case]
    counts = table_counts()
    response = upload(signed_in, (name, data))
    if response.status_code == 302:  # the problem is shown on the preview
        response = signed_in.get(response["Location"])
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert table_counts() == counts


def test_nothing_chosen_or_the_wrong_kind_of_file_is_a_form_error(signed_in):
    page = signed_in.post(UPLOAD, {}).content.decode()
    assert "Select a spreadsheet file to import" in page
    page = upload(signed_in, ("plan.docx", b"PK...")).content.decode()
    assert "plan.docx must be an Excel workbook (.xlsx) or a CSV file" in page


def test_csv_files_can_be_uploaded_together(signed_in, template):
    files = csv_files(plan_for_records(template))
    response = upload(signed_in, *files.items())
    page = signed_in.get(preview_url(response)).content.decode()
    assert "This file creates a new draft statement" in page


def plan_for_records(data):
    plan = plan_for(data)
    return {sheet: [row.values for row in rows] for sheet, rows in plan.rows.items()}


def test_choosing_a_statement_imports_into_it_whatever_the_file_says(signed_in, template):
    target = StatementFactory(slug="other-area", draft=True)
    response = upload(signed_in, ("sutton.xlsx", template), statement=target.pk)
    page = signed_in.get(preview_url(response)).content.decode()
    assert f"This file updates “{target.title}” (other-area)." in page
    assert "The file is for the statement “sutton-2018”: it is imported into “other-area”." in page


def test_an_archived_statement_cannot_be_chosen(signed_in, template):
    archived = StatementFactory(archived=True)
    page = upload(signed_in, ("sutton.xlsx", template), statement=archived.pk).content.decode()
    assert "Choose only from the options listed." in page


def test_a_statement_changed_since_the_preview_is_not_imported_blindly(
    signed_in, manager, template
):
    from .spreadsheet_builders import import_file

    statement = import_file(template, manager).statement
    data = edited(statement_workbook(statement), {("actions", "2.7", "title"): "Mine"})
    url = preview_url(upload(signed_in, ("edited.xlsx", data)))
    preview = signed_in.get(url)
    Action.objects.filter(statement=statement, reference="2.7").update(title="Someone else's")

    response = signed_in.post(url + "confirm/", {"fingerprint": fingerprint(preview)})
    assert response.status_code == 409
    assert "The statement changed after you checked this import" in response.content.decode()
    assert Action.objects.get(statement=statement, reference="2.7").title == "Someone else's"
    # Confirming what is shown now works.
    done = signed_in.post(url + "confirm/", {"fingerprint": fingerprint(response)})
    assert done.status_code == 302
    assert Action.objects.get(statement=statement, reference="2.7").title == "Mine"


def test_a_milestone_added_while_the_import_is_confirmed_is_kept(
    signed_in, manager, template, monkeypatch
):
    """Between the confirmation's last check and its first lock, a programme manager
    adds a milestone the file does not have: nothing is imported, and the preview
    now says the import would remove it."""
    import datetime

    from workspace.views import imports

    from .factories import MilestoneFactory
    from .spreadsheet_builders import import_file

    statement = import_file(template, manager).statement
    measure = statement.measures.get(reference="M1")
    data = edited(statement_workbook(statement), {("measures", "M1", "title"): "Fewer exclusions"})
    url = preview_url(upload(signed_in, ("edited.xlsx", data)))
    preview = signed_in.get(url)
    apply_plan = imports.apply_plan

    def milestone_added_first(plan, **kwargs):
        MilestoneFactory(measure=measure, due_on=datetime.date(2019, 1, 31), value=150)
        return apply_plan(plan, **kwargs)

    monkeypatch.setattr(imports, "apply_plan", milestone_added_first)
    response = signed_in.post(url + "confirm/", {"fingerprint": fingerprint(preview)})
    assert response.status_code == 409
    page = response.content.decode()
    assert "The statement changed after you checked this import" in page
    assert "31 Jan 2019: 150" in page  # the new preview says the file would remove it
    measure.refresh_from_db()
    assert measure.title != "Fewer exclusions"
    assert measure.milestones.filter(due_on=datetime.date(2019, 1, 31)).exists()


def test_an_upload_belongs_to_the_session_that_made_it(client, signed_in, template):
    url = preview_url(upload(signed_in, ("sutton.xlsx", template)))
    other = ProgrammeManagerFactory(username="other-manager")
    client.logout()
    client.force_login(other)
    response = client.get(url)
    assert response.status_code == 404
    assert "no longer waiting to be confirmed" in response.content.decode()
    assert client.post(url + "confirm/", {"fingerprint": "x"}).status_code == 404
    assert not Statement.objects.exists()


def test_the_template_downloads_with_the_demo_example_and_a_guide(signed_in, template):
    response = signed_in.get(reverse("workspace:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="statement-of-action-template.xlsx"'
    )
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [
        "guide",
        "statement",
        "owners",
        "weaknesses",
        "workstreams",
        "measures",
        "actions",
        "measurements",
    ]
    assert plan_for(response.content).problems == []


def test_a_statement_exports_in_the_templates_format(signed_in, manager, template):
    from .spreadsheet_builders import import_file

    statement = import_file(template, manager).statement
    response = signed_in.get(reverse("workspace:statement_export", kwargs={"pk": statement.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert re.fullmatch(
        r'attachment; filename="sutton-2018-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    assert not plan_for(response.content).has_changes
    owners = load_workbook(io.BytesIO(response.content), read_only=True)["owners"]
    assert "louise.hartley@example.org" in [row[3] for row in owners.iter_rows(values_only=True)]
    assert (
        signed_in.get(reverse("workspace:statement_export", kwargs={"pk": 999})).status_code == 404
    )


URLS = {
    "import_upload": {},
    "import_template": {},
    "import_preview": {"token": "abc"},
    "import_confirm": {"token": "abc"},
}


@pytest.mark.parametrize("name", [*URLS, "statement_export"])
def test_only_programme_managers_may_import_or_export(client, officer, parent, name):
    statement = StatementFactory()
    kwargs = URLS.get(name, {"pk": statement.pk})
    url = reverse(f"workspace:{name}", kwargs=kwargs)
    method = client.post if name == "import_confirm" else client.get
    assert method(url).status_code == 302  # signed out: to the sign-in page
    for user in (officer, parent):
        client.force_login(user)
        assert method(url).status_code == 403
    sneaky = SimpleUploadedFile("a.xlsx", workbook({"x": [[1]]}))
    assert client.post(UPLOAD, {"files": [sneaky]}).status_code == 403


def test_confirming_needs_a_post(signed_in):
    assert (
        signed_in.get(reverse("workspace:import_confirm", kwargs={"token": "abc"})).status_code
        == 405
    )


def test_stale_uploads_are_removed_after_a_day(signed_in, template, private_uploads):
    import datetime
    import os

    url = preview_url(upload(signed_in, ("old.xlsx", template)))
    (stale,) = private_uploads.rglob("*.xlsx")
    long_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(stale, (long_ago, long_ago))
    preview_url(upload(signed_in, ("new.xlsx", template)))
    assert not stale.exists()
    assert signed_in.get(url).status_code == 404


def test_a_long_list_of_problems_is_summarised_then_listed_in_full(signed_in, template):
    files = csv_files(plan_for_records(template))
    rows = list(csv.reader(io.StringIO(files["actions.csv"].decode("utf-8-sig"))))
    due = rows[0].index("due_date")
    for row in rows[1:]:
        row[due] = "someday"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    files["actions.csv"] = buffer.getvalue().encode()
    page = signed_in.get(preview_url(upload(signed_in, *files.items()))).content.decode()
    summary = page[page.index("govuk-error-summary__list") : page.index("Problems in the file")]
    assert summary.count("<li>") == 20
    assert "And 12 more, listed below." in page
    assert page.count("someday is not a date</td>") == 32


def test_text_too_long_for_a_cell_is_never_cut_short_on_export(signed_in, manager, template):
    from .spreadsheet_builders import import_file

    statement = import_file(template, manager).statement
    Action.objects.filter(reference="1.1").update(description="x" * 40_000)
    url = reverse("workspace:statement_export", kwargs={"pk": statement.pk})
    response = signed_in.get(url)
    assert response.status_code == 409
    assert (
        "The actions sheet, row 2, description: the text has 40,000 characters, more than a "
        "spreadsheet cell holds (32,767). Shorten it, or export CSV files instead."
    ) in response.content.decode()
