"""Load the Sutton demo statement (actions/demo/sutton.py) into the database.

`load_demo()` is safe to run again: if the statement is already there it leaves
the plan alone (nothing is saved) and only makes sure the demo accounts exist and,
when a password is given, that they sign in with it.

Progress is recorded through `actions.services.record_progress`, in date order, so
each action reaches its state through the same append-only updates an officer would
make, and simple-history keeps 2018 to 2020 dates.
"""

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from actions import roles
from actions.coproduction import record_existing_answers
from actions.models import Action, Comment
from actions.services import ProgressChange, record_progress
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

from . import sutton

LONDON = ZoneInfo("Europe/London")
UNCHANGED = None


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str | None  # None: the account kept the password it already had


@dataclass
class DemoResult:
    statement: Statement
    created: bool  # False: the statement was already loaded and left untouched
    accounts: list[DemoAccount] = field(default_factory=list)
    password_generated: bool = False


def at(day, hour=16, minute=0):
    """An aware datetime in Sutton's time zone on `day`."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def load_demo(password=None, stdout=None):
    """Load the demo statement and accounts; see the module docstring."""
    if password:
        password_validation.validate_password(password)
    with transaction.atomic():
        accounts, users, generated = _ensure_accounts(password)
        statement = Statement.objects.filter(slug=sutton.STATEMENT["slug"]).first()
        created = statement is None
        if created:
            statement = _load_plan(users)
        _ensure_glossary()
    result = DemoResult(statement, created, accounts, generated)
    if stdout is not None:
        if created:
            stdout.write(
                f'Loaded "{statement.title}": {statement.weaknesses.count()} weaknesses, '
                f"{statement.workstreams.count()} workstreams, {statement.actions.count()} "
                f"actions, {statement.measures.count()} measures of success.\n"
            )
        else:
            stdout.write(f'"{statement.title}" is already loaded: left unchanged.\n')
    return result


# Accounts ---------------------------------------------------------------------------


def _ensure_accounts(password):
    """Create missing demo accounts; set `password` on the login accounts if given.

    Without a password, new login accounts share one generated password and
    existing ones keep theirs. Returns (login accounts, users by username, generated).
    """
    User = get_user_model()
    generated = None
    accounts, users = [], {}
    for spec in sutton.ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": spec["email"],
                "is_staff": spec["is_staff"],
            },
        )
        group = _role_group(getattr(roles, spec["group"]))
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        users[spec["username"]] = user
        if not spec["login"]:
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            continue
        given = password
        if not given and created:
            generated = generated or secrets.token_urlsafe(12)
            given = generated
        if given and (created or not user.check_password(given)):
            user.set_password(given)
            user.save(update_fields=["password"])
        accounts.append(DemoAccount(spec["username"], spec["role"], given or UNCHANGED))
    return accounts, users, generated is not None


def _role_group(name):
    """The role's group. Migration actions/0002 makes it; a database flush removes it."""
    if not Group.objects.filter(name=name).exists():
        roles.create_role_groups(Group, Permission)
    return Group.objects.get(name=name)


# The plan ---------------------------------------------------------------------------


def _save(obj, when, by):
    """Validate and save `obj`, dating its history entry `when`."""
    obj.full_clean()
    obj._history_date = when
    obj._history_user = by
    obj.save()
    return obj


def _load_plan(users):
    data = sutton.STATEMENT
    manager = users["manager"]
    drafted = at(data["drafted_on"], 9)

    statement = Statement(
        local_area=data["local_area"],
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        inspection_published_on=data["inspection_published_on"],
        created_at=drafted,
    )
    _save(statement, drafted, manager)

    weaknesses = {}
    for spec in sutton.WEAKNESSES:
        weaknesses[spec["number"]] = _save(Weakness(statement=statement, **spec), drafted, manager)

    owners = _ensure_owners(users, drafted, manager)

    workstreams = {}
    for spec in sutton.WORKSTREAMS:
        workstream = _save(
            Workstream(
                statement=statement,
                number=spec["number"],
                name=spec["name"],
                purpose=spec["purpose"],
                lead=owners[spec["lead"]],
                monitoring_arrangements=spec["monitoring_arrangements"],
            ),
            at(datetime.date(2018, 4, 25), 10),
            manager,
        )
        workstream.weaknesses.set([weaknesses[n] for n in spec["weaknesses"]])
        workstreams[spec["number"]] = workstream

    joined = at(sutton.MEMBERSHIPS_JOINED_ON, 18)
    for spec in sutton.ACCOUNTS:
        for number in spec["workstreams"]:
            _save(
                WorkstreamMembership(
                    workstream=workstreams[number],
                    user=users[spec["username"]],
                    joined_on=sutton.MEMBERSHIPS_JOINED_ON,
                ),
                joined,
                manager,
            )

    measures = _load_measures(statement, weaknesses, owners, manager)
    actions = _load_actions(statement, workstreams, weaknesses, owners, measures, manager)
    _record_updates(actions, manager)
    _load_comments(actions, users)

    # Submitted on 3 July, judged fit for purpose on 19 July, published the day after.
    statement.refresh_from_db()  # keep the freshness stamp the saves above moved on
    statement.submitted_on = data["submitted_on"]
    statement.evaluated_on = data["evaluated_on"]
    statement.evaluation_outcome = data["evaluation_outcome"]
    _save(statement, at(data["submitted_on"], 12), manager)
    published = at(data["published_on"], 9)
    statement.status = Statement.Status.PUBLISHED
    statement.published_at = published
    _save(statement, published, manager)
    return statement


