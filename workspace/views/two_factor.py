"""Two-step verification with an authenticator app (django-otp, TOTP).

Officers and programme managers may turn it on; with TWO_FACTOR_REQUIRED_FOR_MANAGERS
programme managers must. After the password, security.middleware.TwoFactorMiddleware
sends anyone with a confirmed app here for a code before any other page. A lost
phone: an administrator removes the device in the Django admin, and the person sets
up the app again.
"""

import io
import logging
import math
import time
from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from ..access import staff_only
from ..forms.two_factor import CodeForm

logger = logging.getLogger("sutton_send.security")

DEVICE_NAME = "Authenticator app"
WRONG_CODE = "The code is not right. Enter the code the app shows now"
USED_CODE = (
    "That code has been used already: each code works once. "
    "Wait for the app to show a new code, then enter it"
)
WAIT = (
    "After a wrong code you must wait {wait} before trying again. Then enter the code the app shows"
)


def _confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _next_url(request, default=None):
    """The local page to go on to (from `next`), else `default`, else LOGIN_REDIRECT_URL."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return settings.LOGIN_REDIRECT_URL if default is None else default


def _spaced(key):
    """The secret as people type it into an app: base32 in groups of four."""
    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _signed_in_with(request, device):
    otp_login(request, device)
    # A new session key for the stronger sign-in, so an earlier one cannot ride on it.
    request.session.cycle_key()


def _check_code(user, device, code):
    """None if the code is right, else what to tell the person."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        return WAIT.format(wait=_wait(why))
    if verify_token(user, device.persistent_id, code) is None:
        return USED_CODE if _used_already(device, code) else WRONG_CODE
    return None


def _used_already(device, code):
    """Whether a refused `code` is right for now, so refused only because the device
    accepted it (or a later one) before: `device` as it was before the attempt."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.verify(int(code), device.tolerance)


def _wait(why):
    """How long until the next code may be tried, in words ("2 seconds", "3 minutes").

    Each wrong code doubles the wait (django-otp's throttling: 1, 2, 4, 8 … seconds),
    so after one slip it is a second, not "too many times"."""
    until = (why or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 60
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    device = _confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _check_code(request.user, device, form.cleaned_data["code"])
        if problem is None:
            _signed_in_with(request, device)
            logger.info("Two-step verification passed: user id %s", request.user.pk)
            return redirect(_next_url(request))
        logger.warning("Two-step verification failed: user id %s", request.user.pk)
        form.add_error("code", problem)
    return render(
        request, "workspace/two_factor/verify.html", {"form": form, "next": _next_url(request, "")}
    )


def _pending_device(user):
    """The app being set up: not used to sign in until a code from it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@staff_only
@require_http_methods(["GET", "POST"])
def setup(request):
    if _confirmed_device(request.user) is not None:
        return render(request, "workspace/two_factor/on.html")
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _check_code(request.user, device, form.cleaned_data["code"])
        if problem is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _signed_in_with(request, device)
            logger.info("Two-step verification turned on: user id %s", request.user.pk)
            messages.success(request, "Two-step verification is on.")
            return redirect(_next_url(request, reverse("workspace:dashboard")))
        form.add_error("code", problem)
    return render(
        request,
        "workspace/two_factor/setup.html",
        {
            "form": form,
            "secret": _spaced(device.bin_key),
            "required": settings.TWO_FACTOR_REQUIRED_FOR_MANAGERS
            and request.user.has_perm("workstreams.manage_plan"),
            "next": _next_url(request, ""),
        },
    )


@staff_only
@require_GET
def qr_code(request):
    """The QR code of the app being set up, as an SVG image (never cached)."""
    if _confirmed_device(request.user) is not None:
        raise Http404("Two-step verification is already set up.")
    image = io.BytesIO()
    device = _pending_device(request.user)
    write_qrcode_image(device.config_url, image)
    return HttpResponse(image.getvalue(), content_type="image/svg+xml")
