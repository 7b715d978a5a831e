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

Every key also names the release: the project's own code, templates, static
files and pinned requirements. A deploy that changes how a page looks gives
it new keys, as a change to a statement does.
"""

import functools
import hashlib
import logging
import threading
from collections import OrderedDict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# Keys change every day anyway; an entry is dropped a day after it was stored.
DEFAULT_TIMEOUT = 24 * 60 * 60
# Each process also keeps the entries it used last, up to so many bytes of each
# kind: public pages (up to a megabyte each, read by everyone) apart from
# dashboards (tens of kilobytes, one reader each), so neither pushes out the other.
MEMORY_BYTES = {"public-page": 32 * 1024 * 1024, "dashboard": 8 * 1024 * 1024}
OTHER_MEMORY_BYTES = 4 * 1024 * 1024


def _sources():
    """Every file a page is made from that a deploy can change, in a fixed order."""
    base = Path(settings.BASE_DIR)
    # The project's own apps (installed packages change only with requirements.txt).
    roots = {Path(config.path) for config in apps.get_app_configs()}
    roots = {
        root for root in roots if root.is_relative_to(base) and "site-packages" not in root.parts
    }
    roots |= {Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]}
    roots |= {Path(folder) for folder in settings.STATICFILES_DIRS}
    roots |= {Path(__file__).parent, base / "requirements.txt"}
    files = set()
    for root in roots:
        if root.is_file():
            files.add(root)
        elif root.is_dir():
            files.update(path for path in root.rglob("*") if path.is_file())
    return sorted(path for path in files if "__pycache__" not in path.parts)


# Settings every page shows (public.context_processors): a change to them is a new release.
SHOWN_SETTINGS = (
    "LOCAL_AREA_NAME",
    "SERVICE_NAME",
    "CONTACT_URL",
    "CONTACT_EMAIL",
    "CONTACT_PHONE",
    "ORGANISATION_NAMES",
)


@functools.cache
def release():
    """A short digest of the sources and the settings pages show: the same in every
    process of one deploy. Worked out when the app starts (public.apps), so a
    process started before a deploy keeps its own release."""
    digest = hashlib.sha256()
    for name in SHOWN_SETTINGS:
        digest.update(f"{name}={getattr(settings, name, '')}\0".encode())
    base = Path(settings.BASE_DIR)
    for path in _sources():
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(kind, *parts):
    """The key of an entry of `kind` built from `parts` (their repr), in this release."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"{kind}:{release()}:{digest}"


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


_recent_by_kind = {}
_recent_lock = threading.Lock()


def _recent(key):
    """This process's recent entries of the kind `key` names (key's first part)."""
    kind = key.split(":", 1)[0]
    recent = _recent_by_kind.get(kind)
    if recent is None:
        with _recent_lock:
            budget = MEMORY_BYTES.get(kind, OTHER_MEMORY_BYTES)
            recent = _recent_by_kind.setdefault(kind, _Recent(budget))
    return recent


def clear():
    """Forget every entry (this process's copies and the shared cache's)."""
    with _recent_lock:
        _recent_by_kind.clear()
    cache.clear()


def read(key):
    """The entry stored under `key`, or None (also when the cache is down)."""
    entry = _recent(key).get(key)
    if entry is not None:
        return entry
    try:
        entry = cache.get(key)
    except Exception:
        logger.warning("Page cache unavailable: rendering the page", exc_info=True)
        return None
    if entry is not None:
        _recent(key).put(key, entry)
    return entry


def write(key, entry, timeout=DEFAULT_TIMEOUT):
    """Store `entry`, a tuple of content first and then whatever the reader needs."""
    _recent(key).put(key, entry)
    try:
        cache.set(key, entry, timeout)
    except Exception:
        logger.warning("Page cache unavailable: page not stored", exc_info=True)


def fetch(key, build, timeout=DEFAULT_TIMEOUT):
    """The entry under `key`; when there is none, `build()` makes it and it is stored."""
    entry = read(key)
    if entry is None:
        entry = build()
        write(key, entry, timeout)
    return entry
