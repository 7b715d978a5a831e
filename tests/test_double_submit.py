"""A button pressed twice (or a page sent again) saves once.

Every plan form refuses a second copy by its number, reference or date, and an
officer's second update stops on the action's version. Comments, answers and the
parents' view have nothing of the kind: the same words by the same person in the
same place within a moment are taken for one post (actions/coproduction.py).
"""

import datetime

import pytest
import time_machine
from django.db import connection

from actions.coproduction import post_comment, record_parents_view
from actions.models import Comment, Notification, ParentsView, ProgressUpdate

from .factories import CommentFactory, WorkstreamMembershipFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2019, 6, 3, 10, 0, tzinfo=datetime.UTC)
RESUBMIT_WINDOW = datetime.timedelta(minutes=2)  # actions.coproduction.RESUBMIT_WINDOW


@pytest.fixture
def as_parent(client, parent, action):
    WorkstreamMembershipFactory(workstream=action.workstream, user=parent)
    client.force_login(parent)
    return client


@time_machine.travel(NOW)
def test_a_comment_sent_twice_is_posted_once(as_parent, action):
    url = f"/review/actions/{action.pk}/"
    first = as_parent.post(url, {"body": "When will the advisers start?"})
    second = as_parent.post(url, {"body": "When will the advisers start?"})
    comment = Comment.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"{url}#comment-{comment.pk}"
    assert Notification.objects.count() <= 1  # the owner is told once, if at all


@time_machine.travel(NOW)
def test_a_reply_sent_twice_is_posted_once_and_emails_once(client, parent, officer, action):
    question = post_comment(action, parent, "When?", page_url="http://testserver/")
    client.force_login(officer)
    data = {f"reply-{question.pk}-body": "In September."}
    for _ in range(2):
        response = client.post(f"/review/comments/{question.pk}/reply/", data)
        assert response.status_code == 302
    answer = Comment.objects.get(reply_to=question)
    assert answer.is_answer
    assert Notification.objects.filter(comment=answer).count() == 1


def test_the_same_words_later_or_elsewhere_are_a_new_comment(parent, action):
    with time_machine.travel(NOW, tick=False):
        post_comment(action, parent, "Thank you.")
        thread = CommentFactory(action=action)
        post_comment(action, parent, "Thank you.", reply_to=thread)  # another place
        post_comment(action, parent, "Thanks again.")  # other words
    with time_machine.travel(NOW + RESUBMIT_WINDOW + datetime.timedelta(seconds=1), tick=False):
        post_comment(action, parent, "Thank you.")  # said again, later
    assert Comment.objects.filter(author=parent).count() == 4


def test_the_same_words_after_the_first_was_hidden_are_posted(parent, manager, action):
    from actions.coproduction import hide_comment

    with time_machine.travel(NOW, tick=False):
        first = post_comment(action, parent, "Mrs Smith's son was excluded.")
        hide_comment(first, manager, "Names a family.")
        again = post_comment(action, parent, "Mrs Smith's son was excluded.")
    assert again.pk != first.pk


@time_machine.travel(NOW)
def test_a_parents_view_sent_twice_is_recorded_once(as_parent, action):
    url = f"/review/actions/{action.pk}/parents-view/"
    data = {"assessment": ParentsView.Assessment.choices[0][0], "reason": "Too slow."}
    for _ in range(2):
        assert as_parent.post(url, data).status_code == 302
    assert ParentsView.objects.count() == 1


def test_a_parents_view_given_again_later_is_a_new_record(parent, action):
    assessment = ParentsView.Assessment.choices[0][0]
    with time_machine.travel(NOW, tick=False):
        record_parents_view(action, parent, assessment, "Too slow.")
    with time_machine.travel(NOW + RESUBMIT_WINDOW + datetime.timedelta(seconds=1), tick=False):
        record_parents_view(action, parent, assessment, "Too slow.")
    assert ParentsView.objects.count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks: run with DATABASE_URL=postgres://… (SQLite runs one writer at a time)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_a_comment_sent_twice_at_once_is_posted_once(parent, action):
    from .test_lock_order import run_at_once

    results = run_at_once(
        lambda: post_comment(action, parent, "Sent twice at once."),
        lambda: None,
        lambda: post_comment(action, parent, "Sent twice at once."),
    )
    assert results == {"first": "done", "second": "done"}
    assert Comment.objects.filter(author=parent).count() == 1


def test_an_update_sent_twice_is_saved_once_without_a_conflict_page(client, officer, action):
    client.force_login(officer)
    data = {
        "version": action.version,
        "status": "in_progress",
        "confidence": "at_risk",
        "public_summary": "Two advisers have started.",
        "narrative": "Panel met on Monday.",
    }
    url = f"/manage/actions/{action.pk}/update/"
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert ProgressUpdate.objects.filter(action=action).count() == 1


def test_different_words_from_a_stale_form_still_get_the_conflict_page(client, officer, action):
    client.force_login(officer)
    data = {"version": action.version, "status": "in_progress", "confidence": "at_risk"}
    url = f"/manage/actions/{action.pk}/update/"
    assert client.post(url, data | {"narrative": "First."}).status_code == 302
    assert client.post(url, data | {"narrative": "Something else."}).status_code == 409
    assert ProgressUpdate.objects.filter(action=action).count() == 1


def test_the_same_update_from_someone_else_is_still_a_conflict(client, officer, lead, action):
    data = {"version": action.version, "status": "in_progress", "confidence": "at_risk"}
    url = f"/manage/actions/{action.pk}/update/"
    client.force_login(officer)
    assert client.post(url, data).status_code == 302
    client.force_login(lead)
    assert client.post(url, data).status_code == 409
    assert ProgressUpdate.objects.filter(action=action).count() == 1
