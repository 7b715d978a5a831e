"""The improvement board report in a real browser: accessible at 1280px and 320px."""

import pytest

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_reads_the_board_report_for_a_chosen_period(page, live_server, demo):
    sign_in(page, live_server, "manager")
    page.goto(live_server.url + f"/manage/plan/statements/{demo.pk}/")
    page.get_by_role("link", name="Improvement board report").click()
    page.get_by_label("From").fill("2018-01-01")
    page.get_by_label("To").fill("2020-12-31")
    page.get_by_role("button", name="Show the report").click()
    page.wait_for_url("**start=2018-01-01&end=2020-12-31")
    assert "1 January 2018 to 31 December 2020" in page.content()
    assert page.get_by_role("heading", name="Overdue actions").count() == 4
    assert_accessible(page, "board-report")

    page.emulate_media(media="print")
    screenshot(page, "board-report-print")
    assert not page.locator("form.app-no-print").is_visible()
    assert not page.get_by_role("link", name="Download as CSV").is_visible()
    breaks = page.evaluate(
        "[...document.querySelectorAll('.app-board-workstream')]"
        ".map(section => getComputedStyle(section).breakBefore)"
    )
    assert breaks == ["page"] * 4


def test_wrong_dates_are_summarised_and_linked_to_their_fields(page, live_server, demo):
    sign_in(page, live_server, "manager")
    page.goto(
        live_server.url + f"/manage/plan/statements/{demo.pk}/board-report/"
        "?start=2020-06-01&end=2019-06-01"
    )
    summary = page.locator(".govuk-error-summary")
    message = "The end date must be the same as or after the start date"
    assert message in summary.inner_text()
    assert_accessible(page, "board-report-errors")
    summary.get_by_role("link", name=message).click()
    assert page.evaluate("document.activeElement.id") == "id_end"
