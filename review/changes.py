"""What changed in the plan since someone last reviewed it, for their review dashboard.

Each kind of change is one query, capped at LIMIT rows, so the dashboard costs
the same number of queries however much happened. Changes someone made
themselves are not news to them and are left out.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Comment, ParentsView, ProgressUpdate
from actions.models.comment import answers_q
from workstreams.models import Measurement, Statement, Workstream

from .discussion import comment_url
from .models import EARLIEST_REVIEW, ReviewVisit

LIMIT = 100
AWAITING_LIMIT = 50
FIRST_VISIT_WINDOW = datetime.timedelta(days=30)


@dataclass
class Change:
    kind: str
    at: datetime.datetime
    who: str
    about: str
    url: str
    detail: str = ""
    workstream_ids: frozenset = frozenset()
    for_you: bool = False
    statement_id: int | None = None
    statement: str = ""  # its title, when the review spans several statements

    KINDS = {
        "status": ("Status changed", "blue"),
        "update": ("Progress update", "green"),
        "new_action": ("New action", "purple"),
        "figure": ("New figure", "turquoise"),
        "correction": ("Figure corrected", "yellow"),
        "comment": ("New comment", "grey"),
        "reply": ("Reply to you", "pink"),
        "parents_view": ("Parents' view", "orange"),
    }

    @property
    def label(self):
        return self.KINDS[self.kind][0]

    @property
    def colour(self):
        return self.KINDS[self.kind][1]


@dataclass
class Review:
    since: datetime.datetime
    first_visit: bool
    seen_up_to: datetime.datetime
    my_workstreams: list
    mine: list = field(default_factory=list)
    others: list = field(default_factory=list)
    truncated: bool = False
    several_statements: bool = False

    @property
    def total(self):
        return len(self.mine) + len(self.others)


def _name(user):
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def my_workstreams(user):
    """The workstream groups someone sits on: as a parent representative, or as their lead."""
    return list(
        Workstream.objects.exclude(statement__status=Statement.Status.ARCHIVED)
        .filter(Q(memberships__user=user) | Q(lead__user=user))
        .select_related("statement")
        .distinct()
        .order_by("statement_id", "number")
    )


def review_since(user, now=None):
    """When `user` last marked the plan as reviewed, or a month ago for a first visit."""
    now = now or timezone.now()
    visit = ReviewVisit.objects.filter(user=user).only("last_reviewed_at").first()
    # A mark older than any real one (stored before the form refused them) means nothing.
    if visit is None or visit.last_reviewed_at < EARLIEST_REVIEW:
        return now - FIRST_VISIT_WINDOW, True
    return visit.last_reviewed_at, False


def build_review(user, now=None):
    now = now or timezone.now()
    since, first_visit = review_since(user, now)
    workstreams = my_workstreams(user)
    review = Review(
        since=since, first_visit=first_visit, seen_up_to=now, my_workstreams=workstreams
    )
    mine = {workstream.pk for workstream in workstreams}
    changes = []
    for kind in (_updates, _new_actions, _figures, _corrections, _comments, _parents_views):
        batch = list(kind(user, since))
        review.truncated |= len(batch) >= LIMIT
        changes += batch
    changes.sort(key=lambda change: change.at, reverse=True)
    _name_statements(review, changes)
    for change in changes:
        (review.mine if change.for_you or change.workstream_ids & mine else review.others).append(
            change
        )
    return review


def _name_statements(review, changes):
    """With more than one statement in view, each change says which it belongs to: two
    statements each have an action 1.1, a measure M1 and a workstream 1."""
    ids = {change.statement_id for change in changes} | {
        workstream.statement_id for workstream in review.my_workstreams
    }
    ids.discard(None)
    if len(ids) < 2:
        return
    review.several_statements = True
    titles = dict(Statement.objects.filter(pk__in=ids).values_list("pk", "title"))
    for change in changes:
        change.statement = titles.get(change.statement_id, "")


# Each kind of change: one capped query, newest first -----------------------------------

_LIVE = [Statement.Status.DRAFT, Statement.Status.PUBLISHED]


def _updates(user, since):
    updates = list(
        ProgressUpdate.objects.filter(action__statement__status__in=_LIVE, created_at__gt=since)
        .exclude(author=user)
        .select_related("action", "author")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    for update in updates:
        action = update.action
        if update.status_changed:
            kind = "status"
            detail = f"{update.get_status_before_display()} to {update.get_status_after_display()}"
        else:
            kind = "update"
            detail = update.public_summary or update.narrative
        yield Change(
            kind=kind,
            at=update.created_at,
            who=_name(update.author),
            about=f"Action {action.reference}: {action.title}",
            url=reverse("review:action", kwargs={"pk": action.pk}),
            detail=detail,
            workstream_ids=frozenset({action.workstream_id}),
            statement_id=action.statement_id,
        )


def _new_actions(user, since):
    actions = list(
        Action.objects.filter(statement__status__in=_LIVE, created_at__gt=since).order_by(
            "-created_at", "-pk"
        )[:LIMIT]
    )
    for action in actions:
        yield Change(
            kind="new_action",
            at=action.created_at,
            who="Programme manager",
            about=f"Action {action.reference}: {action.title}",
            url=reverse("review:action", kwargs={"pk": action.pk}),
            detail=action.summary,
            workstream_ids=frozenset({action.workstream_id}),
            statement_id=action.statement_id,
        )


def _figures(user, since):
    figures = list(
        Measurement.objects.filter(measure__statement__status__in=_LIVE, recorded_at__gt=since)
        .exclude(recorded_by=user)
        .select_related("measure", "recorded_by")
        .annotate(workstreams=_measure_workstreams())
        .order_by("-recorded_at", "-pk")[:LIMIT]
    )
    for figure in figures:
        measure = figure.measure
        yield Change(
            kind="figure",
            at=figure.recorded_at,
            who=_name(figure.recorded_by),
            about=f"Measure {measure.reference}: {measure.title}",
            url=reverse("review:measure", kwargs={"pk": measure.pk}),
            detail=f"{measure.format_value(figure.value)} for {figure.measured_on:%-d %B %Y}",
            workstream_ids=_ids(figure.workstreams),
            statement_id=measure.statement_id,
        )


def _corrections(user, since):
    """Figures corrected after they were recorded: what each was before, in the same query.

    Only a new figure or date is news: the note is internal, so a correction of the
    note alone is left out.
    """
    history = Measurement.history.model
    before = history.objects.filter(
        id=OuterRef("id"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    corrections = list(
        history.objects.filter(
            history_type="~",
            history_date__gt=since,
            measure__statement__status__in=_LIVE,
        )
        # A figure deleted since is not on the measure's page any more.
        .filter(Exists(Measurement.objects.filter(pk=OuterRef("id"))))
        .exclude(history_user=user)
        .annotate(
            was_value=Subquery(before.values("value")[:1]),
            was_measured_on=Subquery(before.values("measured_on")[:1]),
            workstreams=_measure_workstreams(),
        )
        .filter(was_value__isnull=False)
        .exclude(value=F("was_value"), measured_on=F("was_measured_on"))
        .select_related("measure", "history_user")
        .order_by("-history_date", "-history_id")[:LIMIT]
    )
    for correction in corrections:
        measure = correction.measure
        was = measure.format_value(correction.was_value)
        now = measure.format_value(correction.value)
        on = f"for {correction.measured_on:%-d %B %Y}"
        if correction.measured_on == correction.was_measured_on:
            detail = f"From {was} to {now} {on}"
        else:
            detail = f"From {was} for {correction.was_measured_on:%-d %B %Y} to {now} {on}"
        yield Change(
            kind="correction",
            at=correction.history_date,
            who=_name(correction.history_user),
            about=f"Measure {measure.reference}: {measure.title}",
            url=reverse("review:measure", kwargs={"pk": measure.pk}),
            detail=detail,
            workstream_ids=_ids(correction.workstreams),
            statement_id=measure.statement_id,
        )


def _measure_workstreams():
    """The workstreams of the actions a row's measure serves, as "1,2", in the row's query
    (none for a row without a measure)."""
    return Subquery(
        Action.objects.filter(measures=OuterRef("measure_id"))
        .order_by()
        .values("measures")
        .annotate(ids=StringAgg(Cast("workstream_id", CharField()), Value(",")))
        .values("ids")
    )


def _ids(text):
    """The workstream ids of _measure_workstreams' "1,2"."""
    return frozenset(int(pk) for pk in (text or "").split(",") if pk)


