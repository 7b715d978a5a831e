"""A programme manager changes the weaknesses an action addresses on its edit page, then
reads that change on the action's history page: in a real browser, checked by axe at
both widths."""

import pytest
from django.urls import reverse

from actions.models import Action

from .conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_change_of_weaknesses_shows_before_and_after_on_the_history_page(page, live_server, demo):
    action = Action.objects.filter(statement=demo).order_by("reference").first()
    linked = sorted(action.weaknesses.values_list("number", flat=True))
    added = demo.weaknesses.exclude(number__in=linked).order_by("number").first()
    edit_page = reverse("workspace:action_edit", kwargs={"pk": action.pk})
    history_page = reverse("workspace:history", kwargs={"model": "action", "pk": action.pk})

    sign_in(page, live_server, "manager", edit_page)
    page.get_by_label(str(added)).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.goto(live_server.url + history_page)

    latest = page.locator(".govuk-summary-card").first
    assert "Changed by" in latest.locator(".govuk-summary-card__title").inner_text()
    row = latest.locator("tr", has_text="Weaknesses addressed")
    before = ", ".join(f"Weakness {n}" for n in linked)
    after = ", ".join(f"Weakness {n}" for n in sorted([*linked, added.number]))
    assert row.locator("td").nth(0).inner_text().endswith(before)
    assert row.locator("td").nth(1).inner_text().endswith(after)
    assert_accessible(page, "history-action-links")
