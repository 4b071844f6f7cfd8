"""Admin views of the cases app beyond what Wagtail's viewsets give."""

from django.conf import settings

from wagtail.admin.views.pages.listing import IndexView

LOCALE_PARAM = "locale"
SESSION_KEY = "cases_listing_locale"
ALL_LANGUAGES = ""  # the value of Wagtail's "Alle" choice in its locale filter


class CaseIndexView(IndexView):
    """The case listing in one language: Dutch until the editor picks another (or all), then that.

    Every case exists in three languages; mixed together, each case showed up three times.
    The filter form always sends its language choice, so a request without one is either a fresh
    visit (use the remembered choice) or the editor removing the language filter (all languages).
    """

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"].copy()
        if LOCALE_PARAM in data:
            language = data[LOCALE_PARAM]
        elif "_w_filter_fragment" in data:
            language = ALL_LANGUAGES  # the active-filter pill for the language was removed
        else:
            language = self.request.session.get(SESSION_KEY, settings.LANGUAGE_CODE)
        if language != ALL_LANGUAGES and language not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
            language = settings.LANGUAGE_CODE
        if self.request.session.get(SESSION_KEY) != language:
            self.request.session[SESSION_KEY] = language
        data[LOCALE_PARAM] = language
        return {**kwargs, "data": data}
