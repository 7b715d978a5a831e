"""Pages the security settings point at."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form came back without a valid token (Django logs the reason)."""
    return render(request, "security/csrf_failure.html", status=403)
