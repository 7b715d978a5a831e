"""A cache of public pages that is never out of date: every key carries the version.

A page's key is made of its statement's version (public.conditional: the stamp
workstreams.freshness moves on any change inside the statement, and the number
published), today's date (actions fall overdue at midnight), the address
(scheme, host and path) and the reader's kind. A change anywhere in a statement
gives its pages new keys, so the next reader gets a fresh page at once and
nothing has to be deleted: old entries are simply never asked for again, and
expire.

Only anonymous readers' GET and HEAD requests are served from the cache, and
only a plain 200 page is stored: nothing for signed-in users (their header
differs and may hold a CSRF token), nothing that set a cookie, used the session
or a CSP nonce, and nothing private or marked no-store. The key leaves out the
query string, so links with tracking parameters share the cached page: a
decorated view must not read request.GET.

Pages are kept in sutton_send.versioned_cache (Django's default cache, with
each process's most recent pages in front of it). Setting PUBLIC_PAGE_CACHE =
False turns the page cache off.
"""

import functools

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone

from sutton_send import versioned_cache

from .conditional import statement_version


def page_key(request, version):
    """The cache key of this request's page at statement `version`, for an anonymous reader."""
    return versioned_cache.key(
        "public-page",
        version,
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        request.path,
        "anonymous",
    )


def _may_use_cache(request):
    return (
        getattr(settings, "PUBLIC_PAGE_CACHE", True)
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
    )


def _may_store(request, response):
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not get_nonce(request)
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def cache_public_page(view):
    """Serve `view`'s page to anonymous readers from the cache, keyed by statement version.

    Goes inside `conditional_on_statement`, which reads the same version, so a
    hit costs that one small query and one cache read.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        version = statement_version(request, **kwargs)
        if version is None:
            return view(request, *args, **kwargs)
        key = page_key(request, version)
        stored = versioned_cache.read(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _may_store(request, response):
            versioned_cache.write(key, (response.content, response["Content-Type"]))
        return response

    return wrapped
