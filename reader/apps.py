from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public reader site around the Wagtail pages: listing logic, profile, search, map, feeds, SEO."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reader"
    verbose_name = "Lezerssite"
