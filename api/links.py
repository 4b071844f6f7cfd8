"""Absolute URLs of case pages for API answers."""

from cases.cards import case_url_maker


def case_urls(request, locale):
    """url_path -> absolute URL (cases.cards.case_url_maker, on the request's scheme and host; object storage and
    other sites keep theirs)."""
    relative = case_url_maker(locale)

    def url(url_path: str) -> str:
        found = relative(url_path)
        return request.build_absolute_uri(found) if found else ""

    return url
