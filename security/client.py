"""Who a request says it is, for lockouts and the security log: its address, and the
username a failed sign-in is recorded under."""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request):
    """The client's IP address.

    REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies stand in front of the app:
    each appends the address it saw to X-Forwarded-For, so the client is that
    many entries from the end. Anything to the left of it could be forged by
    the client, so it is never used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count and _valid(forwarded[-count]):
            return forwarded[-count]
    return remote


def lockout_username(request, credentials=None):
    """The username django-axes records a failed sign-in under, no longer than the
    column it is kept in: Django's sign-in forms (the admin's too) do not limit what
    is typed, and PostgreSQL refuses a longer value, which was a 500."""
    from axes.models import AccessAttempt

    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    username = credentials.get(field) if credentials else request.POST.get(field)
    if username is None:
        return None
    return username[: AccessAttempt._meta.get_field("username").max_length]
