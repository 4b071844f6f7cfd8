import factory
import wagtail_factories

from cases.models import CaseAudience, CaseIndexPage, CasePage, CaseTheme
from tests.factories.home import default_home_page
from tests.factories.themes import audience, theme


def default_case_index() -> CaseIndexPage:
    return CaseIndexPage.objects.filter(locale__language_code="nl").first() or CaseIndexPageFactory()


def default_body() -> list:
    return [
        ("concept", "<p>Leegstaande panden worden tijdelijk verhuurd aan starters.</p>"),
        ("learnings", {"items": ["Betrek de eigenaars van bij de start."]}),
        ("tips", {"items": ["Werk met contracten van zes maanden."]}),
    ]


class CaseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Voorbeelden"
    slug = "voorbeelden"
    parent = factory.LazyFunction(default_home_page)

    class Meta:
        model = CaseIndexPage


class CasePageFactory(wagtail_factories.PageFactory):
    """A complete, publishable Belgian case (Lokeren-like, 25k-50k)."""

    title = factory.Sequence(lambda n: f"Pop-upwinkels tegen leegstand {n}")
    summary = "Een stad verhuurt leegstaande winkelpanden tijdelijk aan starters en maakt de straat weer levendig."
    parent = factory.LazyFunction(default_case_index)
    place = "Lokeren"
    country = "BE"
    province = "oost-vlaanderen"
    population = 42_000
    year_started = 2021
    status = "completed"
    hero_image = factory.SubFactory(wagtail_factories.ImageFactory)
    hero_image_alt = "Een winkelstraat met pop-upwinkels"
    body = factory.LazyFunction(default_body)
    case_themes = factory.LazyFunction(lambda: [CaseTheme(theme=theme())])
    case_audiences = factory.LazyFunction(lambda: [CaseAudience(audience=audience())])

    class Meta:
        model = CasePage
