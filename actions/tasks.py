"""Background work, run by Django's tasks framework (`manage.py db_worker` in production).

Comment notifications are sent here, through Django's email framework. Django's
tasks have no retries of their own, so a failed send records the attempt on
the Notification and queues the task again a little later, a bounded number
of times. The comment was committed before any of this began, so a mail
server that is down never loses it.
"""

import datetime

from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from .coproduction import without_bidi_controls
from .models import Notification

# Seconds to wait before each retry: the 2nd attempt 1 minute after the 1st, and so on.
RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60]


@task
def deliver_notification(notification_id):
    """Send one notification email; on failure, record it and try again later."""
    notification = (
        Notification.objects.select_related(
            "comment__author",
            "comment__action__owner",
            "comment__measure__owner",
            "comment__reply_to__author",
        )
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or not notification.is_pending:
        return "nothing to send"
    now = timezone.now()
    if notification.comment.is_hidden:
        notification.gave_up_at = now
        notification.last_error = "The comment was hidden before the email was sent."
        notification.save(update_fields=["gave_up_at", "last_error"])
        return "comment hidden"
    try:
        build_message(notification).send(using="default")
    except Exception as error:
        retry = notification.record_failure(error, now)
        notification.save(update_fields=["attempts", "last_attempt_at", "last_error", "gave_up_at"])
        if retry:
            _retry_later(notification, now)
        raise
    notification.record_success(now)
    notification.save(update_fields=["attempts", "last_attempt_at", "last_error", "sent_at"])
    return "sent"


def _retry_later(notification, now):
    delay = RETRY_DELAYS[min(notification.attempts, len(RETRY_DELAYS)) - 1]
    retry = deliver_notification
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=now + datetime.timedelta(seconds=delay))
    retry.enqueue(notification.pk)


def build_message(notification):
    comment = notification.comment
    subject = comment.subject
    context = {
        "notification": notification,
        "comment": comment,
        "author_name": comment.author.get_full_name() or comment.author.get_username(),
        "role": comment.get_author_role_display() or "member of the team",
        "body": without_bidi_controls(comment.body),
        "subject_label": comment.subject_label,
        "subject_title": without_bidi_controls(subject.title),
        "link": notification.link,
    }
    template = f"review/email/{notification.kind}"
    heading = render_to_string(f"{template}_subject.txt", context)
    return EmailMessage(
        subject=_one_line(heading),
        body=render_to_string(f"{template}.txt", context),
        to=[notification.to_email],
    )


def _one_line(text):
    """Headers cannot hold line breaks: a title with one would stop the email being sent."""
    line = " ".join(text.split())
    return line if len(line) <= 150 else line[:149] + "…"
