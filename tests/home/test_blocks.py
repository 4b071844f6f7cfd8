from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document

import pytest
import wagtail_factories

from home.blocks import CaptionedImageBlock, DocumentBlock, LinkBlock, QuoteBlock, VideoBlock


def test_video_block_accepts_youtube_and_describes_the_embed():
    block = VideoBlock()
    value = block.clean(block.to_python({"url": "https://youtu.be/aqz-KE-bpKQ", "caption": "Rondleiding"}))
    assert block.get_api_representation(value) == {
        "url": "https://youtu.be/aqz-KE-bpKQ",
        "provider": "youtube",
        "id": "aqz-KE-bpKQ",
        "embed_url": "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        "caption": "Rondleiding",
    }


def test_video_block_rejects_other_platforms_with_a_message_on_the_url_field():
    block = VideoBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"url": "https://www.dailymotion.com/video/x7tgad0", "caption": ""}))
    assert "YouTube of Vimeo" in str(error.value.block_errors["url"])


def test_video_block_renders_a_link_not_a_third_party_player():
    block = VideoBlock()
    html = block.render(block.to_python({"url": "https://vimeo.com/76979871", "caption": "Het plein"}))
    assert 'href="https://vimeo.com/76979871"' in html
    assert "<iframe" not in html
    assert "Het plein" in html


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"title": "Niets", "page": None, "url": ""}, "url"),
        ({"title": "", "page": None, "url": "https://www.vlaio.be"}, "title"),
    ],
)
def test_link_block_needs_exactly_one_target_and_a_text_for_external_links(value, field):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(value))
    assert field in error.value.block_errors


@pytest.mark.django_db
def test_link_block_rejects_both_a_page_and_an_url(home_page):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "Twee", "page": home_page.pk, "url": "https://www.vlaio.be"}))


@pytest.mark.django_db
def test_link_block_api_gives_the_public_url_of_a_page(home_page):
    block = LinkBlock()
    value = block.clean(block.to_python({"title": "", "page": home_page.pk, "url": ""}))
    assert block.get_api_representation(value) == {"title": home_page.title, "url": "/nl/", "external": False}


def test_link_block_api_marks_external_links():
    block = LinkBlock()
    value = block.clean(block.to_python({"title": "VLAIO", "page": None, "url": "https://www.vlaio.be"}))
    assert block.get_api_representation(value) == {"title": "VLAIO", "url": "https://www.vlaio.be", "external": True}


def test_quote_block_needs_text_and_author():
    block = QuoteBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "", "author": "", "role": ""}))
    html = block.render(block.to_python({"text": "Het werkt.", "author": "An", "role": "schepen"}))
    assert "Het werkt." in html and "An, schepen" in html


@pytest.mark.django_db
def test_image_block_api_has_renditions_with_sizes_alt_and_credit():
    image = wagtail_factories.ImageFactory(file__width=1800, file__height=1200)
    block = CaptionedImageBlock()
    value = block.to_python({"image": image.pk, "alt": "Een markt", "credit": "Foto: stad", "caption": ""})
    data = block.get_api_representation(value)
    assert data["alt"] == "Een markt" and data["credit"] == "Foto: stad"
    renditions = data["image"]["renditions"]
    assert set(renditions) == {"thumbnail", "medium", "large"}
    assert renditions["thumbnail"]["width"] == 400 and renditions["thumbnail"]["height"] == 300
    assert renditions["large"]["url"].endswith(".webp")


@pytest.mark.django_db
def test_image_block_requires_alt_text():
    image = wagtail_factories.ImageFactory()
    block = CaptionedImageBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt": "", "credit": "", "caption": ""}))


@pytest.mark.django_db
def test_document_block_api_gives_title_and_url():
    document = Document.objects.create(title="Reglement", file=ContentFile(b"%PDF-1.4 test", name="reglement.pdf"))
    block = DocumentBlock()
    data = block.get_api_representation(block.to_python({"document": document.pk, "title": ""}))
    assert data["title"] == "Reglement"
    assert data["file_extension"] == "pdf"
    assert data["url"].endswith("reglement.pdf")
