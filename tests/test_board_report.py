"""The improvement board report: ratings, what is late and whose it is, the period's
updates, measures and waiting comments, as a page, an XLSX and a CSV file."""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Action, Comment
from reports.board import build_board_report, default_period, months_before
from reports.board_export import SECTIONS, board_csv, board_workbook
from workstreams.models import Owner

from .factories import (
    ActionFactory,
    CommentFactory,
    MeasurementFactory,
    OfficerFactory,
    OwnerFactory,
    ProgressUpdateFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = datetime.date(2026, 11, 25)
START = datetime.date(2026, 8, 25)
NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=LONDON)
NOT_STARTED, IN_PROGRESS, COMPLETE = (
    Action.Status.NOT_STARTED,
    Action.Status.IN_PROGRESS,
    Action.Status.COMPLETE,
)
ON_TRACK, AT_RISK, OFF_TRACK = (
    Action.Confidence.ON_TRACK,
    Action.Confidence.AT_RISK,
    Action.Confidence.OFF_TRACK,
)


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


def at(on, hour=12, minute=0):
    return datetime.datetime.combine(on, datetime.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def workstream():
    return WorkstreamFactory(
        lead=OwnerFactory(name="Lena Lead", job_title="Head of SEND", organisation="council")
    )


def make_action(workstream, status=NOT_STARTED, confidence="", due=30, revised=None, **extra):
    return ActionFactory(
        statement=workstream.statement,
        workstream=workstream,
        status=status,
        confidence=confidence,
        start_date=day(-400),
        due_date=day(due),
        revised_due_date=day(revised) if revised is not None else None,
        revision_reason="Recruitment took longer." if revised is not None else "",
        completed_on=day(-5) if status == COMPLETE else None,
        **extra,
    )


def report_for(workstream, start=START, end=TODAY):
    return build_board_report(workstream.statement, start, end, today=TODAY)


def board_url(statement, name="workspace:board_report", **query):
    url = reverse(name, kwargs={"pk": statement.pk})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


# The rating rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "rating"),
    [
        ({"status": NOT_STARTED, "due": 30}, "not_started"),
        ({"status": NOT_STARTED, "due": -1}, "red"),
        ({"status": NOT_STARTED, "due": -10, "revised": 20}, "amber"),
        ({"status": IN_PROGRESS, "confidence": ON_TRACK, "due": 30}, "green"),
        ({"status": IN_PROGRESS, "confidence": ON_TRACK, "due": 0}, "green"),  # due today
        ({"status": IN_PROGRESS, "confidence": ON_TRACK, "due": -1}, "red"),
        ({"status": IN_PROGRESS, "confidence": ON_TRACK, "due": -30, "revised": -1}, "red"),
        ({"status": IN_PROGRESS, "confidence": ON_TRACK, "due": -30, "revised": 10}, "amber"),
        ({"status": IN_PROGRESS, "confidence": AT_RISK, "due": 30}, "amber"),
        ({"status": IN_PROGRESS, "confidence": OFF_TRACK, "due": 30}, "red"),
        ({"status": IN_PROGRESS, "confidence": "", "due": 30}, "amber"),
        ({"status": COMPLETE, "due": -30}, "green"),
        ({"status": COMPLETE, "due": -30, "revised": -10}, "green"),
    ],
)
def test_each_action_gets_the_rating_the_written_rule_gives(workstream, case, rating):
    make_action(workstream, **case)
    rag = report_for(workstream).workstreams[0].rag
    counts = {
        "red": rag.red,
        "amber": rag.amber,
        "green": rag.green,
        "not_started": rag.not_started,
    }
    assert counts == {name: int(name == rating) for name in counts}
    assert rag.complete == int(case["status"] == COMPLETE)
    assert rag.total == 1


def test_ratings_are_counted_per_workstream_and_in_total(workstream):
    other = WorkstreamFactory(statement=workstream.statement)
    make_action(workstream, IN_PROGRESS, OFF_TRACK)
    make_action(workstream, IN_PROGRESS, ON_TRACK)
    make_action(other, COMPLETE, due=-3)
    make_action(other, NOT_STARTED)
    report = report_for(workstream)
    first, second = report.workstreams
    assert (first.rag.red, first.rag.green, first.rag.total) == (1, 1, 2)
    assert (second.rag.green, second.rag.complete, second.rag.not_started) == (1, 1, 1)
    totals = report.totals.rag
    assert (totals.red, totals.amber, totals.green, totals.not_started) == (1, 0, 2, 1)


