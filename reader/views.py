"""Reader pages outside the Wagtail tree: profile, search, map and open data. Thin: parse, call, render."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.open_data import LICENSE_NAME, LICENSE_URL, case_count
from cases.places import Province
from cases.selectors import case_map_points
from home.locales import request_locale
from reader.forms import ProfileForm
from reader.listing import Listing
from reader.profile import ReaderProfile
from reader.selectors import case_index_get
from themes.vocabulary import theme_labels


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@never_cache
@require_http_methods(["GET", "POST"])
def profile(request):
    """Set or clear the reader's profile (audience and municipality), stored in one functional cookie."""
    current = ReaderProfile.from_request(request)
    language = get_language()
    if request.method == "POST":
        if request.POST.get("action") == "clear":
            response = HttpResponseRedirect(safe_next(request, reverse("reader:profile") + "?gewist=1"))
            ReaderProfile.clear(response)
            return response
        form = ProfileForm(request.POST, language=language)
        if form.is_valid():
            response = HttpResponseRedirect(safe_next(request, reverse("reader:profile") + "?bewaard=1"))
            form.profile().save(response)
            return response
        status = 400
    else:
        initial = {
            "audience": current.audience,
            "municipality": current.municipality.nis_code if current.municipality else "",
        }
        form = ProfileForm(initial=initial, language=language)
        status = 200
    context = {
        "form": form,
        "profile": current,
        "saved": "bewaard" in request.GET,
        "cleared": "gewist" in request.GET,
        "next": safe_next(request, ""),
        "seo_title": _("Jouw profiel"),
    }
    return render(request, "reader/profile.html", context, status=status)


def search(request):
    """Full-text search over the cases of the current language, with the listing's filters and paging."""
    listing = Listing.from_request(request)
    if listing.filters.q:
        listing.load()
    q = listing.filters.q.casefold()
    themes = [
        (code, label) for code, label in theme_labels(locale=listing.locale).items() if q and q in label.casefold()
    ]
    index = case_index_get(locale=listing.locale)
    context = {
        "listing": listing,
        "matching_themes": themes,
        "case_index_url": index.get_url(request) if index else "",
        "seo_title": _("Zoeken"),
    }
    return render(request, "reader/search.html", context)


def case_map(request):
    """The map: its points come from the API (api/points.py) and are drawn by static/js/map.js, so the page
    stays the same size whatever the number of cases; without JavaScript it links to the listing instead."""
    locale = request_locale(request)
    index = case_index_get(locale=locale)
    context = {
        "point_count": case_map_points(locale=locale).count(),
        "points_url": f"{reverse('api:case-points')}?locale={locale.language_code}",
        "case_index_url": index.get_url(request) if index else "",
        "provinces": Province.choices,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "seo_title": _("Kaart van de voorbeelden"),
    }
    return render(request, "reader/map.html", context)


def open_data(request):
    """What De Vitrine offers as open data: the downloads in every language, the licence and the API."""
    locale = request_locale(request)
    downloads = [
        {
            "language": code,
            "name": name,
            "links": [
                (export_format, f"{reverse(f'api:export-cases-{export_format}')}?locale={code}")
                for export_format in ("csv", "json")
            ],
        }
        for code, name in settings.LANGUAGES
    ]
    context = {
        "case_count": case_count(locale=locale),
        "downloads": downloads,
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "docs_url": reverse("api:docs"),
        "schema_url": reverse("api:schema"),
        "catalog_url": reverse("api:catalog"),
        "cases_api_url": reverse("api:case-list"),
        "municipalities_api_url": reverse("api:municipality-list"),
        "seo_title": _("Open data"),
        "seo_description": _(
            "Download alle voorbeelden van De Vitrine als CSV of JSON, of gebruik de API. Vrij te hergebruiken "
            "onder de Modellicentie Gratis Hergebruik van de Vlaamse overheid."
        ),
    }
    return render(request, "reader/open_data.html", context)
