"""Translating a case the way editors do: wagtail-localize's submit view and translation editor."""

from urllib.parse import urlencode

from django.urls import reverse

from wagtail_localize.models import StringSegment, Translation

import pytest

from tests.factories.cases import CasePageFactory
from tests.factories.themes import audience
from themes.models import Audience


@pytest.fixture
def case(db):
    return CasePageFactory(title="Pop-ups in Lokeren", slug="pop-ups-lokeren")


def translate_string(client, translation: Translation, path: str, value: str) -> None:
    segment = StringSegment.objects.get(source=translation.source, context__path=path)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.id, segment.id])
    response = client.put(url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded")
    assert response.status_code in {200, 201}


def test_editor_translates_and_publishes_a_case(client, admin_user, locales, case, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    submit = reverse("wagtail_localize:submit_page_translation", args=[case.id])
    assert client.get(submit).status_code == 200
    response = client.post(submit, {"locales": [locales["en"].id]})
    assert response.status_code == 302

    english = case.get_translation(locales["en"])
    assert not english.live, "a new translation starts as a draft"
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.id])
    assert "js-translation-editor" in client.get(edit_url).content.decode()

    translation = Translation.objects.get(source__object_id=case.translation_key, target_locale=locales["en"])
    translate_string(client, translation, "title", "Pop-up shops in Lokeren")
    translate_string(client, translation, "slug", "pop-up-shops-lokeren")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"action": "publish"})
    assert response.status_code == 302

    english.refresh_from_db()
    assert english.live
    assert english.title == "Pop-up shops in Lokeren"
    assert english.url == "/en/voorbeelden/pop-up-shops-lokeren/"
    page = client.get(english.url).content.decode()
    assert '<html lang="en">' in page and "Pop-up shops in Lokeren" in page


def test_editor_translates_an_audience_snippet(client, admin_user, locales, django_capture_on_commit_callbacks):
    source = audience("ondernemers")
    client.force_login(admin_user)
    submit = reverse("wagtail_localize:submit_snippet_translation", args=["themes", "audience", source.pk])
    response = client.post(submit, {"locales": [locales["fr"].id]})
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=source.translation_key, target_locale=locales["fr"])
    translate_string(client, translation, "name", "Entrepreneurs")
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    french = Audience.objects.get(translation_key=source.translation_key, locale=locales["fr"])
    assert (french.code, french.name) == ("ondernemers", "Entrepreneurs")