def test_the_summary_says_which_actions_are_not_rated(client, manager, workstream):
    """An overdue action that never started is red, not "not started": the summary
    must not read as a count of every action not started, as the public pages give."""
    make_action(workstream, NOT_STARTED, due=-1)
    make_action(workstream, NOT_STARTED, due=30)
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        page = client.get(board_url(workstream.statement)).content.decode()
    assert "1 red, 0 amber, 0 green (0 complete) and 1 not yet rated (not started, and " in page


def test_the_rule_is_written_on_the_page(client, manager, workstream):
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        page = client.get(board_url(workstream.statement)).content.decode()
    assert "How actions are rated" in page
    assert "its due date has been put back" in page
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in page


# Overdue actions and their owners ---------------------------------------------------


def test_overdue_actions_name_their_owner_with_dates_and_days_late(client, manager, workstream):
    owner = OwnerFactory(
        name="Olu Owner",
        job_title="Designated Clinical Officer",
        organisation=Owner.Organisation.CCG,
    )
    late = make_action(workstream, IN_PROGRESS, ON_TRACK, due=-40, revised=-12, owner=owner)
    make_action(workstream, IN_PROGRESS, ON_TRACK, due=5)
    make_action(workstream, COMPLETE, due=-100)
    report = report_for(workstream)
    (row,) = report.workstreams[0].overdue
    assert row.action == late and row.days_overdue == 12

    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        page = client.get(board_url(workstream.statement)).content.decode()
    assert "<strong>Olu Owner</strong>, Designated Clinical Officer, Sutton Clinical" in page
    assert day(-40).strftime("%-d %b %Y") in page and day(-12).strftime("%-d %b %Y") in page
    assert "Lena Lead" in page and "Head of SEND" in page


# Key updates in the period ----------------------------------------------------------


def test_only_the_periods_updates_that_changed_something_are_key(workstream):
    action = make_action(workstream, IN_PROGRESS, ON_TRACK)

    def update(when, **fields):
        return ProgressUpdateFactory(action=action, created_at=when, **fields)

    first_minute = update(at(START, 0, 1))
    last_minute = update(at(TODAY, 23, 59))
    update(at(START - datetime.timedelta(days=1), 23, 59))  # the day before
    update(at(TODAY + datetime.timedelta(days=1), 0, 1))  # the day after
    update(
        at(day(-20)),
        status_before=IN_PROGRESS,
        status_after=IN_PROGRESS,
        public_summary="",
        narrative="Only an internal note.",
    )
    confidence = update(
        at(day(-10)),
        status_before=IN_PROGRESS,
        status_after=IN_PROGRESS,
        confidence_before=ON_TRACK,
        confidence_after=AT_RISK,
        public_summary="",
    )
    rows = report_for(workstream).workstreams[0].updates
    assert [row.update for row in rows] == [first_minute, confidence, last_minute]
    assert rows[1].confidence_before == "On track" and rows[1].confidence_after == "At risk"


def test_updates_show_who_made_them_and_what_changed(client, manager, workstream):
    action = make_action(workstream, IN_PROGRESS, ON_TRACK)
    author = OfficerFactory(first_name="Priya", last_name="Shah")
    ProgressUpdateFactory(
        action=action,
        author=author,
        created_at=at(day(-3)),
        public_summary="The new advisers started in October.",
    )
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        page = client.get(board_url(workstream.statement)).content.decode()
    assert "Priya Shah" in page
    assert "Status from Not started to In progress." in page
    assert "The new advisers started in October." in page


# Measures ---------------------------------------------------------------------------


