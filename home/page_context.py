"""What a page shows readers beyond its own fields comes from the reader app, registered at start-up.

The page models live in the lower apps (home, themes, cases), which never import the reader; the
reader registers one context function per page type in its AppConfig.ready(). A page type without
one renders with Wagtail's context only.
"""

from collections.abc import Callable

from wagtail.models import Page

ContextProvider = Callable[[object, Page], dict]  # (request, page) -> extra template context
_providers: dict[type[Page], ContextProvider] = {}


def register(page_type: type[Page], provider: ContextProvider) -> None:
    _providers[page_type] = provider


def reader_context(request, page: Page) -> dict:
    provider = _providers.get(type(page))
    return provider(request, page) if provider else {}


class ReaderContextMixin:
    def get_context(self, request, *args, **kwargs):
        return {**super().get_context(request, *args, **kwargs), **reader_context(request, self)}
