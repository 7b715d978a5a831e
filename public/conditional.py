"""Conditional GET for public pages: Last-Modified and ETag from the statement's stamp.

A page changes when anything in its statement changes (Statement.content_changed_at,
kept by workstreams.freshness), when the day changes (actions become overdue at
midnight), and when the reader signs in or out (the header differs). One small
query answers a revalidation with 304 without rendering the page.
"""

import datetime
import functools
import hashlib

from django.db.models import Max
from django.db.models.functions import Greatest
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from workstreams.models import Statement


def _stamp(request, slug=None, **kwargs):
    if not hasattr(request, "_statement_stamp"):
        statements = Statement.objects.published()
        if slug is not None:
            statements = statements.filter(slug=slug)
        request._statement_stamp = statements.aggregate(
            changed=Max(Greatest("updated_at", "content_changed_at"))
        )["changed"]
    return request._statement_stamp


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
    key = f"{request.path}|{changed.isoformat()}|{timezone.localdate()}|{reader}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def conditional_on_statement(view):
    """Serve `view` with Last-Modified and ETag, answering 304 when nothing changed."""
    conditional = condition(etag_func=etag, last_modified_func=last_modified)(view)
    # Caches may keep the page but must ask again each time: the answer is usually 304.
    return functools.wraps(view)(cache_control(no_cache=True)(conditional))
