"""Open data: a published statement as JSON and CSV, documented on a page."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from actions.models import Action, ProgressUpdate
from actions.spreadsheet.cells import csv_cell
from public import open_data

from .factories import (
    ActionFactory,
    CommentFactory,
    MeasurementFactory,
    MilestoneFactory,
    OfficerFactory,
    OwnerFactory,
    ParentRepresentativeFactory,
    ProgressUpdateFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
    WorkstreamMembershipFactory,
)

pytestmark = pytest.mark.django_db

TABLE_NAMES = ["weaknesses", "workstreams", "actions", "measures", "measurements"]

# Written out literally: renaming or reordering a column must fail this test,
# because people's scripts and spreadsheets depend on these names.
ACTION_COLUMNS = [
    "statement_slug",
    "reference",
    "workstream_number",
    "weakness_numbers",
    "title",
    "description",
    "summary",
    "intended_outcome",
    "monitoring",
    "owner_job_title",
    "owner_organisation",
    "owner_organisation_label",
    "phase",
    "phase_label",
    "status",
    "status_label",
    "confidence",
    "confidence_label",
    "start_date",
    "due_date",
    "revised_due_date",
    "revision_reason",
    "effective_due_date",
    "completed_on",
    "is_overdue",
    "measure_references",
    "latest_public_summary",
    "latest_public_summary_on",
]


def json_url(statement):
    return f"/open-data/{statement.slug}.json"


def csv_url(statement, table):
    return f"/open-data/{statement.slug}/{table}.csv"


def read_csv(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def csv_records(response):
    header, *rows = read_csv(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def statement():
    return StatementFactory(slug="sutton-2018", title="Sutton written statement of action")


@pytest.fixture
def plan(statement):
    """One of everything, with values that show how open data writes them."""
    weakness = WeaknessFactory(statement=statement, number=1)
    WeaknessFactory(statement=statement, number=3)
    lead = OwnerFactory(job_title="Head of SEND", organisation="council")
    workstream = WorkstreamFactory(statement=statement, number=2, lead=lead)
    workstream.weaknesses.add(weakness)
    measure = SuccessMeasureFactory(
        statement=statement,
        reference="M1",
        weakness=weakness,
        baseline_value=Decimal("40.00"),
        target_value=Decimal("12.50"),
        owner=lead,
    )
    MilestoneFactory(measure=measure, due_on=datetime.date(2019, 7, 31), value=Decimal("30"))
    MeasurementFactory(
        measure=measure, measured_on=datetime.date(2018, 12, 31), value=Decimal("35")
    )
    MeasurementFactory(
        measure=measure, measured_on=datetime.date(2019, 3, 31), value=Decimal("30.5")
    )
    action = ActionFactory(
        statement=statement,
        workstream=workstream,
        reference="2.4",
        owner=OwnerFactory(job_title="Designated medical officer", organisation="ccg"),
        weaknesses=[weakness, statement.weaknesses.get(number=3)],
        status=Action.Status.IN_PROGRESS,
        confidence=Action.Confidence.AT_RISK,
        due_date=datetime.date(2019, 3, 31),
        revised_due_date=datetime.date(2019, 6, 30),
        revision_reason="Recruitment took longer.",
    )
    action.measures.add(measure)
    ProgressUpdateFactory(
        action=action,
        public_summary="Two advisers started work.",
        created_at=datetime.datetime(2019, 5, 2, 10, 0, tzinfo=datetime.UTC),
    )
    return action


# What the files contain ----------------------------------------------------------


def test_the_actions_columns_are_the_documented_stable_list():
    assert open_data.TABLES["actions"].column_names == ACTION_COLUMNS


def test_the_tables_are_the_five_documented_ones_in_order():
    assert list(open_data.TABLES) == TABLE_NAMES


def test_every_column_name_is_unique_snake_case_and_described():
    for table in [*open_data.TABLES.values()]:
        names = table.column_names
        assert len(names) == len(set(names)), table.name
        assert names[0] == "statement_slug", table.name
        for column in table.columns:
            assert column.name.isidentifier() and column.name == column.name.lower()
            assert column.description.strip(), (table.name, column.name)


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_every_csv_header_row_is_the_documented_column_names(client, plan, table):
    header = read_csv(client.get(csv_url(plan.statement, table)))[0]
    assert header == open_data.TABLES[table].column_names


def test_the_actions_csv_header_is_the_stable_list(client, plan):
    assert read_csv(client.get(csv_url(plan.statement, "actions")))[0] == ACTION_COLUMNS


def test_a_table_with_no_rows_is_just_its_header(client, statement):
    rows = read_csv(client.get(csv_url(statement, "measurements")))
    assert rows == [open_data.TABLES["measurements"].column_names]


def test_the_json_has_the_statement_and_every_table_with_the_same_keys(client, plan):
    response = client.get(json_url(plan.statement))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert list(document) == ["statement", *TABLE_NAMES]
    assert list(document["statement"]) == [c.name for c in open_data.STATEMENT_COLUMNS]
    for table in TABLE_NAMES:
        assert document[table], table
        for record in document[table]:
            assert list(record) == open_data.TABLES[table].column_names, table


def test_the_json_statement_has_its_public_fields(client, plan):
    statement = plan.statement
    record = client.get(json_url(statement)).json()["statement"]
    assert record["slug"] == "sutton-2018"
    assert record["title"] == "Sutton written statement of action"
    assert record["inspection_published_on"] == "2018-03-23"
    assert record["evaluation_outcome"] == "Fit for purpose"
    changed = datetime.datetime.fromisoformat(record["last_changed_at"])
    statement.refresh_from_db()  # the plan's later rows moved its stamp in the database
    assert changed == statement.last_changed_at.replace(microsecond=0)


def test_the_json_is_indented_for_people_to_read(client, plan):
    assert b'\n  "statement": {' in client.get(json_url(plan.statement)).content


@time_machine.travel(datetime.datetime(2019, 8, 1, 12, tzinfo=datetime.UTC))
def test_an_action_row_has_iso_dates_stable_codes_labels_and_joined_keys(client, plan):
    (row,) = csv_records(client.get(csv_url(plan.statement, "actions")))
    assert row["statement_slug"] == "sutton-2018"
    assert row["reference"] == "2.4"
    assert row["workstream_number"] == "2"
    assert row["weakness_numbers"] == "1;3"
    assert row["measure_references"] == "M1"
    assert row["owner_job_title"] == "Designated medical officer"
    assert row["owner_organisation"] == "ccg"
    assert row["owner_organisation_label"] == "Sutton Clinical Commissioning Group"
    assert (row["status"], row["status_label"]) == ("in_progress", "In progress")
    assert (row["confidence"], row["confidence_label"]) == ("at_risk", "At risk")
    assert (row["phase"], row["phase_label"]) == ("planned", "Planned")
    assert row["start_date"] == "2018-09-01"
    assert row["due_date"] == "2019-03-31"
    assert row["revised_due_date"] == "2019-06-30"
    assert row["effective_due_date"] == "2019-06-30"
    assert row["revision_reason"] == "Recruitment took longer."
    assert row["completed_on"] == ""
    assert row["is_overdue"] == "yes"
    assert row["latest_public_summary"] == "Two advisers started work."
    assert row["latest_public_summary_on"] == "2019-05-02"


@time_machine.travel(datetime.datetime(2019, 6, 1, 12, tzinfo=datetime.UTC))
def test_an_action_not_yet_due_is_not_overdue(client, plan):
    (row,) = client.get(json_url(plan.statement)).json()["actions"]
    assert row["is_overdue"] == "no"
    assert row["workstream_number"] == 2  # numbers stay numbers in JSON
    assert row["completed_on"] is None


def test_measures_and_measurements_have_plain_decimals(client, plan):
    (measure,) = csv_records(client.get(csv_url(plan.statement, "measures")))
    assert measure["baseline_value"] == "40"
    assert measure["target_value"] == "12.5"
    assert measure["weakness_number"] == "1"
    assert measure["milestones"] == "2019-07-31=30"
    assert (measure["unit"], measure["unit_label"]) == ("count", "number")
    assert (measure["direction"], measure["direction_label"]) == ("lower", "Lower is better")
    assert measure["latest_value"] == "30.5"
    assert measure["latest_measured_on"] == "2019-03-31"
    assert (measure["trend"], measure["trend_label"]) == ("improving", "Getting better")
    # 31 March 2019 is 365 of the 487 days from the start (40) to the milestone (30).
    assert measure["expected_at_latest"] == "32.51"
    assert (measure["trajectory_status"], measure["trajectory_status_label"]) == (
        "on_trajectory",
        "On trajectory",
    )
    assert measure["owner_job_title"] == "Head of SEND"
    measurements = csv_records(client.get(csv_url(plan.statement, "measurements")))
    assert [(m["measure_reference"], m["measured_on"], m["value"]) for m in measurements] == [
        ("M1", "2018-12-31", "35"),
        ("M1", "2019-03-31", "30.5"),
    ]


def test_a_workstream_says_only_whether_it_has_parent_representatives(client, plan):
    (row,) = csv_records(client.get(csv_url(plan.statement, "workstreams")))
    assert row["has_parent_representatives"] == "no"
    assert row["lead_job_title"] == "Head of SEND"
    assert row["weakness_numbers"] == "1"
    WorkstreamMembershipFactory(workstream=plan.workstream)
    (row,) = csv_records(client.get(csv_url(plan.statement, "workstreams")))
    assert row["has_parent_representatives"] == "yes"


def test_the_csv_is_an_attachment_named_after_the_statement_and_table(client, plan):
    response = client.get(csv_url(plan.statement, "actions"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sutton-2018-actions.csv"'


# Spreadsheet formula injection ---------------------------------------------------


def test_a_formula_in_a_csv_cell_is_neutralised(client, statement):
    ActionFactory(statement=statement, title='=HYPERLINK("http://evil")')
    (row,) = csv_records(client.get(csv_url(statement, "actions")))
    assert row["title"] == '\'=HYPERLINK("http://evil")'


def test_the_json_keeps_text_as_it_was_written(client, statement):
    ActionFactory(statement=statement, title='=HYPERLINK("http://evil")')
    (row,) = client.get(json_url(statement)).json()["actions"]
    assert row["title"] == '=HYPERLINK("http://evil")'


def test_a_negative_number_in_a_csv_cell_is_left_alone(client, statement):
    # The model's clean() refuses negative values; the file must still be right if one exists.
    measure = SuccessMeasureFactory(statement=statement)
    MeasurementFactory(measure=measure, value=Decimal("-3.50"))
    (row,) = csv_records(client.get(csv_url(statement, "measurements")))
    assert row["value"] == "-3.5"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3.5", "-3.5"),
        ("-40", "-40"),
        (-3, "-3"),
        ("12.5", "12.5"),
        ("Plain words - with a dash", "Plain words - with a dash"),
        ("", ""),
        (None, ""),
    ],
)
def test_csv_cells_neutralise_formulas_but_not_numbers(value, cell):
    assert csv_cell(value) == cell


# Only published statements, and proper 404s -----------------------------------


@pytest.mark.parametrize("trait", ["draft", "archived"])
def test_draft_and_archived_statements_are_not_found(client, trait):
    hidden = StatementFactory(**{trait: True})
    ActionFactory(statement=hidden)
    assert client.get(json_url(hidden)).status_code == 404
    for table in TABLE_NAMES:
        assert client.get(csv_url(hidden, table)).status_code == 404, table


def test_draft_and_archived_statements_are_not_listed_on_the_documentation_page(client):
    StatementFactory(title="Secret draft plan", draft=True)
    StatementFactory(title="Old archived plan", archived=True)
    page = client.get("/open-data/").content.decode()
    assert "Secret draft plan" not in page
    assert "Old archived plan" not in page
    assert "No statement of action has been published yet" in page


def test_an_unknown_slug_is_not_found(client):
    assert client.get("/open-data/no-such-statement.json").status_code == 404
    assert client.get("/open-data/no-such-statement/actions.csv").status_code == 404


def test_an_unknown_table_is_not_found(client, statement):
    assert client.get(csv_url(statement, "comments")).status_code == 404
    assert client.get(csv_url(statement, "users")).status_code == 404


def test_open_data_is_get_only(client, statement):
    for url in ("/open-data/", json_url(statement), csv_url(statement, "actions")):
        assert client.post(url).status_code == 405, url


# Private data never leaves ---------------------------------------------------------

SECRETS = [
    "secret-owner@example.org",
    "Secret Name",
    "INTERNAL NARRATIVE",
    "https://internal.example.org/evidence",
    "evidence-file-name",
    "PRIVATE COMMENT",
    "Repfirstname",
    "repusername",
    "DRAFT STATEMENT TITLE",
    "ARCHIVED STATEMENT TITLE",
]


@pytest.fixture
def private_world(statement):
    owner = OwnerFactory(name="Secret Name", email="secret-owner@example.org")
    workstream = WorkstreamFactory(statement=statement, lead=owner)
    action = ActionFactory(statement=statement, workstream=workstream, owner=owner)
    measure = SuccessMeasureFactory(statement=statement, owner=owner)
    action.measures.add(measure)
    MeasurementFactory(measure=measure, recorded_by=OfficerFactory(username="repusername"))
    ProgressUpdateFactory(
        action=action,
        narrative="INTERNAL NARRATIVE",
        public_summary="Advisers started work.",
        evidence_link="https://internal.example.org/evidence",
        evidence_file="evidence/1/1/evidence-file-name.pdf",
    )
    CommentFactory(action=action, body="PRIVATE COMMENT")
    WorkstreamMembershipFactory(
        workstream=workstream,
        user=ParentRepresentativeFactory(username="repusername2", first_name="Repfirstname"),
    )
    StatementFactory(title="DRAFT STATEMENT TITLE", draft=True)
    StatementFactory(title="ARCHIVED STATEMENT TITLE", archived=True)
    return action


def test_private_data_never_appears_in_open_data_or_its_page(client, private_world):
    statement = private_world.statement
    bodies = {
        "page": client.get("/open-data/").content.decode(),
        "json": client.get(json_url(statement)).content.decode(),
    }
    for table in TABLE_NAMES:
        bodies[table] = client.get(csv_url(statement, table)).content.decode()
    for name, body in bodies.items():
        for secret in SECRETS:
            assert secret not in body, (name, secret)
    # The public parts are there, so the test is not passing on empty files.
    assert "Advisers started work." in bodies["actions"]
    assert private_world.owner.job_title in bodies["actions"]
    assert "yes" in bodies["workstreams"]  # has_parent_representatives


# The documentation page ------------------------------------------------------------


def test_the_documentation_page_documents_every_column_from_the_definitions(client, plan):
    page = client.get("/open-data/").content.decode()
    for columns in [open_data.STATEMENT_COLUMNS, *(t.columns for t in open_data.TABLES.values())]:
        for column in columns:
            assert column.name.replace("_", "_<wbr>") in page, column.name
            assert escape(column.description) in page, column.name


def test_the_documentation_page_links_every_file_of_each_published_statement(client, plan):
    other = StatementFactory(slug="sutton-2021", title="Accelerated progress plan")
    page = client.get("/open-data/").content.decode()
    for statement in (plan.statement, other):
        assert f'href="{json_url(statement)}"' in page
        for table in TABLE_NAMES:
            assert f'href="{csv_url(statement, table)}"' in page


def test_the_documentation_page_states_the_licence(client):
    page = client.get("/open-data/").content.decode()
    assert "Open Government Licence v3.0" in page
    assert open_data.LICENCE_URL in page


def test_every_documented_table_has_a_caption_and_column_headers(client, plan):
    page = client.get("/open-data/").content.decode()
    assert page.count('<table class="govuk-table') == len(TABLE_NAMES) + 1
    assert page.count('<caption class="govuk-table__caption') == len(TABLE_NAMES) + 1
    assert page.count('<th scope="col"') == 2 * (len(TABLE_NAMES) + 1)


# A fixed number of queries, however big the plan ------------------------------


def grow(statement, workstream, owner, weakness, measure, count):
    """Add `count` actions that share one workstream and owner, each with a public update."""
    actions = ActionFactory.create_batch(
        count, statement=statement, workstream=workstream, owner=owner, weaknesses=[weakness]
    )
    Action.measures.through.objects.bulk_create(
        Action.measures.through(action=action, successmeasure=measure) for action in actions
    )
    # Append-only rows, created once: bulk_create is an insert, never an edit.
    author = OfficerFactory()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=action,
            action_version=2,
            author=author,
            status_before=Action.Status.NOT_STARTED,
            status_after=Action.Status.IN_PROGRESS,
            narrative="INTERNAL NARRATIVE",
            public_summary=f"Update on {action.reference}",
        )
        for action in actions
    )


def open_data_urls(statement):
    return [
        "/open-data/",
        json_url(statement),
        *(csv_url(statement, table) for table in TABLE_NAMES),
    ]


def query_counts(client, statement):
    counts = {}
    for url in open_data_urls(statement):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_open_data_uses_the_same_queries_for_10_and_500_actions(client, statement):
    weakness = WeaknessFactory(statement=statement)
    workstream = WorkstreamFactory(statement=statement)
    WorkstreamMembershipFactory(workstream=workstream)
    owner = OwnerFactory()
    measure = SuccessMeasureFactory(statement=statement, weakness=weakness)
    MilestoneFactory(measure=measure)
    MeasurementFactory.create_batch(3, measure=measure)
    parts = (statement, workstream, owner, weakness, measure)

    grow(*parts, count=10)
    small = query_counts(client, statement)
    grow(*parts, count=490)
    assert statement.actions.count() == 500
    large = query_counts(client, statement)

    assert large == small
    # One to find the statement, then a fixed few per table.
    assert small == {
        "/open-data/": 1,
        json_url(statement): 11,
        csv_url(statement, "weaknesses"): 2,
        csv_url(statement, "workstreams"): 3,
        csv_url(statement, "actions"): 4,
        csv_url(statement, "measures"): 4,
        csv_url(statement, "measurements"): 2,
    }
