"""Repeated failed sign-ins lock out a username from one address (django-axes).

Five failures for one username from one address lock that pair out for 15
minutes; a success clears the count. tests/conftest.py turns axes off for other
tests; the `axes_enabled` fixture here turns it back on.
"""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from security.client import client_ip

from .factories import OfficerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN_URL = "/accounts/login/"
INVALID_LOGIN = "Enter a correct username and password. Both are case-sensitive."


@pytest.fixture(autouse=True)
def axes_enabled(settings):
    settings.AXES_ENABLED = True
    return True


def sign_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail(client, username, times, address="203.0.113.7", **headers):
    return [sign_in(client, username, "wrong password", address, **headers) for _ in range(times)]


def signed_in(client):
    return "_auth_user_id" in client.session


def test_four_failures_still_let_the_right_password_in(client, officer):
    responses = fail(client, "officer", 4)
    assert all(r.status_code == 200 and INVALID_LOGIN in r.content.decode() for r in responses)
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_fifth_failure_locks_the_username_out_with_a_gov_uk_page(client, officer):
    *_, fifth = fail(client, "officer", 5)
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "You cannot sign in for now" in page
    assert "stopped for 15 minutes" in page
    assert 'class="govuk-heading-l"' in page
    assert "wrong password" not in page


def test_a_locked_out_username_cannot_sign_in_even_with_the_right_password(client, officer):
    fail(client, "officer", 5)
    response = sign_in(client, "officer", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_ends_after_15_minutes(client, officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        fail(client, "officer", 5)
        traveller.shift(datetime.timedelta(minutes=14))
        assert sign_in(client, "officer", PASSWORD).status_code == 429
        traveller.shift(datetime.timedelta(minutes=16))
        assert sign_in(client, "officer", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lockout_is_for_that_username_from_that_address_only(client, officer):
    OfficerFactory(username="colleague")
    fail(client, "officer", 5, address="203.0.113.7")
    # The same person from another address, and a colleague behind the same address.
    assert sign_in(client, "officer", PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert sign_in(client, "colleague", PASSWORD, address="203.0.113.7").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, officer):
    fail(client, "officer", 4)
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    client.logout()
    fail(client, "officer", 4)
    assert sign_in(client, "officer", PASSWORD).status_code == 302


def test_an_unknown_username_is_locked_out_the_same_way(client):
    """So the lockout cannot be used to find out which usernames exist."""
    *_, fifth = fail(client, "nobody", 5)
    assert fifth.status_code == 429
    assert "You cannot sign in for now" in fifth.content.decode()


def test_a_lockout_is_logged_without_the_password(client, officer, caplog):
    caplog.set_level("INFO")
    fail(client, "officer", 5)
    security = [r.getMessage() for r in caplog.records if r.name == "sutton_send.security"]
    assert "Sign-in locked out: username 'officer' from 203.0.113.7" in security
    assert "wrong password" not in caplog.text


# Behind proxies: the client's address, not the proxy's -------------------------


def test_behind_a_proxy_the_lockout_follows_the_client_not_the_proxy(client, officer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.5"
    fail(client, "officer", 5, address=proxy, x_forwarded_for="203.0.113.7")
    locked = sign_in(client, "officer", PASSWORD, address=proxy, x_forwarded_for="203.0.113.7")
    assert locked.status_code == 429
    other = sign_in(client, "officer", PASSWORD, address=proxy, x_forwarded_for="198.51.100.20")
    assert other.status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lockout(client, officer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.5"
    fail(client, "officer", 5, address=proxy, x_forwarded_for="203.0.113.7")
    # The attacker adds an address of their choosing; the proxy appends the real one.
    forged = sign_in(
        client, "officer", PASSWORD, address=proxy, x_forwarded_for="192.0.2.1, 203.0.113.7"
    )
    assert forged.status_code == 429


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.5"),  # no proxy trusted: the header is ignored
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.9", "192.0.2.1"),
        (2, "192.0.2.1", "10.0.0.5"),  # fewer entries than proxies: misconfigured
        (1, "not-an-address", "10.0.0.5"),
        (1, "", "10.0.0.5"),
    ],
)
def test_client_ip(rf, settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# Hostile sign-ins: never a 500 (PostgreSQL refuses what SQLite keeps) ----------------


@pytest.mark.parametrize("url", [LOGIN_URL, "/admin/login/"])
def test_a_long_username_is_recorded_cut_to_its_column(client, url):
    """Django's sign-in forms take any length; the lockout's column holds 255."""
    response = client.post(
        url, {"username": "a" * 1000, "password": "wrong"}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "a" * 255
