"""Conditional GET for public pages: Last-Modified and ETag from the statement's stamp.

A page changes when anything in its statement changes (Statement.content_changed_at,
kept by workstreams.freshness), when the day changes (actions become overdue at
midnight), and when the reader signs in or out (the header differs). One small
query answers a revalidation with 304 without rendering the page; the same
query gives public.cache the version its keys carry.
"""

import datetime
import functools
import hashlib

from django.db import connection
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from workstreams.models import Statement


def _published(request, slug=None, **kwargs):
    """When the page's published statements last changed, and how many there are.

    One query per request, remembered on it: the ETag, Last-Modified and the
    page cache all read it. The count moves when a statement is unpublished,
    which can leave the latest change where it was.
    """
    if not hasattr(request, "_published_statements"):
        stamps = [max(row) for row in _published_stamps(slug)]
        request._published_statements = {
            "changed": max(stamps) if stamps else None,
            "count": len(stamps),
        }
    return request._published_statements


def _published_stamps(slug):
    """(updated_at, content_changed_at) of each published statement (the one at `slug`).

    Plain SQL: this runs for every public request, cached or not, and the ORM
    takes ten times as long to build the query as the database takes to answer.
    """
    meta = Statement._meta
    quote = connection.ops.quote_name
    updated, changed, status, slug_column = (
        quote(meta.get_field(name).column)
        for name in ("updated_at", "content_changed_at", "status", "slug")
    )
    table = quote(meta.db_table)
    sql = f"SELECT {updated}, {changed} FROM {table} WHERE {status} = %s"  # noqa: S608 - model names
    params = [Statement.Status.PUBLISHED]
    if slug is not None:
        sql += f" AND {slug_column} = %s"
        params.append(slug)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # SQLite hands back naive UTC datetimes; PostgreSQL aware ones.
    return [
        tuple(
            value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)
            for value in row
        )
        for row in rows
    ]


def _stamp(request, **kwargs):
    return _published(request, **kwargs)["changed"]


def statement_version(request, **kwargs):
    """A string that changes whenever anything on the page's statements changes, or None.

    None when nothing is published there (the view answers 404 or an empty list).
    """
    published = _published(request, **kwargs)
    if published["changed"] is None:
        return None
    return f"{published['changed'].isoformat()}/{published['count']}"


def _start_of_today():
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def last_modified(request, *args, **kwargs):
    changed = _stamp(request, **kwargs)
    if changed is None:
        return None  # nothing published there: let the view answer (404 or empty list)
    return max(changed, _start_of_today())


def etag(request, *args, **kwargs):
    changed = last_modified(request, *args, **kwargs)
    if changed is None:
        return None
    reader = request.user.pk if request.user.is_authenticated else 0
    version = statement_version(request, **kwargs)
    key = f"{request.path}|{changed.isoformat()}|{version}|{timezone.localdate()}|{reader}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def conditional_on_statement(view):
    """Serve `view` with Last-Modified and ETag, answering 304 when nothing changed."""
    conditional = condition(etag_func=etag, last_modified_func=last_modified)(view)
    # Caches may keep the page but must ask again each time: the answer is usually 304.
    return functools.wraps(view)(cache_control(no_cache=True)(conditional))
