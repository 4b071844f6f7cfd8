"""The embeddable case list (/embed/cases/) and one-case card (/embed/cases/<id>/) that other sites put in an iframe.

Self-contained: our own CSS and a few lines of our own JS (which tell the parent page the widget's height), no
cookies, no fonts or scripts from elsewhere, links that open the case on De Vitrine in a new tab. Only the sites
of EMBED_ORIGINS may frame them (home.embed). Unlike the reader's listing, parameters are strict: an embed is
written once by a web developer, who should see a mistake at once (a 400 page in the frame), not a list that
silently ignores it. The filters are the listing's (cases.filters), and so are the queries (CaseSearch) and
the cards (reader.cards).
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cases.filters import DEFAULT_ORDERING, PARAMS, RECOMMENDED, CaseFilters, Kind, Param
from cases.params import LANGUAGES, LOCALE, ParamsInvalid, StrictQuery, case_filters
from cases.selectors import CaseSearch, visible_case_ref
from home.caching import content_version
from home.embed import HEIGHT_MESSAGE, embeddable, height_listener_script, iframe_html
from home.locales import locale_for
from reader.cards import reader_cards
from reader.selectors import case_index_get

DEFAULT_LIMIT, MAX_LIMIT = 6, 24
# The listing's filters and ordering; paging is the widget's `limit` instead.
FILTERS: tuple[Param, ...] = tuple(
    param for param in PARAMS if param.reader and param.name not in ("page", "page_size")
)
LIMIT = Param("limit", Kind.NUMBER, "", minimum=1, maximum=MAX_LIMIT, default=DEFAULT_LIMIT)
# The API's reader (the same fields, messages and clashes); a single value given twice is a mistake here.
EMBED = StrictQuery((*FILTERS, LIMIT, LOCALE), once=True)
NO_PARAMS = StrictQuery(())
SNIPPET_WIDTH, LIST_HEIGHT = "100%", 640


@dataclass
class EmbedQuery:
    """A valid /embed/cases/ query."""

    language: str = settings.LANGUAGE_CODE
    filters: CaseFilters = field(default_factory=CaseFilters)
    ordering: str = DEFAULT_ORDERING
    limit: int = DEFAULT_LIMIT

    @classmethod
    def parse(cls, query) -> "EmbedQuery":
        """Every problem at once (ParamsInvalid), each naming its parameter and what it accepts, as the API does."""
        values = EMBED.read(query)
        return cls(
            language=values["locale"], filters=case_filters(values), ordering=values["ordering"], limit=values["limit"]
        )

    def params(self) -> list[tuple[str, str]]:
        """This query as URL parameters, without defaults (the listing's snippet, the "all cases" link)."""
        params = []
        for param in FILTERS:
            value = getattr(self.filters, param.field) if param.field else None
            if param.kind == Kind.MANY:
                params += [(param.name, code) for code in value]
            elif value not in (None, "", param.default):
                params.append((param.name, str(value)))
        if self.ordering not in (DEFAULT_ORDERING, RECOMMENDED):  # "for you" follows a reader's cookie: not here
            params.append(("ordering", self.ordering))
        return params


def embed_response(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    """Rendered without the request's context processors: they would read the session, the user and the menus,
    none of which a widget shows (and a CSRF token would set a cookie)."""
    html = render_to_string(template, {**context, "height_message": HEIGHT_MESSAGE})
    response = HttpResponse(html, status=status)
    response["X-Robots-Tag"] = "noindex"  # the cases themselves are indexed on their own pages
    return response


def refused(request, problems: dict[str, dict], *, status: int = 400) -> HttpResponse:
    """The 400 page naming each problem as the API's 400 does (in English, like the API), or the 404 page."""
    language = request.GET.get("locale", "") if request.GET.get("locale", "") in LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(language):
        described = [(name, described_problem(found)) for name, found in sorted(problems.items())]
        context = {"language": language, "problems": described, "status": status}
        return embed_response(request, "embed/error.html", context, status=status)


def described_problem(found: dict) -> str:
    """The message of the API's 400, and the values it lists."""
    accepted = f" Accepted: {', '.join(found['accepted'])}." if found.get("accepted") else ""
    return f"{found['message']}{accepted}"


def cached_html(request, build) -> HttpResponse:
    """The widget's HTML for this URL, kept like the reader's pages (READER_PAGE_CACHE_TIMEOUT, 0 = off) and gone
    as soon as the content changes (a publish moves the content version)."""
    if not settings.READER_PAGE_CACHE_TIMEOUT:
        return build()
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    key = f"embed:{content_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        response = build()
        if response.status_code == 200:
            cache.set(key, response.content.decode(), timeout=settings.READER_PAGE_CACHE_TIMEOUT)
        return response
    response = HttpResponse(html)
    response["X-Robots-Tag"] = "noindex"
    return response


def absolute_cards(request, ids: list[int], language: str):
    cards = reader_cards(ids, locale=locale_for(language))
    for card in cards:
        card.url = request.build_absolute_uri(card.url)  # the widget lives on another site's page
    return cards


@require_safe
@embeddable
def case_list(request):
    """Up to `limit` cases matching the listing's filters, newest first (or in the `ordering` asked)."""
    try:
        query = EmbedQuery.parse(request.GET)
    except ParamsInvalid as error:
        return refused(request, error.problems)

    def build():
        with translation.override(query.language):
            locale = locale_for(query.language)
            search = CaseSearch(locale=locale, filters=query.filters, ordering=query.ordering)
            _facets, count = search.facets_and_count()
            index = case_index_get(locale=locale)
            all_url = ""
            if index is not None:
                params = query.params()
                all_url = request.build_absolute_uri(index.url + (f"?{urlencode(params)}" if params else ""))
            context = {
                "language": query.language,
                "cases": absolute_cards(request, search.page_ids(offset=0, limit=query.limit), query.language),
                "count": count,
                "all_url": all_url,
            }
            return embed_response(request, "embed/case_list.html", context)

    return cached_html(request, build)


@require_safe
@embeddable
def case_detail(request, pk: int):
    """One visible case as a card, in its own language: the `html` of the API's oEmbed answer."""
    try:
        NO_PARAMS.read(request.GET)
    except ParamsInvalid as error:
        return refused(request, error.problems)

    def build():
        found = visible_case_ref(pk=pk)
        if found is None:
            with translation.override(settings.LANGUAGE_CODE):
                return refused(request, {}, status=404)
        with translation.override(found[1]):
            context = {"language": found[1], "cases": absolute_cards(request, [found[0]], found[1]), "single": True}
            return embed_response(request, "embed/case_list.html", context)

    return cached_html(request, build)


def listing_snippet(request, *, filters: CaseFilters, ordering: str, language: str) -> dict:
    """The "Insluiten" dialog of a listing: the widget's address for the listing's current filters, and the
    code to paste (the iframe, and the optional script that fits its height)."""
    query = EmbedQuery(language=language, filters=filters, ordering=ordering)
    params = [*query.params(), ("locale", language)]
    src = request.build_absolute_uri(f"{reverse('embed:case-list')}?{urlencode(params)}")
    origin = request.build_absolute_uri("/").rstrip("/")
    title = _("Voorbeelden van De Vitrine")
    code = iframe_html(src=src, title=title, width=SNIPPET_WIDTH, height=LIST_HEIGHT)
    return {"src": src, "code": f"{code}\n{height_listener_script(origin)}"}
