from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreviewConfig(AppConfig):
    name = "preview"
    verbose_name = _("Voorbeeld op vlaio.be")
