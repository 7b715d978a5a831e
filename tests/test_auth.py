"""Signing in and out, and resetting or changing a password (workspace/auth.py).

Most tests read email from pytest-django's `mailoutbox`: Django's test setup
swaps every MAILERS entry for the locmem backend. The SMTP tests instead send
through Django's SMTP backend to a real aiosmtpd server on 127.0.0.1.
"""

import email
import email.policy
import mailbox
import re
import socket
import subprocess
import sys
import time
import unicodedata

import pytest
from django.template.loader import render_to_string
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new passphrase for sutton"
INVALID_LOGIN = "Enter a correct username and password. Both are case-sensitive."
LOGIN_URL = "/accounts/login/"
LOGOUT_URL = "/accounts/logout/"
RESET_URL = "/accounts/password_reset/"
RESET_DONE_URL = "/accounts/password_reset/done/"
CHANGE_URL = "/accounts/password_change/"
SUBJECT = "Reset your password for the Sutton SEND written statement of action"
RESET_LINK = re.compile(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)")


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def sign_in(client, username, password, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, **extra})


def reset_path(body):
    match = RESET_LINK.search(body)
    assert match, body
    return match.group(1)


# Signing in


def test_sign_in_page_uses_gov_uk_markup(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page
    assert "novalidate" in page
    assert "csrfmiddlewaretoken" in page
    assert '<button type="submit" class="govuk-button" data-module="govuk-button">' in page
    assert 'class="govuk-label govuk-label--s" for="id_username">Username' in page
    assert 'class="govuk-input"' in page
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert "autofocus" not in page
    assert "govuk-error-summary" not in page
    assert "officer" in page
    assert "programme manager" in page
    assert "parent forum representative" in page
    assert f'href="{RESET_URL}"' in page
    assert "Forgotten your password?" in page


def test_sign_in_page_keeps_a_local_next(client):
    page = client.get(LOGIN_URL, {"next": "/manage/actions/"}).content.decode()
    assert '<input type="hidden" name="next" value="/manage/actions/">' in page


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example/", "http:evil.example"])
def test_sign_in_page_drops_an_external_next(client, evil):
    page = client.get(LOGIN_URL, {"next": evil}).content.decode()
    assert "evil.example" not in page


def test_correct_credentials_sign_in_and_go_to_next(client, officer):
    response = sign_in(client, "officer", PASSWORD, next="/glossary/")
    assert response.status_code == 302
    assert response.url == "/glossary/"
    assert signed_in_user_id(client) == str(officer.pk)


@pytest.mark.parametrize(
    ("role", "start"),
    [("officer", "/manage/"), ("manager", "/manage/"), ("parent", "/review/"), ("outsider", "/")],
)
def test_without_next_each_person_starts_where_their_work_is(client, request, role, start):
    user = request.getfixturevalue(role)
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response.url == start
    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.parametrize(
    "evil", ["https://evil.example/steal", "//evil.example/", "https:///evil.example/"]
)
def test_an_external_next_does_not_redirect_off_site(client, manager, evil):
    response = sign_in(client, "manager", PASSWORD, next=evil)
    assert response.status_code == 302
    assert response.url == "/manage/"
    assert signed_in_user_id(client) == str(manager.pk)


def test_a_signed_in_user_visiting_sign_in_goes_on(client, officer):
    client.force_login(officer)
    response = client.get(LOGIN_URL, {"next": "/glossary/"})
    assert response.status_code == 302
    assert response.url == "/glossary/"


def test_a_next_pointing_at_the_sign_in_page_does_not_loop_or_fail(client, officer):
    # Django's LoginView raises ValueError here (a 500); SignInView ignores such a next.
    client.force_login(officer)
    response = client.get(LOGIN_URL, {"next": LOGIN_URL})
    assert response.status_code == 302
    assert response.url == "/manage/"


def test_a_wrong_password_shows_a_clear_message_and_does_not_sign_in(client, officer):
    response = sign_in(client, "officer", "not the password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'class="govuk-error-summary"' in page
    assert INVALID_LOGIN in page
    assert "<title>Error: Sign in" in page
    assert signed_in_user_id(client) is None
    # The password typed is never sent back.
    assert "not the password" not in page


def test_an_unknown_username_gets_the_same_message_as_a_wrong_password(client, officer):
    unknown = sign_in(client, "nobody", PASSWORD).content.decode()
    wrong = sign_in(client, "officer", "not the password").content.decode()
    assert INVALID_LOGIN in unknown
    assert INVALID_LOGIN in wrong
    assert signed_in_user_id(client) is None


def test_usernames_are_case_sensitive(client, officer):
    response = sign_in(client, "OFFICER", PASSWORD)
    assert INVALID_LOGIN in response.content.decode()
    assert signed_in_user_id(client) is None


def test_an_inactive_user_cannot_sign_in(client):
    UserFactory(username="gone", is_active=False)
    response = sign_in(client, "gone", PASSWORD)
    assert response.status_code == 200
    page = response.content.decode()
    assert INVALID_LOGIN in page
    assert "inactive" not in page
    assert signed_in_user_id(client) is None


def test_empty_fields_show_gov_uk_field_errors(client):
    response = sign_in(client, "", "")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    assert 'class="govuk-error-message" id="id_username_error"' in page
    assert "govuk-form-group--error" in page
    assert "govuk-input--error" in page


def test_a_too_long_username_is_just_a_failed_sign_in(client):
    # AuthenticationForm sets max_length after the field is made, so there is
    # no length validator: the username simply matches nobody.
    response = sign_in(client, "x" * 151, PASSWORD)
    assert response.status_code == 200
    assert INVALID_LOGIN in response.content.decode()


# Anything a browser can send: any Unicode text but lone surrogates, which UTF-8
# cannot encode (test_undecodable_or_odd_form_bodies_are_handled covers bytes that are not UTF-8).
_char = st.characters(codec="utf-8")
_anything = st.one_of(
    st.text(alphabet=_char),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F)),
    st.text(alphabet=st.characters(codec="utf-8", min_codepoint=0x80), max_size=50),
    st.builds(lambda char, n: char * n, _char, st.integers(140, 5000)),
    st.sampled_from(["officer", "OFFICER", " officer ", "officer\x00", "ofﬁcer", PASSWORD]),
)


