"""Template helpers of the reader site: responsive images, language links, listing URLs."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from home.blocks import RENDITIONS
from home.caching import held
from home.renditions import image_renditions
from reader.selectors import page_translations
from reader.seo import page_path_url

register = template.Library()

# Which renditions an image offers for each place it appears, and how wide it is drawn there.
IMAGE_USES = {
    "card": (("thumbnail", "medium"), "(min-width: 64em) 22rem, (min-width: 40em) 45vw, 100vw"),
    "hero": (("medium", "large"), "(min-width: 75em) 70rem, 100vw"),
    "body": (("medium", "large"), "(min-width: 48em) 42rem, 100vw"),
    "gallery": (("thumbnail", "medium"), "(min-width: 48em) 20rem, 50vw"),
}


@register.simple_tag
def responsive_image(image, use: str, alt: str = "", css_class: str = ""):
    """<img> with a WebP srcset from the shared renditions (prefetched by the selectors), lazy unless a hero;
    nothing when there is no image or its original cannot be read."""
    names, sizes = IMAGE_USES[use]
    if isinstance(image, dict):  # a kept card's image (reader.cards): its renditions by name
        ordered = [image["renditions"][name] for name in names]
    else:
        renditions = image_renditions(image, *(RENDITIONS[name] for name in names))
        if renditions is None:
            return ""
        ordered = [
            {"url": rendition.url, "width": rendition.width, "height": rendition.height}
            for rendition in (renditions[RENDITIONS[name]] for name in names)
        ]
    srcset = ", ".join(f"{rendition['url']} {rendition['width']}w" for rendition in ordered)
    first = ordered[0]
    loading = "eager" if use == "hero" else "lazy"
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}" loading="{}" '
        'decoding="async">',
        first["url"],
        srcset,
        sizes,
        first["width"],
        first["height"],
        alt,
        css_class,
        loading,
    )


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the translation of this page when it exists, else that language's home page.

    Listing filters are language-independent codes, so the query string travels along.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    query = f"?{request.GET.urlencode()}" if request is not None and request.GET else ""
    translations = {}
    if page is not None and getattr(page, "pk", None):
        translations = {p.locale.language_code: page_path_url(p, request) for p in page_translations(page=page)}
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url = translations[code] + query
        elif page is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = f"/{code}/"
        info = get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": url, "current": code == current})
    return links


def held_fragment(context, template_name: str, *state) -> str:
    """`template_name` rendered with this context once per content version, language, host and `state` (what else
    the fragment shows), then held by the process: the page chrome is the same on every page of a language between
    two publishes, and rendering it was a tenth of an uncached page. `state` must name everything else it reads."""
    request = context.get("request")
    key = (template_name, get_language(), request.get_host() if request is not None else "", *state)
    fragments = held("chrome", dict)
    html = fragments.get(key)
    if html is None:
        html = context.template.engine.get_template(template_name).render(context)
        fragments[key] = html
    return html


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The main menu and the search form (includes/site_nav.html), held per menu state: which item holds the page,
    whether the map or the profile is shown, and whether the reader has a profile."""
    page = context.get("page")
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match is not None and match.url_name in ("map", "profile") else ""
    menu = context.get("site_menu")
    menu = menu() if callable(menu) else menu or []
    current = tuple(is_within(page, item["path"]) for item in menu)
    return held_fragment(context, "includes/site_nav.html", current, url_name, bool(context.get("profile")))


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer (includes/footer.html): its menu and links depend on the language only."""
    return held_fragment(context, "includes/footer.html")


@register.filter
def is_within(page, path: str) -> bool:
    """Whether `page` is the menu item at tree `path` or below it (for aria-current in the menu)."""
    return bool(getattr(page, "path", "")) and page.path.startswith(path)


@register.simple_tag(takes_context=True)
def parent_url(context, page) -> str:
    """The parent page's URL from this page's own (URLs follow the tree), saving a query per page view."""
    url = page_path_url(page, context.get("request"))
    return url.rstrip("/").rsplit("/", 1)[0] + "/"
