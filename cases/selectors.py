"""Every read query on cases that views, feeds and the API use.

One place decides what "visible" means: live, public (no view restriction) and in the
requested locale. Lists prefetch what a card shows so their query count stays fixed.
"""

from django.db.models import Prefetch, QuerySet

from wagtail.models import Locale

from cases.models import CaseAudience, CasePage, CaseTheme


def case_visible(*, locale: Locale) -> QuerySet[CasePage]:
    return CasePage.objects.live().public().filter(locale=locale)


def case_list(*, locale: Locale, theme_codes: list[str] | None = None) -> QuerySet[CasePage]:
    cases = case_visible(locale=locale)
    if theme_codes:
        cases = cases.filter(case_themes__theme__code__in=theme_codes).distinct()
    return (
        cases.select_related("hero_image", "municipality")
        .prefetch_related(
            Prefetch("case_themes", queryset=CaseTheme.objects.select_related("theme").order_by("sort_order")),
            Prefetch("case_audiences", queryset=CaseAudience.objects.select_related("audience").order_by("sort_order")),
            "hero_image__renditions",
        )
        .order_by("-first_published_at", "-pk")
    )


def case_get(*, locale: Locale, slug: str) -> CasePage | None:
    return case_list(locale=locale).filter(slug=slug).first()
