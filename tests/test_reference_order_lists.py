"""Lists people read give actions and measures in the order people count them.

References are text, so the database sorts them as text: 4.1, 4.10, 4.11, 4.2
and M1, M10, M2. Every list families, representatives, the board and the
exports read sorts them as numbers instead (workstreams/references.py), within
its grouping, and without costing another query.
"""

import csv
import datetime
import io
import re
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actions.spreadsheet.records import statement_records
from reports.board import build_board_report
from reports.board_export import board_csv
from reports.models import ProgressReport
from reports.services import publish_progress_report
from reports.snapshot import SCHEMA_VERSION, build_snapshot
from reports.weakness_progress import weakness_progress
from sutton_send import versioned_cache as cache

from .factories import (
    ActionFactory,
    MeasurementFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = datetime.date(2019, 6, 1)  # every action (due 31 March 2019) is overdue

# Created in a muddled order, so nothing depends on the order rows were inserted in.
ACTIONS = {2: ["2.10", "2.9"], 4: ["4.11", "4.2", "4.10", "4.1"]}
MEASURES = ["M10", "M2", "M1"]

ACTIONS_IN_ORDER = ["2.9", "2.10", "4.1", "4.2", "4.10", "4.11"]
WORKSTREAM_4_IN_ORDER = ["4.1", "4.2", "4.10", "4.11"]
MEASURES_IN_ORDER = ["M1", "M2", "M10"]
# What the database's text order gave: the defect.
WORKSTREAM_4_AS_TEXT = ["4.1", "4.10", "4.11", "4.2"]
MEASURES_AS_TEXT = ["M1", "M10", "M2"]


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(datetime.datetime(2019, 6, 1, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_page_cache():
    cache.clear()
    yield
    cache.clear()


def add_actions(statement, workstreams, weakness, references):
    actions = {}
    for number, refs in references.items():
        for reference in refs:
            actions[reference] = ActionFactory(
                statement=statement,
                workstream=workstreams[number],
                owner=workstreams[number].lead,
                weaknesses=[weakness],
                reference=reference,
                title=f"Action title {reference}",
            )
    return actions


@pytest.fixture
def plan():
    """A published statement: workstreams 2 and 4, with actions 2.9, 2.10 and 4.1, 4.2,
    4.10, 4.11 for weakness 1, and measures M1, M2, M10 with two figures each."""
    statement = StatementFactory(slug="sutton-2018")
    weakness = WeaknessFactory(statement=statement, number=1)
    workstreams = {n: WorkstreamFactory(statement=statement, number=n) for n in (2, 4)}
    actions = add_actions(statement, workstreams, weakness, ACTIONS)
    measures = {}
    for reference in MEASURES:
        measure = SuccessMeasureFactory(
            statement=statement,
            weakness=weakness,
            reference=reference,
            title=f"Measure title {reference}",
        )
        for measured_on in (datetime.date(2018, 12, 31), datetime.date(2018, 9, 30)):
            MeasurementFactory(measure=measure, measured_on=measured_on, value=Decimal("100"))
        actions["4.1"].measures.add(measure)
        measures[reference] = measure
    measures["M1"].actions.add(actions["4.11"], actions["4.2"], actions["4.10"], actions["2.9"])
    return {
        "statement": statement,
        "weakness": weakness,
        "workstreams": workstreams,
        "actions": actions,
        "measures": measures,
    }


def in_page(pattern, html):
    """Each marker in the page, in the order it first appears."""
    seen = []
    for marker in re.findall(pattern, html):
        if marker not in seen:
            seen.append(marker)
    return seen


def actions_in(html):
    return in_page(r"Action title (\d+\.\d+)", html)


def measures_in(html):
    return in_page(r"Measure title (M\d+)", html)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def reference_column(content, name, column):
    """One column of a CSV table, from the page or download `content` (bytes)."""
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    return [row[column] for row in rows if name is None or row.get("Section") == name]


# Public pages --------------------------------------------------------------------------


def test_the_workstream_page_lists_its_actions_as_people_count_them(client, plan):
    html = get(client, "/sutton-2018/workstreams/4/")
    assert actions_in(html) == WORKSTREAM_4_IN_ORDER


def test_the_statement_page_keeps_workstreams_apart_and_counts_within_each(client, plan):
    html = get(client, "/sutton-2018/")
    assert actions_in(html) == ACTIONS_IN_ORDER


def test_the_statement_page_sorts_within_each_weakness(client, plan):
    second = WeaknessFactory(statement=plan["statement"], number=2)
    for reference in ("4.10", "4.2"):
        plan["actions"][reference].weaknesses.add(second)
    html = get(client, "/sutton-2018/")
    first_section, second_section = html.split('id="weakness-2"')
    assert actions_in(first_section) == ACTIONS_IN_ORDER
    assert actions_in(second_section) == ["4.2", "4.10"]


def test_the_weakness_page_lists_actions_and_measures_as_people_count_them(client, plan):
    html = get(client, "/sutton-2018/weaknesses/1/")
    actions_part, measures_part = html.split('id="measures"')
    assert actions_in(actions_part) == ACTIONS_IN_ORDER
    assert measures_in(measures_part) == MEASURES_IN_ORDER


def test_the_measures_page_lists_m2_before_m10(client, plan):
    html = get(client, "/sutton-2018/measures/")
    assert measures_in(html) == MEASURES_IN_ORDER
    assert in_page(r'id="measure-(m\d+)"', html) == ["m1", "m2", "m10"]


def test_an_action_page_lists_its_measures_as_people_count_them(client, plan):
    html = get(client, "/sutton-2018/actions/4.1/")
    assert measures_in(html) == MEASURES_IN_ORDER


# Open data -------------------------------------------------------------------------------


def test_the_open_data_json_lists_actions_measures_and_figures_in_counted_order(client, plan):
    document = client.get("/open-data/sutton-2018.json").json()
    assert [row["reference"] for row in document["actions"]] == ACTIONS_IN_ORDER
    assert [row["reference"] for row in document["measures"]] == MEASURES_IN_ORDER
    figures = [(row["measure_reference"], row["measured_on"]) for row in document["measurements"]]
    assert figures == [
        (reference, day) for reference in MEASURES_IN_ORDER for day in ("2018-09-30", "2018-12-31")
    ]
    by_reference = {row["reference"]: row for row in document["actions"]}
    assert by_reference["4.1"]["measure_references"] == "M1;M2;M10"


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        ("actions", "reference", ACTIONS_IN_ORDER),
        ("measures", "reference", MEASURES_IN_ORDER),
        (
            "measurements",
            "measure_reference",
            [reference for reference in MEASURES_IN_ORDER for _ in range(2)],
        ),
    ],
)
def test_the_open_data_csv_files_list_rows_in_counted_order(client, plan, table, column, expected):
    response = client.get(f"/open-data/sutton-2018/{table}.csv")
    assert response.status_code == 200
    assert reference_column(response.content, None, column) == expected


# The board report ------------------------------------------------------------------------


def test_the_board_report_lists_late_actions_by_due_date_then_counted_reference(plan):
    # 4.10 fell due first: the due date still comes first; references only break ties.
    plan["actions"]["4.10"].due_date = datetime.date(2019, 2, 28)
    plan["actions"]["4.10"].save(update_fields=["due_date"])
    report = build_board_report(plan["statement"], datetime.date(2019, 3, 1), TODAY, today=TODAY)
    overdue = {
        section.number: [row.action.reference for row in section.overdue]
        for section in report.workstreams
    }
    assert overdue == {2: ["2.9", "2.10"], 4: ["4.10", "4.1", "4.2", "4.11"]}
    section_4 = next(section for section in report.workstreams if section.number == 4)
    assert [row.measure.reference for row in section_4.measures] == MEASURES_IN_ORDER

    content = board_csv(report)
    assert reference_column(content, "Overdue actions", "Action reference") == [
        "2.9",
        "2.10",
        "4.10",
        "4.1",
        "4.2",
        "4.11",
    ]
    # M1 is also moved by 2.9, so workstream 2 lists it before workstream 4 lists all three.
    assert reference_column(content, "Measures", "Measure reference") == ["M1", *MEASURES_IN_ORDER]


def test_the_board_report_page_lists_late_actions_in_counted_order(client, manager, plan):
    client.force_login(manager)
    url = reverse("workspace:board_report", kwargs={"pk": plan["statement"].pk})
    html = get(client, url + "?start=2019-03-01&end=2019-06-01")
    assert [
        reference for reference in actions_in(html) if reference.startswith("4.")
    ] == WORKSTREAM_4_IN_ORDER


# The spreadsheet export ------------------------------------------------------------------


def test_the_export_keeps_workstreams_apart_and_counts_within_each(plan):
    records = statement_records(plan["statement"])
    assert [row["reference"] for row in records["actions"]] == ACTIONS_IN_ORDER
    assert [row["reference"] for row in records["measures"]] == MEASURES_IN_ORDER
    assert [row["measure_reference"] for row in records["measurements"]] == [
        reference for reference in MEASURES_IN_ORDER for _ in range(2)
    ]
    days = [row["measured_on"] for row in records["measurements"]]
    assert days == [datetime.date(2018, 9, 30), datetime.date(2018, 12, 31)] * 3


def test_the_exported_workbook_lists_rows_in_counted_order(client, manager, plan):
    client.force_login(manager)
    response = client.get(
        reverse("workspace:statement_export", kwargs={"pk": plan["statement"].pk})
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)

    def first_column(sheet):
        return [row[0] for row in book[sheet].iter_rows(min_row=2, values_only=True)]

    assert first_column("actions") == ACTIONS_IN_ORDER
    assert first_column("measures") == MEASURES_IN_ORDER
    assert first_column("measurements") == [r for r in MEASURES_IN_ORDER for _ in range(2)]


# Published progress reports --------------------------------------------------------------


def test_a_newly_published_progress_report_lists_actions_and_measures_in_counted_order(
    client, manager, plan
):
    report = publish_progress_report(plan["statement"], TODAY, "What changed.", manager)
    assert [a["reference"] for a in report.snapshot["actions"]] == ACTIONS_IN_ORDER
    assert [m["reference"] for m in report.snapshot["measures"]] == MEASURES_IN_ORDER
    html = get(
        client,
        reverse(
            "public:progress_report", kwargs={"slug": "sutton-2018", "as_at": TODAY.isoformat()}
        ),
    )
    actions_part, measures_part = html.split('id="measures"')
    assert in_page(r"(\d+\.\d+) Action title", actions_part) == ACTIONS_IN_ORDER
    assert in_page(r"(M\d+): Measure title", measures_part) == MEASURES_IN_ORDER


def test_a_report_stored_before_keeps_the_order_it_was_published_in(client, manager, plan):
    """A stored snapshot is shown as it was stored: only new reports are sorted."""
    snapshot = build_snapshot(plan["statement"], TODAY)
    snapshot["actions"].sort(key=lambda action: (action["workstream"], action["reference"]))
    snapshot["measures"].sort(key=lambda measure: measure["reference"])
    ProgressReport.objects.create(
        statement=plan["statement"],
        as_at=TODAY,
        title="June 2019",
        introduction="",
        published_by=manager,
        snapshot=snapshot,
        schema_version=SCHEMA_VERSION,
    )
    html = get(
        client,
        reverse(
            "public:progress_report", kwargs={"slug": "sutton-2018", "as_at": TODAY.isoformat()}
        ),
    )
    actions_part, measures_part = html.split('id="measures"')
    assert in_page(r"(\d+\.\d+) Action title", actions_part) == [
        "2.10",
        "2.9",
        *WORKSTREAM_4_AS_TEXT,
    ]
    assert in_page(r"(M\d+): Measure title", measures_part) == MEASURES_AS_TEXT


# The review pages and the internal weakness page -----------------------------------------


def test_the_review_statement_page_lists_actions_and_measures_in_counted_order(
    client, manager, plan
):
    client.force_login(manager)
    html = get(client, reverse("review:statement", kwargs={"pk": plan["statement"].pk}))
    assert in_page(r"(\d+\.\d+) Action title", html) == ACTIONS_IN_ORDER
    assert in_page(r"(M\d+) Measure title", html) == MEASURES_IN_ORDER


def test_the_review_action_and_measure_pages_list_links_in_counted_order(client, manager, plan):
    client.force_login(manager)
    action = get(client, reverse("review:action", kwargs={"pk": plan["actions"]["4.1"].pk}))
    assert in_page(r"(M\d+): Measure title", action) == MEASURES_IN_ORDER
    measure = get(client, reverse("review:measure", kwargs={"pk": plan["measures"]["M1"].pk}))
    assert in_page(r"(\d+\.\d+): Action title", measure) == ["2.9", *WORKSTREAM_4_IN_ORDER]


def test_the_internal_weakness_progress_sorts_actions_and_measures(plan):
    progress = weakness_progress(plan["weakness"], internal=True, today=TODAY)
    assert [action.reference for action in progress.actions] == ACTIONS_IN_ORDER
    assert {
        group.workstream.number: [action.reference for action in group.actions]
        for group in progress.groups
    } == {2: ["2.9", "2.10"], 4: WORKSTREAM_4_IN_ORDER}
    assert [row.measure.reference for row in progress.measures] == MEASURES_IN_ORDER


# Sorting costs no query ------------------------------------------------------------------


def queries(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def page_costs(client, manager, plan):
    statement = plan["statement"]
    pages = {
        "statement": "/sutton-2018/",
        "workstream": "/sutton-2018/workstreams/4/",
        "weakness": "/sutton-2018/weaknesses/1/",
        "action": "/sutton-2018/actions/4.1/",
        "measures": "/sutton-2018/measures/",
        "json": "/open-data/sutton-2018.json",
        "actions.csv": "/open-data/sutton-2018/actions.csv",
        "measures.csv": "/open-data/sutton-2018/measures.csv",
        "measurements.csv": "/open-data/sutton-2018/measurements.csv",
    }
    costs = {}
    for name, url in pages.items():
        cache.clear()
        costs[name] = queries(lambda url=url: get(client, url))
    costs["board"] = queries(
        lambda: build_board_report(statement, datetime.date(2019, 3, 1), TODAY, today=TODAY)
    )
    costs["export"] = queries(lambda: statement_records(statement))
    costs["snapshot"] = queries(lambda: build_snapshot(statement, TODAY))
    costs["weakness_progress"] = queries(
        lambda: weakness_progress(plan["weakness"], internal=True, today=TODAY)
    )
    client.force_login(manager)
    for name, url in {
        "review_statement": reverse("review:statement", kwargs={"pk": statement.pk}),
        "review_action": reverse("review:action", kwargs={"pk": plan["actions"]["4.1"].pk}),
        "review_measure": reverse("review:measure", kwargs={"pk": plan["measures"]["M1"].pk}),
    }.items():
        costs[name] = queries(lambda url=url: get(client, url))
    client.logout()
    return costs


def test_sorting_costs_the_same_queries_however_many_actions_and_measures(client, manager, plan):
    small = page_costs(client, manager, plan)
    statement, weakness = plan["statement"], plan["weakness"]
    more = add_actions(
        statement,
        plan["workstreams"],
        weakness,
        {2: [f"2.{n}" for n in range(11, 31)], 4: [f"4.{n}" for n in range(12, 31)]},
    )
    for n in range(11, 31):
        measure = SuccessMeasureFactory(
            statement=statement, weakness=weakness, reference=f"M{n}", title=f"Measure title M{n}"
        )
        MeasurementFactory(measure=measure, measured_on=datetime.date(2018, 12, 31))
        plan["actions"]["4.1"].measures.add(measure)
        measure.actions.add(more.get(f"4.{n}", more["2.11"]))
    large = page_costs(client, manager, plan)
    assert large == small
