from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Algemeen"

    def ready(self):
        from home import caching, signals

        signals.connect()
        caching.connect()
