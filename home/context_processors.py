from django.utils.translation import get_language

from wagtail.models import Page


def site_menu(request):
    """The top-level pages marked 'show in menus', in the reader's language (one query, lazily)."""

    def items():
        return list(
            Page.objects.live().in_menu().filter(depth=3, locale__language_code=get_language()).order_by("path")
        )

    return {"site_menu": items}
