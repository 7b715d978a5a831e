"""An owner from an organisation outside the list: the field for the organisation's name
sits under "Other partner", always shown (no scripted reveal: it would put aria-expanded
on a radio, which axe reports), and is needed only with that option."""

import pytest

from workstreams.models import Owner

from .conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_OWNER = "/manage/plan/owners/new/"
IASS = "Sutton Information, Advice and Support Service"


def test_other_partner_asks_for_the_name_of_the_organisation(page, live_server, demo):
    sign_in(page, live_server, "manager", NEW_OWNER)
    other = page.get_by_label("Other partner")
    name = page.get_by_label("Name of the organisation")
    assert name.is_visible()
    assert other.get_attribute("aria-expanded") is None
    assert_accessible(page, "owner-form-other-partner")

    page.get_by_label("Name", exact=True).fill("Sam Okafor")
    page.get_by_label("Job title").fill("Carers Support Manager")
    other.check()
    page.get_by_role("button", name="Add owner").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the name of the organisation." in summary.inner_text()
    assert name.is_visible()  # the error is next to the field, not hidden
    assert (
        page.locator("#id_organisation_name_error")
        .inner_text()
        .endswith("Enter the name of the organisation.")
    )
    assert not Owner.objects.filter(name="Sam Okafor").exists()
    assert_accessible(page, "owner-form-name-missing")
    summary.get_by_role("link", name="Enter the name of the organisation.").click()
    assert page.evaluate("document.activeElement.id") == "id_organisation_name"

    name.fill("Sutton Carers Centre")
    page.get_by_role("button", name="Add owner").click()
    page.wait_for_url(live_server.url + "/manage/plan/owners/")
    owner = Owner.objects.get(name="Sam Okafor")
    assert owner.organisation_label == "Sutton Carers Centre"
    assert page.get_by_role("cell", name="Sutton Carers Centre").is_visible()


def test_without_javascript_the_name_of_the_organisation_is_always_shown(
    browser, live_server, demo
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.width_name = "no-js"
        sign_in(page, live_server, "manager", NEW_OWNER)
        assert page.get_by_label("Name of the organisation").is_visible()
    finally:
        context.close()
