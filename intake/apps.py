from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Examples proposed by municipalities and partners through the public form, on their way to a draft case."""

    name = "intake"
    verbose_name = _("Inzendingen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from intake import decisions, notifications

        decisions.connect()
        notifications.connect()
