"""A programme manager sets a measure's milestones from the statement page: in a real
browser at both widths, checked by axe, with an error on the way."""

import pytest

from workstreams.models import SuccessMeasure

from .conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_adds_and_removes_a_milestone(page, live_server, demo):
    measure = SuccessMeasure.objects.get(statement=demo, reference="M4")
    sign_in(page, live_server, "manager", f"/manage/plan/statements/{demo.pk}/")
    page.get_by_role("link", name="Milestones for M4").click()
    assert_accessible(page, "milestones")

    page.get_by_label("Date it should be reached by").fill("2019-09-30")
    page.get_by_label("Value").fill("150")
    page.get_by_role("button", name="Add milestone").click()
    assert (
        "Enter a percentage between 0 and 100." in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page, "milestones-error")

    page.get_by_label("Value").fill("77")
    page.get_by_role("button", name="Add milestone").click()
    assert "Milestone added to M4" in page.locator(".govuk-notification-banner").inner_text()
    assert measure.milestones.filter(value=77).exists()
    page.get_by_role("button", name="Remove the milestone for 30 September 2019").click()
    assert "removed from M4" in page.locator(".govuk-notification-banner").inner_text()
    assert not measure.milestones.filter(value=77).exists()
    assert_accessible(page, "milestones-removed")
