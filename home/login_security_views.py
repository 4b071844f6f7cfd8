"""Admin views for Beheerders: current login lockouts with an unlock button, and who logged in when and where.

Read-only lists of django-axes' own records; the only write is the unlock, the same reset as
`manage.py axes_reset_username` / `axes_reset_ip`.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from home.login_security import may_unlock


class BeheerderReportView(ReportView):
    """A report only Beheerders and superusers may open (axes' models have no Wagtail permission policy)."""

    header_icon = "lock"
    permission_policy = None

    def dispatch(self, request, *args, **kwargs):
        if not may_unlock(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UnlockColumn(Column):
    cell_template_name = "home/login_security/unlock_cell.html"

    def get_value(self, instance):
        return instance.pk


class LockoutListView(BeheerderReportView):
    """Failed logins inside the cool-off window; a row is blocked once its user or its address reaches the limit."""

    page_title = gettext_lazy("Inlogblokkades")
    index_url_name = "login_lockouts"
    index_results_url_name = "login_lockouts_results"
    columns = [
        Column("username", label=gettext_lazy("Gebruikersnaam")),
        Column("ip_address", label=gettext_lazy("IP-adres")),
        Column("failures_since_start", label=gettext_lazy("Mislukte pogingen")),
        Column("blocked", label=gettext_lazy("Geblokkeerd")),
        DateColumn("attempt_time", label=gettext_lazy("Laatste poging")),
        UnlockColumn("unlock", label=gettext_lazy("Actie")),
    ]

    def get_queryset(self):
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        return AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time")

    def decorate_paginated_queryset(self, object_list):
        window = self.get_queryset()
        per_user = dict(window.values_list("username").annotate(total=Sum("failures_since_start")))
        per_ip = dict(window.values_list("ip_address").annotate(total=Sum("failures_since_start")))
        limit = settings.AXES_FAILURE_LIMIT
        for attempt in object_list:
            locked = per_user.get(attempt.username, 0) >= limit or per_ip.get(attempt.ip_address, 0) >= limit
            attempt.blocked = _("ja") if locked else _("nee")
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["cooloff_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return context


class LoginLogView(BeheerderReportView):
    """Who logged in (or tried to), when and from which address."""

    header_icon = "history"
    columns = [
        Column("username", label=gettext_lazy("Gebruikersnaam")),
        DateColumn("attempt_time", label=gettext_lazy("Tijdstip")),
        Column("ip_address", label=gettext_lazy("IP-adres")),
        Column("path_info", label=gettext_lazy("Pagina")),
        Column("user_agent", label=gettext_lazy("Browser")),
    ]

    def get_queryset(self):
        return self.model.objects.order_by("-attempt_time")


class SuccessfulLoginsView(LoginLogView):
    model = AccessLog
    page_title = gettext_lazy("Geslaagde logins")
    index_url_name = "login_successes"
    index_results_url_name = "login_successes_results"


class FailedLoginsView(LoginLogView):
    model = AccessFailureLog
    page_title = gettext_lazy("Mislukte logins")
    index_url_name = "login_failures"
    index_results_url_name = "login_failures_results"
    columns = LoginLogView.columns + [Column("locked_out", label=gettext_lazy("Blokkeerde"))]


@require_POST
def unlock(request, pk):
    """Lift the lockout of this row's user and of its address, so that user can log in again at once."""
    if not may_unlock(request.user):
        raise PermissionDenied
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    AxesProxyHandler.reset_attempts(ip_address=attempt.ip_address, username=attempt.username, ip_or_username=True)
    messages.success(
        request,
        _("%(username)s (%(ip)s) is ontgrendeld.") % {"username": attempt.username, "ip": attempt.ip_address},
    )
    return redirect("login_lockouts")