def test_measures_of_the_workstreams_weaknesses_and_actions_show_the_periods_figures(workstream):
    weakness = WeaknessFactory(statement=workstream.statement)
    workstream.weaknesses.add(weakness)
    by_weakness = SuccessMeasureFactory(statement=workstream.statement, weakness=weakness)
    by_action = SuccessMeasureFactory(statement=workstream.statement)
    elsewhere = SuccessMeasureFactory(statement=workstream.statement)
    make_action(workstream).measures.add(by_action)
    before_start = START - datetime.timedelta(days=1)
    MeasurementFactory(
        measure=by_weakness, measured_on=START - datetime.timedelta(days=30), recorded_at=at(START)
    )
    MeasurementFactory(
        measure=by_weakness, measured_on=day(-10), value=Decimal("90"), recorded_at=at(day(-5))
    )
    MeasurementFactory(  # after
        measure=by_weakness, measured_on=day(1), value=Decimal("50"), recorded_at=at(day(1))
    )
    MeasurementFactory(measure=by_action, measured_on=before_start, recorded_at=at(before_start))

    report = report_for(workstream)
    rows = {row.measure: row for row in report.workstreams[0].measures}
    assert set(rows) == {by_weakness, by_action}
    assert [row.measure for row in report.unlinked.measures] == [elsewhere]
    weakness_row = rows[by_weakness]
    assert weakness_row.latest_in_period.measured_on == day(-10)
    assert weakness_row.as_at_end.value == Decimal("90")
    assert weakness_row.change_since_baseline == Decimal("-30")  # 90 against 120
    action_row = rows[by_action]
    assert action_row.latest_in_period is None
    assert action_row.as_at_end.measured_on == START - datetime.timedelta(days=1)
    assert report.totals.measures == 3


def test_a_figure_is_new_in_the_period_it_was_recorded_in_whatever_date_it_is_for(
    client, manager, workstream
):
    """A quarter's figure arrives after the quarter: recorded in the period, it is new."""
    measure = SuccessMeasureFactory(
        statement=workstream.statement,
        reference="M4",
        unit="percentage",
        direction="higher",
        baseline_value=Decimal("60"),
        target_value=Decimal("95"),
    )
    make_action(workstream).measures.add(measure)
    september = datetime.date(2026, 9, 30)
    MeasurementFactory(
        measure=measure, measured_on=datetime.date(2026, 6, 30), recorded_at=at(day(-60))
    )
    MeasurementFactory(measure=measure, measured_on=september, value=87, recorded_at=at(TODAY))
    november = {"start": "2026-11-01", "end": TODAY.isoformat()}

    (row,) = report_for(workstream, datetime.date(2026, 11, 1)).workstreams[0].measures
    assert row.latest_in_period.measured_on == september
    assert row.as_at_end == row.latest_in_period
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        page = client.get(board_url(workstream.statement, **november)).content.decode()
        workbook = client.get(
            board_url(workstream.statement, "workspace:board_report_xlsx", **november)
        ).content
        text = client.get(
            board_url(workstream.statement, "workspace:board_report_csv", **november)
        ).content
    assert "87% on 30 Sep 2026" in page
    assert "no figure recorded in the period" not in page
    assert "whatever date it is for" in page  # the rule, written on the page
    sheet = load_workbook(io.BytesIO(workbook))["Measures"]
    headings = [cell.value for cell in sheet[1]]
    row = dict(zip(headings, [cell.value for cell in sheet[2]], strict=True))
    assert row["Latest figure recorded in period"] == 87
    assert row["Date of latest figure recorded in period"] == datetime.datetime(2026, 9, 30)
    (measures,) = [
        line
        for line in csv.DictReader(io.StringIO(text.decode("utf-8-sig")))
        if line["Section"] == "Measures"
    ]
    assert measures["Latest figure recorded in period"] == "87"
    assert measures["Date of latest figure recorded in period"] == "2026-09-30"


def test_a_figure_recorded_after_the_period_is_not_in_it(workstream):
    measure = SuccessMeasureFactory(statement=workstream.statement)
    make_action(workstream).measures.add(measure)
    october = datetime.date(2026, 10, 31)
    MeasurementFactory(
        measure=measure, measured_on=datetime.date(2026, 9, 30), recorded_at=at(TODAY)
    )

    (row,) = report_for(workstream, datetime.date(2026, 10, 1), october).workstreams[0].measures
    assert row.latest_in_period is None and row.as_at_end is None


