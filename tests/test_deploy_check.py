"""Production settings pass Django's deployment checklist, and DEBUG still serves plain HTTP.

Each test loads the settings in a fresh process with a production-like environment,
as a server would, rather than reusing the test run's settings.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Anything the developer's shell sets that changes what is being checked.
CLEARED = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "TRUST_X_FORWARDED_PROTO",
    "TRUSTED_PROXY_COUNT",
    "TWO_FACTOR_REQUIRED_FOR_MANAGERS",
    "AXES_ENABLED",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' conftest
)


def production(**overrides):
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="send.example.org",
        CSRF_TRUSTED_ORIGINS="https://send.example.org",
        EMAIL_URL="smtp://mailer:secret@mail.example.org:587/?tls=True",
        DJANGO_SETTINGS_MODULE="sutton_send.settings",
    )
    environment.update(overrides)
    return environment


def run(arguments, environment):
    return subprocess.run(  # noqa: S603 (this interpreter and fixed arguments)
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def settings_in(environment, *names):
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}},"
        " default=str))"
    )
    result = run(["-c", code], environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_deployment_checklist_reports_nothing_in_production():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_checklist_would_catch_a_debug_deployment():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production(DEBUG="true")
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout


def test_production_settings_enforce_https_and_secure_cookies():
    values = settings_in(
        production(),
        "SECURE_SSL_REDIRECT",
        "SECURE_REDIRECT_EXEMPT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_TRUSTED_ORIGINS",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": ["^healthz$", "^readyz$"],
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_TRUSTED_ORIGINS": ["https://send.example.org"],
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
    }


def test_production_settings_lock_out_sign_in_guessing_and_time_out_sessions():
    values = settings_in(
        production(),
        "AXES_ENABLED",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "AXES_LOCKOUT_PARAMETERS",
        "AXES_RESET_ON_SUCCESS",
        "AUTHENTICATION_BACKENDS",
        "SESSION_IDLE_TIMEOUT",
        "SESSION_ABSOLUTE_TIMEOUT",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "TWO_FACTOR_REQUIRED_FOR_MANAGERS",
    )
    assert values == {
        "AXES_ENABLED": True,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": "0:15:00",
        "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
        "AXES_RESET_ON_SUCCESS": True,
        "AUTHENTICATION_BACKENDS": [
            "axes.backends.AxesStandaloneBackend",
            "rules.permissions.ObjectPermissionBackend",
            "security.backends.ModelPermissionsBackend",
        ],
        "SESSION_IDLE_TIMEOUT": "0:30:00",
        "SESSION_ABSOLUTE_TIMEOUT": "12:00:00",
        "SESSION_COOKIE_AGE": 43200,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "TWO_FACTOR_REQUIRED_FOR_MANAGERS": False,
    }


def test_passwords_must_be_long_and_not_common_numeric_or_like_the_user():
    values = settings_in(production(), "AUTH_PASSWORD_VALIDATORS")
    validators = {
        v["NAME"].rsplit(".", 1)[1]: v.get("OPTIONS", {})
        for v in values["AUTH_PASSWORD_VALIDATORS"]
    }
    assert validators == {
        "UserAttributeSimilarityValidator": {},
        "MinimumLengthValidator": {"min_length": 12},
        "CommonPasswordValidator": {},
        "NumericPasswordValidator": {},
    }


def test_the_environment_can_require_two_step_verification_for_managers():
    values = settings_in(
        production(TWO_FACTOR_REQUIRED_FOR_MANAGERS="true"), "TWO_FACTOR_REQUIRED_FOR_MANAGERS"
    )
    assert values == {"TWO_FACTOR_REQUIRED_FOR_MANAGERS": True}


def test_make_run_debug_settings_serve_plain_http_on_localhost():
    environment = production(DEBUG="true", SECRET_KEY="")
    values = settings_in(
        environment,
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_NAME",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": "sessionid",
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_weak_passwords_are_refused(db):
    from django.contrib.auth import password_validation
    from django.contrib.auth.models import User

    user = User(username="jsmith", email="jane.smith@example.org", first_name="Jane")
    for weak in ("short1!", "123456789012", "password1234", "jane.smith@example.org"):
        try:
            password_validation.validate_password(weak, user)
        except password_validation.ValidationError:
            continue
        raise AssertionError(f"{weak!r} was accepted")
    password_validation.validate_password("correct horse battery staple", user)
