"""A parent representative comments, an officer answers, the parent sees the answer:
in a real browser, with every page checked by axe at desktop and phone widths."""

import re

import pytest

from actions.models import Action, Comment

from .conftest import WIDTHS, assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
QUESTION = "Browser test: will families be told when the new advisers start?"
ANSWER = "Browser test: yes, by letter and on the Local Offer in September."


def your_comments_awaiting(page):
    return int(page.locator("#count-yours-awaiting").inner_text())


def awaiting_on_the_page(page):
    text = page.locator("#awaiting-count").inner_text()
    return int(re.match(r"(\d+)", text).group(1))


@pytest.fixture
def officer_page(browser, page):
    """A second browser, the same width as the first, for the officer."""
    context = browser.new_context(viewport={"width": WIDTHS[page.width_name], "height": 900})
    officer_page = context.new_page()
    officer_page.width_name = page.width_name
    yield officer_page
    context.close()


def test_a_parent_comments_an_officer_answers_and_the_parent_sees_it(
    page, officer_page, live_server, demo
):
    action = (
        Action.objects.filter(owner__user__username="officer").exclude(status="complete").first()
    )
    review_page = f"/review/actions/{action.pk}/"

    # The parent signs in, reviews, and comments.
    sign_in(page, live_server, "parent", "/review/")
    assert_accessible(page, "review-dashboard")
    waiting_before = your_comments_awaiting(page)

    page.goto(live_server.url + review_page)
    assert_accessible(page, "review-action")
    awaiting_here = awaiting_on_the_page(page)
    page.get_by_role("button", name="Post comment").click()
    assert "Enter your comment" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "review-action-errors")

    page.get_by_label("Your comment").fill(QUESTION)
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(re.escape(live_server.url + review_page) + r"#comment-\d+"))
    assert "awaiting response" in page.locator(".govuk-notification-banner").inner_text()
    assert awaiting_on_the_page(page) == awaiting_here + 1
    page.goto(live_server.url + "/review/")
    assert your_comments_awaiting(page) == waiting_before + 1

    # The officer who owns the action answers from their update page.
    question = Comment.objects.get(body=QUESTION)
    update_page = f"/manage/actions/{action.pk}/update/"
    sign_in(officer_page, live_server, "officer", update_page)
    assert QUESTION in officer_page.content()
    assert_accessible(officer_page, "update-action-with-comments")
    officer_page.locator("summary", has_text="Reply to the comment from Joanna Pike").first.click()
    officer_page.locator(f'textarea[name="reply-{question.pk}-body"]').fill(ANSWER)
    officer_page.locator(f'form[action="/review/comments/{question.pk}/reply/"]').get_by_role(
        "button", name="Post reply"
    ).click()
    officer_page.wait_for_url(
        re.compile(re.escape(live_server.url + update_page) + r"#comment-\d+")
    )
    assert (
        "Your answer was posted" in officer_page.locator(".govuk-notification-banner").inner_text()
    )
    assert_accessible(officer_page, "update-action-answered")

    # The parent sees the answer, and their count of comments awaiting response falls.
    page.goto(live_server.url + "/review/")
    assert your_comments_awaiting(page) == waiting_before
    assert_accessible(page, "review-dashboard-after")
    page.goto(live_server.url + review_page)
    thread = page.locator(f"#comment-{question.pk}").locator("..")
    assert ANSWER in thread.inner_text()
    assert "Answered" in page.locator(f"#comment-{question.pk}").inner_text()
    assert awaiting_on_the_page(page) == awaiting_here
    assert_accessible(page, "review-action-answered")


def test_the_parents_view_and_the_statement_overview_are_accessible(page, live_server, demo):
    action = Action.objects.filter(workstream__number=1).first()
    sign_in(page, live_server, "parent", "/review/")
    page.goto(f"{live_server.url}/review/statements/{action.statement_id}/")
    assert_accessible(page, "review-statement")
    page.goto(f"{live_server.url}/review/actions/{action.pk}/parents-view/")
    assert_accessible(page, "parents-view-form")
    page.get_by_role("button", name="Record the view").click()
    assert_accessible(page, "parents-view-errors")
    page.get_by_role("radio", name="Families are seeing some difference").check()
    page.get_by_label("Why?").fill("Browser test: some families have noticed shorter waits.")
    page.get_by_role("button", name="Record the view").click()
    page.wait_for_url(re.compile(rf".*/review/actions/{action.pk}/#parents-view"))
    assert "Browser test: some families" in page.content()
    assert_accessible(page, "review-action-with-view")


def test_moderation_and_you_said_pages_are_accessible(page, live_server, demo):
    answered = (
        Comment.objects.filter(reply_to=None, replies__isnull=False)
        .select_related("action")
        .first()
    )
    sign_in(page, live_server, "manager", "/review/")
    page.goto(f"{live_server.url}/review/comments/{answered.pk}/you-said-we-did/")
    assert_accessible(page, "you-said-form")
    page.goto(f"{live_server.url}/review/comments/{answered.pk}/hide/")
    page.get_by_role("button", name="Hide comment").click()
    assert_accessible(page, "hide-comment-errors")
    page.goto(f"{live_server.url}/{answered.action.statement.slug}/you-said-we-did/")
    assert_accessible(page, "public-you-said")