def test_an_older_figure_recorded_in_the_period_is_shown_beside_the_latest(
    client, manager, workstream
):
    measure = SuccessMeasureFactory(statement=workstream.statement)
    make_action(workstream).measures.add(measure)
    MeasurementFactory(
        measure=measure, measured_on=day(-30), value=Decimal("80"), recorded_at=at(START)
    )
    MeasurementFactory(  # a correction of history, recorded late
        measure=measure, measured_on=day(-60), value=Decimal("70"), recorded_at=at(day(-1))
    )
    (row,) = report_for(workstream, day(-10)).workstreams[0].measures
    assert row.as_at_end.value == Decimal("80") and row.latest_in_period.value == Decimal("70")
    client.force_login(manager)
    query = {"start": day(-10).isoformat(), "end": TODAY.isoformat()}
    with time_machine.travel(NOW, tick=False):
        page = client.get(board_url(workstream.statement, **query)).content.decode()
    assert f"Recorded in the period: 70 on {day(-60):%-d %b %Y}" in page


# Comments waiting for an answer -----------------------------------------------------


def test_open_comments_are_parent_comments_waiting_for_an_answer_with_their_age(workstream):
    action = make_action(workstream)
    parent_role = Comment.Role.PARENT_REPRESENTATIVE
    waiting = CommentFactory(action=action, author_role=parent_role, created_at=at(day(-9)))
    answer = CommentFactory(action=action, is_answer=True, author_role=Comment.Role.OFFICER)
    CommentFactory(
        action=action,
        author_role=parent_role,
        answer=answer,
        answered_at=answer.created_at,
        created_at=answer.created_at,
    )
    moderator = OfficerFactory()
    CommentFactory(
        action=action,
        author_role=parent_role,
        hidden_at=NOW,
        hidden_by=moderator,
        hidden_reason="Names a child.",
    )
    CommentFactory(action=action, author_role=Comment.Role.OFFICER)  # not a parent's
    measure = SuccessMeasureFactory(statement=workstream.statement)
    action.measures.add(measure)
    on_measure = CommentFactory(
        action=None, measure=measure, author_role=parent_role, created_at=at(day(-2))
    )

    rows = report_for(workstream).workstreams[0].open_comments
    assert [(row.comment, row.age_days) for row in rows] == [(waiting, 9), (on_measure, 2)]
    assert rows[0].answerable_by == action.owner
    assert rows[1].subject_label.startswith(f"Measure {measure.reference}")


# The period -------------------------------------------------------------------------


def test_the_default_period_is_the_last_three_months(client, manager, workstream):
    assert default_period(TODAY).start == START
    assert months_before(datetime.date(2026, 5, 31), 3) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 3) == datetime.date(2025, 10, 15)
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        page = client.get(board_url(workstream.statement)).content.decode()
    assert "25 August 2026 to 25 November 2026" in page
    assert 'value="2026-08-25"' in page and 'value="2026-11-25"' in page
    assert "start=2026-08-25&amp;end=2026-11-25" in page


