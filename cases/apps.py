from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Voorbeelden"

    def ready(self):
        from cases import signals  # noqa: F401 - connects the publish signal
