"""Security events go to the `sutton_send.security` log; passwords never do."""

import pytest

from .factories import ActionFactory, OfficerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGGER = "sutton_send.security"


@pytest.fixture
def security_log(caplog):
    caplog.set_level("INFO", logger=LOGGER)

    def messages():
        return [r.getMessage() for r in caplog.records if r.name == LOGGER]

    return messages


def sign_in(client, username, password):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="192.0.2.8"
    )


def test_a_sign_in_is_logged_with_who_and_where(client, officer, security_log):
    sign_in(client, "officer", PASSWORD)
    assert f"Sign-in: user 'officer' (id {officer.pk}) from 192.0.2.8" in security_log()


def test_a_failed_sign_in_is_logged_without_the_password(client, officer, security_log, caplog):
    sign_in(client, "officer", "Hunter2-is-my-secret")
    assert "Sign-in failed: username 'officer' from 192.0.2.8" in security_log()
    assert "Hunter2-is-my-secret" not in caplog.text


def test_a_crafted_username_cannot_forge_a_log_line(client, security_log):
    sign_in(client, "x\nSign-in: user 'manager' (id 1) from 10.0.0.1", "whatever")
    (line,) = [m for m in security_log() if m.startswith("Sign-in failed")]
    assert "\n" not in line
    assert "\\n" in line


def test_signing_out_is_logged(client, officer, security_log):
    client.force_login(officer)
    client.post("/accounts/logout/")
    assert any(m.startswith(f"Sign-out: user 'officer' (id {officer.pk})") for m in security_log())


def test_a_refused_permission_is_logged(client, parent, security_log):
    action = ActionFactory()
    client.force_login(parent)
    address = f"/manage/actions/{action.pk}/update/"
    assert client.get(address).status_code == 403
    assert f"Permission refused: GET '{address}' for user id {parent.pk}" in security_log()


def test_a_refused_permission_for_another_officers_action_is_logged(client, security_log):
    someone = OfficerFactory()
    action = ActionFactory()
    client.force_login(someone)
    assert client.post(f"/manage/actions/{action.pk}/update/", {}).status_code == 403
    assert any(m.startswith("Permission refused: POST") for m in security_log())


def test_a_csrf_failure_is_logged_by_django(client, officer, caplog):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    caplog.set_level("WARNING", logger="django.security.csrf")
    assert strict.post("/accounts/logout/").status_code == 403
    assert any(r.name == "django.security.csrf" for r in caplog.records)
