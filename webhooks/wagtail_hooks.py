"""Webhooks in the admin: one menu for Beheerders (and superusers); editors without the permissions never see it."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from webhooks.admin_views import ViewOnlyPermissionPolicy, WebhooksViewSetGroup
from webhooks.models import Attempt, Delivery

# Before the viewsets are made, which would otherwise register Wagtail's default policy for these models.
register_permission_policy(Delivery, ViewOnlyPermissionPolicy(Delivery))
register_permission_policy(Attempt, ViewOnlyPermissionPolicy(Attempt))


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhooksViewSetGroup()
