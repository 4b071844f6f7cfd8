"""The case edit form as editors meet it: the slug follows the title, media rules, checkbox classifications."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from wagtail.test.utils import WagtailTestUtils

import pytest

from cases import publishing
from cases.models import CaseAudience, CasePage, CaseTheme
from home.video import VideoUrlError, parse_video_url
from tests.cases.admin_form import edit_form_data, edit_url, form_data_from_html, set_values
from tests.conftest import AUDIENCE_SLUGS, THEME_CODES
from tests.factories.cases import CasePageFactory
from themes.models import ThemePage

pytestmark = pytest.mark.django_db

DAILYMOTION = "https://www.dailymotion.com/video/x8abcde"


def parse_error(url: str) -> str:
    with pytest.raises(VideoUrlError) as excinfo:
        parse_video_url(url)
    return str(excinfo.value)


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def create_url(case_index) -> str:
    return reverse("wagtailadmin_pages:add", args=["cases", "casepage", case_index.pk])


def post_form(client, url: str, data):
    """POST every value of a multi-valued key (QueryDict.items() would send only the last one)."""
    return client.post(url, {key: data.getlist(key) for key in data})


def checkboxes(response, name: str) -> list[tuple[str, str, bool]]:
    """(label, value, checked) of each checkbox called `name`, in the order the editor sees them."""
    html = soup(response)
    boxes = html.select(f'input[type="checkbox"][name="{name}"]')
    return [
        (html.select_one(f'label[for="{box["id"]}"]').get_text(strip=True), box["value"], box.has_attr("checked"))
        for box in boxes
    ]


# --- Defect 1: the slug follows the title -------------------------------------------------------


def test_the_case_title_fills_the_slug_like_on_every_other_page(redacteur_client, case_index):
    response = redacteur_client.get(create_url(case_index))

    title = soup(response).select_one("#id_title")
    assert "w-sync" in title["data-controller"].split()
    assert title["data-w-sync-target-value"] == "#id_slug"
    assert "keyup->w-sync#apply" in title["data-action"]


def test_a_draft_without_a_slug_gets_it_from_the_title(redacteur_client, case_index):
    html = redacteur_client.get(create_url(case_index)).content.decode()
    data = set_values(form_data_from_html(html, body=[]), {"title": "Fietsstraten in Zwalm", "slug": ""})

    response = redacteur_client.post(create_url(case_index), data)

    assert response.status_code == 302, response.context["form"].errors
    case = CasePage.objects.get(title="Fietsstraten in Zwalm")
    assert case.slug == "fietsstraten-in-zwalm"
    assert not case.live


def test_a_second_case_with_the_same_title_gets_a_free_slug(redacteur_client, case_index):
    CasePageFactory(title="Fietsstraten in Zwalm", slug="fietsstraten-in-zwalm")
    html = redacteur_client.get(create_url(case_index)).content.decode()
    data = set_values(form_data_from_html(html, body=[]), {"title": "Fietsstraten in Zwalm", "slug": ""})

    response = redacteur_client.post(create_url(case_index), data)

    assert response.status_code == 302, response.context["form"].errors
    slugs = sorted(CasePage.objects.filter(title="Fietsstraten in Zwalm").values_list("slug", flat=True))
    assert slugs == ["fietsstraten-in-zwalm", "fietsstraten-in-zwalm-2"]


# --- Defect 3: a photo or a playable video ------------------------------------------------------


def test_a_dailymotion_video_without_a_photo_cannot_be_published(admin_client, taxonomy):
    case = CasePageFactory(live=False, hero_image=None, hero_image_alt="")
    data = edit_form_data(admin_client, case, video_url=DAILYMOTION)
    data["action-publish"] = "action-publish"

    response = admin_client.post(edit_url(case), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert parse_error(DAILYMOTION) in errors["video_url"]
    assert publishing.HERO in errors["hero_image"]
    assert escape(parse_error(DAILYMOTION)) in response.content.decode()
    case.refresh_from_db()
    assert not case.live


def test_an_unplayable_video_is_reported_on_a_draft_save(admin_client, taxonomy):
    case = CasePageFactory(live=False)
    revisions_before = case.revisions.count()
    data = edit_form_data(admin_client, case, video_url=DAILYMOTION)

    response = admin_client.post(edit_url(case), data)

    assert response.status_code == 200
    assert response.context["form"].errors["video_url"] == [parse_error(DAILYMOTION)]
    assert case.revisions.count() == revisions_before


def test_the_publishing_rule_wants_a_youtube_or_vimeo_video():
    rule = {
        "summary": "Kort.",
        "has_place": True,
        "theme_count": 1,
        "audience_count": 1,
        "hero_image_alt": "",
        "body_block_types": ["concept", "tips"],
    }

    assert publishing.publication_problems(has_hero_image=False, video_url=DAILYMOTION, **rule) == {
        "hero_image": [publishing.HERO],
        "video_url": [parse_error(DAILYMOTION)],
    }
    assert publishing.publication_problems(has_hero_image=False, video_url="https://vimeo.com/76979871", **rule) == {}


def test_the_model_refuses_an_unplayable_video_on_every_save(taxonomy):
    case = CasePageFactory(live=False)
    case.video_url = DAILYMOTION

    with pytest.raises(ValidationError) as excinfo:
        case.save_revision()

    assert excinfo.value.message_dict["video_url"] == [parse_error(DAILYMOTION)]


def test_the_model_refuses_to_publish_with_only_an_unplayable_video(taxonomy):
    case = CasePageFactory(live=False, hero_image=None, hero_image_alt="")
    CasePage.objects.filter(pk=case.pk).update(video_url=DAILYMOTION)  # stored before this rule existed
    case.refresh_from_db()

    revision = case.save_revision(clean=False)

    with pytest.raises(ValidationError) as excinfo:
        revision.publish()

    assert excinfo.value.message_dict["video_url"] == [parse_error(DAILYMOTION)]
    assert excinfo.value.message_dict["hero_image"] == [publishing.HERO]
    assert not CasePage.objects.live().filter(pk=case.pk).exists()


# --- Themes and audiences as checkboxes ---------------------------------------------------------


def test_themes_and_audiences_are_checkboxes_with_the_dutch_labels(admin_client, taxonomy):
    case = CasePageFactory(live=False)

    response = admin_client.get(edit_url(case))

    themes = ThemePage.objects.filter(locale__language_code="nl").order_by("path")
    assert [(label, value) for label, value, _checked in checkboxes(response, "themes")] == [
        (theme.title, str(theme.pk)) for theme in themes
    ]
    assert len(themes) == len(THEME_CODES)
    assert [label for label, _value, checked in checkboxes(response, "themes") if checked] == ["Mobiliteit"]
    audiences = [label for label, _value, _checked in checkboxes(response, "audiences")]
    assert len(audiences) == len(AUDIENCE_SLUGS)
    assert [label for label, _value, checked in checkboxes(response, "audiences") if checked] == ["Lokale besturen"]


def test_checked_themes_are_saved_as_children_and_shown_checked_again(admin_client, taxonomy):
    case = CasePageFactory(live=False)
    kept_link = case.case_themes.get()
    data_theme = taxonomy["themes"]["data"]
    mobility = taxonomy["themes"]["mobiliteit"]
    data = edit_form_data(admin_client, case)
    data.setlist("themes", [str(data_theme.pk), str(mobility.pk)])
    data.setlist("audiences", [str(taxonomy["audiences"]["ondernemers"].pk)])
    data["action-publish"] = "action-publish"

    response = post_form(admin_client, edit_url(case), data)

    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert case.live
    links = list(case.case_themes.all())
    assert [link.theme for link in links] == [mobility, data_theme]  # tree order
    assert kept_link in links, "an unchanged link keeps its row, so its translations stay attached"
    assert [link.audience.code for link in case.case_audiences.all()] == ["ondernemers"]
    checked = [label for label, _value, checked in checkboxes(admin_client.get(edit_url(case)), "themes") if checked]
    assert checked == ["Mobiliteit", "Data"]


def test_a_draft_save_keeps_the_checked_themes_in_the_revision(admin_client, taxonomy):
    case = CasePageFactory(live=False)
    data = edit_form_data(admin_client, case)
    data.setlist("themes", [str(taxonomy["themes"]["data"].pk)])

    response = post_form(admin_client, edit_url(case), data)

    assert response.status_code == 302
    draft = case.get_latest_revision_as_object()
    assert [link.theme.code for link in draft.case_themes.all()] == ["data"]
    assert [label for label, _v, checked in checkboxes(admin_client.get(edit_url(case)), "themes") if checked] == [
        "Data"
    ]


def test_no_checked_theme_or_audience_blocks_publishing_next_to_the_checkboxes(admin_client, taxonomy):
    case = CasePageFactory(live=False)
    data = edit_form_data(admin_client, case)
    data.setlist("themes", [])
    data.setlist("audiences", [])
    data["action-publish"] = "action-publish"

    response = post_form(admin_client, edit_url(case), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["themes"] == [publishing.THEME]
    assert errors["audiences"] == [publishing.AUDIENCE]
    case.refresh_from_db()
    assert not case.live


def test_a_new_theme_appears_as_a_checkbox(admin_client, taxonomy, case_index):
    ThemePage.objects.get(code="data").add_sibling(instance=ThemePage(title="Erfgoed", code="erfgoed"))

    response = admin_client.get(create_url(case_index))

    assert [label for label, _value, _checked in checkboxes(response, "themes")][-1] == "Erfgoed"


def test_the_plain_editor_of_a_translated_case_shows_its_own_language(admin_client, taxonomy, locales):
    english_theme = taxonomy["themes"]["mobiliteit"].copy_for_translation(locales["en"], copy_parents=True)
    english_theme.title = "Mobility"
    english_theme.save_revision().publish()
    case = CasePageFactory(live=False)
    english = case.copy_for_translation(locales["en"], copy_parents=True)
    english.case_themes = [CaseTheme(theme=english_theme, locale=locales["en"])]
    english.case_audiences = [CaseAudience(audience=taxonomy["audiences"]["ondernemers"], locale=locales["en"])]
    english.save_revision()

    response = admin_client.get(edit_url(english))

    assert response.status_code == 200
    assert checkboxes(response, "themes") == [("Mobility", str(english_theme.pk), True)]
    # The audience has no English version yet: the Dutch one stays visible and checked, never dropped.
    assert [(label, checked) for label, _value, checked in checkboxes(response, "audiences")] == [("Ondernemers", True)]
    response = post_form(admin_client, edit_url(english), edit_form_data(admin_client, english, title="Cycle streets"))
    assert response.status_code == 302, response.context["form"].errors
    draft = english.get_latest_revision_as_object()
    assert [link.theme for link in draft.case_themes.all()] == [english_theme]
    assert [link.audience.code for link in draft.case_audiences.all()] == ["ondernemers"]


def test_comparing_revisions_shows_the_changed_themes(admin_client, taxonomy):
    case = CasePageFactory(live=False)
    first = case.save_revision()
    data = edit_form_data(admin_client, case)
    data.setlist("themes", [str(taxonomy["themes"]["data"].pk)])
    assert post_form(admin_client, edit_url(case), data).status_code == 302
    case.refresh_from_db()
    second = case.get_latest_revision()

    response = admin_client.get(reverse("wagtailadmin_pages:revisions_compare", args=[case.pk, first.pk, second.pk]))

    assert response.status_code == 200
    html = soup(response)
    assert "Thema's" in html.get_text()
    assert "Mobiliteit" in " ".join(tag.get_text() for tag in html.select(".comparison .deletion"))
    assert "Data" in " ".join(tag.get_text() for tag in html.select(".comparison .addition"))
