"""Coproduction with parent representatives: comments and answers, moderation,
the parents' view, and "you said, we did".

Each step that touches several rows (a comment, the comments it answers and
the emails it owes) is one function under `transaction.atomic`; emails are
queued only after the transaction commits, so a comment is never lost to a
mail server and never announced before it exists.
"""

import datetime
import functools
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Action, Comment, Notification, ParentsView, YouSaidWeDid

COMMENT_MAX_LENGTH = 5000
RATE_LIMIT = 10
RATE_WINDOW = datetime.timedelta(minutes=10)
RATE_LIMIT_MESSAGE = (
    "You have posted a lot of comments in a short time. Wait a few minutes and try again."
)

# C0 and C1 control characters, except tab and newline (carriage returns are
# turned into newlines first). They have no business in a comment and some
# terminals and mail clients act on them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters that reorder the text around them. Kept in what was typed (and
# isolated where shown on a page), but taken out of plain-text email, where
# nothing can contain them.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# The same comment (or parents' view) posted again by its author within this long is
# taken for the button pressed twice, or the page sent again: it is saved once.
RESUBMIT_WINDOW = datetime.timedelta(minutes=2)


def _lock_author(author):
    """Inside a transaction: one author's posts go one at a time."""
    get_user_model().objects.select_for_update().only("pk").get(pk=author.pk)


class CommentRateLimited(ValidationError):
    def __init__(self):
        super().__init__(RATE_LIMIT_MESSAGE, code="rate_limited")


