from django.apps import AppConfig


class CdnConfig(AppConfig):
    name = "cdn"
    verbose_name = "CDN"

    def ready(self):
        from cdn import purging

        purging.connect()
