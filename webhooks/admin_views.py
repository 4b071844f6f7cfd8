"""The Beheerder's webhook screens: subscriptions to manage, deliveries and attempts to look at (read-only)."""

import json

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from home.admin_views import ReadableInspectView, local_time
from webhooks import payloads
from webhooks.models import Attempt, Delivery, Event, Subscription


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Deliveries and attempts are a record of what happened: nobody adds, edits or deletes them in the admin,
    not even a superuser (deleting a subscription removes its deliveries)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action == "view"])


class SubscriptionForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Gebeurtenissen"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Waarover dit adres een bericht krijgt."),
    )


class SubscriptionViewSet(ModelViewSet):
    name = "webhook_subscriptions"
    url_prefix = "webhooks/abonnementen"
    model = Subscription
    icon = "link-external"
    menu_label = _("Abonnementen")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = [
        "url",
        "description",
        "event_labels",
        BooleanColumn("active", label=_("Actief")),
        "updated_at",
    ]
    list_filter = ["active"]
    edit_handler = ObjectList(
        [
            FieldPanel("url"),
            FieldPanel("description"),
            FieldPanel("events"),
            FieldPanel("secret"),
            FieldPanel("active"),
        ],
        base_form_class=SubscriptionForm,
    )


class DeliveryIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("subscription")  # one query for the list, not one a row


class AttemptIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("delivery__subscription")


class DeliveryInspectView(ReadableInspectView):
    def get_payload_display_value(self):
        """The body as it is sent (keys in order), readable."""
        readable = json.dumps(json.loads(payloads.body(self.object.payload)), indent=2, ensure_ascii=False)
        return format_html("<pre>{}</pre>", readable)

    def get_attempt_history_display_value(self):
        attempts = self.object.attempt_log.order_by("number")
        if not attempts:
            return "-"
        rows = format_html_join(
            "",
            "<li>#{} · {} · {} ms · {} {}</li>",
            (
                (
                    attempt.number,
                    local_time(attempt.started_at),
                    attempt.duration_ms,
                    attempt.response_code or "—",
                    attempt.error,
                )
                for attempt in attempts
            ),
        )
        return format_html("<ol>{}</ol>", rows)


class DeliveryViewSet(ModelViewSet):
    name = "webhook_deliveries"
    url_prefix = "webhooks/afleveringen"
    model = Delivery
    icon = "mail"
    menu_label = _("Afleveringen")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    list_display = [
        "event",
        "subscription",
        "status",
        "attempts",
        "last_response_code",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event", "subscription"]
    inspect_view_fields = [
        "event",
        "subscription",
        "status",
        "delivery_id",
        "payload",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "last_response_code",
        "last_error",
        "last_duration_ms",
        "delivered_at",
        "created_at",
        "attempt_history",
    ]
    form_fields = ["event"]  # never shown: nobody may add or edit, but the viewset wants a form


class AttemptViewSet(ModelViewSet):
    name = "webhook_attempts"
    url_prefix = "webhooks/pogingen"
    model = Attempt
    icon = "history"
    menu_label = _("Pogingen")
    index_view_class = AttemptIndexView
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    list_display = [
        "delivery",
        "number",
        "started_at",
        "duration_ms",
        "response_code",
        BooleanColumn("succeeded", label=_("Geslaagd")),
        "error",
    ]
    list_filter = ["succeeded", "started_at"]
    form_fields = ["number"]  # never shown, as for deliveries


class WebhooksViewSetGroup(ViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link-external"
    menu_order = 850
    items = (SubscriptionViewSet, DeliveryViewSet, AttemptViewSet)
