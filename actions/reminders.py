"""Who needs which reminder or digest today: pure functions over querysets.

Each function runs a fixed number of queries, however many actions, owners
and parent representatives there are. Nothing here sends email or writes to
the database: `actions.reminder_tasks` does that, and `send_reminders --dry-run`
prints what these functions decide.

Days are counted in calendar days in London (settings.TIME_ZONE). Weekends
and bank holidays are not skipped or assumed: an action due on Boxing Day is
due on Boxing Day.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from sutton_send.clock import start_of_day
from workstreams.models import Statement, WorkstreamMembership
from workstreams.references import reference_key

from .coproduction import without_bidi_controls
from .models import Action, Comment, DigestOptOut, ProgressUpdate, Reminder
from .models.reminder import DEFAULT_UPDATE_EVERY_DAYS

DUE_SOON_DAYS = 14
DIGEST_EVERY_DAYS = 7

NEEDS_UPDATE = "needs an update"
DUE_SOON = "due soon"
OVERDUE = "overdue"


@dataclass
class ActionLine:
    """One action in a reminder, and why it is there."""

    action: Action
    reasons: list
    due: datetime.date
    last_update_on: datetime.date | None
    cadence_days: int
    link: str = ""

    @property
    def is_overdue(self):
        return OVERDUE in self.reasons

    @property
    def needs_update(self):
        return NEEDS_UPDATE in self.reasons

    @property
    def is_due_soon(self):
        return DUE_SOON in self.reasons

    @property
    def owner_is_reminded(self):
        """Whether the action's owner gets reminders: only if they can sign in to update it."""
        return bool(self.action.owner.email_if_can_sign_in)


