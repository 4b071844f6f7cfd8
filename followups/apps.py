from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    """Asking a case's initiator, a year on, how the initiative stands: an e-mailed single-use link to a short form,
    and what they wrote, for the editors to turn into a follow-up on the case."""

    name = "followups"
    verbose_name = _("Opvolging")
    default_auto_field = "django.db.models.BigAutoField"
