"""A change to a measure must not strand the figures already recorded for it.

Moving the starting value's date after the first figure, moving either date past
a milestone, or choosing a unit some figure or milestone does not suit (150 as a
percentage), would leave data the officers' forms refuse. The measure form says
so next to the field and saves nothing; the spreadsheet import reports it on the
measure's row for figures the file leaves as they are (figures it lists are
checked on their own rows).
"""

import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actions.spreadsheet.apply import StatementMovedOn, apply_plan
from actions.spreadsheet.writer import statement_workbook
from workspace.forms.measurement import MeasurementForm
from workspace.forms.plan import SuccessMeasureForm
from workstreams.models import Statement, SuccessMeasure

from .factories import MeasurementFactory, MilestoneFactory, StatementFactory, SuccessMeasureFactory
from .form_pages import form_values
from .spreadsheet_builders import edited, example_workbook, import_file, messages, plan_for

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
FIRST_FIGURE = datetime.date(2018, 9, 30)
BASELINE_LATE = (
    "There is a figure for 30 September 2018, before this date. The date of the starting "
    "value must be on or before the date of the first figure."
)


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(datetime.datetime(2021, 6, 1, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def measure(db):
    """A count that starts on 31 March 2018, with figures of 150 and 90 and a milestone of 95."""
    measure = SuccessMeasureFactory(
        statement=StatementFactory(draft=True),
        baseline_value=Decimal("60"),
        target_value=Decimal("40"),
    )
    MeasurementFactory(measure=measure, measured_on=FIRST_FIGURE, value=Decimal("150"))
    MeasurementFactory(measure=measure, measured_on=datetime.date(2019, 3, 31), value=90)
    MilestoneFactory(measure=measure, due_on=datetime.date(2019, 7, 31), value=Decimal("95.5"))
    return measure


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def post_edit(client, measure, **changes):
    address = reverse("workspace:measure_edit", kwargs={"pk": measure.pk})
    return client.post(address, form_values(client.get(address)) | changes)


def saved(measure):
    return SuccessMeasure.objects.values("unit", "baseline_date", "title").get(pk=measure.pk)


# The measure form ----------------------------------------------------------------------


def test_a_starting_date_after_the_first_figure_is_refused_next_to_the_field(as_manager, measure):
    before = saved(measure)
    response = post_edit(as_manager, measure, baseline_date="2018-10-01", title="New title")
    assert response.status_code == 200
    assert response.context["form"].errors == {"baseline_date": [BASELINE_LATE]}
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_baseline_date"' in html
    assert saved(measure) == before


def test_a_starting_date_on_the_first_figures_day_is_saved(as_manager, measure):
    assert post_edit(as_manager, measure, baseline_date="2018-09-30").status_code == 302
    assert saved(measure)["baseline_date"] == FIRST_FIGURE


def test_a_unit_that_a_figure_does_not_suit_is_refused(as_manager, measure):
    response = post_edit(as_manager, measure, unit=SuccessMeasure.Unit.PERCENTAGE)
    assert response.context["form"].errors == {
        "unit": [
            "The figure for 30 September 2018 is 150, which does not suit this unit "
            "(enter a percentage between 0 and 100)."
        ]
    }
    assert saved(measure)["unit"] == SuccessMeasure.Unit.COUNT


def test_a_unit_that_a_milestone_does_not_suit_is_refused(as_manager, measure):
    measure.measurements.filter(value=150).update(value=Decimal("80"))
    response = post_edit(as_manager, measure, unit=SuccessMeasure.Unit.DAYS)
    assert response.context["form"].errors == {
        "unit": [
            "The milestone for 31 July 2019 is 95.5, which does not suit this unit "
            "(enter a whole number of days, such as 12)."
        ]
    }


def test_a_new_unit_and_date_are_both_checked_with_one_look_at_the_figures(measure):
    with CaptureQueriesContext(connection) as queries:
        problems = measure.problems_with_recorded_figures(
            SuccessMeasure.Unit.PERCENTAGE, datetime.date(2018, 10, 1)
        )
    assert sorted(problems) == ["baseline_date", "unit"]
    assert len(queries) == 2  # the figures, then the milestones
    assert measure.problems_with_recorded_figures(measure.unit, measure.baseline_date) == {}


def test_a_target_date_before_a_milestone_is_refused_next_to_the_field(as_manager, measure):
    """The milestone would drop off the trajectory without a word."""
    response = post_edit(as_manager, measure, target_date="2019-07-31")
    assert response.context["form"].errors == {
        "target_date": [
            "There is a milestone for 31 July 2019, on or after this date. Milestones come "
            "before the target date: remove that milestone first, or choose a later date."
        ]
    }
    assert post_edit(as_manager, measure, target_date="2019-08-01").status_code == 302


def test_a_starting_date_on_or_after_a_milestone_is_refused(measure):
    measure.measurements.all().delete()
    problems = measure.problems_with_recorded_figures(measure.unit, datetime.date(2019, 7, 31))
    assert problems == {
        "baseline_date": (
            "There is a milestone for 31 July 2019, on or before this date. Milestones come "
            "after the date of the starting value: remove that milestone first, or choose "
            "an earlier date."
        )
    }


def test_a_unit_every_figure_suits_is_saved(as_manager, measure):
    assert post_edit(as_manager, measure, unit=SuccessMeasure.Unit.SCORE).status_code == 302
    assert saved(measure)["unit"] == SuccessMeasure.Unit.SCORE


def test_a_figure_that_already_broke_a_rule_does_not_block_other_edits(as_manager, measure):
    # Recorded before the rule: a figure earlier than the starting value's date.
    measure.measurements.filter(measured_on=FIRST_FIGURE).update(
        measured_on=datetime.date(2018, 1, 31)
    )
    assert post_edit(as_manager, measure, title="Clearer title").status_code == 302
    assert saved(measure)["title"] == "Clearer title"


def test_a_new_measure_has_no_figures_to_check(as_manager, measure):
    address = reverse("workspace:measure_new", kwargs={"pk": measure.statement.pk})
    data = form_values(as_manager.get(address)) | {
        key: value
        for key, value in form_values(
            as_manager.get(reverse("workspace:measure_edit", kwargs={"pk": measure.pk}))
        ).items()
        if key != "fingerprint"
    }
    data |= {"reference": "M99", "baseline_date": "2020-01-31", "target_date": "2021-01-31"}
    assert as_manager.post(address, data).status_code == 302


# The spreadsheet import -------------------------------------------------------------------


@pytest.fixture
def imported(manager):
    """The example statement. M1 is a number that starts on 31 August 2017; its first
    figure is 191, for 31 August 2018."""
    return import_file(example_workbook(), manager).statement


def without_figures(data):
    """The workbook without its measurements sheet: the figures saved stay as they are."""
    book = load_workbook(io.BytesIO(data))
    del book["measurements"]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measures_row(data, reference):
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = book["measures"].iter_rows(values_only=True)
    return next(n for n, row in enumerate(rows, start=1) if row[0] == reference)


def test_an_import_that_moves_a_starting_date_past_figures_it_leaves_is_refused(imported):
    data = without_figures(
        edited(
            statement_workbook(imported),
            # Its milestones go, as the new date would leave them off the trajectory.
            {
                ("measures", "M1", "baseline_date"): "01/09/2018",
                ("measures", "M1", "milestones"): None,
            },
        )
    )
    assert messages(plan_for(data)) == [
        f"Row {measures_row(data, 'M1')}, baseline date: There is a figure for 31 August 2018, "
        "before this date. The date of the starting value must be on or before the date of "
        "the first figure."
    ]


def test_an_import_that_gives_a_unit_figures_it_leaves_do_not_suit_is_refused(imported):
    m1 = imported.measures.get(reference="M1")
    m1.milestones.all().delete()
    data = without_figures(
        edited(
            statement_workbook(imported),
            {
                ("measures", "M1", "unit"): "per cent",
                ("measures", "M1", "baseline_value"): 90,
                ("measures", "M1", "target_value"): 60,
            },
        )
    )
    assert messages(plan_for(data)) == [
        f"Row {measures_row(data, 'M1')}, unit: The figure for 31 August 2018 is 191, which does "
        "not suit this unit (enter a percentage between 0 and 100)."
    ]


def test_figures_the_file_lists_are_checked_on_their_own_rows_only(imported):
    data = edited(
        statement_workbook(imported),
        {("measures", "M1", "baseline_date"): "01/09/2018", ("measures", "M1", "milestones"): None},
    )
    problems = messages(plan_for(data))
    assert problems
    assert all(
        problem.endswith(
            "measured on: The date must be on or after 1 September 2018, "
            "the date of the starting value."
        )
        for problem in problems
    ), problems


def test_a_figure_whose_date_cannot_be_read_is_one_problem_not_two(imported):
    data = edited(
        statement_workbook(imported),
        {
            ("measures", "M1", "baseline_date"): "01/09/2018",
            ("measurements", "M1", "measured_on"): "the end of August",
        },
    )
    problems = messages(plan_for(data))
    assert any("the end of August is not a date" in problem for problem in problems), problems
    assert not any("There is a figure for" in problem for problem in problems), problems


# A figure recorded at the same moment ---------------------------------------------------
# Each form is checked when posted, then saved under the statement's lock: a change
# saved by someone else in between is checked again then, and nothing is saved.


def measure_form(measure, **changes):
    instance = SuccessMeasure.objects.select_related("statement").get(pk=measure.pk)
    opened = SuccessMeasureForm(instance=instance)
    data = {name: opened[name].value() for name in opened.fields} | changes
    return SuccessMeasureForm(data, instance=instance)


def test_a_figure_recorded_while_the_unit_changes_is_checked_against_it(measure):
    measure.measurements.filter(value=150).update(value=Decimal("80"))
    measure.milestones.all().delete()
    form = measure_form(measure, unit=SuccessMeasure.Unit.PERCENTAGE)
    assert form.is_valid(), form.errors
    MeasurementFactory(measure=measure, measured_on=datetime.date(2020, 3, 31), value=150)
    with pytest.raises(ValidationError):
        form.save()
    assert form.errors["unit"] == [
        "The figure for 31 March 2020 is 150, which does not suit this unit "
        "(enter a percentage between 0 and 100)."
    ]
    assert saved(measure)["unit"] == SuccessMeasure.Unit.COUNT


def typed_figure(measure, officer, value):
    """A figure for 31 March 2020, checked when posted, to save after something changed."""
    form = MeasurementForm({"measured_on": "2020-03-31", "value": value}, measure=measure)
    assert form.is_valid(), form.errors
    form.instance.recorded_by = officer
    return form


def test_a_figure_is_checked_against_a_unit_changed_while_it_was_typed(measure, officer):
    form = typed_figure(measure, officer, "120")
    SuccessMeasure.objects.filter(pk=measure.pk).update(unit=SuccessMeasure.Unit.PERCENTAGE)
    with pytest.raises(ValidationError):
        form.save()
    assert form.errors["value"] == ["Enter a percentage between 0 and 100."]
    assert not measure.measurements.filter(measured_on=datetime.date(2020, 3, 31)).exists()


def test_no_figure_is_recorded_once_the_statement_is_archived(measure, officer):
    form = typed_figure(measure, officer, "12")
    Statement.objects.filter(pk=measure.statement_id).update(status=Statement.Status.ARCHIVED)
    with pytest.raises(ValidationError):
        form.save()
    assert form.non_field_errors() == [
        f"“{measure.statement.title}” was archived: it can no longer be changed."
    ]
    assert measure.measurements.count() == 2


def test_a_figure_recorded_since_the_file_was_checked_stops_the_import(imported, manager):
    """The plan checked the saved figures against the new unit; one recorded since
    gives the statement a new version, and the file must be checked again."""
    m1 = imported.measures.get(reference="M1")
    m1.milestones.all().delete()
    m1.measurements.update(value=Decimal("50"))
    data = without_figures(
        edited(
            statement_workbook(imported),
            {
                ("measures", "M1", "unit"): "per cent",
                ("measures", "M1", "baseline_value"): 90,
                ("measures", "M1", "target_value"): 60,
            },
        )
    )
    plan = plan_for(data)
    assert plan.problems == [], messages(plan)
    latest = m1.measurements.latest().measured_on
    MeasurementFactory(measure=m1, measured_on=latest + datetime.timedelta(days=1), value=191)
    with pytest.raises(StatementMovedOn):
        apply_plan(plan, user=manager)
    assert imported.measures.get(reference="M1").unit == SuccessMeasure.Unit.COUNT
    again = plan_for(data)
    assert messages(again) == [
        f"Row {measures_row(data, 'M1')}, unit: The figure for "
        f"{latest + datetime.timedelta(days=1):%-d %B %Y} is 191, which does not suit this "
        "unit (enter a percentage between 0 and 100)."
    ]


def test_every_problem_with_a_new_unit_shows_at_once(as_manager, measure):
    response = post_edit(
        as_manager, measure, unit=SuccessMeasure.Unit.PERCENTAGE, baseline_value="214"
    )
    errors = response.context["form"].errors
    assert sorted(errors) == ["baseline_value", "unit"]
    assert errors["baseline_value"] == ["Enter a percentage between 0 and 100."]


def test_the_starting_value_is_written_in_its_unit_in_messages(as_manager, measure):
    measure.measurements.all().delete()
    measure.milestones.all().delete()
    response = post_edit(
        as_manager,
        measure,
        unit=SuccessMeasure.Unit.PERCENTAGE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value="41.00",
        target_value="30",
    )
    assert response.context["form"].errors["target_value"] == [
        "Higher is better for this measure, so the target must be higher than the starting "
        "value (41%)."
    ]


def test_figures_read_in_their_unit_in_history_and_the_admin(measure):
    figure = measure.measurements.get(measured_on=FIRST_FIGURE)
    assert str(figure) == f"{measure.reference} on 30 September 2018: 150"
    measure.unit = SuccessMeasure.Unit.DAYS
    assert str(measure.milestones.get()).endswith(": 95.5 days")
