"""Two-step verification with an authenticator app (django-otp TOTP).

Officers and programme managers may turn it on at /manage/two-factor/; with
TWO_FACTOR_REQUIRED_FOR_MANAGERS programme managers must.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SETUP = "/manage/two-factor/"
VERIFY = "/manage/two-factor/verify/"
QR = "/manage/two-factor/qr-code.svg"


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def wrong_code_for(device):
    right = code_for(device)
    return "000000" if right != "000000" else "111111"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def set_up(client, user):
    """Turn two-step verification on for `user` through the pages; return the device."""
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 302, response.content.decode()
    device.refresh_from_db()
    return device


def sign_in_with_password(client, username):
    client.logout()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302


# Setting it up ---------------------------------------------------------------------


def test_the_setup_page_shows_a_qr_code_and_the_key(client, officer):
    client.force_login(officer)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Set up two-step verification" in html
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed is False
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    image = client.get(QR)
    assert image["Content-Type"] == "image/svg+xml"
    assert image.content.startswith(b"<?xml")
    assert "no-store" in image["Cache-Control"]


def test_a_right_code_turns_it_on(client, officer, caplog):
    caplog.set_level("INFO", logger="sutton_send.security")
    device = set_up(client, officer)
    assert device.confirmed is True
    assert client.get("/manage/").status_code == 200
    assert f"Two-step verification turned on: user id {officer.pk}" in caplog.text
    assert "Two-step verification is on" in client.get(SETUP).content.decode()
    assert client.get(QR).status_code == 404


def test_a_wrong_code_does_not_turn_it_on(client, officer):
    client.force_login(officer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(SETUP, {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef"])
def test_a_code_must_be_six_digits(client, officer, code):
    client.force_login(officer)
    response = client.post(SETUP, {"code": code})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_parent_representatives_and_the_public_cannot_set_it_up(client, parent):
    assert client.get(SETUP).status_code == 302
    client.force_login(parent)
    assert client.get(SETUP).status_code == 403
    assert client.get(QR).status_code == 403


# Signing in with it ---------------------------------------------------------------


def test_after_the_password_every_page_asks_for_the_code(client, officer):
    set_up(client, officer)
    sign_in_with_password(client, "officer")
    for address in ("/manage/", "/", "/admin/"):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(f"{VERIFY}?next="), address


def test_signing_out_does_not_need_the_code(client, officer):
    set_up(client, officer)
    sign_in_with_password(client, "officer")
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_right_code_lets_them_in_and_goes_on_to_the_page_they_wanted(client, officer, clock):
    device = set_up(client, officer)
    clock.shift(datetime.timedelta(seconds=60))  # a new code
    sign_in_with_password(client, "officer")
    page = client.get(VERIFY, {"next": "/manage/"})
    assert "Enter the code from your authenticator app" in page.content.decode()
    response = client.post(VERIFY, {"code": code_for(device), "next": "/manage/"})
    assert response.status_code == 302
    assert response["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200


def test_a_wrong_code_is_refused_and_logged(client, officer, clock, caplog):
    device = set_up(client, officer)
    sign_in_with_password(client, "officer")
    caplog.set_level("WARNING", logger="sutton_send.security")
    response = client.post(VERIFY, {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert client.get("/manage/").status_code == 302
    assert f"Two-step verification failed: user id {officer.pk}" in caplog.text


def test_a_code_cannot_be_used_twice(client, officer, clock):
    device = set_up(client, officer)  # uses the current code
    sign_in_with_password(client, "officer")
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 200
    assert "That code has been used already: each code works once." in response.content.decode()
    assert client.get("/manage/").status_code == 302


def test_guessing_is_slowed_down(client, officer, clock):
    device = set_up(client, officer)
    clock.shift(datetime.timedelta(seconds=60))
    sign_in_with_password(client, "officer")
    client.post(VERIFY, {"code": wrong_code_for(device)})
    client.post(VERIFY, {"code": wrong_code_for(device)})
    # Even the right code waits until the delay after the failures has passed.
    response = client.post(VERIFY, {"code": code_for(device)})
    # The second wrong code came within the first's second, so it was not even tried.
    page = response.content.decode()
    assert (
        "After a wrong code you must wait 1 second before trying again. "
        "Then enter the code the app shows"
    ) in page
    assert "too many" not in page
    clock.shift(datetime.timedelta(seconds=5))
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 302


def test_the_code_page_does_not_redirect_off_site(client, officer, clock):
    device = set_up(client, officer)
    clock.shift(datetime.timedelta(seconds=60))
    sign_in_with_password(client, "officer")
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_verifying_gives_a_new_session_key(client, officer, clock):
    device = set_up(client, officer)
    clock.shift(datetime.timedelta(seconds=60))
    sign_in_with_password(client, "officer")
    before = client.session.session_key
    client.post(VERIFY, {"code": code_for(device)})
    assert client.session.session_key != before


def test_without_an_app_nobody_is_asked_for_a_code(client, officer, manager):
    client.force_login(officer)
    assert client.get("/manage/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/"


# Required for programme managers --------------------------------------------------


def test_when_required_a_manager_without_an_app_must_set_it_up(client, manager, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_MANAGERS = True
    client.force_login(manager)
    for address in ("/manage/", "/"):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{SETUP}?next=")
    page = client.get(SETUP).content.decode()
    assert "Programme managers must use two-step verification" in page


def test_when_required_a_manager_with_the_app_set_up_carries_on(client, manager, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_MANAGERS = True
    client.force_login(manager)
    set_up(client, manager)
    assert client.get("/manage/").status_code == 200


def test_when_required_officers_may_still_choose(client, officer, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_MANAGERS = True
    client.force_login(officer)
    assert client.get("/manage/").status_code == 200


def test_by_default_managers_are_not_made_to(client, manager):
    client.force_login(manager)
    assert client.get("/manage/").status_code == 200


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.2, "1 second"),
        (2, "2 seconds"),
        (59, "59 seconds"),
        (61, "2 minutes"),
        (900, "15 minutes"),
    ],
)
def test_the_wait_is_said_in_words(clock, seconds, words):
    from workspace.views.two_factor import _wait

    until = timezone.now() + datetime.timedelta(seconds=seconds)
    assert _wait({"locked_until": until}) == words
