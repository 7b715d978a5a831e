"""Rendered pages and fragments kept under keys that name one version of them.

A key is made from everything its content depends on (each statement's stamp,
workstreams.freshness; the day; the reader where it matters), so an entry can
never be out of date: a change gives new keys, and old entries are simply never
asked for again, and expire. public.cache keeps anonymous readers' pages here,
workspace.dashboard each reader's dashboard.

Entries live in Django's default cache (Redis in production, local memory
otherwise), and each process keeps those it used last in front of it, which
saves fetching and unpickling a large page for every request. A cache that is
down slows pages down; it never takes them down.
"""

import logging
import threading
from collections import OrderedDict

from django.core.cache import cache

logger = logging.getLogger(__name__)

# Keys change every day anyway; an entry is dropped a day after it was stored.
DEFAULT_TIMEOUT = 24 * 60 * 60
# Each process also keeps the entries it used last, up to this many bytes.
DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024


class _Recent:
    """The entries this process used last, by key, up to a total size.

    Each entry is a tuple whose first item is its content (str or bytes), which
    is what is counted. Least recently used entries go first.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry[0])
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _, (content, *_) = self.entries.popitem(last=False)
                self.size -= len(content)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


_recent = _Recent(DEFAULT_MEMORY_BYTES)


def clear():
    """Forget every entry (this process's copies and the shared cache's)."""
    _recent.clear()
    cache.clear()


def read(key):
    """The entry stored under `key`, or None (also when the cache is down)."""
    entry = _recent.get(key)
    if entry is not None:
        return entry
    try:
        entry = cache.get(key)
    except Exception:
        logger.warning("Page cache unavailable: rendering the page", exc_info=True)
        return None
    if entry is not None:
        _recent.put(key, entry)
    return entry


def write(key, entry, timeout=DEFAULT_TIMEOUT):
    """Store `entry`, a tuple of content first and then whatever the reader needs."""
    _recent.put(key, entry)
    try:
        cache.set(key, entry, timeout)
    except Exception:
        logger.warning("Page cache unavailable: page not stored", exc_info=True)
