"""Case cards of the reader site, made from the facts the catalogue keeps (cases.cards) instead of page objects.

`includes/case_card.html` reads the same names of a `ReaderCard` as of a case page, so lists built from either
render alike.
"""

from dataclasses import dataclass

from wagtail.models import Locale

from cases.cards import case_url_maker, choice_labels
from cases.selectors import card_facts_in_order


@dataclass(frozen=True)
class Country:
    code: str
    name: str


class ReaderCard:
    def __init__(self, facts: dict, *, url: str, labels: dict[str, dict[str, str]]):
        self.facts, self.url, self.labels = facts, url, labels

    def __getattr__(self, name):
        facts = self.__dict__.get("facts", {})
        if name in ("title", "summary", "place", "size_class"):
            return facts[name]
        raise AttributeError(name)

    @property
    def pk(self) -> int:
        return self.facts["id"]

    @property
    def year_started(self) -> int | None:
        return self.facts["year"]

    @property
    def hero_image(self) -> dict | None:
        return self.facts["image"]

    @property
    def hero_image_alt(self) -> str:
        return self.facts["image"]["alt"] if self.facts["image"] else ""

    @property
    def country(self) -> Country:
        code = self.facts["country"]
        return Country(code=code, name=self.labels["country"].get(code, code))

    @property
    def is_abroad(self) -> bool:
        return self.facts["country"] != "BE"

    def get_size_class_display(self) -> str:
        code = self.facts["size_class"]
        return self.labels["size_class"].get(code, code)


def reader_cards(ids: list[int], *, locale: Locale) -> list[ReaderCard]:
    """The cards of these cases in this order (one query when their cards are kept; see card_facts_in_order)."""
    return reader_cards_of(card_facts_in_order(ids, locale=locale), locale=locale)


def reader_cards_of(facts: list[dict], *, locale: Locale) -> list[ReaderCard]:
    url = case_url_maker(locale)
    labels = choice_labels(locale.language_code)
    return [ReaderCard(card, url=url(card["url_path"]), labels=labels) for card in facts]