@given(username=_anything, password=_anything)
@hypothesis_settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_sign_in_input_is_handled_and_never_signs_in(client, officer, username, password):
    # Django strips and NFKC-normalises usernames: " officer " and "ofﬁcer" are officer.
    assume(
        not (password == PASSWORD and unicodedata.normalize("NFKC", username.strip()) == "officer")
    )
    # The test client raises any exception a view lets escape, so a 500 fails here.
    response = sign_in(client, username, password)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    "body",
    [
        b"username=%FF%FE&password=%C3%28",
        b"username=%ED%A0%80&password=%00",
        b"username=officer&username=manager&password=x&password=y",
        b"password=only",
        b"",
        b"&&&==&=",
    ],
)
def test_undecodable_or_odd_form_bodies_are_handled(client, officer, body):
    response = client.post(LOGIN_URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert signed_in_user_id(client) is None


# Signing out


def test_sign_out_is_post_only(client, officer):
    client.force_login(officer)
    assert client.get(LOGOUT_URL).status_code == 405
    assert signed_in_user_id(client) == str(officer.pk)


def test_sign_out_ends_the_session(client, officer):
    client.force_login(officer)
    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert response.url == "/"
    assert signed_in_user_id(client) is None
    assert client.get(CHANGE_URL).url.startswith(f"{LOGIN_URL}?next=")


def test_sign_out_does_not_redirect_off_site(client, officer):
    client.force_login(officer)
    response = client.post(LOGOUT_URL, {"next": "https://evil.example/"})
    assert response.url == "/"


def test_signed_in_pages_offer_sign_out_as_a_form(client, officer):
    client.force_login(officer)
    page = client.get("/glossary/").content.decode()
    assert f'<form method="post" action="{LOGOUT_URL}"' in page


def test_signed_out_template_renders(rf):
    page = render_to_string("registration/logged_out.html", request=rf.get("/"))
    assert '<h1 class="govuk-heading-l">You have signed out</h1>' in page


# Resetting a password


def test_reset_page_uses_gov_uk_markup(client):
    page = client.get(RESET_URL).content.decode()
    assert '<h1 class="govuk-heading-l">Reset your password</h1>' in page
    assert 'type="email"' in page
    assert 'autocomplete="email"' in page
    assert 'spellcheck="false"' in page
    assert "novalidate" in page
    assert 'data-module="govuk-button"' in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter your email address"),
        ("not an email", "Enter an email address in the correct format, like name@example.com"),
        ("a" * 250 + "@example.org", "Email address must be 254 characters or fewer"),
        # One message a field: the first problem found.
        (
            "officer\x00@example.org",
            "Enter an email address in the correct format, like name@example.com",
        ),
    ],
)
def test_reset_form_errors_use_the_error_summary(client, mailoutbox, value, message):
    response = client.post(RESET_URL, {"email": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'<a href="#id_email">{message}</a>' in page
    assert "govuk-input--error" in page
    assert mailoutbox == []


def test_reset_for_a_known_email_sends_one_working_link(client, officer, mailoutbox):
    response = client.post(RESET_URL, {"email": "officer@example.org"})
    assert response.status_code == 302
    assert response.url == RESET_DONE_URL

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["officer@example.org"]
    assert message.subject == SUBJECT
    assert "\n" not in message.subject
    assert message.alternatives == []  # plain text only
    assert "Your username is: officer" in message.body
    assert "The link works once, for 3 days." in message.body

    # Follow the link from the email: Django swaps the token for a session key.
    link = reset_path(message.body)
    response = client.get(link)
    assert response.status_code == 302
    form_url = response.url
    assert form_url.endswith("/set-password/")
    page = client.get(form_url).content.decode()
    assert '<h1 class="govuk-heading-l">Choose a new password</h1>' in page
    assert 'autocomplete="new-password"' in page
    assert "Use at least 12 characters." in page

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/accounts/reset/done/"
    assert "Your password has been reset" in client.get(response.url).content.decode()

    # The old password no longer works; the new one does.
    assert signed_in_user_id(client) is None
    assert INVALID_LOGIN in sign_in(client, "officer", PASSWORD).content.decode()
    assert sign_in(client, "officer", NEW_PASSWORD).status_code == 302
    assert signed_in_user_id(client) == str(officer.pk)

    # The link works only once.
    client.post(LOGOUT_URL)
    page = client.get(link).content.decode()
    assert "Your reset link has expired or has been used" in page


def test_reset_email_matches_case_insensitively(client, officer, mailoutbox):
    client.post(RESET_URL, {"email": "Officer@Example.org"})
    assert [m.to for m in mailoutbox] == [["officer@example.org"]]


def test_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client, officer, mailoutbox):
    known = client.post(RESET_URL, {"email": "officer@example.org"}, follow=True)
    mailoutbox.clear()
    unknown = client.post(RESET_URL, {"email": "nobody@example.org"}, follow=True)
    assert unknown.redirect_chain == known.redirect_chain == [(RESET_DONE_URL, 302)]
    assert unknown.content == known.content
    assert "Check your email" in unknown.content.decode()
    assert mailoutbox == []


def test_reset_for_an_inactive_user_sends_nothing(client, mailoutbox):
    UserFactory(username="gone", is_active=False)
    response = client.post(RESET_URL, {"email": "gone@example.org"})
    assert response.url == RESET_DONE_URL
    assert mailoutbox == []


def test_reset_email_is_plain_text_not_html_escaped(client, officer, mailoutbox, settings):
    settings.LOCAL_AREA_NAME = "Kingston & Sutton"
    client.post(RESET_URL, {"email": "officer@example.org"})
    message = mailoutbox[0]
    assert "Kingston & Sutton" in message.subject
    assert "Kingston & Sutton" in message.body
    assert "&amp;" not in message.body + message.subject


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/reset/MQ/not-a-token/",
        "/accounts/reset/!!!/set-password/",
        "/accounts/reset/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk/abc-123/",
    ],
)
def test_a_bad_reset_link_explains_what_to_do(client, officer, path):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Your reset link has expired or has been used</h1>' in page
    assert f'href="{RESET_URL}"' in page
    assert "<form" not in page.split("<main", 1)[1]


