"""An officer corrects a figure on its change page; a parent representative sees the
correction on their review dashboard: in a real browser, checked by axe at both widths."""

import pytest

from workstreams.models import Measurement

from .conftest import WIDTHS, assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def officer_page(browser, page):
    context = browser.new_context(viewport={"width": WIDTHS[page.width_name], "height": 900})
    officer_page = context.new_page()
    officer_page.width_name = page.width_name
    yield officer_page
    context.close()


def test_a_parent_sees_a_corrected_figure_on_the_dashboard(
    page,
    officer_page,
    live_server,
    demo,
):
    figure = (
        Measurement.objects.filter(measure__owner__user__username="officer")
        .select_related("measure")
        .order_by("-measured_on")
        .first()
    )
    measure = figure.measure
    was = measure.format_value(figure.value)
    corrected = figure.value + 1
    change_page = f"/manage/measures/figures/{figure.pk}/change/"

    sign_in(officer_page, live_server, "officer", change_page)
    officer_page.get_by_label("Figure", exact=True).fill(str(corrected))
    officer_page.get_by_role("button", name="Save correction").click()
    officer_page.wait_for_url(f"{live_server.url}/manage/measures/{measure.pk}/record/")

    sign_in(page, live_server, "parent", "/review/")
    row = page.locator("tr", has_text="Figure corrected")
    assert row.count() == 1
    text = row.inner_text()
    assert f"Measure {measure.reference}: {measure.title}" in text
    detail = f"From {was} to {measure.format_value(corrected)} for {figure.measured_on:%-d %B %Y}"
    assert detail in text
    assert row.locator(".govuk-tag--yellow").inner_text() == "Figure corrected"
    link = row.get_by_role("link", name=f"Measure {measure.reference}: {measure.title}")
    assert link.get_attribute("href") == f"/review/measures/{measure.pk}/"
    assert_accessible(page, "review-dashboard-figure-corrected")