def test_the_default_period_follows_the_last_progress_report(client, manager, workstream):
    from django.apps import apps

    try:
        progress_report = apps.get_model("reports", "ProgressReport")
    except LookupError:
        pytest.skip("published progress reports are not built yet")
    for as_at in (datetime.date(2026, 6, 30), datetime.date(2026, 10, 31)):
        progress_report.objects.create(
            statement=workstream.statement,
            as_at=as_at,
            title=f"Progress report, {as_at:%B %Y}",
            snapshot={},
            schema_version=1,
        )
    assert default_period(TODAY, workstream.statement).start == datetime.date(2026, 11, 1)
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        page = client.get(board_url(workstream.statement)).content.decode()
    assert "1 November 2026 to 25 November 2026" in page
    assert "Since the progress report as at 31 October 2026." in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2026-11-01", "end": "2026-10-01"}, "end", "must be the same as or after"),
        ({"start": "2026-11-01", "end": "2026-12-01"}, "end", "must be today or in the past"),
        ({"start": "2027-01-01", "end": "2026-11-01"}, "start", "must be today or in the past"),
        ({"start": "2026-02-30", "end": "2026-11-01"}, "start", "must be a real date"),
        ({"start": "yesterday", "end": "2026-11-01"}, "start", "must be a real date"),
        ({"start": "1899-01-01", "end": "2026-11-01"}, "start", "on or after 1 January 2000"),
        ({"start": "99999-01-01", "end": "2026-11-01"}, "start", "must be a real date"),
        ({"start": "2026-11-01"}, "end", "Enter the date the report ends on"),
        ({"start": "%00%ff", "end": "-1"}, "start", "must be a real date"),
    ],
)
def test_bad_dates_are_explained_next_to_their_field_and_no_report_is_made(
    client, manager, workstream, query, field, message
):
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        response = client.get(board_url(workstream.statement, **query))
        download = client.get(
            board_url(workstream.statement, "workspace:board_report_csv", **query)
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert f'id="id_{field}_error"' in page and message in page
    assert "Summary" not in page and "Download as CSV" not in page
    assert download.status_code == 302
    assert download["Location"].startswith(board_url(workstream.statement) + "?start=")


def test_a_chosen_period_is_kept_in_the_download_links(client, manager, workstream):
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        page = client.get(
            board_url(workstream.statement, start="2026-01-01", end="2026-06-30")
        ).content.decode()
    assert "1 January 2026 to 30 June 2026" in page
    assert "board-report.xlsx?start=2026-01-01&amp;end=2026-06-30" in page
    assert "board-report.csv?start=2026-01-01&amp;end=2026-06-30" in page


# Downloads --------------------------------------------------------------------------


@pytest.fixture
def busy_workstream(workstream):
    """One of everything, with text a spreadsheet would run as a formula."""
    owner = OwnerFactory(name='=HYPERLINK("http://evil.example","Click")')
    action = make_action(
        workstream, IN_PROGRESS, ON_TRACK, due=-7, owner=owner, title="+1 more adviser"
    )
    ProgressUpdateFactory(action=action, created_at=at(day(-3)), public_summary="@SUM(A1:A9)")
    CommentFactory(
        action=action,
        author_role=Comment.Role.PARENT_REPRESENTATIVE,
        body="-2 families still wait",
        created_at=at(day(-4)),
    )
    measure = SuccessMeasureFactory(statement=workstream.statement)
    action.measures.add(measure)
    MeasurementFactory(
        measure=measure, measured_on=day(-15), value=Decimal("99.5"), recorded_at=at(day(-3))
    )
    return workstream


def test_the_workbook_has_a_sheet_per_section_with_typed_cells(client, manager, busy_workstream):
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        response = client.get(board_url(busy_workstream.statement, "workspace:board_report_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    area = busy_workstream.statement.local_area.lower()
    assert response["Content-Disposition"] == (
        f'attachment; filename="board-report-{area}-2026-08-25-to-2026-11-25.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Summary",
        "Overdue actions",
        "Updates",
        "Measures",
        "Open comments",
        "About",
    ]
    for section in SECTIONS:
        sheet = workbook[section.name]
        assert sheet.freeze_panes == "A2"
        assert [cell.value for cell in sheet[1]] == [column.heading for column in section.columns]
        assert all(cell.font.bold for cell in sheet[1])
    summary = workbook["Summary"]
    assert summary.max_row == 3  # the workstream, then all workstreams
    assert summary["F2"].value == 1 and isinstance(summary["F2"].value, int)  # red
    overdue = workbook["Overdue actions"]
    headings = [cell.value for cell in overdue[1]]
    row = dict(zip(headings, overdue[2], strict=True))
    assert row["Due date"].value == datetime.datetime.combine(day(-7), datetime.time())
    assert row["Due date"].is_date
    assert row["Days overdue"].value == 7
    measures = workbook["Measures"]
    headings = [cell.value for cell in measures[1]]
    row = {heading: cell.value for heading, cell in zip(headings, measures[2], strict=True)}
    assert row["Latest figure recorded in period"] == 99.5
    assert row["Change since start"] == -20.5
    assert workbook["Updates"].max_row == 2 and workbook["Open comments"].max_row == 2


def test_the_csv_is_one_table_with_a_section_column(client, manager, busy_workstream):
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        response = client.get(board_url(busy_workstream.statement, "workspace:board_report_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('-2026-08-25-to-2026-11-25.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    sections = [row["Section"] for row in rows]
    assert sections == [
        "Summary",
        "Summary",
        "Overdue actions",
        "Updates",
        "Measures",
        "Open comments",
    ]
    overdue = rows[2]
    assert overdue["Due date"] == day(-7).isoformat() and overdue["Days overdue"] == "7"
    assert overdue["Red"] == ""  # a column of another section
    assert rows[0]["Red"] == "1"
    assert rows[4]["Latest figure recorded in period"] == "99.5"


def test_text_that_would_run_as_a_formula_is_only_ever_shown(busy_workstream):
    report = report_for(busy_workstream)
    rows = list(csv.reader(io.StringIO(board_csv(report).decode("utf-8-sig"))))
    cells = {cell for row in rows for cell in row}
    assert '\'=HYPERLINK("http://evil.example","Click")' in cells
    assert "'+1 more adviser" in cells and "'@SUM(A1:A9)" in cells
    assert "'-2 families still wait" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)

    workbook = load_workbook(io.BytesIO(board_workbook(report)))
    texts = [
        cell
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    # Typed as text, so shown as written (no apostrophe on show) and never run.
    assert all(cell.data_type == "s" for cell in texts)
    values = {cell.value for cell in texts}
    assert "@SUM(A1:A9)" in values and "'@SUM(A1:A9)" not in values


def test_the_page_and_both_files_come_from_the_same_rows(busy_workstream):
    report = report_for(busy_workstream)
    workbook = load_workbook(io.BytesIO(board_workbook(report)))
    rows = list(csv.DictReader(io.StringIO(board_csv(report).decode("utf-8-sig"))))
    for section in SECTIONS:
        in_csv = [row for row in rows if row["Section"] == section.name]
        assert len(in_csv) == workbook[section.name].max_row - 1, section.name


# Who may see it ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["board_report", "board_report_xlsx", "board_report_csv"])
def test_only_programme_managers_get_the_report(client, action, officer, lead, parent, name):
    url = board_url(action.statement, f"workspace:{name}")
    assert client.get(url).status_code == 302  # to sign in
    for user in (officer, lead, parent):
        client.force_login(user)
        assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def test_an_unknown_statement_is_not_found(client, manager):
    client.force_login(manager)
    assert client.get(reverse("workspace:board_report", kwargs={"pk": 999999})).status_code == 404


def test_the_statement_page_links_to_the_report(client, manager, workstream):
    client.force_login(manager)
    page = client.get(reverse("workspace:statement_detail", kwargs={"pk": workstream.statement.pk}))
    assert board_url(workstream.statement) in page.content.decode()


# Bounded queries --------------------------------------------------------------------


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def report_queries(client, statement, start, end):
    dates = {"start": start.isoformat(), "end": end.isoformat()}
    return {
        name: queries(client, board_url(statement, f"workspace:{name}", **dates))
        for name in ("board_report", "board_report_xlsx", "board_report_csv")
    }


def test_the_demo_and_a_plan_of_1000_actions_cost_the_same_queries(client):
    from django.contrib.auth import get_user_model

    from actions.demo.loader import load_demo
    from actions.load_data import generate_load_data

    demo = load_demo(password="board-report-demo-password").statement
    large = generate_load_data(1000, as_of=TODAY).statement
    # The load test answers every question; leave a hundred waiting.
    parent = get_user_model().objects.filter(username__startswith="loadtest-parent").first()
    Comment.objects.bulk_create(
        Comment(
            action=action,
            author=parent,
            author_role=Comment.Role.PARENT_REPRESENTATIVE,
            body="Is there any news on this?",
            created_at=at(day(-5)),
        )
        for action in large.actions.order_by("pk")[:100]
    )

    client.force_login(get_user_model().objects.get(username="manager"))
    with time_machine.travel(NOW, tick=False):
        demo_counts = report_queries(
            client, demo, datetime.date(2018, 1, 1), datetime.date(2020, 12, 31)
        )
        large_counts = report_queries(client, large, START, TODAY)
        report = build_board_report(large, START, TODAY, today=TODAY)
    # The large plan really has something in every section.
    totals = report.totals
    assert totals.rag.total == 1000
    assert totals.overdue and totals.updates and totals.measures and totals.open_comments
    assert large_counts == demo_counts


def test_building_the_report_itself_is_ten_queries(workstream, django_assert_num_queries):
    make_action(workstream, IN_PROGRESS, ON_TRACK, due=-3)
    MeasurementFactory(measure=SuccessMeasureFactory(statement=workstream.statement))
    with django_assert_num_queries(10):
        report = report_for(workstream)
        report.totals  # noqa: B018 - reading everything the page reads
