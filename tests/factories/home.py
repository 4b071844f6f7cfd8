from wagtail.models import Locale, Page, Site

import factory
import wagtail_factories

from home.models import HomePage, StandardPage


def default_home_page() -> HomePage:
    """The Dutch home page under the default site, created on first use."""
    home = HomePage.objects.filter(locale__language_code="nl").first()
    if home is None:
        home = HomePageFactory(parent=Page.get_first_root_node())
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
    return home


class HomePageFactory(wagtail_factories.PageFactory):
    title = "De Vitrine"
    slug = factory.Sequence(lambda n: f"home-{n}")
    intro = "Inspirerende voorbeelden van kernversterking."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Over De Vitrine {n}")
    intro = "Wie we zijn en wat we doen."
    parent = factory.LazyFunction(default_home_page)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>De Vitrine verzamelt voorbeelden.</p>")])

    class Meta:
        model = StandardPage


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)
