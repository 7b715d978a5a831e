"""Officers record figures for the measures they own, checked against the unit."""

import datetime
from decimal import Decimal

import pytest

from workstreams.models import Measurement, SuccessMeasure

from .factories import MeasurementFactory, OwnerFactory, SuccessMeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(officer):
    return SuccessMeasureFactory(
        owner=OwnerFactory(user=officer),
        unit=SuccessMeasure.Unit.PERCENTAGE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=Decimal("40"),
        target_value=Decimal("80"),
    )


def url(measure):
    return f"/manage/measures/{measure.pk}/record/"


def test_an_owner_records_a_figure_with_who_and_when(client, officer, measure):
    client.force_login(officer)
    response = client.post(url(measure), {"measured_on": "2019-03-31", "value": "55.5"})
    assert response.status_code == 302
    measurement = Measurement.objects.get(measure=measure)
    assert measurement.value == Decimal("55.5")
    assert measurement.recorded_by == officer
    assert measurement.history.latest().history_user == officer


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101", "between 0 and 100"),
        ("-1", "0 or more"),
        ("lots", "Enter a number"),
        ("", "This field is required"),
    ],
)
def test_figures_are_checked_against_the_unit(client, officer, measure, value, message):
    client.force_login(officer)
    response = client.post(url(measure), {"measured_on": "2019-03-31", "value": value})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not Measurement.objects.exists()


def test_one_figure_per_date(client, officer, measure):
    MeasurementFactory(measure=measure, measured_on=datetime.date(2019, 3, 31), value=50)
    client.force_login(officer)
    page = client.post(url(measure), {"measured_on": "2019-03-31", "value": "60"}).content
    assert b"already a figure for 31 March 2019" in page
    assert measure.measurements.count() == 1


def test_a_figure_cannot_be_for_a_future_date(client, officer, measure):
    client.force_login(officer)
    page = client.post(url(measure), {"measured_on": "2999-01-01", "value": "60"}).content
    assert b"cannot be in the future" in page


def test_officers_cannot_record_figures_for_measures_they_do_not_own(client, officer):
    client.force_login(officer)
    assert client.get(url(SuccessMeasureFactory())).status_code == 403


def test_a_programme_manager_records_figures_for_any_measure(client, manager):
    client.force_login(manager)
    measure = SuccessMeasureFactory()
    response = client.post(url(measure), {"measured_on": "2019-03-31", "value": "100"})
    assert response.status_code == 302
