"""{% embed_snippet listing as embed %}: the "Insluiten" code of a listing's current filters (reader/embed.py)."""

from django import template

from reader.embed import listing_snippet

register = template.Library()


@register.simple_tag(takes_context=True)
def embed_snippet(context, listing) -> dict:
    return listing_snippet(
        context["request"],
        filters=listing.filters,
        ordering=listing.ordering,
        language=listing.locale.language_code,
    )
