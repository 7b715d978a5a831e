"""Security middleware; settings.MIDDLEWARE says where each one runs."""

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, QueryDict
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_otp import user_has_device

logger = logging.getLogger("sutton_send.security")
database_logger = logging.getLogger("sutton_send.database")

# What a database that has gone away (or cannot answer in time) raises.
DATABASE_GONE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

SIGNED_IN_AT = "security_signed_in_at"
LAST_SEEN_AT = "security_last_seen_at"
# Saving the session on every request would cost a database write each time;
# a minute's slack in a 30-minute idle timeout does not matter.
LAST_SEEN_RESOLUTION = 60


class NulCharacterMiddleware:
    """Keep NUL characters away from the database, which can neither store nor
    compare one: in the query string (the admin's list filters passed them on) or
    in the User-Agent (kept with a failed sign-in) one was a 500 on PostgreSQL.

    Query parameters lose them, as typed text does (review.forms.PlainTextField),
    so a page still explains what it cannot read; a header with one is a bad
    request (400), since no browser sends it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        headers = (value for name, value in request.META.items() if name.startswith("HTTP_"))
        if any("\x00" in str(value) for value in headers):
            raise BadRequest("A NUL character in a header.")
        if "%00" in request.META.get("QUERY_STRING", ""):
            request.GET = _without_nul(request.GET)
        return self.get_response(request)


def _without_nul(query):
    cleaned = QueryDict(mutable=True)
    for name, values in query.lists():
        cleaned.setlist(name.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned


class PermissionsPolicyMiddleware:
    """Turn off the browser features in settings.PERMISSIONS_POLICY for every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        features = settings.PERMISSIONS_POLICY
        if features and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(f"{feature}=()" for feature in features)
        return response


def database_unavailable_page():
    """The 503 page, rendered without the database, the session or the signed-in user."""
    content = loader.render_to_string(
        "errors/503.html",
        {
            "service_name": settings.SERVICE_NAME,
            "local_area_name": settings.LOCAL_AREA_NAME,
        },
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def _drop_broken_connections():
    """Close connections that no longer work, so the next request opens a fresh one.

    Django does this itself at the end of a request; doing it here as well
    keeps long-lived callers (the test client, a worker) from reusing a dead
    connection. A connection inside a transaction is left to whoever opened it.
    """
    for connection in connections.all(initialized_only=True):
        if (
            connection.connection is not None
            and not connection.in_atomic_block
            and not connection.is_usable()
        ):
            connection.close()


class DatabaseUnavailableMiddleware:
    """A lost database gives the GOV.UK "service unavailable" page with a 503, not a 500.

    A view that fails is caught by process_exception. Middleware that fails (loading
    the session, saving it) is turned into a 500 by Django before it gets here; the
    `got_request_exception` receiver in security/events.py marks such a request,
    and its 500 becomes the 503 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "database_gone", False):
            # Django has logged the exception itself (django.request).
            database_logger.error("Database unavailable: %s %r", request.method, request.path)
            _drop_broken_connections()
            return database_unavailable_page()
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_GONE):
            return None
        database_logger.error(
            "Database unavailable: %s %r", request.method, request.path, exc_info=exception
        )
        _drop_broken_connections()
        return database_unavailable_page()


def start_session_clock(request):
    """Called on sign-in: the absolute and idle timeouts count from now."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Sign out a session idle for SESSION_IDLE_TIMEOUT, or older than SESSION_ABSOLUTE_TIMEOUT.

    The request then goes on as anonymous: workspace pages send it to sign in.
    A signed-in session without a start time predates this check and is ended too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            signed_in_at = session.get(SIGNED_IN_AT)
            last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
            if signed_in_at is None:
                reason = "it has no start time"
            elif now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
                reason = "it reached its maximum lifetime"
            elif now - last_seen_at > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                reason = "it was idle too long"
            else:
                reason = None
                if now - last_seen_at >= LAST_SEEN_RESOLUTION:
                    session[LAST_SEEN_AT] = now
            if reason:
                logger.info("Session ended: user id %s, because %s", session[SESSION_KEY], reason)
                logout(request)
        return self.get_response(request)


# Pages a signed-in user who still owes a second step may open.
TWO_FACTOR_EXEMPT = {
    "workspace:two_factor_verify",
    "workspace:two_factor_setup",
    "workspace:two_factor_qr",
    "logout",
    "healthz",
    "readyz",
}


class TwoFactorMiddleware:
    """Hold back a signed-in user who has not finished two-step verification.

    Someone with an authenticator app set up must enter a code before any page;
    with TWO_FACTOR_REQUIRED_FOR_MANAGERS, a programme manager without one must
    set it up first. Must come after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.resolver_match.view_name in TWO_FACTOR_EXEMPT:
            return None
        if user.is_verified():
            return None
        if user_has_device(user):
            step = "workspace:two_factor_verify"
        elif settings.TWO_FACTOR_REQUIRED_FOR_MANAGERS and user.has_perm("workstreams.manage_plan"):
            step = "workspace:two_factor_setup"
        else:
            return None
        return redirect_to_login(request.get_full_path(), reverse(step))


class RefusedPermissionLogMiddleware:
    """Log every refused permission (a PermissionDenied from a view, shown as the 403 page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            user = request.user
            logger.warning(
                "Permission refused: %s %r for %s",
                request.method,
                request.path,
                f"user id {user.pk}" if user.is_authenticated else "an anonymous user",
            )
        return None
