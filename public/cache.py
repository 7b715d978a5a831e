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

The cache is Django's default cache (Redis in production, local memory
otherwise), and each process keeps the pages it served last in front of it: a
key names one version of one page, so that copy can never be out of date
either. Setting PUBLIC_PAGE_CACHE = False turns the page cache off.
"""

import functools
import hashlib
import logging
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone

from .conditional import statement_version

logger = logging.getLogger(__name__)

KEY_PREFIX = "public-page:1"
# Keys change every day anyway; an entry is dropped a day after it was stored.
DEFAULT_TIMEOUT = 24 * 60 * 60
# Each process also keeps the pages it served last, up to this many bytes.
DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024


def page_key(request, version):
    """The cache key of this request's page at statement `version`, for an anonymous reader."""
    parts = [
        version,
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        request.path,
        "anonymous",
    ]
    return f"{KEY_PREFIX}:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


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


class _RecentPages:
    """The pages this process served last, by key, up to a total size.

    A key names one version of one page, so a copy kept here can never be out
    of date: this only saves fetching (and unpickling) a large page from the
    shared cache for every reader. Least recently used pages go first.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key, page):
        size = len(page[0])
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.pages:
                return
            self.pages[key] = page
            self.size += size
            while self.size > self.max_bytes:
                _, (content, _) = self.pages.popitem(last=False)
                self.size -= len(content)

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.size = 0


_recent = _RecentPages(getattr(settings, "PUBLIC_PAGE_MEMORY_BYTES", DEFAULT_MEMORY_BYTES))


def clear():
    """Forget every cached public page (this process's copies and the shared cache's)."""
    _recent.clear()
    cache.clear()


# A cache that is down slows pages down; it never takes them down.


def _read(key):
    page = _recent.get(key)
    if page is not None:
        return page
    try:
        page = cache.get(key)
    except Exception:
        logger.warning("Public page cache unavailable: rendering the page", exc_info=True)
        return None
    if page is not None:
        _recent.put(key, page)
    return page


def _write(key, page):
    _recent.put(key, page)
    try:
        cache.set(key, page, getattr(settings, "PUBLIC_PAGE_CACHE_TIMEOUT", DEFAULT_TIMEOUT))
    except Exception:
        logger.warning("Public page cache unavailable: page not stored", exc_info=True)


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
        stored = _read(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _may_store(request, response):
            _write(key, (response.content, response["Content-Type"]))
        return response

    return wrapped