@dataclass
class PlannedEmail:
    """One email someone is owed today (not yet written down or sent)."""

    user: object
    kind: str
    statement: Statement
    to_email: str
    lines: list = field(default_factory=list)  # ActionLine for owner and lead reminders
    changes: list = field(default_factory=list)  # ProgressUpdate, for digests
    answers: list = field(default_factory=list)  # Comment (answers), for digests
    since: datetime.datetime | None = None
    workstream_ids: set = field(default_factory=set)

    @property
    def action_ids(self):
        if self.kind == Reminder.Kind.DIGEST:
            return sorted({update.action_id for update in self.changes})
        return [line.action.pk for line in self.lines]

    @property
    def item_count(self):
        if self.kind == Reminder.Kind.DIGEST:
            return len(self.changes) + len(self.answers)
        return len(self.lines)


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def actions_for_reminders():
    """Open actions of statements still being worked on, with what reminders need: one query."""
    latest_update = (
        ProgressUpdate.objects.filter(action=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return (
        Action.objects.open()
        .exclude(statement__status=Statement.Status.ARCHIVED)
        .with_effective_due_date()
        .annotate(
            last_update_at=Subquery(latest_update),
            cadence_days=Coalesce(
                "cadence__update_every_days",
                "statement__reminder_settings__update_every_days",
                Value(DEFAULT_UPDATE_EVERY_DAYS),
            ),
        )
        .select_related("statement", "owner__user", "workstream__lead__user")
        .order_by("statement_id", "effective_due", "reference", "pk")
    )


def reasons_for(action, today):
    """Why an action needs its owner's attention today; an empty list if it does not."""
    reasons = []
    last = _local_date(action.last_update_at) or _local_date(action.created_at)
    started = action.start_date <= today
    if started and (today - last).days >= action.cadence_days:
        reasons.append(NEEDS_UPDATE)
    if action.effective_due < today:
        reasons.append(OVERDUE)
    elif (action.effective_due - today).days <= DUE_SOON_DAYS:
        reasons.append(DUE_SOON)
    return reasons


def action_lines(today, base_url=""):
    """Every action needing attention today, with the reasons: one query.

    Soonest due first; actions due the same day as people count them (4.2 before 4.10).
    """
    lines = []
    actions = sorted(
        actions_for_reminders(),
        key=lambda a: (a.statement_id, a.effective_due, reference_key(a.reference), a.pk),
    )
    for action in actions:
        reasons = reasons_for(action, today)
        if reasons:
            lines.append(
                ActionLine(
                    action=action,
                    reasons=reasons,
                    due=action.effective_due,
                    last_update_on=_local_date(action.last_update_at),
                    cadence_days=action.cadence_days,
                    link=base_url + reverse("workspace:update_action", args=[action.pk]),
                )
            )
    return lines


def _last_sent(kinds):
    """{(user id, kind, statement id): (last day sent, when last created)}: one query."""
    rows = (
        Reminder.objects.filter(kind__in=kinds)
        .values("user_id", "kind", "statement_id")
        .annotate(last_on=Max("sent_on"), last_at=Max("created_at"))
    )
    return {
        (r["user_id"], r["kind"], r["statement_id"]): (r["last_on"], r["last_at"]) for r in rows
    }


def plan_reminders(today, base_url=""):
    """Owner and workstream lead reminders owed today: two queries.

    Owners get their own actions; leads get every action of the workstreams
    they lead. Someone is reminded again once the shortest update cadence of
    the actions listed has passed since their last reminder, so a daily cron
    job does not chase anyone every day. Nobody without anything listed is
    emailed, nor anyone without an account (the update form needs one) or an
    email address.
    """
    grouped = {}
    for line in action_lines(today, base_url):
        action = line.action
        people = [(Reminder.Kind.OWNER, action.owner)]
        if action.workstream.lead_id:
            people.append((Reminder.Kind.LEAD, action.workstream.lead))
        for kind, owner in people:
            address = owner.email_if_can_sign_in
            if not address:
                continue
            key = (owner.user.pk, kind, action.statement_id)
            if key not in grouped:
                grouped[key] = PlannedEmail(
                    user=owner.user,
                    kind=kind,
                    statement=action.statement,
                    to_email=address,
                )
            grouped[key].lines.append(line)

    last_sent = _last_sent([Reminder.Kind.OWNER, Reminder.Kind.LEAD])
    planned = []
    for key, email in grouped.items():
        last_on = last_sent.get(key, (None, None))[0]
        gap = min(line.cadence_days for line in email.lines)
        if last_on is None or (today - last_on).days >= gap:
            planned.append(email)
    return sorted(planned, key=lambda e: (e.statement.pk, e.kind, e.to_email))


def plan_digests(today, now=None, base_url=""):
    """Weekly digests owed to parent representatives today: four queries.

    A digest lists the progress updates on actions in the workstreams they
    represent, and answers to their comments, since their last digest (or the
    last week). Nobody who opted out, and nobody with nothing new, is emailed.
    """
    now = now or timezone.now()
    memberships = (
        WorkstreamMembership.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .exclude(user__in=DigestOptOut.objects.values("user"))
        .exclude(workstream__statement__status=Statement.Status.ARCHIVED)
        .select_related("user", "workstream__statement")
    )
    represented = {}  # (user id, statement id) -> (user, statement, {workstream ids})
    for membership in memberships:
        statement = membership.workstream.statement
        key = (membership.user_id, statement.pk)
        entry = represented.setdefault(key, (membership.user, statement, set()))
        entry[2].add(membership.workstream_id)
    if not represented:
        return []

    last_sent = _last_sent([Reminder.Kind.DIGEST])
    week_ago = start_of_day(today - datetime.timedelta(days=DIGEST_EVERY_DAYS))
    due = {}
    for key, (user, statement, workstream_ids) in represented.items():
        last_on, last_at = last_sent.get((key[0], Reminder.Kind.DIGEST, key[1]), (None, None))
        if last_on is not None and (today - last_on).days < DIGEST_EVERY_DAYS:
            continue
        since = max(last_at, week_ago) if last_at else week_ago
        due[key] = PlannedEmail(
            user=user,
            kind=Reminder.Kind.DIGEST,
            statement=statement,
            to_email=user.email,
            since=since,
            workstream_ids=workstream_ids,
        )
    if not due:
        return []
    earliest = min(email.since for email in due.values())
    all_workstreams = set().union(*(email.workstream_ids for email in due.values()))

    updates = (
        ProgressUpdate.objects.filter(
            action__workstream__in=all_workstreams, created_at__gte=earliest, created_at__lte=now
        )
        .select_related("action__workstream", "author")
        .order_by("created_at", "pk")
    )
    for update in updates:
        key_statement = update.action.statement_id
        for (_user_id, statement_id), email in due.items():
            if (
                statement_id == key_statement
                and update.action.workstream_id in email.workstream_ids
                and update.created_at >= email.since
            ):
                update.link = base_url + reverse("review:action", args=[update.action_id])
                update.plain_summary = without_bidi_controls(update.public_summary)
                email.changes.append(update)

    users = {user_id for user_id, _ in due}
    answers = (
        Comment.objects.filter(
            is_answer=True,
            hidden_at__isnull=True,
            reply_to__author__in=users,
            created_at__gte=earliest,
            created_at__lte=now,
        )
        .annotate(digest_statement_id=Coalesce("action__statement_id", "measure__statement_id"))
        .select_related("author", "reply_to", "action", "measure")
        .order_by("created_at", "pk")
    )
    for answer in answers:
        email = due.get((answer.reply_to.author_id, answer.digest_statement_id))
        if email is not None and answer.created_at >= email.since:
            if answer.action_id:
                page = reverse("review:action", args=[answer.action_id])
            else:
                page = reverse("review:measure", args=[answer.measure_id])
            answer.link = f"{base_url}{page}#comment-{answer.pk}"
            answer.plain_body = without_bidi_controls(answer.body)
            email.answers.append(answer)

    planned = [email for email in due.values() if email.changes or email.answers]
    return sorted(planned, key=lambda e: (e.statement.pk, e.to_email))


@dataclass
class OwnerRow:
    """One person on the programme managers' reminders page.

    `last_reminded_on` is their last reminder about their own actions (what "not updated
    since reminded" compares with); `last_reminded_as_lead_on`, about their workstream's.
    """

    owner: object
    last_reminded_on: datetime.date | None
    last_updated_at: datetime.datetime | None
    lines: list
    last_reminded_as_lead_on: datetime.date | None = None

    @property
    def not_updated_since_reminded(self):
        if self.last_reminded_on is None:
            return False
        return self.last_updated_at is None or (
            timezone.localdate(self.last_updated_at) < self.last_reminded_on
        )


def owner_overview(today):
    """Per owner: last reminded, last update to any of their actions, actions needing it.

    Four queries, for the programme managers' page.
    """
    from workstreams.models import Owner

    lines_by_owner = {}
    for line in action_lines(today):
        lines_by_owner.setdefault(line.action.owner_id, []).append(line)
    reminded = {
        (user_id, kind): last
        for user_id, kind, last in Reminder.objects.filter(
            kind__in=[Reminder.Kind.OWNER, Reminder.Kind.LEAD]
        )
        .values("user_id", "kind")
        .annotate(last=Max("sent_on"))
        .values_list("user_id", "kind", "last")
    }
    updated = dict(
        ProgressUpdate.objects.values("action__owner_id")
        .annotate(last=Max("created_at"))
        .values_list("action__owner_id", "last")
    )
    owners = (
        Owner.objects.filter(
            Q(actions__isnull=False) & ~Q(actions__statement__status=Statement.Status.ARCHIVED)
        )
        .distinct()
        .select_related("user")
        .order_by("name", "pk")
    )
    return [
        OwnerRow(
            owner=owner,
            last_reminded_on=reminded.get((owner.user_id, Reminder.Kind.OWNER)),
            last_reminded_as_lead_on=reminded.get((owner.user_id, Reminder.Kind.LEAD)),
            last_updated_at=updated.get(owner.pk),
            lines=lines_by_owner.get(owner.pk, []),
        )
        for owner in owners
    ]