def clean_plain_text(text):
    """Text as typed, made safe to keep: one kind of line break, no control characters."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARACTERS.sub("", text).strip()


def without_bidi_controls(text):
    return _BIDI_CONTROLS.sub("", text)


def role_of(user):
    """The role someone posts in, from their permissions (never from what a form says)."""
    if user.has_perm("workstreams.manage_plan"):
        return Comment.Role.PROGRAMME_MANAGER
    if user.has_perm("actions.record_progress"):
        return Comment.Role.OFFICER
    return Comment.Role.PARENT_REPRESENTATIVE


def _subject_fields(subject):
    if isinstance(subject, Action):
        return {"action": subject, "measure": None}
    return {"action": None, "measure": subject}


def check_rate_limit(author, at=None):
    """At most RATE_LIMIT comments in RATE_WINDOW, counted from the database.

    Answers are not counted or limited: an officer clearing a backlog of
    questions is doing exactly what the threads are for.
    """
    at = at or timezone.now()
    recent = Comment.objects.filter(
        author=author, is_answer=False, created_at__gt=at - RATE_WINDOW
    ).count()
    if recent >= RATE_LIMIT:
        raise CommentRateLimited()


@transaction.atomic
def post_comment(subject, author, body, *, reply_to=None, page_url=None, at=None):
    """Post `body` by `author` on `subject` (Action or SuccessMeasure), or in `reply_to`'s thread.

    If the author answers for the subject, the comment answers every comment in
    its thread still waiting. `page_url` is the absolute address of the page
    where the thread is read: when given, the subject's owner (or the lead) is
    emailed about a new comment waiting for an answer, and the authors of the comments it
    answers about the answer.
    Raises ValidationError (CommentRateLimited for too many comments too fast).
    """
    at = at or timezone.now()
    root = None
    if reply_to is not None:
        root = reply_to.reply_to or reply_to
        subject = root.subject
    is_answer = author.has_perm("actions.answer_comment", subject)
    # One author's posts go one at a time, so two at once cannot both slip under the
    # rate limit, nor both be saved when the button was pressed twice (PostgreSQL
    # locks the row; SQLite runs one writer).
    _lock_author(author)
    body = clean_plain_text(body)
    # The same words by the same person in the same place a moment ago: the button
    # pressed twice, or the page sent again. The comment is there already.
    earlier = (
        Comment.objects.visible()
        .filter(
            **_subject_fields(subject),
            author=author,
            reply_to=root,
            body=body,
            created_at__gt=at - RESUBMIT_WINDOW,
            created_at__lte=at,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if body and earlier is not None:
        return earlier
    if not is_answer:
        check_rate_limit(author, at)
    if not body:
        raise ValidationError("Enter your comment.", code="required")
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            f"Your comment must be {COMMENT_MAX_LENGTH:,} characters or fewer.", code="max_length"
        )

    comment = Comment(
        **_subject_fields(subject),
        author=author,
        author_role=role_of(author),
        body=body,
        reply_to=root,
        created_at=at,
        is_answer=is_answer,
    )
    comment.full_clean()
    waiting = []
    if comment.is_answer and root is not None:
        # Locked before the new comment is saved, which updates the statement's row
        # (its discussion version): whoever hides or publishes one of these locks it
        # first and the statement's row next, so taking them the other way round
        # could deadlock.
        waiting = list(
            Comment.objects.select_for_update(of=("self",))
            .filter(Q(pk=root.pk) | Q(reply_to=root))
            .awaiting_answer()
            .select_related("author")
        )
    comment._history_user = author
    comment.save()

    for earlier in waiting:  # now answered
        earlier.answer = comment
        earlier.answered_at = at
        earlier._history_user = author
        earlier.save(update_fields=["answer", "answered_at"])

    if page_url:
        _queue_notifications(comment, waiting, f"{page_url}#comment-{comment.pk}")
    return comment


def _who_answers(subject):
    """[(user, address)] of whom to tell about a comment on `subject` waiting for an answer.

    Its owner, if they can sign in to answer it (the rule reminders follow); if not, for
    an action, its workstream's lead, who answers for it too; if neither can, the
    programme managers, who answer any comment: a question never waits unseen.
    """
    people = [subject.owner]
    if isinstance(subject, Action):
        people.append(subject.workstream.lead)
    for person in people:
        if person is not None and person.email_if_can_sign_in:
            return [(person.user, person.email_if_can_sign_in)]
    managers = get_user_model().objects.filter(
        holds_perm("workstreams", "manage_plan", superusers=False), is_active=True
    )
    return [(user, user.email) for user in managers.exclude(email="").distinct().order_by("pk")]


def _queue_notifications(comment, answered, link):
    """The owner (or the lead: `_who_answers`) hears of a comment waiting for an answer;
    the authors of the comments it answers, of the answer.

    A comment from someone who answers for the subject (an answer, or the lead's or a
    manager's own remark) waits for nothing, so it asks nothing of the owner and they are
    not emailed: their email says "answer it". Nobody is told about their own comment,
    and nobody gets two emails about one comment.
    """
    owed, told = [], set()
    for answerer, address in _who_answers(comment.subject) if comment.awaits_answer else ():
        if answerer != comment.author and address.lower() not in told:
            owed.append((Notification.Kind.NEW_COMMENT, answerer, address))
            told.add(address.lower())
    for earlier in answered:
        author = earlier.author
        if author == comment.author or not author.email or author.email.lower() in told:
            continue
        told.add(author.email.lower())
        owed.append((Notification.Kind.ANSWER, author, author.email))
    for kind, recipient, address in owed:
        notification = Notification.objects.create(
            comment=comment, kind=kind, recipient=recipient, to_email=address, link=link
        )
        transaction.on_commit(functools.partial(_enqueue, notification.pk), robust=True)


def _enqueue(notification_id):
    from .tasks import deliver_notification

    deliver_notification.enqueue(notification_id)


@transaction.atomic
def hide_comment(comment, moderator, reason, at=None):
    """Hide a comment from every page, keeping it and saying who hid it and why."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_hidden:
        raise ValidationError("This comment is already hidden.")
    reason = clean_plain_text(reason)
    if not reason:
        raise ValidationError("Enter why you are hiding this comment.", code="required")
    comment.hidden_at = at or timezone.now()
    comment.hidden_by = moderator
    comment.hidden_reason = reason
    comment._history_user = moderator
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return comment


# The parents' view ------------------------------------------------------------------


@transaction.atomic
def record_parents_view(subject, author, assessment, reason, at=None):
    """Record the parent forum's assessment of an action or weakness (unpublished).

    The same view recorded again by the same person a moment ago (the button pressed
    twice) is the one already recorded: it is returned, and nothing more is saved.
    """
    at = at or timezone.now()
    _lock_author(author)
    view = ParentsView(
        action=subject if isinstance(subject, Action) else None,
        weakness=None if isinstance(subject, Action) else subject,
        assessment=assessment,
        reason=clean_plain_text(reason),
        recorded_by=author,
        recorded_at=at,
    )
    earlier = ParentsView.objects.filter(
        action=view.action,
        weakness=view.weakness,
        assessment=view.assessment,
        reason=view.reason,
        recorded_by=author,
        recorded_at__gt=at - RESUBMIT_WINDOW,
        recorded_at__lte=at,
        published_at__isnull=True,
    ).first()
    if earlier is not None:
        return earlier
    view.full_clean()
    view._history_user = author
    view.save()
    return view


@transaction.atomic
def publish_parents_view(view, manager, at=None):
    view = ParentsView.objects.select_for_update().get(pk=view.pk)
    if view.is_published:
        raise ValidationError("This view is already published.")
    view.published_at = at or timezone.now()
    view.published_by = manager
    view._history_user = manager
    view.save(update_fields=["published_at", "published_by"])
    return view


# You said, we did -------------------------------------------------------------------


WITHDRAWN_MESSAGE = (
    "This entry was taken off the public page. To put it back, confirm that you mean to "
    "publish it again."
)


@transaction.atomic
def publish_you_said(
    comment,
    manager,
    *,
    answer,
    you_said,
    we_did,
    consent_note,
    republish=False,
    check=None,
    at=None,
):
    """Publish (or re-word) `comment` and its `answer` on the public page, with consent.

    A withdrawn entry goes back on the public page only with `republish=True`: someone
    took it off (perhaps because the author withdrew consent), so publishing it again
    is a deliberate act, never a side effect of re-wording it.

    `check`, when given, is called with the saved entry (None if there is none yet)
    once its row is locked, before anything is written; raising ValidationError there
    saves nothing. The review form passes its concurrency guard, so a form opened
    before someone else re-worded or withdrew the entry cannot overwrite that, and two
    posts at once are checked one after the other: the comment's row is locked first,
    by every publish.
    """
    at = at or timezone.now()
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_hidden or answer.is_hidden:
        raise ValidationError("A hidden comment or answer cannot be published.")
    if comment.is_answer:
        raise ValidationError("Publish the comment that was answered, not an answer.")
    entry = YouSaidWeDid.objects.select_for_update().filter(comment=comment).first()
    if check is not None:
        check(entry)
    if entry is None:
        entry = YouSaidWeDid(comment=comment, published_at=at, published_by=manager)
    elif not entry.is_public:
        if not republish:
            raise ValidationError(WITHDRAWN_MESSAGE, code="withdrawn")
        entry.published_at, entry.published_by = at, manager
        entry.withdrawn_at = entry.withdrawn_by = None
    entry.answer = answer
    entry.you_said = clean_plain_text(you_said)
    entry.we_did = clean_plain_text(we_did)
    consent_note = clean_plain_text(consent_note)
    if consent_note != entry.consent_note:
        entry.consent_note = consent_note
        entry.consent_recorded_by = manager
        entry.consent_recorded_at = at
    entry.updated_at = at
    entry.full_clean()
    entry._history_user = manager
    entry.save()
    return entry


@transaction.atomic
def withdraw_you_said(entry, manager, at=None):
    entry = YouSaidWeDid.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_public:
        raise ValidationError("This entry is already withdrawn.")
    entry.withdrawn_at = at or timezone.now()
    entry.withdrawn_by = manager
    entry._history_user = manager
    entry.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return entry


def holds_perm(app_label, codename, superusers=True):
    """A filter of users granted a permission, through a group or their own."""
    perm = {"codename": codename, "content_type__app_label": app_label}
    granted = Q(**{f"groups__permissions__{key}": value for key, value in perm.items()}) | Q(
        **{f"user_permissions__{key}": value for key, value in perm.items()}
    )
    return granted | Q(is_superuser=True) if superusers else granted


# Comments written without post_comment -----------------------------------------------


def record_existing_answers(comment_model, user_model):
    """Give comments written before roles and answers were recorded (or written directly,
    as the demo loader does) their author's role, and mark the answers and what they answer.

    Takes the models as arguments so a data migration can pass its historical ones.
    Only comments without a recorded role are looked at; running it again does nothing.
    """

    def holders(app_label, codename):
        granted = holds_perm(app_label, codename)
        return set(user_model.objects.filter(granted, is_active=True).values_list("pk", flat=True))

    managers = holders("workstreams", "manage_plan")
    officers = holders("actions", "record_progress")
    unrecorded = (
        comment_model.objects.filter(author_role="")
        .select_related("action__owner", "action__workstream__lead", "measure__owner")
        .order_by("created_at", "pk")
    )
    for comment in unrecorded:
        if comment.action_id:
            responsible = {comment.action.owner.user_id, comment.action.workstream.lead.user_id}
        else:
            responsible = {comment.measure.owner.user_id if comment.measure.owner_id else None}
        author = comment.author_id
        role = (
            Comment.Role.PROGRAMME_MANAGER
            if author in managers
            else Comment.Role.OFFICER
            if author in officers
            else Comment.Role.PARENT_REPRESENTATIVE
        )
        is_answer = author in managers or (author in officers and author in responsible)
        comment_model.objects.filter(pk=comment.pk).update(author_role=role, is_answer=is_answer)
        if is_answer:
            thread = comment.reply_to_id or comment.pk
            comment_model.objects.filter(
                Q(pk=thread) | Q(reply_to_id=thread),
                created_at__lte=comment.created_at,
                is_answer=False,
                answered_at__isnull=True,
                hidden_at__isnull=True,
            ).exclude(pk=comment.pk).update(answer_id=comment.pk, answered_at=comment.created_at)
