"""A figure's date and note follow the measure's rules wherever it is recorded: the
model says them once (Measurement.clean, the note's validator), so the admin refuses
what the officers' form refuses, in the same words, next to the same field."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from workspace.forms.plan import LONG_TEXT_MAX
from workstreams.models import Measurement, SuccessMeasure
from workstreams.models.measure import NOTE_MAX_LENGTH

from .factories import MeasurementFactory, SuccessMeasureFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = datetime.date(2019, 6, 1)
BEFORE_START = "The date must be on or after 31 March 2018, the date of the starting value."
FUTURE = "The date cannot be in the future."


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(datetime.datetime(2019, 6, 1, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def measure():
    # Starts on 31 March 2018 (the factory's baseline date).
    return SuccessMeasureFactory(unit=SuccessMeasure.Unit.COUNT)


def errors_of(figure):
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    return error.value.message_dict


# The model ------------------------------------------------------------------------


def test_a_figure_dated_before_the_starting_value_is_refused_next_to_its_date(measure):
    figure = Measurement(measure=measure, measured_on=datetime.date(2018, 3, 30), value=5)
    assert errors_of(figure) == {"measured_on": [BEFORE_START]}


def test_a_figure_dated_tomorrow_is_refused_next_to_its_date(measure):
    figure = Measurement(measure=measure, measured_on=TODAY + datetime.timedelta(days=1), value=5)
    assert errors_of(figure) == {"measured_on": [FUTURE]}


@pytest.mark.parametrize("day", [datetime.date(2018, 3, 31), TODAY])
def test_a_figure_may_be_dated_from_the_starting_value_to_today(measure, day):
    Measurement(measure=measure, measured_on=day, value=5).full_clean()


def test_the_date_and_the_unit_are_both_reported_at_once(measure):
    figure = Measurement(
        measure=measure, measured_on=datetime.date(2017, 1, 1), value=Decimal("2.5")
    )
    assert errors_of(figure) == {
        "measured_on": [BEFORE_START],
        "value": ["Enter a whole number, such as 12."],
    }


def test_a_figure_is_checked_against_a_measure_not_yet_saved():
    """The spreadsheet import checks figures against the measure as the file leaves it."""
    measure = SuccessMeasure(unit=SuccessMeasure.Unit.PERCENTAGE, baseline_date=TODAY)
    figure = Measurement(measure=measure, measured_on=datetime.date(2019, 5, 31), value=101)
    with pytest.raises(ValidationError) as error:
        figure.full_clean(exclude=["measure", "recorded_by"])
    assert error.value.message_dict == {
        "measured_on": [
            "The date must be on or after 1 June 2019, the date of the starting value."
        ],
        "value": ["Enter a percentage between 0 and 100."],
    }


def test_a_note_over_the_limit_is_refused_saying_how_long_it_is(measure):
    figure = Measurement(measure=measure, measured_on=TODAY, value=5, note="x" * 100_000)
    assert errors_of(figure) == {
        "note": ["The note must be 20,000 characters or fewer (it has 100,000)."]
    }


def test_a_note_may_be_as_long_as_the_limit(measure):
    Measurement(
        measure=measure, measured_on=TODAY, value=5, note="x" * NOTE_MAX_LENGTH
    ).full_clean()


def test_the_notes_limit_is_the_plan_forms_limit_for_long_text():
    assert NOTE_MAX_LENGTH == LONG_TEXT_MAX


# The admin ------------------------------------------------------------------------

ADD = "/admin/workstreams/measurement/add/"


def field_errors(response, name):
    return response.context["adminform"].form.errors.get(name)


def add_figure(admin_client, measure, **changes):
    data = {"measure": measure.pk, "measured_on": "2019-03-31", "value": "5", "note": ""}
    return admin_client.post(ADD, {**data, **changes})


def test_the_admin_refuses_a_figure_dated_before_the_starting_value(admin_client, measure):
    response = add_figure(admin_client, measure, measured_on="2018-03-30")
    assert response.status_code == 200
    assert field_errors(response, "measured_on") == [BEFORE_START]
    assert not Measurement.objects.exists()


def test_the_admin_refuses_a_figure_dated_in_the_future(admin_client, measure):
    response = add_figure(admin_client, measure, measured_on="2019-06-02")
    assert field_errors(response, "measured_on") == [FUTURE]
    assert not Measurement.objects.exists()


def test_the_admin_refuses_a_note_over_the_limit_rather_than_cutting_it(admin_client, measure):
    page = admin_client.get(ADD).content.decode()
    assert "maxlength" not in page.split('name="note"')[1].split(">")[0]
    response = add_figure(admin_client, measure, note="x" * (NOTE_MAX_LENGTH + 1))
    assert field_errors(response, "note") == [
        "The note must be 20,000 characters or fewer (it has 20,001)."
    ]
    assert not Measurement.objects.exists()


def test_the_admin_still_records_a_good_figure(admin_client, measure):
    response = add_figure(admin_client, measure, note="From the census.")
    assert response.status_code == 302
    assert measure.measurements.get().note == "From the census."


def measure_change_data(client, measure, figure, **measure_changes):
    """The measure's admin change form as posted, with its one figure in the inline."""
    fields = {
        "statement": measure.statement_id,
        "weakness": "",
        "reference": measure.reference,
        "title": measure.title,
        "description": measure.description,
        "kind": measure.kind,
        "unit": measure.unit,
        "direction": measure.direction,
        "baseline_value": str(measure.baseline_value),
        "baseline_date": measure.baseline_date.isoformat(),
        "target_value": str(measure.target_value),
        "target_date": measure.target_date.isoformat(),
        "data_source": measure.data_source,
        "owner": "",
        **measure_changes,
    }
    inlines = {
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "measurements-TOTAL_FORMS": "1",
        "measurements-INITIAL_FORMS": "1",
        "measurements-0-id": figure.pk,
        "measurements-0-measure": measure.pk,
        "measurements-0-measured_on": figure.measured_on.isoformat(),
        "measurements-0-value": str(figure.value),
        "measurements-0-note": figure.note,
        "measurements-0-recorded_by": "",
    }
    # The fingerprints of the rows as saved when the page is opened (AdminGuardForm).
    page = client.get(f"/admin/workstreams/successmeasure/{measure.pk}/change/").context
    fingerprints = {"fingerprint": page["adminform"].form["fingerprint"].value()}
    for inline in page["inline_admin_formsets"]:
        for form in inline.formset.initial_forms:
            fingerprints[form.add_prefix("fingerprint")] = form["fingerprint"].value()
    return {**fields, **inlines, **fingerprints}


