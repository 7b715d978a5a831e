"""Progress reports in a real browser: a manager publishes one, families read and compare them."""

import datetime

import pytest
from django.utils import timezone

from reports.services import publish_progress_report

from .conftest import assert_accessible, assert_all_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_publishes_a_progress_report(page, live_server, demo):
    reports_url = f"/manage/plan/statements/{demo.pk}/progress-reports/"
    sign_in(page, live_server, "manager", reports_url)
    assert_accessible(page, "progress-reports-manage")

    page.get_by_label("Date the report is as at").fill("2999-01-01")
    page.get_by_role("button", name="Continue").click()
    assert "must be today or in the past" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "progress-reports-manage-error")

    page.get_by_label("Date the report is as at").fill(timezone.localdate().isoformat())
    page.get_by_label("Introduction (optional)").fill("Our first quarterly report.")
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page, "progress-reports-confirm")
    page.get_by_role("button", name="Publish progress report").click()
    page.wait_for_url(live_server.url + reports_url)
    assert "is published" in page.locator(".govuk-notification-banner").inner_text()
    assert demo.progress_reports.count() == 1


def test_public_progress_report_pages_have_no_wcag_violations(page, live_server, demo):
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=92)
    publish_progress_report(demo, earlier, "The report for the last quarter.", None, today=earlier)
    action = demo.actions.exclude(status="complete").first()
    action.status, action.confidence = "in_progress", "off_track"
    action.save()
    publish_progress_report(demo, today, "What changed this quarter, in plain English.", None)
    base = f"/{demo.slug}/progress-reports/"
    pages = {
        "progress-report-list": base,
        "progress-report": f"{base}{today.isoformat()}/",
        "progress-report-compare": f"{base}compare/?from={earlier}&to={today}",
        "progress-report-compare-error": f"{base}compare/?from={today}&to={today}",
    }
    assert_all_accessible(page, live_server, pages)


def test_the_compare_form_works_without_javascript(browser, live_server, demo):
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=92)
    for day in (earlier, today):
        publish_progress_report(demo, day, "", None, today=day)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + f"/{demo.slug}/progress-reports/compare/")
    page.get_by_label("Earlier report").select_option(earlier.isoformat())
    page.get_by_label("Later report").select_option(earlier.isoformat())
    page.get_by_role("button", name="Compare reports").click()
    assert "Choose two different" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Later report").select_option(today.isoformat())
    page.get_by_role("button", name="Compare reports").click()
    assert "What changed between" in page.locator("main").inner_text()
    context.close()
