"""Conditional GET for public pages: Last-Modified and ETag from the statement's stamp.

A page changes when anything in its statement changes (Statement.content_changed_at,
kept by workstreams.freshness), when the day changes (actions become overdue at
midnight), and when the reader signs in or out (the header differs). One small
query answers a revalidation with 304 without rendering the page; the same
query gives public.cache the version its keys carry.
"""

import functools
import hashlib

from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from sutton_send import versioned_cache
from sutton_send.clock import start_of_day
from workstreams.freshness import statement_stamps
from workstreams.models import Statement


def _published(request, slug=None, **kwargs):
    """When the page's published statements last changed, and which versions they are at.

    One query per request, remembered on it: the ETag, Last-Modified and the
    page cache all read it. The versions (pk, content_version) also move when a
    statement is unpublished, which can leave the latest change where it was.
    """
    if not hasattr(request, "_published_statements"):
        rows = statement_stamps(Statement.Status.PUBLISHED, slug=slug)
        request._published_statements = {
            "changed": max((max(row[2:]) for row in rows), default=None),
            "versions": [row[:2] for row in rows],
        }
    return request._published_statements


def _stamp(request, **kwargs):
    return _published(request, **kwargs)["changed"]


def statement_version(request, **kwargs):
    """A string that changes whenever anything on the page's statements changes, or None.

    None when nothing is published there (the view answers 404 or an empty list).
    """
    published = _published(request, **kwargs)
    if published["changed"] is None:
        return None
    return ",".join(f"{pk}.{version}" for pk, version in published["versions"])


def last_modified(request, *args, **kwargs):
    changed = _stamp(request, **kwargs)
    if changed is None:
        return None  # nothing published there: let the view answer (404 or empty list)
    return max(changed, start_of_day(timezone.localdate()))


def etag(request, *args, **kwargs):
    changed = last_modified(request, *args, **kwargs)
    if changed is None:
        return None
    reader = request.user.pk if request.user.is_authenticated else 0
    version = statement_version(request, **kwargs)
    # The release too: a deploy that changes how pages look must not be answered 304.
    key = "|".join(
        [
            request.path,
            changed.isoformat(),
            version,
            timezone.localdate().isoformat(),
            str(reader),
            versioned_cache.release(),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def conditional_on_statement(view):
    """Serve `view` with Last-Modified and ETag, answering 304 when nothing changed."""
    conditional = condition(etag_func=etag, last_modified_func=last_modified)(view)
    # Caches may keep the page but must ask again each time: the answer is usually 304.
    return functools.wraps(view)(cache_control(no_cache=True)(conditional))
