from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils.translation import get_language

from home.caching import content_version, held
from home.locales import request_locale
from home.models import StandardPage
from home.visibility import visible_pages


def site_menu(request):
    """Main menu (top-level pages marked 'show in menus') and footer pages of the reader's language.

    Cached until content changes: every page shows them, and they change only on publish.
    """
    language = get_language()

    def cached() -> dict[str, list[dict]]:
        key = f"home:menus:{content_version()}:{language}"
        menus = cache.get(key)
        if menus is None:
            menus = _menus(request, language)
            cache.set(key, menus, timeout=None)
        return menus

    def links(kind: str) -> list[dict]:
        return held(f"menus:{language}", cached)[kind]

    return {"site_menu": lambda: links("main"), "footer_menu": lambda: links("footer")}


def _menus(request, language: str) -> dict[str, list[dict]]:
    """Both menus from one query: top-level pages in the menu, and the standard pages for the footer."""
    standard = ContentType.objects.get_for_model(StandardPage)  # cached by Django after the first call
    pages = visible_pages(request_locale(request)).filter(depth=3).select_related("locale").order_by("path")
    menus = {"main": [], "footer": []}
    for page in pages:
        item = {"title": page.title, "url": page.get_url(request), "path": page.path}
        if page.show_in_menus:
            menus["main"].append(item)
        if page.content_type_id == standard.pk:
            menus["footer"].append(item)
    return menus
