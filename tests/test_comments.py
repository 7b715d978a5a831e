"""Comments on actions and measures: threads, answers, and who may write what."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.coproduction import post_comment
from actions.models import Action, Comment, ProgressUpdate

from .factories import (
    ActionFactory,
    CommentFactory,
    MeasurementFactory,
    OfficerFactory,
    OwnerFactory,
    ParentRepresentativeFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2019, 6, 3, 10, 0, tzinfo=datetime.UTC)


def page(action):
    return f"/review/actions/{action.pk}/"


def reply_url(comment):
    return f"/review/comments/{comment.pk}/reply/"


def comment_on(client, action, body):
    return client.post(page(action), {"body": body})


def reply(client, comment, body, **extra):
    # Every reply form on a page is its thread's: named after the thread's first comment.
    thread = comment.reply_to_id or comment.pk
    return client.post(reply_url(comment), {f"reply-{thread}-body": body, **extra})


@pytest.fixture
def as_parent(client, parent):
    client.force_login(parent)
    return client


# Posting and answering ---------------------------------------------------------------


def test_a_parent_comments_and_the_comment_awaits_a_response(as_parent, parent, action):
    response = comment_on(as_parent, action, "When will families see the new advisers?")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{page(action)}#comment-{comment.pk}"
    assert (comment.author, comment.action, comment.author_role) == (
        parent,
        action,
        Comment.Role.PARENT_REPRESENTATIVE,
    )
    assert comment.awaits_answer and not comment.is_answer
    body = as_parent.get(page(action)).content.decode()
    assert "When will families see the new advisers?" in body
    assert "Awaiting response" in body
    assert "<strong>1</strong> comment awaiting response" in body


@time_machine.travel(NOW, tick=False)
def test_the_owners_reply_answers_the_thread_and_records_the_time_to_answer(
    client, parent, officer, action
):
    question = post_comment(
        action, parent, "Is the panel booked?", at=NOW - datetime.timedelta(days=2, hours=3)
    )
    client.force_login(officer)
    response = reply(client, question, "Yes, for 12 June.")
    assert response.status_code == 302
    question.refresh_from_db()
    answer = Comment.objects.get(reply_to=question)
    assert answer.is_answer and answer.author_role == Comment.Role.OFFICER
    assert question.answer == answer
    assert question.answered_at == NOW
    assert question.time_to_answer == datetime.timedelta(days=2, hours=3)
    assert not question.awaits_answer
    body = client.get(page(action)).content.decode()
    assert "<strong>0</strong> comments awaiting response" in body
    assert "after 2\xa0days, 3\xa0hours" in body


@pytest.mark.parametrize("who", ["lead", "manager"])
def test_the_workstream_lead_or_a_programme_manager_may_answer(
    client, parent, action, who, request
):
    question = post_comment(action, parent, "Who chairs the panel?")
    answerer = request.getfixturevalue(who)
    client.force_login(answerer)
    reply(client, question, "The head of service.")
    question.refresh_from_db()
    assert question.answered_at is not None
    assert question.answer.author == answerer


def test_a_reply_from_another_officer_or_parent_does_not_answer(client, parent, action):
    question = post_comment(action, parent, "Who chairs the panel?")
    for someone in (OfficerFactory(), ParentRepresentativeFactory()):
        client.force_login(someone)
        assert reply(client, question, "I think it is the head of service.").status_code == 302
    question.refresh_from_db()
    assert question.awaits_answer
    follow_ups = Comment.objects.filter(reply_to=question)
    assert [c.is_answer for c in follow_ups] == [False, False]
    # Those replies wait for an answer too; the owner's answer covers the whole thread.
    assert Comment.objects.awaiting_answer().count() == 3
    post_comment(action, action.owner.user, "It is the head of service.", reply_to=question)
    assert Comment.objects.awaiting_answer().count() == 0


def test_an_officers_own_comment_on_their_action_waits_for_nothing(officer, action):
    comment = post_comment(action, officer, "Panel booked for 12 June.")
    assert comment.is_answer and not comment.awaits_answer
    assert not comment.answers_its_thread  # it answers nothing: it starts a thread


@pytest.mark.parametrize("who", ["officer", "lead", "manager"])
def test_a_comment_in_the_main_box_is_a_comment_not_an_answer(client, parent, action, who, request):
    question = post_comment(action, parent, "Is the panel booked?")
    answerer = request.getfixturevalue(who)
    client.force_login(answerer)
    body = client.get(page(action)).content.decode()
    # Where the box is, the page says where an answer goes instead.
    assert (
        '<div class="govuk-hint" id="id_body_helptext">1 comment on this page is waiting for '
        "your answer. To answer it, use “Reply” under it" in body
    )
    response = client.post(page(action), {"body": "Booked for 12 June."}, follow=True)
    posted = Comment.objects.get(body="Booked for 12 June.")
    assert [str(m) for m in response.context["messages"]] == ["Your comment was posted."]
    question.refresh_from_db()
    assert question.awaits_answer  # nothing was attached to the question behind their back
    html = response.content.decode()
    assert "<strong>1</strong> comment awaiting response" in html
    start = html.index(f'id="comment-{posted.pk}"')
    assert ">Answer</strong>" not in html[start : html.index("</p>", start)]


@pytest.mark.parametrize(
    ("who", "told"), [("parent", True), ("officer", False), ("manager", False)]
)
def test_only_parent_representatives_are_told_their_comments_stay_unpublished(
    client, action, who, told, request
):
    client.force_login(request.getfixturevalue(who))
    body = client.get(page(action)).content.decode()
    assert "Web addresses starting https:// become links." in body
    assert ("they are never published unless you agree" in body) is told


def test_nobody_is_pointed_to_reply_when_nothing_waits_for_them(client, parent, officer, action):
    question = post_comment(action, parent, "Is the panel booked?")
    client.force_login(parent)  # it waits, but not for the parent
    assert "waiting for your answer" not in client.get(page(action)).content.decode()
    post_comment(action, officer, "Yes.", reply_to=question)
    client.force_login(officer)  # theirs to answer, but answered
    assert "waiting for your answer" not in client.get(page(action)).content.decode()


def test_replying_to_a_reply_joins_the_same_thread(as_parent, parent, officer, action):
    question = post_comment(action, parent, "Question")
    answer = post_comment(action, officer, "Answer", reply_to=question)
    reply(as_parent, answer, "Thank you, and a follow-up.")
    follow_up = Comment.objects.latest("pk")
    assert follow_up.reply_to == question
    assert follow_up.awaits_answer


def test_comments_on_a_measure_are_answered_by_its_owner(client, parent, officer):
    measure = SuccessMeasureFactory(owner=OwnerFactory(user=officer))
    client.force_login(parent)
    response = client.post(
        f"/review/measures/{measure.pk}/", {"body": "Where do the figures come from?"}
    )
    assert response.status_code == 302
    question = Comment.objects.get()
    assert (question.measure, question.action) == (measure, None)
    client.force_login(officer)
    reply(client, question, "The school census.")
    question.refresh_from_db()
    assert question.answer.author == officer
    assert "The school census." in client.get(f"/review/measures/{measure.pk}/").content.decode()


def test_officers_see_and_answer_the_threads_on_their_update_page(client, parent, officer, action):
    question = post_comment(action, parent, "Is the panel booked?")
    client.force_login(officer)
    update_page = f"/manage/actions/{action.pk}/update/"
    body = client.get(update_page).content.decode()
    assert "Is the panel booked?" in body
    assert "Awaiting response" in body
    assert f'action="/review/comments/{question.pk}/reply/"' in body
    assert f'name="reply-{question.pk}-next" value="{update_page}"' in body
    response = reply(client, question, "Yes.", **{f"reply-{question.pk}-next": update_page})
    assert response.status_code == 302
    assert response.url.startswith(f"{update_page}#comment-")
    question.refresh_from_db()
    assert question.answered_at is not None


def test_a_reply_refused_on_the_update_page_comes_back_there(client, parent, officer, action):
    question = post_comment(action, parent, "Is the panel booked?")
    client.force_login(officer)
    update_page = f"/manage/actions/{action.pk}/update/"
    response = reply(client, question, "", **{f"reply-{question.pk}-next": update_page})
    assert response.status_code == 200
    assert response.templates[0].name == "workspace/action_update.html"
    html = response.content.decode()
    assert "Enter your reply" in html
    assert f'href="#id_reply-{question.pk}-body"' in html
    assert 'name="status"' in html  # the update form is there too, as it opens,
    # and posts to the update page, not to the reply address this page was served at.
    assert f'<form method="post" action="{update_page}"' in html
    assert not question.replies.exists()


def test_a_refused_reply_from_elsewhere_comes_back_to_the_thread(client, parent, lead, action):
    # The workstream lead may answer, but this page is the review page they wrote on.
    question = post_comment(action, parent, "Is the panel booked?")
    client.force_login(lead)
    response = reply(client, question, "")
    assert response.templates[0].name == "review/action.html"
    assert "Enter your reply" in response.content.decode()


def test_a_reply_never_goes_back_to_another_site(client, parent, officer, action):
    question = post_comment(action, parent, "Question")
    client.force_login(officer)
    response = reply(
        client, question, "Yes.", **{f"reply-{question.pk}-next": "https://evil.example/"}
    )
    assert "evil" not in response.url
    assert response.url.startswith(page(action))


def test_comments_written_directly_get_their_roles_and_answers_recorded(parent, manager, action):
    # As the demo loader and comments from before roles were recorded do.
    from django.contrib.auth.models import User

    from actions.coproduction import record_existing_answers

    question = CommentFactory(action=action, author=parent, created_at=NOW)
    other = OfficerFactory()
    aside = CommentFactory(action=action, author=other, reply_to=question, created_at=NOW)
    answer = CommentFactory(
        action=action,
        author=manager,
        reply_to=question,
        created_at=NOW + datetime.timedelta(days=1),
    )
    later = CommentFactory(
        action=action, author=parent, created_at=NOW + datetime.timedelta(days=2)
    )
    record_existing_answers(Comment, User)
    record_existing_answers(Comment, User)  # a second run changes nothing
    roles = dict(Comment.objects.values_list("pk", "author_role"))
    assert roles == {
        question.pk: "parent_rep",
        aside.pk: "officer",
        answer.pk: "manager",
        later.pk: "parent_rep",
    }
    question.refresh_from_db()
    aside.refresh_from_db()
    assert question.answer == answer and question.time_to_answer == datetime.timedelta(days=1)
    assert aside.answer == answer
    assert list(Comment.objects.awaiting_answer()) == [later]


# Who may write what ------------------------------------------------------------------


def test_officers_cannot_post_as_parents(client, officer, action):
    client.force_login(officer)
    client.post(
        page(action),
        {
            "body": "Posted by an officer",
            "author": "1",
            "author_role": "parent_rep",
            "is_answer": "",
        },
    )
    comment = Comment.objects.get()
    assert comment.author == officer
    assert comment.author_role == Comment.Role.OFFICER


def test_a_parent_cannot_post_as_someone_else(as_parent, parent, officer, action):
    as_parent.post(page(action), {"body": "Mine", "author": officer.pk, "author_id": officer.pk})
    assert set(Comment.objects.values_list("author", flat=True)) == {parent.pk}


def test_representatives_never_change_plan_data(as_parent, action):
    before = Action.objects.values().get(pk=action.pk)
    for url, data in (
        (f"/manage/actions/{action.pk}/update/", {"status": "complete", "version": 1}),
        (page(action), {"body": "Comment", "status": "complete", "title": "Changed"}),
    ):
        as_parent.post(url, data)
    assert Action.objects.values().get(pk=action.pk) == before
    assert not ProgressUpdate.objects.exists()


def test_someone_in_no_role_cannot_read_or_comment(client, outsider, action):
    client.force_login(outsider)
    assert client.get(page(action)).status_code == 403
    assert comment_on(client, action, "Hello").status_code == 403
    assert not Comment.objects.exists()


def test_nobody_comments_on_an_archived_statement(as_parent):
    action = ActionFactory(statement=StatementFactory(archived=True))
    assert as_parent.get(page(action)).status_code == 200
    assert "Post comment" not in as_parent.get(page(action)).content.decode()
    assert comment_on(as_parent, action, "Too late").status_code == 403


def test_pages_are_never_cached_and_changes_are_post_only(as_parent, action):
    response = as_parent.get(page(action))
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    question = post_comment(action, ParentRepresentativeFactory(), "Question")
    assert as_parent.get(reply_url(question)).status_code == 405
    assert as_parent.put(page(action)).status_code == 405


def test_posting_needs_a_csrf_token(parent, action):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(parent)
    assert strict.post(page(action), {"body": "No token"}).status_code == 403
    assert not Comment.objects.exists()


# Form errors and limits -----------------------------------------------------------


def test_an_empty_comment_is_a_gov_uk_field_error(as_parent, action):
    response = comment_on(as_parent, action, "   \n\t ")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert 'class="govuk-error-summary"' in body
    assert '<a href="#id_body">Enter your comment</a>' in body
    assert 'class="govuk-error-message" id="id_body_error"' in body
    assert not Comment.objects.exists()


def test_an_empty_reply_is_an_error_on_that_threads_form(client, parent, officer, action):
    question = post_comment(action, parent, "Question")
    client.force_login(officer)
    body = reply(client, question, "").content.decode()
    assert f'<a href="#id_reply-{question.pk}-body">Enter your reply</a>' in body
    assert '<details class="govuk-details" open>' in body


def test_a_100_kb_comment_is_refused_with_a_clear_message(as_parent, action):
    response = comment_on(as_parent, action, "a" * 100_000)
    assert response.status_code == 200
    message = "Your comment must be 5,000 characters or fewer (it has 100,000)."
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_posting_is_rate_limited_per_user_with_a_clear_message(as_parent, parent, action):
    with time_machine.travel(NOW, tick=False):
        for n in range(10):
            assert comment_on(as_parent, action, f"Comment {n}").status_code == 302
        response = comment_on(as_parent, action, "One too many")
        body = response.content.decode()
        assert response.status_code == 200
        message = (
            "You have posted a lot of comments in a short time. Wait a few minutes and try again."
        )
        assert f'<a href="#id_body">{message}</a>' in body  # in the error summary
        assert (
            f'<span class="govuk-visually-hidden">Error:</span> {message}' in body
        )  # by the field
        assert Comment.objects.count() == 10
        # Someone else is not held up.
        other = ParentRepresentativeFactory()
        post_comment(action, other, "Fine")
    with time_machine.travel(NOW + datetime.timedelta(minutes=10, seconds=1), tick=False):
        assert comment_on(as_parent, action, "Later").status_code == 302


def test_answers_are_not_rate_limited(officer, action):
    # An officer clearing a backlog of questions is doing what the threads are for.
    questions = [CommentFactory(action=action) for _ in range(12)]
    for question in questions:
        post_comment(action, officer, "Answered.", reply_to=question)
    assert Comment.objects.filter(author=officer, is_answer=True).count() == 12


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.text(max_size=6000))
def test_no_comment_gives_a_server_error(as_parent, action, body):
    response = comment_on(as_parent, action, body)
    assert response.status_code in (200, 302)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.text(max_size=6000), next_url=st.text(max_size=600))
def test_no_reply_gives_a_server_error(client, officer, action, body, next_url):
    question = CommentFactory(action=action)
    client.force_login(officer)
    response = reply(client, question, body, **{f"reply-{question.pk}-next": next_url})
    assert response.status_code in (200, 302)


# Query counts ---------------------------------------------------------------------


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow_threads(action, count):
    parents = [ParentRepresentativeFactory() for _ in range(3)]
    start = timezone.now() - datetime.timedelta(days=count + 1)
    for n in range(count):
        asked = start + datetime.timedelta(days=n)
        question = CommentFactory(
            action=action, author=parents[n % 3], author_role="parent_rep", created_at=asked
        )
        post_comment(
            action,
            action.owner.user,
            f"Answer {n}",
            reply_to=question,
            at=asked + datetime.timedelta(hours=1),
        )
        CommentFactory(action=action, author=parents[(n + 1) % 3], reply_to=question)


def test_thread_pages_cost_the_same_queries_for_3_and_60_threads(client, officer, parent):
    workstream = WorkstreamFactory()
    action = ActionFactory(
        statement=workstream.statement, workstream=workstream, owner=OwnerFactory(user=officer)
    )
    grow_threads(action, 3)
    urls = [page(action), f"/manage/actions/{action.pk}/update/"]
    client.force_login(officer)
    small = [queries_for(client, url) for url in urls]
    grow_threads(action, 57)
    large = [queries_for(client, url) for url in urls]
    assert small == large
    client.force_login(parent)
    assert queries_for(client, page(action)) <= 25


def test_a_measure_page_costs_the_same_queries_for_3_and_60_threads(client, parent, officer):
    measure = SuccessMeasureFactory(owner=OwnerFactory(user=officer))
    measure.actions.add(ActionFactory(statement=measure.statement))
    url = f"/review/measures/{measure.pk}/"

    def grow(count):
        for _ in range(count):
            question = CommentFactory(action=None, measure=measure, author=parent)
            CommentFactory(action=None, measure=measure, author=officer, reply_to=question)
            MeasurementFactory(measure=measure)

    grow(3)
    client.force_login(parent)
    small = queries_for(client, url)
    grow(57)
    assert queries_for(client, url) == small <= 20
