"""The improvement board report: per workstream, how its actions stand, what is late and
who owns it, what changed in the period, how its measures moved and which questions
from parent representatives still wait for an answer.

`build_board_report(statement, start, end)` reads everything in a fixed number of
queries whatever the size of the plan (ten, counting the three prefetches), and the
page and both downloads are laid out from the `BoardReport` it returns.

Ratings, overdue actions and open comments are as they stand on `today` (the day the
report is made): the plan keeps each action's current state, not its state on a past
day. Updates are those recorded in the period, and so are new measure figures
(FIGURE_RULE): a figure counts when it was recorded, not by the date it is for.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.text import Truncator

from actions.models import Action, Comment, ProgressUpdate
from sutton_send.clock import end_of_day, start_of_day
from workstreams.models import Measurement, SuccessMeasure, Workstream
from workstreams.references import by_reference, reference_key

from .models import ProgressReport

DEFAULT_MONTHS = 3
EXCERPT_CHARACTERS = 300


# The period -------------------------------------------------------------------------


def months_before(day, months):
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def default_period(today=None, statement=None):
    """Since the statement's last progress report; without one, the last three months.

    Either way the period ends today. The progress report's day is the day it
    describes, so the period starts the day after.
    """
    today = today or timezone.localdate()
    last_report = _last_progress_report_day(statement, today) if statement else None
    if last_report is not None:
        return Period(last_report + datetime.timedelta(days=1), today, since_report_on=last_report)
    return Period(months_before(today, DEFAULT_MONTHS), today)


def _last_progress_report_day(statement, today):
    """The day the statement's latest progress report describes, before today; else None."""
    return (
        ProgressReport.objects.filter(statement=statement, as_at__lt=today)
        .order_by("-as_at")
        .values_list("as_at", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    since_report_on: datetime.date | None = None  # the progress report it follows, if any

    @property
    def label(self):
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def slug(self):
        return f"{self.start:%Y-%m-%d}-to-{self.end:%Y-%m-%d}"

    @property
    def bounds(self):
        """Aware datetimes: midnight starting the first day, and midnight after the last."""
        return start_of_day(self.start), end_of_day(self.end)

    def __contains__(self, day):
        return self.start <= day <= self.end


# Ratings ----------------------------------------------------------------------------


class Rating:
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"  # green, counted on its own as well
    NOT_STARTED = "not_started"


RAG_LABELS = {
    Rating.RED: "Red",
    Rating.AMBER: "Amber",
    Rating.GREEN: "Green",
    Rating.NOT_STARTED: "Not started",
}

# Shown on the page and in the downloads: word for word what `_rated_actions` does.
RAG_RULE = (
    (
        "Red",
        "the action is overdue (not complete, and past its due date or its revised due "
        "date), or it is in progress and its owner says it is off track.",
    ),
    (
        "Amber",
        "not red, and its owner says it is at risk, or its due date has been put back, "
        "or it is in progress but its owner has not said how confident they are.",
    ),
    (
        "Green",
        "the action is complete, or it is in progress, on track, on its original "
        "due date and not overdue.",
    ),
    (
        "Not started",
        "the action has not started, is not yet due and its due date has not "
        "been put back. These are counted separately: they have no rating yet.",
    ),
)


# Shown on the page and in the XLSX's About sheet: what `measure_row` does. A figure
# arrives after the period it is for (a quarter's, weeks after the quarter ends), so
# going by the date it is for, month-end reports would nearly always say "no new figure".
FIGURE_RULE = (
    "A measure's figure is new in the period if it was recorded in the period, whatever "
    "date it is for: figures arrive after the month or quarter they are for. The latest "
    "figure is the one for the latest date among those recorded by the end of the period."
)


def _rated_actions(statement, today):
    """Actions annotated with their `rating` (see RAG_RULE)."""
    status, confidence = Action.Status, Action.Confidence
    is_open = ~Q(status=status.COMPLETE)
    in_progress = Q(status=status.IN_PROGRESS)
    return (
        Action.objects.filter(statement=statement)
        .with_effective_due_date()
        .annotate(
            rating=Case(
                When(
                    (is_open & Q(effective_due__lt=today))
                    | (in_progress & Q(confidence=confidence.OFF_TRACK)),
                    then=Value(Rating.RED),
                ),
                When(
                    (in_progress & Q(confidence__in=[confidence.AT_RISK, ""]))
                    | (is_open & Q(revised_due_date__isnull=False)),
                    then=Value(Rating.AMBER),
                ),
                When(status=status.COMPLETE, then=Value(Rating.COMPLETE)),
                When(in_progress, then=Value(Rating.GREEN)),
                default=Value(Rating.NOT_STARTED),
                output_field=CharField(),
            )
        )
    )


@dataclass(frozen=True)
class RagCounts:
    red: int = 0
    amber: int = 0
    green: int = 0  # complete ones included
    complete: int = 0
    not_started: int = 0

    @property
    def total(self):
        return self.red + self.amber + self.green + self.not_started

    def __add__(self, other):
        return RagCounts(
            red=self.red + other.red,
            amber=self.amber + other.amber,
            green=self.green + other.green,
            complete=self.complete + other.complete,
            not_started=self.not_started + other.not_started,
        )

    @classmethod
    def from_ratings(cls, counts):
        """From {rating: number of actions}."""
        complete = counts.get(Rating.COMPLETE, 0)
        return cls(
            red=counts.get(Rating.RED, 0),
            amber=counts.get(Rating.AMBER, 0),
            green=counts.get(Rating.GREEN, 0) + complete,
            complete=complete,
            not_started=counts.get(Rating.NOT_STARTED, 0),
        )


# Rows of the report -----------------------------------------------------------------


@dataclass(frozen=True)
class OverdueAction:
    action: Action
    days_overdue: int

    @property
    def owner(self):
        return self.action.owner


@dataclass(frozen=True)
class KeyUpdate:
    update: ProgressUpdate

    @property
    def action(self):
        return self.update.action

    @property
    def on(self):
        return timezone.localdate(self.update.created_at)

    @property
    def author_name(self):
        author = self.update.author
        return author.get_full_name() or author.get_username()

    @property
    def status_before(self):
        return self.update.get_status_before_display()

    @property
    def status_after(self):
        return self.update.get_status_after_display()

    @property
    def confidence_before(self):
        return self.update.get_confidence_before_display()

    @property
    def confidence_after(self):
        return self.update.get_confidence_after_display()

    @property
    def due_date_changed(self):
        return self.update.due_date_before != self.update.due_date_after

    @property
    def public_summary(self):
        return self.update.public_summary

    @property
    def narrative_excerpt(self):
        return Truncator(self.update.narrative).chars(EXCERPT_CHARACTERS)


@dataclass(frozen=True)
class MeasureRow:
    measure: SuccessMeasure
    latest_in_period: Measurement | None
    as_at_end: Measurement | None
    change_since_baseline: Decimal | None
    expected_at_latest: Decimal | None  # what the trajectory expected by the latest figure
    change_in_words: str
    status: str  # a label: "On trajectory", "Target reached", "No data yet", …
    status_kind: str  # good / bad / neutral, for the tag's colour (the label says it too)


@dataclass(frozen=True)
class OpenComment:
    comment: Comment
    age_days: int

    @property
    def subject_label(self):
        comment = self.comment
        if comment.action_id:
            return f"Action {comment.action.reference}: {comment.action.title}"
        return f"Measure {comment.measure.reference}: {comment.measure.title}"

    @property
    def answerable_by(self):
        """Who is expected to answer: the action's or the measure's owner."""
        comment = self.comment
        return comment.action.owner if comment.action_id else comment.measure.owner

    @property
    def excerpt(self):
        return Truncator(self.comment.body).chars(EXCERPT_CHARACTERS)


@dataclass
class WorkstreamReport:
    workstream: Workstream | None  # None: measures and comments linked to no workstream
    rag: RagCounts = field(default_factory=RagCounts)
    overdue: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    open_comments: list = field(default_factory=list)

    @property
    def number(self):
        return self.workstream.number if self.workstream else None

    @property
    def name(self):
        return self.workstream.name if self.workstream else "Not linked to a workstream"

    @property
    def title(self):
        if self.workstream is None:
            return self.name
        return f"Workstream {self.workstream.number}: {self.workstream.name}"

    @property
    def lead(self):
        return self.workstream.lead if self.workstream else None

    @property
    def is_empty(self):
        return not (self.rag.total or self.measures or self.open_comments or self.updates)


@dataclass(frozen=True)
class Totals:
    rag: RagCounts
    overdue: int
    updates: int
    measures: int
    open_comments: int


@dataclass
class BoardReport:
    statement: object
    period: Period
    today: datetime.date
    workstreams: list
    unlinked: WorkstreamReport

    rag_rule = RAG_RULE
    figure_rule = FIGURE_RULE
    trajectory_rule = SuccessMeasure.TRAJECTORY_RULE

    @property
    def sections(self):
        """Every workstream, then what is linked to none (only when there is any)."""
        return self.workstreams + ([] if self.unlinked.is_empty else [self.unlinked])

    @property
    def totals(self):
        rag = sum((section.rag for section in self.workstreams), RagCounts())
        comments = {row.comment.pk for s in self.sections for row in s.open_comments}
        measures = {row.measure.pk for s in self.sections for row in s.measures}
        return Totals(
            rag=rag,
            overdue=sum(len(section.overdue) for section in self.workstreams),
            updates=sum(len(section.updates) for section in self.workstreams),
            measures=len(measures),
            open_comments=len(comments),
        )


# Building it ------------------------------------------------------------------------


def _rag_counts(statement, today):
    """{workstream id: RagCounts}, in one grouped query."""
    counts = {}
    grouped = (
        _rated_actions(statement, today)
        .order_by()
        .values("workstream_id", "rating")
        .annotate(actions=Count("pk"))
    )
    for row in grouped:
        counts.setdefault(row["workstream_id"], {})[row["rating"]] = row["actions"]
    return {pk: RagCounts.from_ratings(ratings) for pk, ratings in counts.items()}


def _overdue(statement, today):
    """Overdue actions by workstream, then by due date; on the same day 4.2 before 4.10."""
    actions = (
        Action.objects.filter(statement=statement)
        .overdue(today)
        .select_related("owner", "workstream")
        .order_by("workstream__number", "effective_due", "reference")
    )
    ordered = sorted(
        actions,
        key=lambda action: (
            action.workstream.number,
            action.effective_due,
            reference_key(action.reference),
        ),
    )
    return [OverdueAction(action, (today - action.effective_due_date).days) for action in ordered]


def key_updates(statement, period):
    """Updates in the period that changed something or told families something.

    Updates that only add an internal note, changing nothing, are left out: the
    board reads what moved.
    """
    first, after = period.bounds
    changed = (
        ~Q(status_before=F("status_after"))
        | ~Q(confidence_before=F("confidence_after"))
        # Spelt out: a negated comparison of two nullable columns matches two NULLs.
        | Q(due_date_before__lt=F("due_date_after"))
        | Q(due_date_before__gt=F("due_date_after"))
        | Q(due_date_before__isnull=True, due_date_after__isnull=False)
        | Q(due_date_before__isnull=False, due_date_after__isnull=True)
        | ~Q(public_summary="")
    )
    return (
        ProgressUpdate.objects.filter(
            action__statement=statement, created_at__gte=first, created_at__lt=after
        )
        .filter(changed)
        .select_related("action", "author")
        .order_by("action__workstream__number", "created_at", "pk")
    )


def _measures(statement, period):
    """The statement's measures with the figures recorded by the period's end, for dates
    up to its end: each measure's own rules (latest, change, trajectory) then judge the
    figures known when the period ended. M2 comes before M10."""
    _, after = period.bounds
    measures = (
        SuccessMeasure.objects.filter(statement=statement)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(
                    measured_on__lte=period.end, recorded_at__lt=after
                ),
            ),
            "milestones",
        )
        .order_by("reference")
    )
    return by_reference(measures)