def _comments(user, since):
    my_threads = set(
        Comment.objects.filter(author=user)
        .annotate(thread=Coalesce("reply_to_id", "pk"))
        .values_list("thread", flat=True)
    )
    comments = list(
        Comment.objects.in_active_statements()
        .visible()
        .filter(created_at__gt=since)
        .exclude(author=user)
        .select_related("author", "action", "measure")
        .annotate(workstreams=_measure_workstreams())
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    for comment in comments:
        subject = comment.subject
        for_you = comment.reply_to_id in my_threads if comment.reply_to_id else False
        if comment.action_id:
            about = f"Action {subject.reference}: {subject.title}"
            workstreams = frozenset({subject.workstream_id})
        else:
            about = f"Measure {subject.reference}: {subject.title}"
            workstreams = _ids(comment.workstreams)
        yield Change(
            kind="reply" if for_you else "comment",
            at=comment.created_at,
            who=_name(comment.author),
            about=about,
            url=comment_url(comment),
            detail=comment.body,
            workstream_ids=workstreams,
            for_you=for_you,
            statement_id=subject.statement_id,
        )


def _parents_views(user, since):
    views = list(
        ParentsView.objects.filter(
            Q(action__isnull=False, action__statement__status__in=_LIVE)
            | Q(weakness__isnull=False, weakness__statement__status__in=_LIVE)
        )
        .filter(recorded_at__gt=since)
        .exclude(recorded_by=user)
        .select_related("action", "weakness", "recorded_by")
        .prefetch_related(Prefetch("weakness__workstreams", queryset=Workstream.objects.only("pk")))
        .newest_first()[:LIMIT]
    )
    for view in views:
        if view.action_id:
            about = f"Action {view.action.reference}: {view.action.title}"
            url = reverse("review:action", kwargs={"pk": view.action_id})
            workstreams = frozenset({view.action.workstream_id})
        else:
            about = f"Weakness {view.weakness.number}: {view.weakness.title}"
            url = reverse("review:statement", kwargs={"pk": view.weakness.statement_id})
            url += f"#weakness-{view.weakness.number}"
            workstreams = frozenset(w.pk for w in view.weakness.workstreams.all())
        yield Change(
            kind="parents_view",
            at=view.recorded_at,
            who=_name(view.recorded_by),
            about=about,
            url=url,
            detail=f"{view.get_assessment_display()}: {view.reason}",
            workstream_ids=workstreams,
            statement_id=(view.action or view.weakness).statement_id,
        )


# Comments waiting for an answer -------------------------------------------------------


@dataclass
class Awaiting:
    comments: list
    total: int
    yours: int
    for_you_to_answer: int


def awaiting_answers(user, workstreams):
    """Comments still waiting for an answer: the user's own and those for them to answer
    first, then their workstreams'. Each says whether it is for them to answer
    (`for_you_to_answer`), by the rule of Comment.objects.for_answer_by."""
    waiting = Comment.objects.in_active_statements().awaiting_answer()
    responsible = answers_q(user)
    counts = waiting.aggregate(
        total=Count("pk"),
        yours=Count("pk", filter=Q(author=user)),
        for_you_to_answer=Count("pk", filter=responsible),
    )
    answers_any = user.has_perm("workstreams.manage_plan")
    if answers_any:
        counts["for_you_to_answer"] = counts["total"]  # programme managers answer anything
    ids = [workstream.pk for workstream in workstreams]
    comments = list(
        waiting.select_related("author", "action__statement", "measure__statement")
        .annotate(
            for_you_to_answer=Value(True)
            if answers_any
            else Case(When(responsible, then=Value(True)), default=Value(False)),
            priority=Case(
                When(Q(author=user) | responsible, then=Value(0)),
                When(action__workstream__in=ids, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .order_by("priority", "created_at", "pk")[:AWAITING_LIMIT]
    )
    return Awaiting(comments=comments, **counts)
