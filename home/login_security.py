"""Login lockout (django-axes): which address a login comes from, what a locked-out user sees, who may unlock.

The settings in vitrine_cms/settings/base.py point axes at the two callables here.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.admin.views.account import get_user_login_form, password_reset_enabled

from home.public_forms import client_ident

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the API's throttling and the public-form guard see it (API_NUM_PROXIES
    decides how far X-Forwarded-For is trusted), or the peer when that is no valid address: axes
    stores it in an IP address column."""
    candidate = client_ident(request)
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Te veel mislukte inlogpogingen voor deze gebruiker of vanaf dit adres. Inloggen is daarom tijdelijk "
        "geblokkeerd, ook met het juiste wachtwoord. Probeer het over %(minutes)d minuut opnieuw, of vraag "
        "een Beheerder om je te ontgrendelen.",
        "Te veel mislukte inlogpogingen voor deze gebruiker of vanaf dit adres. Inloggen is daarom tijdelijk "
        "geblokkeerd, ook met het juiste wachtwoord. Probeer het over %(minutes)d minuten opnieuw, of vraag "
        "een Beheerder om je te ontgrendelen.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The admin's own login page with the lockout explained, for /admin/ and /django-admin/ alike.

    Status 429 (AXES_HTTP_RESPONSE_CODE); the form stays so the user can try again after the cool-off.
    Rendered here, not a TemplateResponse: axes' middleware swaps it in after the view has run.
    """
    username = (credentials or {}).get("username") or ""
    form = get_user_login_form()(request, initial={"username": username})
    context = {
        "form": form,
        "show_password_reset": password_reset_enabled(),
        "lockout_message": lockout_message(),
        "title": _("Inloggen geblokkeerd"),
    }
    return render(request, "wagtailadmin/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def may_unlock(user) -> bool:
    """Only Beheerders (granted in home's migration 0005) and superusers see who tried to log in and may unlock.

    A permission, not a group-name check: it comes from the user's permission cache, without a query per menu item.
    """
    return user.is_active and user.has_perm(UNLOCK_PERMISSION)
