"""Admin chrome shared by every app: what the help menu offers, and the Beheerder's login-security reports."""

from urllib.parse import urlsplit

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

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