GOOD, BAD, NEUTRAL = "good", "bad", "neutral"
STATUS_KINDS = {
    SuccessMeasure.TrajectoryStatus.TARGET_MET: GOOD,
    SuccessMeasure.TrajectoryStatus.ON_TRAJECTORY: GOOD,
    SuccessMeasure.TrajectoryStatus.OFF_TRAJECTORY: BAD,
}


def measure_row(measure, period):
    """A measure as it stood at the end of `period` (from `_measures(statement, period)`).

    Its latest figure in the period is the latest-dated of those recorded in the period
    (FIGURE_RULE).
    """
    first, _ = period.bounds
    in_period = [m for m in measure.values if m.recorded_at >= first]
    status = measure.trajectory_status
    words = measure.change_in_words
    return MeasureRow(
        measure=measure,
        latest_in_period=in_period[-1] if in_period else None,
        as_at_end=measure.latest,
        change_since_baseline=measure.change_since_baseline,
        expected_at_latest=measure.expected_at_latest,
        change_in_words=words[0].upper() + words[1:] if words else "No figures yet",
        status=status.label,
        status_kind=STATUS_KINDS.get(status, NEUTRAL),
    )


def _open_comments(statement, today):
    comments = (
        Comment.objects.awaiting_answer()
        .filter(Q(action__statement=statement) | Q(measure__statement=statement))
        .filter(author_role=Comment.Role.PARENT_REPRESENTATIVE)
        .select_related("action__owner", "measure__owner")
        .order_by("created_at", "pk")
    )
    return [
        OpenComment(comment, (today - timezone.localdate(comment.created_at)).days)
        for comment in comments
    ]


