"""Writing down and sending reminders and digests (see actions/reminders.py for who gets what).

Each email is first written down as a `Reminder` row, unique per person, kind,
statement and day, so running the command twice on one day sends nothing
twice. The email is queued with Django's tasks framework only after that row
is committed, and sent through Django's email framework; a failed send is
recorded and retried later, exactly as comment notifications are
(actions/tasks.py).
"""

import datetime
import functools

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Reminder
from .tasks import RETRY_DELAYS, _one_line

TEMPLATES = {
    Reminder.Kind.OWNER: "reminders/owner",
    Reminder.Kind.LEAD: "reminders/lead",
    Reminder.Kind.DIGEST: "reminders/digest",
}


def render_email(planned, today, base_url=""):
    """(subject, plain text, HTML) for one planned email."""
    lines = planned.lines
    context = {
        "email": planned,
        "name": planned.user.get_full_name() or planned.user.get_username(),
        "statement": planned.statement,
        "today": today,
        "overdue": [line for line in lines if line.is_overdue],
        "due_soon": [line for line in lines if line.is_due_soon],
        "needs_update": [
            line
            for line in lines
            if line.needs_update and not line.is_overdue and not line.is_due_soon
        ],
        "lines": lines,
        # A lead's list says whose owners are not reminded, so the lead knows to act.
        "owners_not_reminded": [line for line in lines if not line.owner_is_reminded],
        "changes": planned.changes,
        "answers": planned.answers,
        "since": planned.since,
        "dashboard_link": base_url + reverse("workspace:dashboard"),
        "opt_out_link": base_url + reverse("review:digest_settings"),
    }
    template = TEMPLATES[planned.kind]
    subject = _one_line(render_to_string(f"{template}_subject.txt", context))
    return (
        subject,
        render_to_string(f"{template}.txt", context),
        render_to_string(f"{template}.html", context),
    )


def record_and_queue(planned, today, base_url=""):
    """Write down one planned email and queue it once committed.

    Returns the new Reminder, or None if this person already has this
    reminder today (another run got there first).
    """
    subject, text, html = render_email(planned, today, base_url)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                user=planned.user,
                kind=planned.kind,
                statement=planned.statement,
                sent_on=today,
                action_ids=planned.action_ids,
                item_count=planned.item_count,
                to_email=planned.to_email,
                subject=subject,
                body_text=text,
                body_html=html,
            )
            transaction.on_commit(functools.partial(_enqueue, reminder.pk), robust=True)
    except IntegrityError:
        return None
    return reminder


def _enqueue(reminder_id):
    deliver_reminder.enqueue(reminder_id)


def default_base_url():
    return getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")


@task
def deliver_reminder(reminder_id):
    """Send one reminder email; on failure, record it and try again later."""
    reminder = Reminder.objects.filter(pk=reminder_id).first()
    if reminder is None or not reminder.is_pending:
        return "nothing to send"
    now = timezone.now()
    message = EmailMultiAlternatives(
        subject=reminder.subject, body=reminder.body_text, to=[reminder.to_email]
    )
    message.attach_alternative(reminder.body_html, "text/html")
    try:
        message.send(using="default")
    except Exception as error:
        retry = reminder.record_failure(error, now)
        reminder.save(update_fields=["attempts", "last_attempt_at", "last_error", "gave_up_at"])
        if retry:
            _retry_later(reminder, now)
        raise
    reminder.record_success(now)
    reminder.save(update_fields=["attempts", "last_attempt_at", "last_error", "sent_at"])
    return "sent"


def _retry_later(reminder, now):
    delay = RETRY_DELAYS[min(reminder.attempts, len(RETRY_DELAYS)) - 1]
    retry = deliver_reminder
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=now + datetime.timedelta(seconds=delay))
    retry.enqueue(reminder.pk)
