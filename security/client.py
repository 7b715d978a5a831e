"""Which address a request came from, for lockouts and the security log."""

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
