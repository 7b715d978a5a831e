"""A large published statement for load tests: "Load test" (slug `load-test`).

`generate_load_data(actions=N)` writes a plan the size a busy local area could
reach (N actions, each with its progress updates, measures with their figures,
comments and answers) with bulk inserts, so 1,000 actions take seconds. The
same seed and the same `as_of` day give the same data.

It is test data: running again deletes the previous load-test statement and
everything in it first, in the same transaction. The load-test accounts and
owners (usernames starting `loadtest-`) are kept and reused.

The data keeps the rules the services keep: each ProgressUpdate records the
version it produced (2, 3, … for an action, unique per action), an action's
version is its number of updates + 1, statuses and confidences chain from one
update to the next and end at the action's own, and answered comments record
their answer. Bulk inserts send no signals, so the statement's freshness stamp
is moved once, at the end.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from workstreams.models import (
    GlossaryTerm,
    Measurement,
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
    WorkstreamMembership,
)
from workstreams.models.statement import new_content_version

from . import roles
from .demo import sutton
from .models import Action, Comment, Notification, ParentsView, ProgressUpdate, YouSaidWeDid

SLUG = "load-test"
USERNAME_PREFIX = "loadtest-"
MANAGER_USERNAME = f"{USERNAME_PREFIX}manager"
LONDON = ZoneInfo("Europe/London")
BATCH = 1000

WEAKNESSES = [
    (
        "Families cannot get independent advice when they need it",
        "Families told inspectors that independent information, advice and support was "
        "hard to reach, and that waiting times for an adviser were too long.",
    ),
    (
        "Education, health and care plans are late and of uneven quality",
        "Too few EHC plans are completed within 20 weeks, and the quality of plans varies "
        "too much between teams and between services.",
    ),
    (
        "Leaders do not know well enough whether children are better off",
        "Leaders across education, health and care do not check the impact of their work "
        "on outcomes for children and young people with SEND.",
    ),
    (
        "Therapy services have long waiting lists",
        "Children wait too long for speech and language therapy and occupational therapy, "
        "and families are not told how long the wait will be.",
    ),
    (
        "Young people are not prepared well for adult life",
        "Planning for the move to adult services starts too late and too few young people "
        "with SEND go on to employment, training or independent living.",
    ),
]

WORKSTREAM_NAMES = [
    "Information, advice and support",
    "Education, health and care plans",
    "Joint commissioning",
    "Quality assurance and outcomes",
    "Therapies and health services",
    "Preparing for adulthood",
    "Inclusion in schools",
    "Co-production with families",
]

ORGANISATIONS = [value for value, _ in Owner.Organisation.choices]
OTHER_ORGANISATION_NAME = "Load test partner organisation"
JOB_TITLES = [
    "Head of SEND services",
    "SEND commissioning manager",
    "Designated clinical officer",
    "Principal educational psychologist",
    "EHC plan team manager",
    "Head of inclusion",
    "Therapies service lead",
    "Preparing for adulthood coordinator",
    "Quality assurance officer",
    "Parent participation lead",
]

VERBS = [
    "Recruit",
    "Train",
    "Review",
    "Publish",
    "Introduce",
    "Audit",
    "Extend",
    "Set up",
    "Agree",
    "Redesign",
]
OBJECTS = [
    "advisers for the information, advice and support service",
    "SENCOs in every primary school",
    "the annual review process for EHC plans",
    "a shared dashboard of waiting times",
    "the local offer website with families",
    "a multi-agency panel for complex cases",
    "speech and language therapy in early years settings",
    "transition plans from Year 9",
    "the quality assurance framework for EHC plans",
    "training on autism for school staff",
    "a single point of contact for families",
    "joint commissioning of therapy services",
]
CLAUSES = [
    "so that families wait less for help",
    "working with the parent carer forum",
    "with clear timescales agreed by the workstream group",
    "and report progress to the SEND board every month",
    "so that every child gets the right support at the right time",
    "using what parents and young people told us in the survey",
    "alongside the designated medical officer",
    "with the health, education and care partners",
    "and check the difference it makes through audits of EHC plans",
    "so that fewer children are excluded from school",
]
SENTENCE_OPENERS = [
    "This month we",
    "The workstream group",
    "Officers have",
    "Together with parents we",
    "Since the last update we",
    "The team",
]
SENTENCE_VERBS = [
    "completed the first round of training",
    "agreed the new referral pathway",
    "met the parent carer forum to review the draft",
    "recruited two more staff",
    "published the revised guidance for schools",
    "audited a sample of EHC plans",
    "found that waiting times have started to fall",
    "reported progress to the SEND board",
    "identified a risk to the timescale",
    "held drop-in sessions for families",
]
MEASURE_TITLES = [
    ("EHC plans completed within 20 weeks", SuccessMeasure.Unit.PERCENTAGE, "higher"),
    ("Fixed-term exclusions of pupils with SEND", SuccessMeasure.Unit.COUNT, "lower"),
    ("Weeks waiting for speech and language therapy", SuccessMeasure.Unit.WEEKS, "lower"),
    ("Parents who would recommend the advice service", SuccessMeasure.Unit.PERCENTAGE, "higher"),
    ("Days to first contact with an adviser", SuccessMeasure.Unit.DAYS, "lower"),
    ("Young people with SEND in education, employment or training", "percentage", "higher"),
]
COMMENTS = [
    "When will families see a difference from this?",
    "Parents in our group are still waiting a long time. Is the new date realistic?",
    "Can you say how parents were involved in checking this?",
    "Thank you for the update. Will the training include teaching assistants?",
    "How will you know this has worked for children who are not in school?",
]
ANSWERS = [
    "Thank you. We expect the first changes to show in the next quarter's figures.",
    "We have asked the team to share the revised timescale at the next group meeting.",
    "Two parent representatives reviewed the draft and their changes were made.",
    "Yes: teaching assistants are invited to every session.",
    "We will ask the parent carer forum to help us design that check.",
]


@dataclass(frozen=True)
class LoadDataResult:
    statement: Statement
    actions: int
    updates: int
    measures: int
    measurements: int
    comments: int


def _at(day, rng):
    """An aware datetime on `day` during working hours (Sutton's time zone)."""
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=LONDON
    )


