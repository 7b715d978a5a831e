"""Settings for sutton_send, read from the environment or a `.env` file.

Every value that differs between a laptop and production comes from the
environment (see `.env.example`). There are no insecure fallbacks: outside
DEBUG a missing SECRET_KEY stops the app from starting.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from sutton_send import dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
dotenv.read(BASE_DIR / ".env")  # not under pytest: the tests check the defaults

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment or in .env "
            "(see .env.example); only DEBUG=true runs without one."
        )
    # Development only: a key that is obviously not for production.
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "security",
    "workstreams",
    "actions",
    "workspace",
    "review",
    "reports",
    "public",
]

# The order matters; see the Security section below for what each security.* does.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may pass the query string or headers to the database.
    "security.middleware.NulCharacterMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "security.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Outside everything that may touch the database, so a lost database is a 503 page.
    "security.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.SessionTimeoutMiddleware",
    "security.middleware.TwoFactorMiddleware",
    "security.middleware.RefusedPermissionLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sutton_send.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "public.context_processors.site",
            ],
            "builtins": ["sutton_send.clock"],
        },
    },
]

# Form templates come from templates/ (GOV.UK markup in templates/django/forms/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "sutton_send.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "security.backends.ModelPermissionsBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Evidence files are internal: they live outside anything served as static
# or public media and are only streamed to signed-in users by a view.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}

# Email goes through one mailer, configured by EMAIL_URL: for example
# smtp://user:pass@mail.example.org:587/?tls=True, or consolemail:// (the
# default) to print messages while developing.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": env.int("EMAIL_TIMEOUT", default=10),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _smtp_options if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sutton-send@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Sign-ins, sign-outs, lockouts, refused permissions, timeouts (security/events.py).
        "sutton_send.security": {"level": "INFO"},
        # CSRF failures, disallowed hosts and other suspicious requests, from Django.
        "django.security": {"level": "INFO"},
        # django-axes says a lot at INFO; sutton_send.security already records each event.
        "axes": {"level": "WARNING"},
    },
}

# Public pages are cached (public/cache.py) under keys that carry each statement's
# version, so no entry is ever out of date. Redis when REDIS_URL is set (shared by
# every worker); otherwise each process keeps its own memory cache.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sutton-send",
            "TIMEOUT": 24 * 60 * 60,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sutton-send",
            "OPTIONS": {"MAX_ENTRIES": 100},
        }
    }

# Background work (notification emails) goes through Django's tasks framework,
# kept in the database by django-tasks-db; run a worker with `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The site's public address, for links in emails sent outside a request (reminders).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# The local area this deployment serves, shown in the header of every page.
LOCAL_AREA_NAME = env.str("LOCAL_AREA_NAME", default="Sutton")
SERVICE_NAME = env.str("SERVICE_NAME", default="SEND written statement of action")
# How the public reaches the local area's SEND service, for the accessibility
# statement: set the email address and telephone number of yours.
CONTACT_URL = env.str("CONTACT_URL", default="https://www.sutton.gov.uk/")
# The names of the listed organisations (workstreams.Owner.Organisation) in this local
# area, by code: "council=Northdale Council,ccg=NHS Northdale ICB,cognus=". The demo's
# Sutton names are the default; an empty name stops offering that organisation.
ORGANISATION_NAMES = env.dict("ORGANISATION_NAMES", default={})
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="")
CONTACT_PHONE = env.str("CONTACT_PHONE", default="")


# ---------------------------------------------------------------------------
# Security
#
# Checked by `python manage.py check --deploy` (tests/test_deploy_check.py) and
# by tests/test_security_headers.py. Production defaults follow DEBUG: with
# DEBUG off everything is on, and each can be changed from the environment.
# README.md ("Security") says what is protected and how.
# ---------------------------------------------------------------------------

# HTTPS. Behind a proxy that ends TLS, the proxy must set X-Forwarded-Proto and
# remove any copy the client sent; TRUST_X_FORWARDED_PROTO=false otherwise.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer probes over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env.bool("TRUST_X_FORWARDED_PROTO", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append to X-Forwarded-For, so the client's
# address (for lockouts and logs) is read from the right place; 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Cookies: HTTPS only, out of reach of scripts, not sent on cross-site requests.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # The __Host- prefix makes browsers refuse the cookie from plain HTTP or a subdomain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "security.views.csrf_failure"

# Sessions end after 30 minutes without a request, and 12 hours after signing in
# whatever happens (security.middleware.SessionTimeoutMiddleware); the cookie
# goes when the browser closes. A deactivated user's next request is anonymous:
# Django's ModelBackend refuses inactive users when it loads the session's user.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Headers. The Content Security Policy allows nothing by default, and scripts and
# styles only from this site or carrying the request's nonce ({{ csp_nonce }}).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# Browser features the service never uses (security.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# Sign-in lockout (django-axes): five failed sign-ins for one username from one
# address lock that pair out for 15 minutes; a success clears the count. The
# lockout page is GOV.UK-styled and says when to try again.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "security.client.client_ip"
AXES_USERNAME_CALLABLE = "security.client.lockout_username"

# Two-step verification (django-otp, TOTP apps): officers and programme managers
# may turn it on at /manage/two-factor/; with this setting, programme managers must.
TWO_FACTOR_REQUIRED_FOR_MANAGERS = env.bool("TWO_FACTOR_REQUIRED_FOR_MANAGERS", default=False)
OTP_TOTP_ISSUER = f"{LOCAL_AREA_NAME} SEND"
# The admin never shows the authenticator secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
