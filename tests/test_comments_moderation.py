"""A programme manager hides a comment with a reason; it is kept, and the thread says so."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.coproduction import hide_comment, post_comment
from actions.models import Comment

pytestmark = pytest.mark.django_db


def hide_url(comment):
    return f"/review/comments/{comment.pk}/hide/"


@pytest.fixture
def comment(parent, action):
    return post_comment(action, parent, "The SENCO at Oak School, Ms Smith, ignored us.")


def test_a_programme_manager_hides_a_comment_with_a_reason(client, manager, comment, action):
    client.force_login(manager)
    form = client.get(hide_url(comment)).content.decode()
    assert "The SENCO at Oak School" in form
    response = client.post(hide_url(comment), {"reason": "Names a member of staff."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden
    assert (comment.hidden_by, comment.hidden_reason) == (manager, "Names a member of staff.")
    assert Comment.objects.filter(pk=comment.pk).exists()  # nothing deleted


def test_the_thread_shows_who_hid_it_and_why_but_not_what_it_said(
    client, manager, parent, comment, action
):
    hide_comment(comment, manager, "Names a member of staff.")
    client.force_login(parent)
    page = client.get(f"/review/actions/{action.pk}/").content.decode()
    assert "Ms Smith" not in page
    assert f"Hidden by <bdi>{manager.get_full_name()}</bdi>" in page
    assert "Names a member of staff." in page
    # A hidden comment waits for nothing.
    assert "<strong>0</strong> comments awaiting response" in page


def test_moderators_can_still_read_what_was_hidden(client, manager, comment, action):
    hide_comment(comment, manager, "Names a member of staff.")
    client.force_login(manager)
    page = client.get(f"/review/actions/{action.pk}/").content.decode()
    assert "Show what was hidden" in page
    assert "Ms Smith" in page


def test_the_history_records_the_hiding(manager, comment):
    hide_comment(comment, manager, "Names a member of staff.")
    latest = comment.history.latest()
    assert latest.hidden_by_id == manager.pk
    assert latest.history_user == manager
    assert latest.hidden_reason == "Names a member of staff."
    assert comment.history.count() == 2


def test_a_reason_is_required(client, manager, comment):
    client.force_login(manager)
    page = client.post(hide_url(comment), {"reason": "  "}).content.decode()
    assert '<a href="#id_reason">Enter why you are hiding this comment</a>' in page
    comment.refresh_from_db()
    assert not comment.is_hidden


@pytest.mark.parametrize("who", ["parent", "officer", "lead"])
def test_only_programme_managers_hide_comments(client, comment, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(hide_url(comment)).status_code == 403
    assert client.post(hide_url(comment), {"reason": "No"}).status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_the_admin_cannot_delete_a_comment(admin_client, comment):
    response = admin_client.post(f"/admin/actions/comment/{comment.pk}/delete/", {"post": "yes"})
    assert response.status_code in (302, 403)
    assert Comment.objects.filter(pk=comment.pk).exists()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(reason=st.text(max_size=700))
def test_no_reason_gives_a_server_error(client, manager, parent, action, reason):
    comment = Comment.objects.create(action=action, author=parent, body="Something")
    client.force_login(manager)
    assert client.post(hide_url(comment), {"reason": reason}).status_code in (200, 302)
