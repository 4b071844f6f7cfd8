"""Admin chrome shared by every app: what the help menu offers, and the Beheerder's login-security reports."""

from urllib.parse import urlsplit

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from home import two_factor
from home.login_security import may_unlock
from home.login_security_views import FailedLoginsView, LockoutListView, SuccessfulLoginsView, unlock


@hooks.register("construct_help_menu")
def keep_help_on_this_site(request, menu_items):
    """Drop Wagtail's links to its English guide and release notes on wagtail.org.

    The editors' documentation is in Dutch, in the help texts of the forms; the keyboard
    shortcuts stay.
    """
    menu_items[:] = [item for item in menu_items if not urlsplit(getattr(item, "url", "") or "").netloc]


@hooks.register("register_admin_urls")
def login_security_urls():
    return [
        path("inloggen/blokkades/", LockoutListView.as_view(), name="login_lockouts"),
        path(
            "inloggen/blokkades/resultaten/", LockoutListView.as_view(results_only=True), name="login_lockouts_results"
        ),
        path("inloggen/blokkades/<int:pk>/ontgrendel/", unlock, name="login_unlock"),
        path("inloggen/geslaagd/", SuccessfulLoginsView.as_view(), name="login_successes"),
        path(
            "inloggen/geslaagd/resultaten/",
            SuccessfulLoginsView.as_view(results_only=True),
            name="login_successes_results",
        ),
        path("inloggen/mislukt/", FailedLoginsView.as_view(), name="login_failures"),
        path(
            "inloggen/mislukt/resultaten/", FailedLoginsView.as_view(results_only=True), name="login_failures_results"
        ),
    ]


class BeheerderMenuItem(MenuItem):
    def is_shown(self, request):
        return may_unlock(request.user)


@hooks.register("register_reports_menu_item")
def login_lockouts_menu_item():
    return BeheerderMenuItem(_("Inlogblokkades"), reverse("login_lockouts"), icon_name="lock", order=900)


@hooks.register("register_reports_menu_item")
def login_successes_menu_item():
    return BeheerderMenuItem(_("Geslaagde logins"), reverse("login_successes"), icon_name="history", order=910)


@hooks.register("register_reports_menu_item")
def login_failures_menu_item():
    return BeheerderMenuItem(_("Mislukte logins"), reverse("login_failures"), icon_name="warning", order=920)


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("tweestapsverificatie/instellen/", two_factor.setup, name="two_factor_setup"),
        path("tweestapsverificatie/controle/", two_factor.verify, name="two_factor_verify"),
        path("tweestapsverificatie/reset/<int:user_id>/", two_factor.reset, name="two_factor_reset"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    """Opting in (or seeing that it is on) from the account page; hidden where 2FA is switched off (development)."""
    if not two_factor.enabled():
        return None
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Tweestapsverificatie"),
        "help_text": _("Log in met je wachtwoord én een code uit een authenticator-app op je telefoon."),
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    """For a lost phone; no query per row: whether the user has a device shows on the confirmation page."""
    if two_factor.enabled() and two_factor.may_reset(request_user, user):
        yield Button(_("Tweestapsverificatie resetten"), reverse("two_factor_reset", args=[user.pk]), priority=50)
