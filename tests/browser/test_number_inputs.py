"""Numbers are typed into text inputs (GOV.UK Frontend's advice): what a person types
reaches the server, so "12,5" or a stray letter is explained next to the field rather
than reported as a missing figure, and nothing is saved."""

import pytest

from workstreams.models import Measurement, SuccessMeasure

from .conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("typed", ["12,5", "about 40"])
def test_a_figure_that_is_not_a_number_is_explained(page, live_server, demo, typed):
    measure = SuccessMeasure.objects.filter(owner__user__username="officer").first()
    before = Measurement.objects.filter(measure=measure).count()
    record = f"/manage/measures/{measure.pk}/record/"
    sign_in(page, live_server, "officer", record)
    figure = page.get_by_label("Figure", exact=True)
    assert figure.get_attribute("type") == "text"
    page.get_by_label("Date the figure is for").fill("2020-01-31")
    figure.fill(typed)
    page.get_by_role("button", name="Record figure").click()
    summary = page.locator(".govuk-error-summary")
    assert "The figure must be a number, such as 42 or 12.5." in summary.inner_text()
    assert (
        page.locator("#id_value_error")
        .inner_text()
        .endswith("The figure must be a number, such as 42 or 12.5.")
    )
    assert figure.input_value() == typed  # kept, to correct
    assert Measurement.objects.filter(measure=measure).count() == before
    assert_accessible(page, "figure-not-a-number")
