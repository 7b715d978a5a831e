"""The spreadsheet import refuses a figure the officers' form would refuse: dated before
its measure's starting value or in the future, or with a note over the limit. Each is
reported by row and column with the other problems, and nothing is imported."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.spreadsheet.apply import ImportFailed, apply_plan
from actions.spreadsheet.example import example_records
from actions.spreadsheet.writer import csv_files, statement_workbook
from workstreams.models import Measurement, SuccessMeasure

from .spreadsheet_builders import (
    edited,
    example_workbook,
    import_file,
    messages,
    plan_for,
    table_counts,
)

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = datetime.date(2021, 6, 1)  # after every figure of the example


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(datetime.datetime(2021, 6, 1, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture(scope="module")
def template():
    return example_workbook()


def figure_row(reference, day=None):
    """The example's measurements row of `reference`'s first figure (or the one on `day`)."""
    rows = enumerate(example_records()["measurements"], start=2)
    return next(
        n
        for n, r in rows
        if r["measure_reference"] == reference and day in (None, r["measured_on"])
    )


# M1 starts on 31 August 2017; its first figure is for 31 August 2018.
M1_FIRST = figure_row("M1")
M1_STARTS = "The date must be on or after 31 August 2017, the date of the starting value."


def test_a_figure_dated_before_its_measures_starting_value_is_refused(template, manager):
    counts = table_counts()
    data = edited(template, {("measurements", "M1", "measured_on"): "30/08/2017"})
    plan = plan_for(data)
    assert messages(plan) == [f"Row {M1_FIRST}, measured on: {M1_STARTS}"]
    assert [p.sheet for p in plan.problems] == ["measurements"]
    with pytest.raises(ImportFailed):
        apply_plan(plan, user=manager)
    assert table_counts() == counts


def test_a_figure_dated_in_the_future_is_refused(template):
    data = edited(template, {("measurements", "M1", "measured_on"): "02/06/2021"})
    assert messages(plan_for(data)) == [
        f"Row {M1_FIRST}, measured on: The date cannot be in the future."
    ]


def test_a_figure_for_today_and_one_on_the_starting_day_are_accepted(template, manager):
    data = edited(
        template,
        {
            ("measurements", "M1", "measured_on"): "31/08/2017",
            ("measurements", "M2", "measured_on"): "01/06/2021",
        },
    )
    import_file(data, manager)
    assert Measurement.objects.filter(measured_on=datetime.date(2017, 8, 31)).exists()
    assert Measurement.objects.filter(measured_on=TODAY).exists()


def test_a_note_over_the_limit_is_refused_not_cut_short(template):
    data = edited(template, {("measurements", "M1", "note"): "x" * 20_001})
    assert messages(plan_for(data)) == [
        f"Row {M1_FIRST}, note: The note must be 20,000 characters or fewer (it has 20,001)."
    ]


def test_a_note_as_long_as_the_limit_is_imported_and_exports_again(template, manager):
    data = edited(template, {("measurements", "M1", "note"): "x" * 20_000})
    statement = import_file(data, manager).statement
    assert len(Measurement.objects.get(measure__reference="M1", measured_on="2018-08-31").note) == (
        20_000
    )
    assert not plan_for(statement_workbook(statement)).has_changes


def test_every_rule_broken_in_one_file_is_listed_at_once(template, manager):
    counts = table_counts()
    m3_first = figure_row("M3")
    data = edited(
        template,
        {
            ("measurements", "M1", "measured_on"): "01/01/2000",
            ("measurements", "M2", "measured_on"): "31/12/2099",
            ("measurements", "M3", "note"): "x" * 25_000,
            ("actions", "2.7", "due_date"): "31/02/2019",
        },
    )
    assert messages(plan_for(data)) == [
        "Row 14, due date: 31/02/2019 is not a date",
        f"Row {M1_FIRST}, measured on: {M1_STARTS}",
        f"Row {figure_row('M2')}, measured on: The date cannot be in the future.",
        f"Row {m3_first}, note: The note must be 20,000 characters or fewer (it has 25,000).",
    ]
    assert table_counts() == counts


# The starting value's date the import will end with ----------------------------------


def test_a_starting_date_moved_later_in_the_same_file_refuses_figures_before_it(template, manager):
    import_file(template, manager)
    data = edited(
        template,
        # Without its milestone for 31 August 2018, which the new date would also refuse.
        {("measures", "M1", "baseline_date"): "30/09/2018", ("measures", "M1", "milestones"): None},
    )
    assert messages(plan_for(data)) == [
        f"Row {M1_FIRST}, measured on: The date must be on or after 30 September 2018, "
        "the date of the starting value."
    ]


def test_a_starting_date_moved_earlier_in_the_same_file_lets_an_earlier_figure_in(
    template, manager
):
    import_file(template, manager)
    data = edited(
        template,
        {
            ("measures", "M1", "baseline_date"): "31/08/2016",
            ("measurements", "M1", "measured_on"): "31/08/2017",  # before the saved start
        },
    )
    plan = plan_for(data)
    assert plan.problems == []
    apply_plan(plan, user=manager)
    measure = SuccessMeasure.objects.get(reference="M1")
    assert measure.baseline_date == datetime.date(2016, 8, 31)
    assert measure.measurements.filter(measured_on=datetime.date(2017, 8, 31)).exists()


def test_a_new_measure_and_its_figures_in_one_file_are_checked_together(template):
    """Into an empty database: the figure is checked against the file's starting date."""
    data = edited(
        template,
        {
            ("measures", "M1", "baseline_date"): "30/09/2018",
            ("measures", "M1", "milestones"): None,
            ("measurements", "M1", "measured_on"): "31/08/2018",
        },
    )
    assert messages(plan_for(data)) == [
        f"Row {M1_FIRST}, measured on: The date must be on or after 30 September 2018, "
        "the date of the starting value."
    ]


def test_figures_imported_without_the_measures_sheet_are_checked_against_the_saved_start(
    template, manager
):
    statement = import_file(template, manager).statement
    records = example_records()
    records["measurements"][M1_FIRST - 2]["measured_on"] = datetime.date(2017, 8, 30)
    files = {"measurements.csv": csv_files(records)["measurements.csv"]}
    assert messages(plan_for(files, slug=statement.slug)) == [
        f"Row {M1_FIRST}, measured on: {M1_STARTS}"
    ]


# The import pages -----------------------------------------------------------------


@pytest.fixture
def private_uploads(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


def test_the_preview_lists_the_figure_in_its_error_summary_and_cannot_be_confirmed(
    client, manager, template, private_uploads
):
    client.force_login(manager)
    data = edited(template, {("measurements", "M1", "measured_on"): "30/08/2017"})
    uploaded = client.post(
        reverse("workspace:import_upload"),
        {"files": [SimpleUploadedFile("figures.xlsx", data)]},
    )
    assert uploaded.status_code == 302
    page = client.get(uploaded["Location"]).content.decode()
    assert 'class="govuk-error-summary"' in page
    assert f"Measurements: Row {M1_FIRST}, measured on: {M1_STARTS}" in page
    assert 'name="fingerprint"' not in page