def _sentence(rng):
    return f"{rng.choice(SENTENCE_OPENERS)} {rng.choice(SENTENCE_VERBS)}."


def _paragraph(rng, sentences):
    return " ".join(_sentence(rng) for _ in range(sentences))


@transaction.atomic
def generate_load_data(
    actions,
    updates_per_action=3,
    measurements_per_measure=12,
    *,
    seed=2018,
    as_of=None,
    password=None,
):
    """Replace the load-test statement with one of `actions` actions; see the module docstring."""
    if actions < 1:
        raise ValueError("A load-test statement needs at least one action.")
    rng = random.Random(seed)  # noqa: S311 - made-up test data, not a secret
    today = as_of or timezone.localdate()
    delete_load_data()
    users = _ensure_accounts(password)
    owners = _ensure_owners(users)
    _ensure_glossary()

    inspection = today - datetime.timedelta(days=540)
    published_at = _at(inspection + datetime.timedelta(days=110), rng)
    statement = Statement.objects.create(
        local_area="Load test",
        title="Load test",
        slug=SLUG,
        summary=(
            "A large written statement of action made up for load tests. " + _paragraph(rng, 4)
        ),
        inspection_published_on=inspection,
        submitted_on=inspection + datetime.timedelta(days=100),
        evaluated_on=inspection + datetime.timedelta(days=108),
        evaluation_outcome="Fit for purpose",
        status=Statement.Status.PUBLISHED,
        published_at=published_at,
        created_at=published_at - datetime.timedelta(days=100),
    )
    weaknesses = Weakness.objects.bulk_create(
        Weakness(
            statement=statement,
            number=number,
            title=title,
            finding=finding,
            response=_paragraph(rng, 2),
        )
        for number, (title, finding) in enumerate(WEAKNESSES, start=1)
    )
    workstreams = Workstream.objects.bulk_create(
        Workstream(
            statement=statement,
            number=number,
            name=name,
            purpose=_paragraph(rng, 2),
            lead=owners[(number - 1) % len(owners)],
            monitoring_arrangements="The group meets monthly, reviews each action's evidence "
            "and records the outcome in its minutes, which the SEND board reads.",
        )
        for number, name in enumerate(WORKSTREAM_NAMES, start=1)
    )
    Workstream.weaknesses.through.objects.bulk_create(
        Workstream.weaknesses.through(
            workstream_id=workstream.pk, weakness_id=weaknesses[index % len(weaknesses)].pk
        )
        for index, workstream in enumerate(workstreams)
    )
    parents = [user for name, user in users.items() if name.startswith(f"{USERNAME_PREFIX}parent")]
    WorkstreamMembership.objects.bulk_create(
        WorkstreamMembership(workstream=workstream, user=parents[index % len(parents)])
        for index, workstream in enumerate(workstreams)
    )

    measures = _measures(rng, statement, weaknesses, owners, today, max(3, min(50, actions // 20)))
    measurements = _measurements(rng, measures, measurements_per_measure, today, users)
    created_actions = _actions(rng, statement, workstreams, owners, actions, today)
    _link_actions(rng, created_actions, weaknesses, measures)
    updates = _updates(rng, created_actions, updates_per_action, today, owners, users)
    comments = _comments(rng, created_actions, today, users)

    # Bulk inserts send no signals: move the stamp the public pages and caches use, once.
    now = timezone.now()
    Statement.objects.filter(pk=statement.pk).update(
        content_changed_at=now, updated_at=now, content_version=new_content_version()
    )
    statement.refresh_from_db()
    return LoadDataResult(
        statement=statement,
        actions=len(created_actions),
        updates=updates,
        measures=len(measures),
        measurements=measurements,
        comments=comments,
    )


def refresh_planner_statistics():
    """ANALYZE the database once the load has committed.

    Rows written in bulk leave the query planner guessing at table sizes until
    autovacuum gets to them, and never where autovacuum is off, so `make bench`
    would measure plans production does not use. PostgreSQL's documentation
    advises ANALYZE after loading data in bulk; SQLite has the same statement.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def delete_load_data():
    """Delete the load-test statement and everything in it (and its history rows).

    It is test data, so rows go with plain DELETEs: no per-row signals (which
    would write a history row and touch the freshness stamp for every one) and
    no append-only check on progress updates, which holds for real data only.
    """
    statement = Statement.objects.filter(slug=SLUG).first()
    if statement is None:
        return
    actions = Action.objects.filter(statement=statement)
    measures = SuccessMeasure.objects.filter(statement=statement)
    comments = Comment.objects.filter(Q(action__in=actions) | Q(measure__in=measures))
    weaknesses = Weakness.objects.filter(statement=statement)
    # Children before parents (the database checks each foreign key). Published
    # progress reports are public records elsewhere, but these are of test data.
    steps = [
        statement.progress_reports.all(),
        Notification.objects.filter(comment__in=comments),
        YouSaidWeDid.objects.filter(comment__in=comments),
        ParentsView.objects.filter(Q(action__in=actions) | Q(weakness__in=weaknesses)),
        Comment.objects.filter(
            Q(action__statement=statement) | Q(measure__statement=statement)
        ).exclude(reply_to=None),
        Comment.objects.filter(Q(action__statement=statement) | Q(measure__statement=statement)),
        ProgressUpdate.objects.filter(action__statement=statement),
        Action.weaknesses.through.objects.filter(action__statement=statement),
        Action.measures.through.objects.filter(action__statement=statement),
        Action.objects.filter(statement=statement),
        Measurement.objects.filter(measure__statement=statement),
        Milestone.objects.filter(measure__statement=statement),
        SuccessMeasure.objects.filter(statement=statement),
        WorkstreamMembership.objects.filter(workstream__statement=statement),
        Workstream.weaknesses.through.objects.filter(workstream__statement=statement),
        Workstream.objects.filter(statement=statement),
        Weakness.objects.filter(statement=statement),
    ]
    history = [
        (Action, "statement_id"),
        (SuccessMeasure, "statement_id"),
        (Workstream, "statement_id"),
        (Weakness, "statement_id"),
    ]
    # The copies of an action's links kept with its records go first: nothing
    # points from a record to them, so deleting the records would leave them.
    action_records = Action.history.filter(statement_id=statement.pk)
    for links in ("weaknesses", "measures"):
        copies = getattr(Action.history.model, links).model.objects.filter(
            history__in=action_records
        )
        copies._raw_delete(copies.db)
    for model, column in history:
        model.history.filter(**{column: statement.pk}).delete()
    for queryset in steps:
        queryset._raw_delete(queryset.db)
    Statement.history.filter(id=statement.pk).delete()
    Statement.objects.filter(pk=statement.pk)._raw_delete(Statement.objects.db)


# Accounts and owners -------------------------------------------------------------


def _role_group(name):
    if not Group.objects.filter(name=name).exists():
        roles.create_role_groups(Group, Permission)
    return Group.objects.get(name=name)


def _ensure_accounts(password):
    """The load-test accounts: a programme manager, ten officers, four parent reps."""
    User = get_user_model()
    specs = [(MANAGER_USERNAME, roles.PROGRAMME_MANAGERS)]
    specs += [(f"{USERNAME_PREFIX}officer-{n}", roles.OFFICERS) for n in range(1, 11)]
    specs += [(f"{USERNAME_PREFIX}parent-{n}", roles.PARENT_REPRESENTATIVES) for n in range(1, 5)]
    # One hash for every account: hashing is slow on purpose, and these share a password.
    hashed = make_password(password) if password else None
    users = {}
    for username, role in specs:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": "Load",
                "last_name": username.removeprefix(USERNAME_PREFIX).replace("-", " ").title(),
                "email": f"{username}@example.org",
                "is_staff": role == roles.PROGRAMME_MANAGERS,
            },
        )
        if created or hashed:
            if hashed:
                user.password = hashed
            else:
                user.set_unusable_password()  # nobody signs in without --password
            user.save(update_fields=["password"])
        group = _role_group(role)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        users[username] = user
    return users


def _ensure_owners(users):
    """Twenty owners; the first ten sign in as the load-test officers."""
    owners = []
    for index in range(20):
        job_title = f"{JOB_TITLES[index % len(JOB_TITLES)]} (load test {index + 1})"
        organisation = ORGANISATIONS[index % len(ORGANISATIONS)]
        user = users.get(f"{USERNAME_PREFIX}officer-{index + 1}")
        # Found by job title and organisation code alone (each title is unique), so a
        # database loaded before organisations outside the list had names keeps its owners.
        owner, _ = Owner.objects.get_or_create(
            job_title=job_title,
            organisation=organisation,
            defaults={
                "organisation_name": (
                    OTHER_ORGANISATION_NAME if organisation == Owner.Organisation.OTHER else ""
                ),
                "name": f"Load Owner {index + 1}",
                "email": f"owner-{index + 1}@load-test.example.org",
                "user": user,
            },
        )
        owners.append(owner)
    return owners


def _ensure_glossary():
    """The demo's glossary, so the text is explained as on a real statement."""
    existing = set(GlossaryTerm.objects.values_list("abbreviation", flat=True))
    missing = [
        GlossaryTerm(abbreviation=abbreviation, expansion=expansion, explanation=explanation)
        for abbreviation, expansion, explanation in sutton.GLOSSARY
        if abbreviation not in existing
    ]
    if missing:
        GlossaryTerm.objects.bulk_create(missing)


# The plan --------------------------------------------------------------------------


def _measures(rng, statement, weaknesses, owners, today, count):
    measures = []
    baseline_date = statement.inspection_published_on
    for index in range(count):
        title, unit, direction = MEASURE_TITLES[index % len(MEASURE_TITLES)]
        if unit == SuccessMeasure.Unit.PERCENTAGE:
            baseline = Decimal(rng.randint(20, 60))
        else:
            baseline = Decimal(rng.randint(20, 200))
        change = max(1, int(baseline * Decimal("0.3")))
        target = baseline - change if direction == "lower" else baseline + change
        measures.append(
            SuccessMeasure(
                statement=statement,
                weakness=weaknesses[index % len(weaknesses)],
                reference=f"M{index + 1}",
                title=f"{title} ({index + 1})" if index >= len(MEASURE_TITLES) else title,
                description=_paragraph(rng, 2),
                kind=SuccessMeasure.Kind.IMPACT if index % 3 else SuccessMeasure.Kind.PROCESS,
                unit=unit,
                direction=direction,
                baseline_value=baseline,
                baseline_date=baseline_date,
                target_value=target,
                target_date=today + datetime.timedelta(days=365),
                data_source="Local authority SEND team records",
                owner=owners[index % len(owners)],
            )
        )
    measures = SuccessMeasure.objects.bulk_create(measures)
    Milestone.objects.bulk_create(
        Milestone(
            measure=measure,
            due_on=measure.baseline_date + datetime.timedelta(days=180 * step),
            value=(
                measure.baseline_value + (measure.target_value - measure.baseline_value) * step / 4
            ).quantize(Decimal("1")),
        )
        for measure in measures
        for step in (1, 2, 3)
    )
    return measures


def _measurements(rng, measures, per_measure, today, users):
    """`per_measure` monthly figures for each measure, ending last month."""
    recorder = users[MANAGER_USERNAME]
    rows = []
    for measure in measures:
        value = measure.baseline_value
        step = (measure.target_value - measure.baseline_value) / 20
        for month in range(per_measure, 0, -1):
            measured_on = today.replace(day=1) - datetime.timedelta(days=30 * month - 14)
            value = max(Decimal(0), value + step * Decimal(rng.uniform(-0.5, 1.5)))
            if measure.unit == SuccessMeasure.Unit.PERCENTAGE:
                value = min(Decimal(100), value)
            rows.append(
                Measurement(
                    measure=measure,
                    measured_on=measured_on,
                    value=value.quantize(Decimal("1")),
                    note="Monthly figure from the SEND team's case records.",
                    recorded_by=recorder,
                    recorded_at=_at(measured_on + datetime.timedelta(days=14), rng),
                )
            )
    Measurement.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _actions(rng, statement, workstreams, owners, count, today):
    """`count` actions: a third complete, half in progress, the rest not started."""
    per_workstream = {}
    rows = []
    for index in range(count):
        workstream = workstreams[index % len(workstreams)]
        per_workstream[workstream.number] = per_workstream.get(workstream.number, 0) + 1
        start = today + datetime.timedelta(days=rng.randint(-450, 60))
        due = start + datetime.timedelta(days=rng.randint(60, 420))
        roll = rng.random()
        if start > today or roll > 0.85:
            status = Action.Status.NOT_STARTED
        elif roll < 0.35:
            status = Action.Status.COMPLETE
        else:
            status = Action.Status.IN_PROGRESS
        revised, reason = None, ""
        if status != Action.Status.COMPLETE and rng.random() < 0.1:
            revised = due + datetime.timedelta(days=rng.randint(30, 120))
            reason = "Recruitment took longer than planned, so training starts later."
        completed = None
        if status == Action.Status.COMPLETE:
            completed = min(today, start + datetime.timedelta(days=rng.randint(20, 300)))
        verb, thing, clause = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(CLAUSES)
        created = _at(min(start, today) - datetime.timedelta(days=rng.randint(1, 30)), rng)
        rows.append(
            Action(
                statement=statement,
                reference=f"{workstream.number}.{per_workstream[workstream.number]}",
                workstream=workstream,
                title=f"{verb} {thing}"[:200],
                description=f"{verb} {thing} {clause}. {_paragraph(rng, 3)}",
                summary=f"We will {verb.lower()} {thing} {clause}.",
                intended_outcome=f"Families see the difference: {rng.choice(CLAUSES)}.",
                monitoring="The workstream group checks the evidence each month and "
                "records the outcome in its minutes.",
                owner=owners[rng.randrange(len(owners))],
                phase=Action.Phase.TAKEN if start < today else Action.Phase.PLANNED,
                start_date=start,
                due_date=due,
                revised_due_date=revised,
                revision_reason=reason,
                completed_on=completed,
                status=status,
                confidence=rng.choice(Action.Confidence.values)
                if status == Action.Status.IN_PROGRESS
                else "",
                created_at=created,
                updated_at=created,
            )
        )
    return Action.objects.bulk_create(rows, batch_size=BATCH)


def _link_actions(rng, actions, weaknesses, measures):
    """Each action tackles one or two weaknesses and should move one or two measures."""
    to_weakness, to_measure = [], []
    for action in actions:
        for weakness in rng.sample(weaknesses, rng.choice((1, 1, 2))):
            to_weakness.append(
                Action.weaknesses.through(action_id=action.pk, weakness_id=weakness.pk)
            )
        for measure in rng.sample(measures, rng.choice((1, 2))):
            to_measure.append(
                Action.measures.through(action_id=action.pk, successmeasure_id=measure.pk)
            )
    Action.weaknesses.through.objects.bulk_create(to_weakness, batch_size=BATCH)
    Action.measures.through.objects.bulk_create(to_measure, batch_size=BATCH)


def _statuses(action, count):
    """The (status, confidence) after each of `count` updates, ending at the action's own."""
    final = (action.status, action.confidence)
    if action.status == Action.Status.NOT_STARTED:
        return [final] * count
    started = [(Action.Status.IN_PROGRESS, Action.Confidence.ON_TRACK)] * (count - 1)
    return [*started, final] if count else []


def _updates(rng, actions, per_action, today, owners, users):
    """`per_action` updates for each action, dated between its creation and today.

    Versions run 2, 3, … so the action's version is its number of updates + 1,
    as `record_progress` leaves it.
    """
    fallback = users[MANAGER_USERNAME]
    authors = {owner.pk: owner.user or fallback for owner in owners}
    rows, changed = [], []
    now = timezone.now()
    for action in actions:
        states = _statuses(action, per_action)
        latest = action.created_at
        end = min(now, _at(today, rng))
        span = max((end - latest).total_seconds(), per_action + 1)
        moments = sorted(
            latest + datetime.timedelta(seconds=rng.uniform(0, span)) for _ in range(per_action)
        )
        before = (Action.Status.NOT_STARTED, "")
        due = action.due_date
        for index, (after, created_at) in enumerate(zip(states, moments, strict=True)):
            last = index == per_action - 1
            due_after = action.effective_due_date if last else due
            rows.append(
                ProgressUpdate(
                    action=action,
                    author=authors[action.owner_id],
                    created_at=created_at,
                    action_version=index + 2,
                    status_before=before[0],
                    status_after=after[0],
                    confidence_before=before[1],
                    confidence_after=after[1],
                    due_date_before=due,
                    due_date_after=due_after,
                    narrative=f"Internal: {_paragraph(rng, 2)}",
                    public_summary=_paragraph(rng, 2) if rng.random() < 0.8 else "",
                    evidence_link="https://intranet.example.org/minutes" if last else "",
                )
            )
            before, due = after, due_after
        action.version = per_action + 1
        if moments:
            action.updated_at = moments[-1]
        changed.append(action)
    ProgressUpdate.objects.bulk_create(rows, batch_size=BATCH)
    Action.objects.bulk_update(changed, ["version", "updated_at"], batch_size=BATCH)
    return len(rows)


def _comments(rng, actions, today, users):
    """A parent representative's question on one action in five, answered by its owner."""
    parents = [user for name, user in users.items() if name.startswith(f"{USERNAME_PREFIX}parent")]
    fallback = users[MANAGER_USERNAME]
    now = timezone.now()
    questions, answers = [], []
    for action in actions:
        if rng.random() >= 0.2:
            continue
        answered = min(now, action.updated_at + datetime.timedelta(days=rng.randint(1, 10)))
        asked = answered - datetime.timedelta(hours=rng.randint(1, 72))
        pick = rng.randrange(len(COMMENTS))
        questions.append(
            Comment(
                action=action,
                author=rng.choice(parents),
                author_role=Comment.Role.PARENT_REPRESENTATIVE,
                body=COMMENTS[pick],
                created_at=asked,
            )
        )
        answers.append((action, pick, answered))
    questions = Comment.objects.bulk_create(questions, batch_size=BATCH)
    replies = Comment.objects.bulk_create(
        [
            Comment(
                action=action,
                author=action.owner.user or fallback,
                author_role=Comment.Role.OFFICER
                if action.owner.user_id
                else Comment.Role.PROGRAMME_MANAGER,
                body=ANSWERS[pick],
                reply_to=question,
                created_at=answered,
                is_answer=True,
            )
            for question, (action, pick, answered) in zip(questions, answers, strict=True)
        ],
        batch_size=BATCH,
    )
    for question, reply in zip(questions, replies, strict=True):
        question.answer = reply
        question.answered_at = reply.created_at
    Comment.objects.bulk_update(questions, ["answer", "answered_at"], batch_size=BATCH)
    return len(questions) + len(replies)
