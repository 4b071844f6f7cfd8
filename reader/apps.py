from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public reader site around the Wagtail pages: listing logic, profile, search, map, feeds, SEO."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reader"
    verbose_name = "Lezerssite"

    def ready(self):
        from cases.models import CaseIndexPage, CasePage
        from home import page_context
        from home.models import HomePage
        from reader import pages
        from themes.models import ThemeIndexPage, ThemePage

        page_context.register(HomePage, pages.home_context)
        page_context.register(CaseIndexPage, pages.listing_context)
        page_context.register(CasePage, pages.case_context)
        page_context.register(ThemeIndexPage, pages.theme_index_context)
        page_context.register(ThemePage, pages.theme_context)
