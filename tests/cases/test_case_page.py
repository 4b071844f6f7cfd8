import pytest

from cases.models import CasePage
from tests.factories.cases import CasePageFactory


@pytest.mark.django_db
def test_factory_case_is_live_and_classified():
    case = CasePageFactory()
    assert case.live
    assert [link.theme.code for link in case.case_themes.all()] == ["mobiliteit"]
    assert case.size_class == "25k-50k"
    assert CasePage.objects.live().count() == 1
