"""Security events to the `sutton_send.security` log.

Sign-ins, failed sign-ins, sign-outs and lockouts come from Django's and
django-axes' signals; refused permissions, timeouts and two-step verification
are logged where they happen (security/middleware.py, workspace/views/two_factor.py).
A password is never logged: Django hides it from `user_login_failed` and this
module only reads the username. Usernames are logged with %r so a crafted one
cannot forge extra log lines.
"""

import logging
import sys

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.signals import got_request_exception
from django.dispatch import receiver

from .client import client_ip
from .middleware import DATABASE_GONE, start_session_clock

logger = logging.getLogger("sutton_send.security")

# Longer than any real username (150), short enough to keep a log line a line.
USERNAME_LOGGED = 200


def _address(request):
    return (client_ip(request) if request is not None else "") or "-"


@receiver(user_logged_in, dispatch_uid="security.signed_in")
def signed_in(sender, request, user, **kwargs):
    if request is not None:
        start_session_clock(request)
    logger.info("Sign-in: user %r (id %s) from %s", user.get_username(), user.pk, _address(request))


@receiver(user_login_failed, dispatch_uid="security.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:USERNAME_LOGGED]
    logger.warning("Sign-in failed: username %r from %s", username, _address(request))


@receiver(user_logged_out, dispatch_uid="security.signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        logger.info(
            "Sign-out: user %r (id %s) from %s", user.get_username(), user.pk, _address(request)
        )


@receiver(user_locked_out, dispatch_uid="security.locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    logger.warning(
        "Sign-in locked out: username %r from %s", str(username or "")[:USERNAME_LOGGED], ip_address
    )


@receiver(got_request_exception, dispatch_uid="security.note_database_gone")
def note_database_gone(sender, request=None, **kwargs):
    """Mark a request whose middleware lost the database, for DatabaseUnavailableMiddleware.

    Django sends this signal while handling the exception, so it is still current.
    """
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_GONE):
        request.database_gone = True
