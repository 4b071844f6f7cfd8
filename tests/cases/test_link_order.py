"""Themes and audiences are listed in the order the editor gave them, also for links made in code.

Links created by scripts and factories have no sort_order. On PostgreSQL, rows of equal sort order
came back in storage order, which changes when a row is rewritten: a feed listed a case's themes
the other way round after a long test run. The older link must come first.
"""

from cases.models import CasePage, CaseTheme
from cases.selectors import case_card_prefetches, case_classification
from tests.factories.cases import CasePageFactory


def make_case_with_rewritten_first_link(taxonomy) -> CasePage:
    themes = taxonomy["themes"]
    case = CasePageFactory(case_themes=[CaseTheme(theme=themes["mobiliteit"]), CaseTheme(theme=themes["duurzaamheid"])])
    first = CaseTheme.objects.filter(page=case).order_by("pk").first()
    assert first.sort_order is None
    # Rewriting an indexed column gives the row a new version: PostgreSQL now stores the first link
    # after the second (an editor who swaps a theme and back does the same).
    CaseTheme.objects.filter(pk=first.pk).update(theme=themes["data"])
    CaseTheme.objects.filter(pk=first.pk).update(theme=themes["mobiliteit"])
    return case


def test_cards_list_themes_in_the_order_they_were_linked(taxonomy):
    case = make_case_with_rewritten_first_link(taxonomy)
    card = case_card_prefetches(CasePage.objects.filter(pk=case.pk)).get()
    assert [link.theme.code for link in card.case_themes.all()] == ["mobiliteit", "duurzaamheid"]


def test_case_classification_lists_themes_in_the_order_they_were_linked(taxonomy):
    case = make_case_with_rewritten_first_link(taxonomy)
    theme_codes, _audiences = case_classification(case=CasePage.objects.get(pk=case.pk))
    assert theme_codes == ["mobiliteit", "duurzaamheid"]