def test_new_password_errors_go_in_the_error_summary(client, officer, mailoutbox):
    client.post(RESET_URL, {"email": "officer@example.org"})
    form_url = client.get(reset_path(mailoutbox[0].body)).url

    page = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    page = page.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_new_password1">This password is too short.' in page
    assert 'id="id_new_password1_error"' in page

    page = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "different"})
    page = page.content.decode()
    assert (
        '<a href="#id_new_password2">The passwords do not match. '
        "Enter the same new password twice.</a>"
    ) in page

    page = client.post(form_url, {"new_password1": "", "new_password2": ""}).content.decode()
    assert '<a href="#id_new_password1">Enter a new password</a>' in page
    assert '<a href="#id_new_password2">Enter your new password again</a>' in page


# Sending the reset email through a real SMTP server


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def delivery_order(key):
    """A Maildir key starts "<seconds>.M<microseconds>P<pid>Q<count>": order by those
    numbers (as text, "M99" would sort after "M100", and two messages within one second
    came back in the wrong order)."""
    seconds, rest = key.split(".", 1)
    microseconds, rest = rest[1:].split("P", 1)
    count = rest.split("Q", 1)[1].split(".", 1)[0]
    return int(seconds), int(microseconds), int(count)


class SmtpServer:
    """aiosmtpd in its own process, keeping what it receives in a Maildir.

    Not in this process: aiosmtpd imports `public` (the atpublic package), which
    this project's `public` app shadows here. `-I` keeps the project off its path.
    """

    def __init__(self, directory):
        self.port = free_port()
        self.maildir = directory / "maildir"
        self.log = directory / "aiosmtpd.log"
        command = [sys.executable, "-I", "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}"]
        command += ["-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)]
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command
            command, cwd=directory, stdout=subprocess.DEVNULL, stderr=self.log.open("wb")
        )
        deadline = time.monotonic() + 15
        while not self._listening():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"aiosmtpd did not start: {self.log.read_text()}")
            time.sleep(0.05)

    def _listening(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            return False
        return True

    def messages(self):
        """Every message received, oldest first, parsed, with aiosmtpd's X-MailFrom and
        X-RcptTo headers."""
        maildir = mailbox.Maildir(self.maildir)
        return [
            email.message_from_bytes(maildir.get_bytes(key), policy=email.policy.default)
            for key in sorted(maildir.keys(), key=delivery_order)
        ]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def smtp_server(settings, tmp_path):
    """A real SMTP server on 127.0.0.1, with the default mailer pointing at it."""
    server = SmtpServer(tmp_path)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    server.stop()


def test_reset_email_goes_through_a_real_smtp_server(client, officer, smtp_server, mailoutbox):
    response = client.post(RESET_URL, {"email": "officer@example.org"})
    assert response.url == RESET_DONE_URL

    assert mailoutbox == []  # sent over SMTP, not kept in memory
    [message] = smtp_server.messages()
    assert message["X-MailFrom"] == "sutton-send@localhost"
    assert message["X-RcptTo"] == "officer@example.org"
    assert message["To"] == "officer@example.org"
    assert message["Subject"] == SUBJECT
    assert message.get_content_type() == "text/plain"
    body = message.get_content()

    # The link that went over the wire works.
    form_url = client.get(reset_path(body)).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert sign_in(client, "officer", NEW_PASSWORD).status_code == 302


def test_an_unknown_email_sends_nothing_over_smtp(client, officer, smtp_server):
    response = client.post(RESET_URL, {"email": "nobody@example.org"})
    assert response.url == RESET_DONE_URL
    assert smtp_server.messages() == []


def test_a_mail_server_that_is_down_does_not_break_the_page(client, officer, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    # Django logs the failure; the page is the same as for any address.
    response = client.post(RESET_URL, {"email": "officer@example.org"})
    assert response.status_code == 302
    assert response.url == RESET_DONE_URL


# Changing a password


def test_changing_a_password_needs_sign_in(client):
    response = client.get(CHANGE_URL)
    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={CHANGE_URL}"


def test_change_password_page_uses_gov_uk_markup(client, officer):
    client.force_login(officer)
    page = client.get(CHANGE_URL).content.decode()
    assert '<h1 class="govuk-heading-l">Change your password</h1>' in page
    assert 'for="id_old_password">Current password' in page
    assert page.count('autocomplete="new-password"') == 2
    assert 'autocomplete="current-password"' in page
    assert "autofocus" not in page


def test_a_wrong_current_password_is_a_field_error(client, officer):
    client.force_login(officer)
    response = client.post(
        CHANGE_URL,
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_old_password">Your current password is not right.' in page
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_changing_a_password_keeps_you_signed_in(client, officer):
    client.force_login(officer)
    response = client.post(
        CHANGE_URL,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain == [("/accounts/password_change/done/", 302)]
    assert "Your password has been changed" in response.content.decode()
    assert signed_in_user_id(client) == str(officer.pk)
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
