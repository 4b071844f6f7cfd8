"""Submissions in the admin: the list and inspect view, the dashboard panel, and a way from a case's editor to its
submitter. All of it only for the Eindredacteurs and Beheerders (intake/permissions.py); cases knows nothing of it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from intake import dashboard
from intake.admin_views import SubmissionViewSet
from intake.models import Submission
from intake.permissions import SubmitterDataPolicy, can_see_submitters

# Before the viewset is made, which would otherwise register Wagtail's default policy for the model.
register_permission_policy(Submission, SubmitterDataPolicy(Submission))


@hooks.register("register_admin_viewset")
def register_submissions():
    return SubmissionViewSet()


hooks.register("construct_homepage_panels", dashboard.construct_homepage_panels)


@hooks.register("register_page_header_buttons")
def submitter_button(page, user, view_name, next_url=None):
    """ "Indiener" in the case editor's header menu, when the case came in through the form."""
    if view_name != "edit" or not can_see_submitters(user):
        return
    submission_id = Submission.objects.filter(page_id=page.pk).values_list("pk", flat=True).first()
    if submission_id is not None:
        yield Button(
            _("Indiener bekijken"),
            url=reverse("intake_submissions:inspect", args=[submission_id]),
            icon_name="user",
            priority=12,
        )
