from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "Synchronisatie"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sync import changelog

        changelog.connect()
