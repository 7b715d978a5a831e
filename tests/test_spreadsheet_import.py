"""Re-importing an edited sheet changes the statement in place, as any edit would."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import Action, ProgressUpdate
from actions.spreadsheet.plan import CHANGE, CREATE, IN_PLACE_FIRST, PROGRESS_FIRST
from actions.spreadsheet.records import statement_records
from actions.spreadsheet.writer import csv_files, statement_workbook
from workstreams.models import Measurement, Milestone, Owner, Statement, SuccessMeasure

from .factories import OfficerFactory
from .spreadsheet_builders import (
    edited,
    example_workbook,
    import_file,
    messages,
    plan_for,
    table_counts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(manager):
    return import_file(example_workbook(), manager, name="template.xlsx").statement


def history_users(obj):
    return [record.history_user for record in obj.history.all()]


def test_an_edited_export_updates_the_statement_in_place(statement, manager):
    editor = OfficerFactory(username="second-manager")
    editor.groups.add(*manager.groups.all())
    action = Action.objects.get(statement=statement, reference="2.7")
    untouched = Action.objects.get(statement=statement, reference="1.1")
    untouched_history = untouched.history.count()
    data = edited(
        statement_workbook(statement),
        {
            ("actions", "2.7", "title"): "Publish the SEND strategy, written with families",
            ("actions", "2.7", "due_date"): "31/10/2020",
            ("actions", "2.7", "weakness_numbers"): "2;3",
            ("actions", "2.7", "measure_references"): "M1",
            ("weaknesses", 3, "response"): "A new response.",
            ("measurements", "M1", "value"): 190,
            ("measures", "M1", "milestones"): "2018-08-31=185;31/12/2019=140",
            ("owners", "Co-chair", "name"): "A new co-chair",
        },
    )
    plan = plan_for(data, "edited.xlsx")
    assert plan.problems == []
    changed = {(row.sheet, row.key): [c.column for c in row.changes] for row in plan.changed}
    assert changed == {
        ("owners", ("Co-chair", "pcf")): ["name"],
        ("weaknesses", (3,)): ["response"],
        ("measures", ("M1",)): ["milestones"],
        ("actions", ("2.7",)): ["weakness numbers", "title", "due date", "measure references"],
        ("measurements", ("M1", datetime.date(2018, 8, 31))): ["value"],
    }
    before = ProgressUpdate.objects.count()

    result = import_file(data, editor, name="edited.xlsx")

    assert (result.created, result.changed, result.progress_updates) == (0, 5, 0)
    assert ProgressUpdate.objects.count() == before  # wording and dates are not progress
    action.refresh_from_db()
    assert action.title == "Publish the SEND strategy, written with families"
    assert action.due_date == datetime.date(2020, 10, 31)
    assert sorted(w.number for w in action.weaknesses.all()) == [2, 3]
    assert [m.reference for m in action.measures.all()] == ["M1"]
    latest = action.history.first()
    assert latest.history_user == editor
    assert latest.title == action.title
    assert untouched.history.count() == untouched_history
    owner = Owner.objects.get(job_title="Co-chair", organisation="pcf")
    assert owner.name == "A new co-chair"
    assert owner.history.first().history_user == editor
    measure = SuccessMeasure.objects.get(statement=statement, reference="M1")
    assert sorted(Milestone.objects.filter(measure=measure).values_list("due_on", "value")) == [
        (datetime.date(2018, 8, 31), Decimal("185.00")),
        (datetime.date(2019, 12, 31), Decimal("140.00")),
    ]
    figure = Measurement.objects.get(measure=measure, measured_on=datetime.date(2018, 8, 31))
    assert figure.value == 190
    assert figure.history.first().history_user == editor
    # Importing the same file again changes nothing more.
    assert not plan_for(data).has_changes


def test_a_change_of_status_is_recorded_as_a_progress_update_by_the_importer(statement, manager):
    action = Action.objects.get(statement=statement, reference="2.7")
    assert action.status == Action.Status.NOT_STARTED
    version = action.version
    data = edited(
        statement_workbook(statement),
        {
            ("actions", "2.7", "status"): "In progress",
            ("actions", "2.7", "confidence"): "at risk",
            ("actions", "2.7", "revised_due_date"): "31 December 2020",
            ("actions", "2.7", "revision_reason"): "Consultation extended.",
            ("actions", "2.6", "status"): "complete",
            ("actions", "2.6", "confidence"): None,
            ("actions", "2.6", "completed_on"): "2019-09-27",
        },
    )
    result = import_file(data, manager, name="progress.xlsx")
    assert result.progress_updates == 2

    action.refresh_from_db()
    assert (action.status, action.confidence) == ("in_progress", "at_risk")
    assert action.revised_due_date == datetime.date(2020, 12, 31)
    assert action.revision_reason == "Consultation extended."
    assert action.version == version + 1
    update = action.updates.get(action_version=action.version)
    assert update.author == manager
    assert update.narrative == "Imported from progress.xlsx"
    assert (update.status_before, update.status_after) == ("not_started", "in_progress")
    assert (update.confidence_before, update.confidence_after) == ("", "at_risk")
    assert update.due_date_after == datetime.date(2020, 12, 31)
    assert action.history.first().history_user == manager

    finished = Action.objects.get(statement=statement, reference="2.6")
    assert (finished.status, finished.completed_on) == ("complete", datetime.date(2019, 9, 27))
    assert finished.updates.first().status_after == "complete"


def test_new_actions_start_not_started_and_reach_their_status_through_progress_updates(manager):
    result = import_file(example_workbook(), manager, name="template.xlsx")
    complete = Action.objects.get(statement=result.statement, reference="1.1")
    update = complete.updates.get()
    assert (update.status_before, update.status_after) == ("not_started", "complete")
    assert update.author == manager
    first = complete.history.earliest()
    assert (first.status, first.history_user) == ("not_started", manager)
    never_started = Action.objects.get(statement=result.statement, reference="2.7")
    assert not never_started.updates.exists()
    assert result.progress_updates == ProgressUpdate.objects.count()


@pytest.mark.parametrize(
    ("edits", "order"),
    [
        # The later due date must wait for the later revised date, or the due date
        # would pass the revised one (2020-12-18) in between.
        (
            {
                "due_date": "31/12/2020",
                "revised_due_date": "31/03/2021",
                "revision_reason": "Later",
            },
            PROGRESS_FIRST,
        ),
        # The earlier start must come before the completion, which is before the old start.
        (
            {
                "start_date": "01/01/2018",
                "status": "complete",
                "confidence": None,
                "completed_on": "01/06/2018",
            },
            IN_PLACE_FIRST,
        ),
    ],
)
def test_dates_and_progress_are_saved_in_an_order_the_database_accepts(
    statement, manager, edits, order
):
    data = edited(
        statement_workbook(statement),
        {("actions", "1.6", name): value for name, value in edits.items()},
    )
    plan = plan_for(data)
    assert plan.problems == []
    assert plan.action_order == {"1.6": order}
    import_file(data, manager)
    assert not plan_for(data).has_changes
    assert Action.objects.get(reference="1.6").updates.first().author == manager


def test_the_dry_run_writes_nothing(statement, manager, tmp_path):
    path = tmp_path / "edited.xlsx"
    path.write_bytes(
        edited(
            statement_workbook(statement),
            {
                ("actions", "2.7", "title"): "A new title",
                ("actions", "2.7", "status"): "in_progress",
            },
        )
    )
    counts = table_counts()
    out = io.StringIO()
    call_command("import_statement", str(path), "--dry-run", stdout=out)
    assert table_counts() == counts
    assert Action.objects.get(reference="2.7").title != "A new title"
    text = out.getvalue()
    assert "Actions: 0 to create, 1 to change, 31 unchanged" in text
    assert "title:" in text and "Dry run: nothing was changed." in text


def test_the_command_imports_with_a_named_programme_manager(statement, manager, tmp_path):
    path = tmp_path / "copy.xlsx"
    path.write_bytes(statement_workbook(statement))
    out = io.StringIO()
    call_command(
        "import_statement", str(path), "--statement", "copy-2018", "--user", "manager", stdout=out
    )
    copy = Statement.objects.get(slug="copy-2018")
    assert copy.status == Statement.Status.DRAFT
    assert statement_records(copy)["actions"] == statement_records(statement)["actions"]
    assert "Imported “Sutton SEND written statement of action 2018” (copy-2018)" in out.getvalue()


def test_the_command_needs_a_programme_manager_to_record_changes_against(statement, tmp_path):
    path = tmp_path / "file.xlsx"
    path.write_bytes(statement_workbook(statement))
    with pytest.raises(CommandError, match="--user USERNAME"):
        call_command("import_statement", str(path), stdout=io.StringIO())
    OfficerFactory(username="someone")
    with pytest.raises(CommandError, match="not a programme manager"):
        call_command("import_statement", str(path), "--user", "someone", stdout=io.StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_statement", str(tmp_path / "missing.xlsx"), "--dry-run")


def test_the_command_says_when_the_statement_changed_while_it_checked_the_file(
    statement, manager, tmp_path, monkeypatch
):
    from actions.management.commands import import_statement

    path = tmp_path / "edited.xlsx"
    path.write_bytes(edited(statement_workbook(statement), {("actions", "2.7", "title"): "Mine"}))
    plan_import = import_statement.plan_import

    def then_someone_saves(*args, **kwargs):
        plan = plan_import(*args, **kwargs)
        Action.objects.get(statement=statement, reference="1.1").save()
        return plan

    monkeypatch.setattr(import_statement, "plan_import", then_someone_saves)
    with pytest.raises(CommandError, match="changed while the file was being checked"):
        call_command("import_statement", str(path), "--user", "manager", stdout=io.StringIO())
    assert Action.objects.get(statement=statement, reference="2.7").title != "Mine"


def test_export_command_writes_a_workbook_or_csv_files_that_import_back(statement, tmp_path):
    call_command(
        "export_statement", "sutton-2018", str(tmp_path / "out.xlsx"), stdout=io.StringIO()
    )
    call_command("export_statement", "sutton-2018", str(tmp_path / "csv"), stdout=io.StringIO())
    assert not plan_for((tmp_path / "out.xlsx").read_bytes()).has_changes
    out = io.StringIO()
    call_command("import_statement", str(tmp_path / "csv"), "--dry-run", stdout=out)
    assert "Actions: 0 to create, 0 to change, 32 unchanged" in out.getvalue()
    with pytest.raises(CommandError, match="There is no statement “nowhere”"):
        call_command("export_statement", "nowhere", str(tmp_path / "x.xlsx"))


def test_one_csv_sheet_can_update_an_existing_statement(statement, manager):
    records = statement_records(statement)
    records["actions"][0]["title"] = "Retitled from a CSV file"
    files = csv_files({"actions": records["actions"]})
    plan = plan_for({"sutton-actions.csv": files["actions.csv"]}, slug="sutton-2018")
    assert plan.problems == []
    assert [(row.sheet, row.outcome) for row in plan.changed] == [("actions", CHANGE)]
    import_file({"sutton-actions.csv": files["actions.csv"]}, manager, slug="sutton-2018")
    assert Action.objects.get(reference="1.1").title == "Retitled from a CSV file"


def test_rows_missing_from_the_file_are_left_alone_never_deleted(statement, manager):
    records = statement_records(statement)
    records["actions"] = [a for a in records["actions"] if a["reference"] != "2.7"]
    records["actions"].append({**records["actions"][0], "reference": "1.9", "title": "New one"})
    plan = plan_for(csv_files(records))
    assert [(row.key, row.outcome) for row in plan.created] == [(("1.9",), CREATE)]
    assert plan.not_in_file == {"actions": 1}
    import_file(csv_files(records), manager)
    assert Action.objects.filter(statement=statement, reference="2.7").exists()
    assert Action.objects.get(statement=statement, reference="1.9").title == "New one"


def test_a_statement_changed_since_the_preview_is_compared_again(statement, manager):
    data = edited(statement_workbook(statement), {("actions", "2.7", "title"): "Mine"})
    preview = plan_for(data)
    Action.objects.filter(reference="2.6").update(title="Someone else's change")
    again = plan_for(data)
    assert again.fingerprint() != preview.fingerprint()
    assert messages(again) == []


# Owners are told apart by job title and organisation in any case, as the database does.


def test_an_owner_written_in_other_capitals_is_refused_and_the_saved_one_named(statement):
    plan = plan_for(
        edited(statement_workbook(statement), {("owners", "Co-chair", "job_title"): "CO-CHAIR"})
    )
    assert messages(plan) == [
        "Row 13, job title: “CO-CHAIR” (Sutton Parent Carer Forum) differs only in "
        "capital letters from the saved owner “Co-chair” (Sutton Parent Carer Forum): write "
        "it the same way to update that owner, or change that owner's job title on its page "
        "first"
    ]


def test_two_owners_rows_that_differ_only_in_capitals_are_refused(manager):
    row = {"job_title": "co-chair", "organisation": "pcf", "name": "Another co-chair"}
    plan = plan_for(edited(example_workbook(), {("owners", None, "job_title"): row}))
    assert [(p.sheet, p.row) for p in plan.problems] == [("owners", 16)]
    assert (
        "“co-chair” (Sutton Parent Carer Forum) differs only in capital letters from "
        in (messages(plan)[0])
    )
    assert messages(plan)[0].endswith("in row 13: give each owner one row")
    assert not Owner.objects.exists()


def test_an_organisation_new_to_the_app_is_pointed_out_and_a_listed_one_suggested(statement):
    """Families read the name as written: "Sutton Council" is probably the council."""
    rows = {
        ("owners", None, "job_title"): {
            "job_title": "Head of Inclusion",
            "organisation": "Sutton Council",
            "name": "A new owner",
        },
        ("owners", None, "name"): {
            "job_title": "Clinical Lead",
            "organisation": "St Helier Hospital",
            "name": "Another new owner",
        },
    }
    plan = plan_for(edited(statement_workbook(statement), rows))
    assert plan.problems == []
    assert plan.notices == [
        "“Sutton Council” is not a listed organisation, and no saved owner works there: the "
        "public pages will show its name as written. If it is London Borough of Sutton, write "
        "“council” instead.",
        "“St Helier Hospital” is not a listed organisation, and no saved owner works there: "
        "the public pages will show its name as written.",
    ]


def test_organisations_already_saved_or_listed_are_not_pointed_out(statement):
    """The template names the IASS, saved by the first import; listed codes need nothing."""
    assert Owner.objects.filter(organisation=Owner.Organisation.OTHER).exists()
    row = {"job_title": "Clinical Lead", "organisation": "ccg", "name": "A new owner"}
    plan = plan_for(edited(statement_workbook(statement), {("owners", None, "name"): row}))
    assert (plan.problems, plan.notices) == ([], [])


def test_the_suggestion_uses_the_local_areas_own_organisation_names(settings):
    settings.ORGANISATION_NAMES = {"council": "Northdale Council", "cognus": ""}
    from actions.spreadsheet.plan import new_organisation_notice

    assert new_organisation_notice("Northdale Counsil").endswith(
        "If it is Northdale Council, write “council” instead."
    )
    # An organisation the area does not have is never suggested.
    assert "write" not in new_organisation_notice("Cognus Ltd")
