"""Two-factor authentication for the admin: TOTP (an authenticator app) with one-time recovery codes.

django-otp keeps the devices and the verified state of a session; the views and the middleware here are ours,
because wagtail-2fa (the Wagtail add-on on django-otp) has no recovery codes and, with enforcement off, never asks
a user who opted in for a code.

ADMIN_2FA (settings; env var ADMIN_2FA) switches it all on or off. When on:
- a user with a confirmed device must enter a code (or a recovery code) after the password, on every login;
- a member of ADMIN_2FA_REQUIRED_GROUPS without a device is sent to the setup page before anything else;
- anyone else may opt in from their account page.
Wrong codes are throttled per device by django-otp (1 s, 2 s, 4 s … after each failure, kept in the database),
so a six-digit code cannot be guessed within its validity even across new sessions.
"""

import logging
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wagtail.admin import messages

import django_otp
import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

ADMIN_PATHS = ("/admin/", "/django-admin/")
RECOVERY_CODE_COUNT = 10
RESET_PERMISSION = "auth.change_user"
# What an unverified session may still open: the two steps themselves, logging in and out, and what their pages load.
OPEN_URL_NAMES = {
    "two_factor_setup",
    "two_factor_verify",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "login",  # /django-admin/login/
    "logout",
}


def enabled() -> bool:
    return bool(getattr(settings, "ADMIN_2FA", False))


def is_required(user) -> bool:
    """Whether this user may not use the admin without a device (membership of an enforced group)."""
    groups = getattr(settings, "ADMIN_2FA_REQUIRED_GROUPS", ())
    return user.groups.filter(name__in=groups).exists()


def has_device(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _redirect_with_next(request: HttpRequest, name: str) -> HttpResponse:
    """To a step, coming back afterwards to the page asked for (a GET; a POST cannot be replayed)."""
    if request.method == "GET":
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
    return redirect(name)


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: an admin session that owes a code, or a device, goes to that step first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if enabled() and request.path_info.startswith(ADMIN_PATHS):
            user = request.user
            if user.is_authenticated and not user.is_verified() and not self._is_open(request):
                if has_device(user):
                    return _redirect_with_next(request, "two_factor_verify")
                if is_required(user):
                    return _redirect_with_next(request, "two_factor_setup")
        return self.get_response(request)

    @staticmethod
    def _is_open(request: HttpRequest) -> bool:
        try:
            return resolve(request.path_info).url_name in OPEN_URL_NAMES
        except Resolver404:
            return True  # the 404 says nothing


def _pending_totp_device(user) -> TOTPDevice:
    """The device being set up: kept unconfirmed between showing the QR code and the first right code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator-app"), confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Herstelcodes"), confirmed=True)
    codes = [StaticToken.random_token() for _unused in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _normalise(code: str) -> str:
    return "".join(code.split()).lower()


def _throttle_message(device) -> str | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    if locked_until:
        seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        return _("Te veel foute codes na elkaar. Wacht %(seconds)d seconden en probeer het dan opnieuw.") % {
            "seconds": seconds
        }
    return _("Te veel foute codes na elkaar. Probeer het straks opnieuw.")


def _page(request, template, context, status=200):
    return render(request, f"home/two_factor/{template}", {"next": _safe_next(request), **context}, status=status)


def setup(request: HttpRequest) -> HttpResponse:
    """Step 1: scan the QR code (or type the key), enter the first code; then the recovery codes, shown once."""
    if not enabled():
        return redirect("wagtailadmin_home")
    user = request.user
    if has_device(user):
        if not user.is_verified():
            return redirect("two_factor_verify")
        return _page(request, "active.html", {"title": _("Tweestapsverificatie")})
    device = _pending_totp_device(user)
    error = ""
    if request.method == "POST":
        message = _throttle_message(device)
        code = _normalise(request.POST.get("code", ""))
        if message:
            error = message
        elif code.isdigit() and device.verify_token(code):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(user)
            django_otp.login(request, device)
            logger.info("two-factor device set up for user %s", user.pk)
            return _page(request, "recovery_codes.html", {"title": _("Herstelcodes"), "codes": codes})
        else:
            error = _("Deze code klopt niet. Probeer de code die de app nu toont.")
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("QR-code voor de authenticator-app"))
    context = {
        "title": _("Tweestapsverificatie instellen"),
        "secret": secret,
        "qr_svg": mark_safe(qr_svg),  # segno's own markup of our own otpauth URL: nothing a user typed
        "error": error,
        "required": is_required(user),
    }
    return _page(request, "setup.html", context, status=400 if error else 200)


def verify(request: HttpRequest) -> HttpResponse:
    """Step 2 of every login for a user with a device: a code from the app, or one of the recovery codes."""
    user = request.user
    if not enabled() or user.is_verified() or not has_device(user):
        return redirect(_safe_next(request))
    error = ""
    if request.method == "POST":
        code = _normalise(request.POST.get("code", ""))
        devices = list(django_otp.devices_for_user(user, confirmed=True))
        # Read before trying: a device still waiting after an earlier failure refuses even the right code.
        throttled = [message for device in devices if (message := _throttle_message(device))]
        for device in devices:
            if code and device.verify_token(code):
                django_otp.login(request, device)
                if isinstance(device, StaticDevice):
                    logger.info("recovery code used by user %s", user.pk)
                return redirect(_safe_next(request))
        logger.warning("wrong two-factor code for user %s", user.pk)
        error = throttled[0] if throttled else _("Deze code klopt niet.")
    context = {"title": _("Tweestapsverificatie"), "error": error}
    return _page(request, "verify.html", context, status=400 if error else 200)


def reset_devices(user) -> int:
    """Forget the user's app and recovery codes (a lost phone); the next login starts the setup again."""
    return TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]


def may_reset(request_user, user) -> bool:
    """Who may edit users (Beheerders) may reset them; a superuser only by another superuser."""
    return request_user.has_perm(RESET_PERMISSION) and (request_user.is_superuser or not user.is_superuser)


@require_http_methods(["GET", "POST"])
def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """The Beheerder's reset from the user list (… → Tweestapsverificatie resetten), confirmed on a page of its own."""
    user = get_object_or_404(get_user_model(), pk=user_id)
    if not may_reset(request.user, user):
        raise PermissionDenied
    if request.method == "POST":
        reset_devices(user)
        logger.info("two-factor devices of user %s reset by user %s", user.pk, request.user.pk)
        messages.success(request, _("Tweestapsverificatie van %(name)s gereset.") % {"name": user.get_username()})
        return redirect("wagtailusers_users:index")
    context = {"title": _("Tweestapsverificatie resetten"), "target": user, "has_device": has_device(user)}
    return render(request, "home/two_factor/reset.html", context)
