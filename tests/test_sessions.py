"""Sessions end when idle, when too old, and at once for a deactivated user.

security.middleware.SessionTimeoutMiddleware: 30 minutes idle, 12 hours in all.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from security.middleware import LAST_SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
MINUTE = datetime.timedelta(minutes=1)


def is_signed_in(client):
    return SESSION_KEY in client.session


def workspace(client):
    return client.get("/manage/").status_code


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_signing_in_starts_the_session_clock(client, officer, clock):
    client.post("/accounts/login/", {"username": "officer", "password": PASSWORD})
    now = timezone.now().timestamp()
    assert client.session[SIGNED_IN_AT] == pytest.approx(now)
    assert client.session[LAST_SEEN_AT] == pytest.approx(now)


def test_a_session_survives_29_minutes_idle(client, officer, clock):
    client.force_login(officer)
    clock.shift(29 * MINUTE)
    assert workspace(client) == 200


def test_a_session_idle_for_more_than_30_minutes_ends(client, officer, clock):
    client.force_login(officer)
    clock.shift(31 * MINUTE)
    response = client.get("/manage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/manage/")
    assert not is_signed_in(client)


def test_each_request_restarts_the_idle_timer(client, officer, clock):
    client.force_login(officer)
    for _ in range(4):  # two hours of activity, 25 minutes apart
        clock.shift(25 * MINUTE)
        assert workspace(client) == 200
    assert is_signed_in(client)


def test_an_active_session_still_ends_12_hours_after_signing_in(client, officer, clock):
    client.force_login(officer)
    elapsed = datetime.timedelta()
    while elapsed < datetime.timedelta(hours=12) - 20 * MINUTE:
        clock.shift(20 * MINUTE)
        elapsed += 20 * MINUTE
        assert workspace(client) == 200, elapsed
    clock.shift(21 * MINUTE)
    assert workspace(client) == 302
    assert not is_signed_in(client)


def test_a_signed_in_session_without_a_start_time_is_ended(client, officer):
    client.force_login(officer)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert workspace(client) == 302


def test_a_timed_out_session_is_logged(client, officer, clock, caplog):
    client.force_login(officer)
    clock.shift(31 * MINUTE)
    caplog.set_level("INFO", logger="sutton_send.security")
    client.get("/")
    assert f"Session ended: user id {officer.pk}, because it was idle too long" in caplog.text


def test_a_quiet_public_visitor_has_no_session_to_time_out(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.cookies


def test_the_session_lasts_no_longer_than_the_absolute_timeout_in_the_database(settings):
    assert settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


# Deactivated users and changed passwords -------------------------------------------


def test_a_deactivated_user_is_signed_out_on_their_next_request(client, officer):
    client.force_login(officer)
    assert workspace(client) == 200
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert workspace(client) == 302
    page = client.get("/").content.decode()
    assert "Sign in (staff and parent representatives)" in page


def test_a_deactivated_user_cannot_sign_in(client, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    response = client.post("/accounts/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_changing_the_password_ends_the_users_other_sessions(officer):
    laptop, phone = Client(), Client()
    laptop.force_login(officer)
    phone.force_login(officer)
    response = phone.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase for sutton",
            "new_password2": "a brand new passphrase for sutton",
        },
    )
    assert response.status_code == 302
    assert workspace(phone) == 200, "the session that changed it stays signed in"
    assert workspace(laptop) == 302


def test_signing_out_ends_the_session_on_the_server(officer):
    client = Client()
    client.force_login(officer)
    stolen = client.cookies["__Host-sessionid"].value
    client.post("/accounts/logout/")
    thief = Client()
    thief.cookies["__Host-sessionid"] = stolen
    assert workspace(thief) == 302


def test_signing_in_gives_a_new_session_key(client, officer):
    client.get("/accounts/login/")
    session = client.session
    session["before"] = True
    session.save()
    before = session.session_key
    client.post("/accounts/login/", {"username": "officer", "password": PASSWORD})
    assert client.session.session_key != before