def _ensure_owners(users, when, by):
    """Owners by key, reusing any with the same job title and organisation (an
    organisation outside the list is known by its name)."""
    linked = {spec["owner"]: users[spec["username"]] for spec in sutton.ACCOUNTS if spec["owner"]}
    owners = {}
    for key, spec in sutton.OWNERS.items():
        owner = Owner.objects.filter(
            job_title=spec["job_title"],
            organisation=spec["organisation"],
            organisation_name=spec.get("organisation_name", ""),
        ).first()
        user = linked.get(key)
        if user and Owner.objects.filter(user=user).exists():
            user = None  # already someone else's account: leave both alone
        if owner is None:
            owner = _save(Owner(**spec, user=user), when, by)
        elif user and owner.user_id is None:
            owner.user = user
            _save(owner, when, by)
        owners[key] = owner
    return owners


def _load_measures(statement, weaknesses, owners, manager):
    author_of = _authors(manager)
    measures = {}
    for spec in sutton.MEASURES:
        measure = _save(
            SuccessMeasure(
                statement=statement,
                weakness=weaknesses[spec["weakness"]],
                reference=spec["reference"],
                title=spec["title"],
                description=spec["description"],
                kind=spec["kind"],
                unit=spec["unit"],
                direction=spec["direction"],
                baseline_value=Decimal(spec["baseline_value"]),
                baseline_date=spec["baseline_date"],
                target_value=Decimal(spec["target_value"]),
                target_date=spec["target_date"],
                data_source=spec["data_source"],
                owner=owners[spec["owner"]],
            ),
            at(datetime.date(2018, 6, 29), 12),
            manager,
        )
        for due_on, value in spec["milestones"]:
            _save(
                Milestone(measure=measure, due_on=due_on, value=Decimal(value)),
                at(datetime.date(2018, 6, 29), 12),
                manager,
            )
        recorder = author_of(measure.owner)
        for measured_on, value, note in spec["measurements"]:
            # Figures for a period are entered about three weeks after it ends.
            recorded = at(measured_on + datetime.timedelta(days=21), 11)
            _save(
                Measurement(
                    measure=measure,
                    measured_on=measured_on,
                    value=Decimal(value),
                    note=note,
                    recorded_by=recorder,
                    recorded_at=recorded,
                ),
                recorded,
                recorder,
            )
        measures[spec["reference"]] = measure
    return measures


def _load_actions(statement, workstreams, weaknesses, owners, measures, manager):
    """Create every action not started; progress updates move them on afterwards."""
    submitted = at(sutton.STATEMENT["submitted_on"], 9)
    actions = {}
    for spec in sutton.ACTIONS:
        # Actions already taken were written up as they began.
        created = min(at(spec["start_date"], 9), submitted)
        action = _save(
            Action(
                statement=statement,
                reference=spec["reference"],
                workstream=workstreams[spec["workstream"]],
                title=spec["title"],
                description=spec["description"],
                summary=spec["summary"],
                intended_outcome=spec["intended_outcome"],
                monitoring=spec["monitoring"],
                owner=owners[spec["owner"]],
                phase=spec["phase"],
                start_date=spec["start_date"],
                due_date=spec["due_date"],
                created_at=created,
                updated_at=created,
            ),
            created,
            manager,
        )
        action.weaknesses.set([weaknesses[n] for n in spec["weaknesses"]])
        action.measures.set([measures[ref] for ref in spec["measures"]])
        actions[spec["reference"]] = action
    return actions


def _record_updates(actions, manager):
    """Apply every progress update, oldest first, as its action's owner would."""
    author_of = _authors(manager)
    updates = sorted(
        (update["on"], spec["reference"], index, update)
        for spec in sutton.ACTIONS
        for index, update in enumerate(spec["updates"])
    )
    for day, reference, _index, update in updates:
        action = actions[reference]
        action.refresh_from_db()
        change = ProgressChange(
            status=update["status"],
            confidence=update.get("confidence", ""),
            narrative=update["narrative"],
            public_summary=update["public_summary"],
            evidence_link=update.get("evidence_link", ""),
            revised_due_date=update.get("revised_due_date"),
            revision_reason=update.get("revision_reason", ""),
            completed_on=update.get("completed_on"),
        )
        record_progress(
            action,
            author_of(action.owner),
            change,
            expected_version=action.version,
            at=at(day),
        )


def _load_comments(actions, users):
    for spec in sutton.COMMENTS:
        comment = Comment(
            action=actions[spec["action"]],
            author=users[spec["author"]],
            body=spec["body"],
            created_at=at(spec["on"], 20),
        )
        comment.full_clean()
        comment.save()
        for reply in spec["replies"]:
            answer = Comment(
                action=comment.action,
                author=users[reply["author"]],
                body=reply["body"],
                reply_to=comment,
                created_at=at(reply["on"], 10),
            )
            answer.full_clean()
            answer.save()
    # Written directly (no notification emails for 2018's threads), so record
    # who answered what the way the comment services would have.
    record_existing_answers(Comment, get_user_model())


def _authors(fallback):
    """Who writes for an owner: their own account, or the programme manager."""

    def author_of(owner):
        return owner.user if owner and owner.user_id else fallback

    return author_of


def _ensure_glossary():
    for abbreviation, expansion, explanation in sutton.GLOSSARY:
        GlossaryTerm.objects.get_or_create(
            abbreviation=abbreviation,
            defaults={"expansion": expansion, "explanation": explanation},
        )
