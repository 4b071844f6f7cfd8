"""Reads of the proposal form beyond its own choices."""

from django.conf import settings

from home.models import StandardPage

# The privacy statement as setup_site creates it: the Dutch page of this slug below the home page. Its
# translations share its translation key, whatever their own slugs ("confidentialite").
PRIVACY_SLUG = "privacy"


def privacy_url(*, language: str) -> str:
    """The address of the privacy statement in `language` (else in Dutch), or "" while there is none (one query)."""
    source = StandardPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE, slug=PRIVACY_SLUG, depth=3
    ).values("translation_key")
    pages = StandardPage.objects.visible().filter(translation_key__in=source).select_related("locale")
    by_language = {page.locale.language_code: page for page in pages}
    page = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE)
    return page.url if page else ""
