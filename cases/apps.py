from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Voorbeelden"

    def ready(self):
        from cases import catalogue, signals  # noqa: F401 - signals connects the publish signal

        catalogue.connect(self)
