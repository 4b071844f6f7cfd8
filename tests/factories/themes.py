import factory
import wagtail_factories

from tests.factories.home import default_home_page, locale
from themes.models import Audience, ThemeIndexPage, ThemePage


def default_theme_index() -> ThemeIndexPage:
    return ThemeIndexPage.objects.filter(locale__language_code="nl").first() or ThemeIndexPageFactory()


class ThemeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Thema's"
    slug = "themas"
    parent = factory.LazyFunction(default_home_page)

    class Meta:
        model = ThemeIndexPage


class ThemePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Thema {n}")
    code = factory.Sequence(lambda n: f"thema-{n}")
    slug = factory.SelfAttribute("code")
    intro = "Hoe een kern bereikbaar blijft."
    description = "<p>Over dit thema.</p>"
    parent = factory.LazyFunction(default_theme_index)

    class Meta:
        model = ThemePage


class AudienceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Doelgroep {n}")
    code = factory.Sequence(lambda n: f"doelgroep-{n}")
    locale = factory.LazyFunction(lambda: locale("nl"))

    class Meta:
        model = Audience


def theme(code: str = "mobiliteit") -> ThemePage:
    return ThemePage.objects.filter(code=code, locale__language_code="nl").first() or ThemePageFactory(
        code=code, title=code.capitalize()
    )


def audience(code: str = "lokale-besturen") -> Audience:
    return Audience.objects.filter(code=code, locale__language_code="nl").first() or AudienceFactory(
        code=code, name=code.replace("-", " ").capitalize()
    )
