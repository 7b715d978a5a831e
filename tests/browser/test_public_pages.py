"""The published statement in a real browser: accessible at desktop width and at 320px."""

import pytest

from .conftest import assert_all_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def page_types(statement):
    action = statement.actions.filter(revised_due_date__isnull=False).first()
    return {
        "home": "/",
        "statement": statement.get_absolute_url(),
        "weakness": statement.weaknesses.first().get_absolute_url(),
        "workstream": statement.workstreams.first().get_absolute_url(),
        "action": action.get_absolute_url(),
        "late-actions": f"/{statement.slug}/actions/late/",
        "measures": f"/{statement.slug}/measures/",
        "glossary": "/glossary/",
        "accessibility": "/accessibility/",
        "open-data": "/open-data/",
        "not-found": "/no-such-page/",
    }


def test_every_public_page_type_has_no_wcag_violations(page, live_server, demo):
    assert_all_accessible(page, live_server, page_types(demo), prefix="public-")


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, live_server, demo):
    page.goto(live_server.url + demo.get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_focus_moves_through_the_header_before_the_content(page, live_server, demo):
    page.goto(live_server.url + demo.get_absolute_url())
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate("document.activeElement.closest('header, main, footer')?.tagName")
        )
    assert order[0] is None  # the skip link sits before the header
    assert "HEADER" in order
    assert order.index("HEADER") < (order.index("MAIN") if "MAIN" in order else len(order))


def test_status_is_written_in_words_not_only_colour(page, live_server, demo):
    page.goto(live_server.url + demo.get_absolute_url())
    tags = page.locator("main .govuk-tag").all_inner_texts()
    assert tags, "status tags on the statement page"
    assert set(tags) <= {"Complete", "In progress", "Not started", "Overdue"}
