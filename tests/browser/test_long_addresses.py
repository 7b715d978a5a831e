"""A long web address with no spaces, pasted into a summary or a comment, wraps: no page
widens to fit it, at 320px or on a desktop, and no table grows past its box."""

import pytest
from django.contrib.auth import get_user_model

from actions.coproduction import post_comment
from actions.models import Action
from actions.services import ProgressChange, record_progress

from .conftest import assert_accessible, sign_in
from .test_narrow_tables import SPILLS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADDRESS = (
    "https://suttoncouncil.sharepoint.com/sites/SENDImprovementProgramme/Shared%20Documents/"
    "Workstream%204/Evidence/2019-03-31-Annual-Review-Timeliness-Audit-Final-Version-3.pdf"
)


@pytest.fixture
def long_addresses(demo):
    """Action 4.11 with the address in its latest update's summary and in a parent's comment."""
    users = get_user_model().objects
    action = Action.objects.get(statement=demo, reference="4.11")
    record_progress(
        action,
        users.get(username="manager"),
        ProgressChange(
            status=Action.Status.IN_PROGRESS,
            confidence=Action.Confidence.AT_RISK,
            public_summary=f"The audit is at {ADDRESS} for anyone to read.",
        ),
        expected_version=action.version,
    )
    post_comment(action, users.get(username="parent"), f"Is this the final one? {ADDRESS}")
    return action


def assert_wraps(page, name):
    assert ADDRESS[:40] in page.inner_text("main")
    assert page.evaluate(SPILLS) == [], name
    assert_accessible(page, name)


def test_long_addresses_wrap_on_public_and_internal_pages(page, live_server, demo, long_addresses):
    page.goto(live_server.url + long_addresses.get_absolute_url())
    assert_wraps(page, "long-address-public-action")
    sign_in(page, live_server, "manager")
    for name, path in {
        "review-dashboard": "/review/",
        "review-action": f"/review/actions/{long_addresses.pk}/",
        "update-action": f"/manage/actions/{long_addresses.pk}/update/",
        "board-report": f"/manage/plan/statements/{demo.pk}/board-report/",
    }.items():
        page.goto(live_server.url + path)
        assert_wraps(page, f"long-address-{name}")
