"""Every response carries the security headers; HTTPS is enforced; cookies are locked down.

The settings are in the Security section of sutton_send/settings.py. Tests run
with DEBUG off, so the production values apply, except that tests/conftest.py
turns the HTTPS redirect off for the plain-HTTP test client (it is tested here).
"""

import re
from pathlib import Path

import pytest
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template import RequestContext, Template
from django.test import Client

from .factories import ActionFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PASSWORD = "correct horse battery staple"
EXPECTED_CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def csp(response):
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.fixture
def pages(client):
    action = ActionFactory()
    return {
        "home": "/",
        "action": action.get_absolute_url(),
        "sign in": "/accounts/login/",
        "not found": "/no-such-page/",
        "liveness": "/healthz",
        "readiness": "/readyz",
        "open data": f"/open-data/{action.statement.slug}.json",
    }


def test_every_response_carries_the_security_headers(client, pages):
    for name, address in pages.items():
        response = client.get(address)
        assert response.status_code in (200, 404), name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name
        assert csp(response) == EXPECTED_CSP, name
        assert "camera=()" in response["Permissions-Policy"], name


def test_workspace_pages_carry_them_too(client, officer):
    client.force_login(officer)
    response = client.get("/manage/")
    assert response.status_code == 200
    assert csp(response) == EXPECTED_CSP
    assert response["X-Frame-Options"] == "DENY"


def test_the_content_security_policy_never_allows_inline_code_or_eval(client):
    header = client.get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "unsafe-hashes" not in header
    assert "*" not in header
    assert "data:" not in header


def test_a_page_that_uses_the_nonce_gets_it_in_the_header(rf):
    """A template may allow one inline script or style with nonce="{{ csp_nonce }}"."""

    def view(request):
        from django.http import HttpResponse

        template = Template('<script nonce="{{ csp_nonce }}">go()</script>')
        return HttpResponse(template.render(RequestContext(request)))

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    policy = csp(response)
    assert policy["script-src"] == f"'self' 'nonce-{nonce}'"
    assert policy["style-src"] == f"'self' 'nonce-{nonce}'"
    other = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    assert nonce not in other["Content-Security-Policy"], "a fresh nonce for every response"


def test_the_permissions_policy_turns_off_features_the_service_never_uses(client):
    header = client.get("/")["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


# Nothing in the templates needs what the policy forbids ---------------------


def template_files():
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_has_inline_styles_or_scripts():
    problems = []
    for path in template_files():
        text = path.read_text()
        if re.search(r"\sstyle\s*=", text):
            problems.append(f"{path}: style attribute")
        if re.search(r"<style\b", text) and "csp_nonce" not in text:
            problems.append(f"{path}: <style> without the nonce")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "csp_nonce" not in tag and "application/json" not in tag:
                problems.append(f"{path}: inline {tag}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            problems.append(f"{path}: event handler attribute")
        if "javascript:" in text:
            problems.append(f"{path}: javascript: URL")
    assert problems == []


# HTTPS -------------------------------------------------------------------------


@pytest.fixture
def https_enforced(settings):
    settings.SECURE_SSL_REDIRECT = True
    return Client()  # a new client loads the middleware with the setting on


def test_plain_http_is_redirected_to_https(https_enforced):
    response = https_enforced.get("/glossary/?q=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/glossary/?q=1"


@pytest.mark.parametrize("probe", ["/healthz", "/readyz"])
def test_the_health_probes_answer_over_plain_http(https_enforced, probe):
    assert https_enforced.get(probe).status_code == 200


def test_https_from_the_proxy_is_trusted(https_enforced, settings):
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    response = https_enforced.get("/glossary/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


def test_https_responses_carry_hsts_for_a_year_with_subdomains_and_preload(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_responses_do_not_carry_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/")


# Cookies -------------------------------------------------------------------------


def test_the_session_and_csrf_cookies_are_secure_host_only_and_hidden_from_scripts(client, officer):
    page = client.get("/accounts/login/", secure=True)
    csrf = page.cookies["__Host-csrftoken"]
    response = client.post(
        "/accounts/login/",
        {
            "username": "officer",
            "password": PASSWORD,
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    for cookie in (session, csrf):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
    # A session cookie: gone when the browser closes.
    assert session["max-age"] == ""
    assert session["expires"] == ""


def test_workspace_pages_are_never_cached(client, officer):
    client.force_login(officer)
    assert "no-store" in client.get("/manage/")["Cache-Control"]