def build_board_report(statement, start, end, today=None, *, since_report_on=None):
    """The board report of `statement` for the period `start`..`end` (both included).

    `since_report_on`: the day of the progress report the period follows, to say so.
    """
    today = today or timezone.localdate()
    period = Period(start, end, since_report_on=since_report_on)
    workstreams = list(
        Workstream.objects.filter(statement=statement)
        .select_related("lead")
        .prefetch_related("weaknesses")
        .order_by("number")
    )
    sections = {ws.pk: WorkstreamReport(ws) for ws in workstreams}
    unlinked = WorkstreamReport(None)

    for pk, rag in _rag_counts(statement, today).items():
        sections[pk].rag = rag
    for row in _overdue(statement, today):
        sections[row.action.workstream_id].overdue.append(row)
    for update in key_updates(statement, period):
        sections[update.action.workstream_id].updates.append(KeyUpdate(update))

    # A measure belongs to every workstream that works on its weakness or whose
    # actions are meant to move it.
    measure_workstreams = {}
    by_weakness = {}
    for ws in workstreams:
        for weakness in ws.weaknesses.all():
            by_weakness.setdefault(weakness.pk, set()).add(ws.pk)
    links = (
        Action.measures.through.objects.filter(action__statement=statement)
        .values_list("successmeasure_id", "action__workstream_id")
        .distinct()
    )
    for measure_id, workstream_id in links:
        measure_workstreams.setdefault(measure_id, set()).add(workstream_id)
    measures = _measures(statement, period)
    for measure in measures:
        owners = measure_workstreams.setdefault(measure.pk, set())
        owners |= by_weakness.get(measure.weakness_id, set())
        row = measure_row(measure, period)
        targets = [sections[pk] for pk in sorted(owners, key=lambda pk: sections[pk].number)]
        for section in targets or [unlinked]:
            section.measures.append(row)

    for row in _open_comments(statement, today):
        comment = row.comment
        if comment.action_id:
            targets = [sections[comment.action.workstream_id]]
        else:
            ids = measure_workstreams.get(comment.measure_id, set())
            targets = [sections[pk] for pk in sorted(ids, key=lambda pk: sections[pk].number)]
        for section in targets or [unlinked]:
            section.open_comments.append(row)

    return BoardReport(
        statement=statement,
        period=period,
        today=today,
        workstreams=list(sections.values()),
        unlinked=unlinked,
    )
