"""Keep `Statement.content_changed_at` and `content_version` true: any change touches them.

Public pages use the stamp for "last updated", Last-Modified and ETag headers;
cache keys carry the version, a new random token on each change (two changes
can happen in the same microsecond, or under a stopped clock in tests, but
never share a token; a statement's own save takes a new one, Statement.save).
Saves through services, forms and the admin all pass through these signal
handlers, so nothing can change a statement without moving its stamp. Each app
registers how to find the statements a change of one of its models touches.

Comments are not public: they move only `discussion_version`, which the
workspace's kept dashboards carry (track_discussion), unless a public "you
said, we did" entry was made from one.
"""

import datetime

from django.db import connection
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

_statement_filters = {}


def track(model, statements_of):
    """Register `model`: `statements_of(instance)` gives a Q over Statement for what it touches."""
    _statement_filters[model] = statements_of
    uid = f"freshness-{model._meta.label_lower}"
    post_save.connect(_touch_for_instance, sender=model, dispatch_uid=uid + "-save")
    post_delete.connect(_touch_for_instance, sender=model, dispatch_uid=uid + "-delete")


def track_m2m(through, statements_of):
    _statement_filters[through] = statements_of
    m2m_changed.connect(_touch_for_m2m, sender=through, dispatch_uid=f"freshness-{through}")


def track_discussion(model, statements_of):
    """Register `model` as part of the statements' discussion (comments): a change
    moves `discussion_version` of the statements `statements_of(instance)` gives,
    not what the public sees."""

    def moved(sender, instance, raw=False, **kwargs):
        if not raw:  # loaddata: the restored versions are already right
            touch_discussion(statements_of(instance))

    post_save.connect(
        moved, sender=model, weak=False, dispatch_uid=f"discussion-{model._meta.label_lower}"
    )


def touch(condition):
    from .models import Statement
    from .models.statement import new_content_version

    Statement.objects.filter(condition).update(
        content_changed_at=timezone.now(), content_version=new_content_version()
    )


def touch_discussion(condition):
    from .models import Statement
    from .models.statement import new_content_version

    Statement.objects.filter(condition).update(discussion_version=new_content_version())


def lock_statements(condition):
    """Inside a transaction: lock the rows of the statements matching `condition`
    (a Q over Statement), in pk order.

    Every save locks the statements it will touch before any other row. Most
    touch one (StatementQuerySet.lock_for_change); a change to an owner or a
    glossary term touches many, and so does an import that changes an owner who
    is in other statements too. Taking them in one order, saves that touch the
    same statements wait for each other instead of deadlocking.
    """
    from .models import Statement

    matching = Statement.objects.filter(condition).values("pk")
    rows = Statement.objects.filter(pk__in=matching).order_by("pk").select_for_update()
    list(rows.values_list("pk", flat=True))


def touched_by(instance):
    """The statements (a Q over Statement) a change to `instance` touches."""
    if instance.pk is None:
        return Q(pk__in=[])  # nothing shows it yet
    return _statement_filters[type(instance)](instance)


def lock_statements_touched_by(instance):
    """Inside a transaction, before saving or deleting `instance`: lock_statements."""
    lock_statements(touched_by(instance))


def statement_stamps(status=None, *, exclude_status=None, slug=None, discussion=False):
    """(pk, content_version, updated_at, content_changed_at) of each statement with
    `status` (or any status but `exclude_status`; only the one at `slug`, if given),
    in pk order; with `discussion`, its discussion_version follows the content's.

    The version is new after every change to a statement or anything in it, so it
    versions whatever is built from it (pages, ETags, cache keys); the stamps
    say when. Plain SQL: this runs for every public request and every dashboard,
    cached or not, and the ORM takes ten times as long to build the query as the
    database takes to answer.
    """
    from .models import Statement

    meta = Statement._meta
    quote = connection.ops.quote_name
    pk, version, discussion_version, updated, changed, status_column, slug_column = (
        quote(meta.get_field(name).column)
        for name in (
            "id",
            "content_version",
            "discussion_version",
            "updated_at",
            "content_changed_at",
            "status",
            "slug",
        )
    )
    if discussion:
        version = f"{version}, {discussion_version}"
    conditions, params = [], []
    for column, operator, value in [
        (status_column, "=", status),
        (status_column, "<>", exclude_status),
        (slug_column, "=", slug),
    ]:
        if value is not None:
            conditions.append(f"{column} {operator} %s")
            params.append(value)
    sql = f"SELECT {pk}, {version}, {updated}, {changed} FROM {quote(meta.db_table)}"  # noqa: S608 - model names
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    with connection.cursor() as cursor:
        cursor.execute(sql + f" ORDER BY {pk}", params)
        rows = cursor.fetchall()
    # SQLite hands back naive UTC datetimes; PostgreSQL aware ones.
    return [
        (
            *row[:-2],
            *(
                value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)
                for value in row[-2:]
            ),
        )
        for row in rows
    ]


def _touch_for_instance(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the restored stamps are already right
        instance._restoring = True  # and its m2m links, set next, are restored too
        return
    touch(_statement_filters[sender](instance))


def _touch_for_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and not getattr(instance, "_restoring", False):
        touch(_statement_filters[sender](instance))


def connect():
    from . import models

    for model in (models.Weakness, models.Workstream, models.SuccessMeasure):
        track(model, lambda obj: Q(pk=obj.statement_id))
    for model in (models.Milestone, models.Measurement):
        track(model, lambda obj: Q(measures=obj.measure_id))
    track(models.WorkstreamMembership, lambda obj: Q(workstreams=obj.workstream_id))
    track(
        models.Owner,
        lambda owner: (
            Q(actions__owner=owner.pk) | Q(workstreams__lead=owner.pk) | Q(measures__owner=owner.pk)
        ),
    )
    track(models.GlossaryTerm, lambda term: Q())  # explained on every page
    # In an m2m change either end may be the instance; both carry statement_id.
    track_m2m(models.Workstream.weaknesses.through, lambda obj: Q(pk=obj.statement_id))
