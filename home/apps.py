from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Algemeen"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Locale

        from home import caching, signals
        from home.locales import forget_locale_ids

        signals.connect()
        caching.connect()
        post_save.connect(forget_locale_ids, sender=Locale, dispatch_uid="home_forget_locale_ids_save")
        post_delete.connect(forget_locale_ids, sender=Locale, dispatch_uid="home_forget_locale_ids_delete")