def test_moving_the_starting_date_past_a_figure_in_the_admin_is_refused(admin_client, measure):
    """The inline figure is checked against the starting date being saved with it."""
    figure = MeasurementFactory(measure=measure, measured_on=datetime.date(2018, 9, 30), value=5)
    url = f"/admin/workstreams/successmeasure/{measure.pk}/change/"
    response = admin_client.post(
        url, measure_change_data(admin_client, measure, figure, baseline_date="2018-12-31")
    )
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][1].formset
    assert inline.forms[0].errors["measured_on"] == [
        "The date must be on or after 31 December 2018, the date of the starting value."
    ]
    measure.refresh_from_db()
    assert measure.baseline_date == datetime.date(2018, 3, 31)

    response = admin_client.post(
        url, measure_change_data(admin_client, measure, figure, baseline_date="2018-09-30")
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.baseline_date == datetime.date(2018, 9, 30)


def test_an_inline_figure_recorded_by_something_that_is_no_id_is_an_error(admin_client, measure):
    """The inline's autocomplete widget shows the posted value again without a 500."""
    figure = MeasurementFactory(measure=measure, measured_on=datetime.date(2018, 9, 30), value=5)
    data = measure_change_data(admin_client, measure, figure)
    response = admin_client.post(
        f"/admin/workstreams/successmeasure/{measure.pk}/change/",
        {**data, "measurements-0-recorded_by": "someone"},
    )
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][1].formset
    assert inline.forms[0].errors["recorded_by"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
