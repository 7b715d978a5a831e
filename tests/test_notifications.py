"""Comment emails: queued after the transaction commits, sent by a background task through
Django's email framework, retried when the mail server is down, never losing the comment.

Most tests run tasks at once (Django's ImmediateBackend) and read pytest-django's
`mailoutbox`. The end-to-end tests use the real queue (django-tasks-db) and its
worker, and a real SMTP server (aiosmtpd, in its own process: see tests/test_auth.py).
"""

import datetime
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from actions.coproduction import hide_comment, post_comment
from actions.models import Comment, Notification
from actions.roles import PROGRAMME_MANAGERS
from actions.tasks import RETRY_DELAYS, deliver_notification

from .factories import OwnerFactory, SuccessMeasureFactory, UserFactory
from .test_auth import SmtpServer, free_port

pytestmark = pytest.mark.django_db
PAGE = "http://testserver/review/actions/1/"
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def immediately(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE


def run_worker():
    """What `manage.py db_worker --batch` does: run every task that is due, then stop.

    The worker closes stale database connections between tasks; inside a test's
    transaction that would close the test's own connection (on PostgreSQL), so
    that step is left out here.
    """
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


def mailer_at(settings, port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


class SmtpServerOn(SmtpServer):
    """The suite's aiosmtpd server on a port chosen beforehand, so it can be down, then up."""

    def __init__(self, directory, port):
        with mock.patch("tests.test_auth.free_port", return_value=port):
            super().__init__(directory)


# What is sent, to whom ---------------------------------------------------------------


def test_a_new_comment_emails_the_actions_owner(
    immediately, client, parent, action, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(parent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/review/actions/{action.pk}/", {"body": "When will the panel meet?"})
    comment = Comment.objects.get()
    [message] = mailoutbox
    assert message.to == [action.owner.email]
    assert message.subject == f"New comment on action {action.reference}: {action.title}"
    assert "When will the panel meet?" in message.body
    assert f"http://testserver/review/actions/{action.pk}/#comment-{comment.pk}" in message.body
    assert parent.get_full_name() in message.body
    notification = Notification.objects.get()
    assert (notification.kind, notification.attempts) == ("new_comment", 1)
    assert notification.sent_at is not None


def test_an_answer_emails_the_commenter(
    immediately, client, parent, officer, action, mailoutbox, django_capture_on_commit_callbacks
):
    question = post_comment(action, parent, "When will the panel meet?")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/review/comments/{question.pk}/reply/",
            {f"reply-{question.pk}-body": "On 12 June."},
        )
    [message] = mailoutbox  # the owner answered: nobody tells them about their own answer
    assert message.to == [parent.email]
    assert message.subject == f"Your comment on action {action.reference} has been answered"
    assert "On 12 June." in message.body


@pytest.mark.parametrize("who", ["lead", "manager"])
def test_an_answer_from_the_lead_or_a_manager_tells_the_commenter_not_the_owner(
    immediately, parent, action, mailoutbox, django_capture_on_commit_callbacks, who, request
):
    # The owner's email asks them to answer: once answered, nothing is asked of them.
    question = post_comment(action, parent, "Question")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(
            action, request.getfixturevalue(who), "Answer", reply_to=question, page_url=PAGE
        )
    [message] = mailoutbox
    assert message.to == [parent.email]
    assert "has been answered" in message.subject
    assert list(Notification.objects.values_list("kind", flat=True)) == ["answer"]


def test_the_leads_own_comment_asks_nothing_of_the_owner(
    immediately, lead, action, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(action, lead, "The panel is booked for 12 June.", page_url=PAGE)
    assert mailoutbox == []


def test_a_follow_up_that_waits_for_an_answer_tells_the_owner(
    immediately, parent, officer, action, mailoutbox, django_capture_on_commit_callbacks
):
    question = post_comment(action, parent, "Question")
    post_comment(action, officer, "Answer", reply_to=question)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(action, parent, "And a follow-up?", reply_to=question, page_url=PAGE)
    [message] = mailoutbox
    assert message.to == [action.owner.email]
    assert "And a follow-up?" in message.body


def test_a_measure_comment_emails_the_measures_owner(
    immediately, parent, mailoutbox, django_capture_on_commit_callbacks
):
    measure = SuccessMeasureFactory(
        owner=OwnerFactory(email="measure-owner@example.org", user=UserFactory())
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(measure, parent, "Where do the figures come from?", page_url=PAGE)
    [message] = mailoutbox
    assert message.to == ["measure-owner@example.org"]
    assert f"measure {measure.reference}" in message.subject


def owner_cannot_sign_in(action, how):
    owner = action.owner
    if how == "no account":
        owner.user = None
    elif how == "account switched off":
        owner.user.is_active = False
        owner.user.save()
    else:  # no address anywhere
        owner.email = ""
        owner.user.email = ""
        owner.user.save()
    owner.save()


@pytest.mark.parametrize("how", ["no account", "account switched off", "no address"])
def test_when_the_owner_cannot_be_emailed_the_workstream_lead_is(
    immediately, parent, lead, action, mailoutbox, django_capture_on_commit_callbacks, how
):
    # As reminders do: only someone who can sign in to answer is asked to.
    owner_cannot_sign_in(action, how)
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(action, parent, "Question", page_url=PAGE)
    [message] = mailoutbox
    assert message.to == [action.workstream.lead.email]
    assert f"{PAGE}#comment-{comment.pk}" in message.body
    assert "you lead this action’s workstream" in message.body
    assert f"its owner, {action.owner.name}, cannot be emailed here" in message.body
    assert Notification.objects.get().recipient == lead


def test_when_neither_owner_nor_lead_can_sign_in_the_programme_managers_are_emailed(
    immediately, parent, manager, action, mailoutbox, django_capture_on_commit_callbacks
):
    """A question never waits unseen: the programme managers answer any comment."""
    owner_cannot_sign_in(action, "no account")
    lead = action.workstream.lead
    lead.user = None
    lead.save()
    UserFactory(username="retired-manager", roles=[PROGRAMME_MANAGERS], is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(action, parent, "Question", page_url=PAGE)
    [message] = mailoutbox
    assert message.to == [manager.email]
    assert "you are a programme manager, and nobody responsible for this action" in message.body
    assert "neither its owner nor its workstream’s lead has an account" in message.body
    assert Notification.objects.get().recipient == manager


def test_a_comment_on_a_measure_whose_owner_cannot_sign_in_goes_to_the_managers(
    immediately, parent, manager, mailoutbox, django_capture_on_commit_callbacks
):
    measure = SuccessMeasureFactory(owner=OwnerFactory(email="no-account@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(measure, parent, "Where do the figures come from?", page_url=PAGE)
    [message] = mailoutbox
    assert message.to == [manager.email]
    assert "nobody responsible for this measure can be emailed here" in message.body


def test_an_owner_who_can_sign_in_is_told_they_are_responsible(
    immediately, parent, action, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(action, parent, "Question", page_url=PAGE)
    [message] = mailoutbox
    assert message.to == [action.owner.email]
    assert "because you are responsible for this action" in message.body
    assert "you lead this action’s workstream" not in message.body


def test_nothing_is_queued_until_the_comment_is_committed(
    immediately, parent, action, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_comment(action, parent, "Question", page_url=PAGE)
    assert mailoutbox == []  # not yet: the transaction has not committed
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_a_rolled_back_comment_sends_nothing(
    immediately, parent, action, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        post_comment(action, parent, "Question", page_url=PAGE)
        raise RuntimeError
    assert mailoutbox == []
    assert not Comment.objects.exists()


def test_a_comment_hidden_before_its_email_goes_is_not_sent(
    queued, parent, manager, action, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(action, parent, "Names a child", page_url=PAGE)
    hide_comment(comment, manager, "Names a child.")
    run_worker()
    assert mailoutbox == []
    notification = Notification.objects.get()
    assert notification.gave_up_at is not None
    assert "hidden" in notification.last_error


def test_a_notification_is_sent_once_even_if_its_task_runs_twice(
    immediately, parent, action, mailoutbox
):
    post_comment(action, parent, "Question", page_url=PAGE)
    notification = Notification.objects.get()
    deliver_notification.enqueue(notification.pk)
    deliver_notification.enqueue(notification.pk)
    assert len(mailoutbox) == 1


# Through a real SMTP server and the real queue --------------------------------------


def test_email_goes_end_to_end_through_the_queue_and_a_real_smtp_server(
    queued, settings, tmp_path, client, parent, officer, action, django_capture_on_commit_callbacks
):
    server = SmtpServerOn(tmp_path, free_port())
    mailer_at(settings, server.port)
    try:
        client.force_login(parent)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/review/actions/{action.pk}/", {"body": "When will the panel meet?"})
        assert server.messages() == []  # queued, not sent in the request
        assert DBTaskResult.objects.ready().count() == 1
        run_worker()
        [to_owner] = server.messages()
        assert to_owner["X-RcptTo"] == action.owner.email
        assert to_owner["Subject"].startswith(f"New comment on action {action.reference}")
        assert "When will the panel meet?" in to_owner.get_content()

        question = Comment.objects.get()
        client.force_login(officer)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/review/comments/{question.pk}/reply/",
                {f"reply-{question.pk}-body": "On 12 June."},
            )
        run_worker()
        to_parent = server.messages()[1]
        assert to_parent["X-RcptTo"] == parent.email
        assert "On 12 June." in to_parent.get_content()
        assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    finally:
        server.stop()


def test_a_send_that_fails_while_the_server_is_down_is_retried_when_it_is_up(
    queued, settings, tmp_path, client, parent, action, django_capture_on_commit_callbacks
):
    port = free_port()
    mailer_at(settings, port)  # nothing listens there yet: the mail server is down
    start = datetime.datetime.now(tz=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(parent)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/review/actions/{action.pk}/", {"body": "Panel date?"})
        assert response.status_code == 302
        run_worker()
        # The comment is safe; the attempt is recorded; a retry waits a minute.
        assert Comment.objects.filter(body="Panel date?").exists()
        notification = Notification.objects.get()
        assert notification.attempts == 1
        assert notification.sent_at is None and notification.gave_up_at is None
        assert "Connection" in notification.last_error or "refused" in notification.last_error
        assert DBTaskResult.objects.failed().count() == 1
        [retry] = DBTaskResult.objects.filter(status="READY")
        assert retry.run_after == start + datetime.timedelta(seconds=RETRY_DELAYS[0])
        run_worker()  # too early: nothing runs
        assert Notification.objects.get().attempts == 1

    server = SmtpServerOn(tmp_path, port)  # the mail server comes back
    try:
        with time_machine.travel(start + datetime.timedelta(seconds=RETRY_DELAYS[0] + 1)):
            run_worker()
        [message] = server.messages()
        assert message["X-RcptTo"] == action.owner.email
        assert "Panel date?" in message.get_content()
        notification.refresh_from_db()
        assert notification.attempts == 2
        assert notification.sent_at is not None and notification.last_error == ""
        assert not DBTaskResult.objects.filter(status="READY").exists()
    finally:
        server.stop()


def test_sending_gives_up_after_a_few_attempts_and_keeps_the_record(
    queued, settings, parent, action, django_capture_on_commit_callbacks
):
    mailer_at(settings, free_port())  # down for good
    start = datetime.datetime.now(tz=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(action, parent, "Question", page_url=PAGE)
    for attempt in range(Notification.MAX_ATTEMPTS + 2):
        with time_machine.travel(start + datetime.timedelta(hours=3 * attempt)):
            run_worker()
    notification = Notification.objects.get()
    assert notification.attempts == Notification.MAX_ATTEMPTS
    assert notification.gave_up_at is not None and notification.sent_at is None
    assert DBTaskResult.objects.failed().count() == Notification.MAX_ATTEMPTS
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert Comment.objects.filter(body="Question").exists()


def test_with_tasks_run_at_once_a_down_server_still_never_loses_the_comment(
    immediately, settings, client, parent, action, django_capture_on_commit_callbacks
):
    mailer_at(settings, free_port())
    client.force_login(parent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/review/actions/{action.pk}/", {"body": "Still saved"})
    assert response.status_code == 302
    assert Comment.objects.filter(body="Still saved").exists()
    assert Notification.objects.get().gave_up_at is not None  # retried at once, then gave up


def test_the_users_own_address_is_used_when_the_owner_has_none(
    immediately, parent, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="owner-account@example.org")
    measure = SuccessMeasureFactory(owner=OwnerFactory(email="", user=user))
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(measure, parent, "Question", page_url=PAGE)
    assert mailoutbox[0].to == ["owner-account@example.org"]
