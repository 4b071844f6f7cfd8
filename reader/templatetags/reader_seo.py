"""{% seo_meta %} for <head> and {% share_links page %} for a page's share buttons."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from wagtail.models import Page

from home.blocks import absolute_url
from reader.seo import page_url, seo_context
from reader.sharing import share_urls

register = template.Library()


def wagtail_page(context) -> Page | None:
    """The page being served; reader views may use `page` for something else (a paginator page)."""
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.simple_tag(takes_context=True)
def seo_meta(context) -> SafeString:
    """Description, canonical, hreflang, feeds, Open Graph, Twitter card and JSON-LD.

    On a view without a Wagtail page, the context variables `seo_title`, `seo_description` and
    `canonical_url` are used when present.
    """
    request = context.get("request")
    meta = seo_context(
        request=request,
        page=wagtail_page(context),
        title=context.get("seo_title", ""),
        description=context.get("seo_description", ""),
        canonical=context.get("canonical_url", ""),
    )
    # The JSON-LD block carries the nonce of the Content-Security-Policy header (home/csp.py).
    nonce = str(request.csp_nonce) if hasattr(request, "csp_nonce") else ""  # str(): the nonce is lazy
    html = render_to_string("includes/seo_meta.html", {**meta, "csp_nonce": nonce})
    # One tag per line, without the blank lines the template's conditions leave.
    return mark_safe("\n".join(line.strip() for line in html.splitlines() if line.strip()))


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_links(context, page=None, url="", title="", heading=""):
    """Plain share links (no third-party scripts) for `page`, or for `url` and `title`."""
    request = context.get("request")
    if isinstance(page, Page):
        url = url or page_url(page, request)
        title = title or page.seo_title or page.title
    elif url:
        url = absolute_url(request, url)
    elif request is not None:
        url = request.build_absolute_uri(request.path)
    return {
        "url": url,
        "title": title,
        "heading": heading or gettext("Deel dit voorbeeld"),
        "links": share_urls(url=url, title=title),
    }
