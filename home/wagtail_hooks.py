"""Admin chrome shared by every app: what the help menu offers."""

from urllib.parse import urlsplit

from wagtail import hooks


@hooks.register("construct_help_menu")
def keep_help_on_this_site(request, menu_items):
    """Drop Wagtail's links to its English guide and release notes on wagtail.org.

    The editors' documentation is in Dutch, in the help texts of the forms; the keyboard
    shortcuts stay.
    """
    menu_items[:] = [item for item in menu_items if not urlsplit(getattr(item, "url", "") or "").netloc]
