"""Blocks shared by every kind of body: images, quotes, video, documents and links.

Each block owns its template and its JSON shape (`get_api_representation`), so templates,
the API and the importer agree on one implementation.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from home.renditions import image_renditions
from home.video import VideoUrlError, parse_video_url

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
RENDITIONS = {
    "thumbnail": "fill-400x300|format-webp",
    "medium": "max-800x800|format-webp",
    "large": "max-1600x1600|format-webp",
}
# The picture a shared link shows (Open Graph, X, LinkedIn): 1200x630 is what every network crops to, and JPEG is
# what all of them read.
SHARE_RENDITION = "fill-1200x630|format-jpeg"
# A case's hero image is shown on cards and pages and shared, so its card keeps all of these (cases.cards).
HERO_RENDITIONS = (*RENDITIONS.values(), SHARE_RENDITION)


def absolute_url(request, url: str | None) -> str:
    """`url` (a page, an image rendition, a document) as an API client or a social network can use it elsewhere.

    Local media and pages are root-relative (/media/…, which nginx serves on this host), so they get the scheme
    and host of the request; object storage already names the bucket or AWS_S3_CUSTOM_DOMAIN, and
    build_absolute_uri leaves such a URL as it is."""
    if not url or request is None:
        return url or ""
    return request.build_absolute_uri(url)


def image_api_representation(image, request) -> dict | None:
    """Renditions a client can put straight into an <img srcset>, with absolute URLs (see absolute_url);
    None without an image or when its original cannot be read."""
    renditions = image_renditions(image, *RENDITIONS.values())
    if renditions is None:
        return None
    urls = {spec: absolute_url(request, rendition.url) for spec, rendition in renditions.items()}
    medium, large = RENDITIONS["medium"], RENDITIONS["large"]
    return {
        "id": image.pk,
        "renditions": {
            name: {
                "url": urls[spec],
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in RENDITIONS.items()
        },
        # The uncropped sizes, ready for <img srcset>; thumbnail is cropped to 4:3 so it is left out.
        "srcset": f"{urls[medium]} {renditions[medium].width}w, {urls[large]} {renditions[large].width}w",
    }


def absolute_links(html: str, request) -> str:
    """Make root-relative links absolute: API clients show our HTML on their own site."""
    if not html or request is None:
        return html
    base = request.build_absolute_uri("/").rstrip("/")
    return ROOT_RELATIVE.sub(lambda match: f'{match.group(1)}="{base}/', html)


ROOT_RELATIVE = re.compile(r'\b(href|src)="/(?!/)')


class ApiRichTextBlock(blocks.RichTextBlock):
    """Rich text whose API form is display HTML with internal links as absolute public URLs."""

    def get_api_representation(self, value, context=None):
        html = super().get_api_representation(value, context=context)
        return absolute_links(html, (context or {}).get("request"))


class FirstImagePreviewMixin:
    """Admin block previews need a real image; use any image the library holds."""

    def get_preview_value(self):
        value = super().get_preview_value()
        image = get_image_model().objects.order_by("pk").first()
        if image is not None and hasattr(value, "get"):
            value["image"] = image
        return value


class CaptionedImageBlock(FirstImagePreviewMixin, blocks.StructBlock):
    image = ImageChooserBlock(label=_("Afbeelding"))
    alt = blocks.CharBlock(
        label=_("Alternatieve tekst"),
        max_length=250,
        help_text=_("Beschrijf wat er op de afbeelding staat, voor wie ze niet kan zien."),
    )
    credit = blocks.CharBlock(
        label=_("Fotograaf of bron"), required=False, max_length=120, help_text=_("Bv. ‘Foto: Stad Lokeren’.")
    )
    caption = blocks.CharBlock(label=_("Bijschrift"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        template = "blocks/captioned_image_block.html"
        preview_value = {"alt": "Voorbeeldafbeelding", "credit": "De Vitrine", "caption": ""}
        description = _("Eén afbeelding met alternatieve tekst, bron en bijschrift.")

    def get_api_representation(self, value, context=None):
        return {
            "image": image_api_representation(value.get("image"), (context or {}).get("request")),
            "alt": value.get("alt", ""),
            "credit": value.get("credit", ""),
            "caption": value.get("caption", ""),
        }


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(CaptionedImageBlock(), min_num=2, label=_("Afbeeldingen"))

    class Meta:
        icon = "image"
        label = _("Fotogalerij")
        template = "blocks/gallery_block.html"
        description = _("Twee of meer afbeeldingen naast elkaar.")
        preview_value = {"images": []}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citaat"), max_length=600)
    author = blocks.CharBlock(label=_("Wie zegt het"), max_length=120)
    role = blocks.CharBlock(
        label=_("Functie of organisatie"),
        required=False,
        max_length=160,
        help_text=_("Bv. ‘schepen van Lokale Economie’."),
    )

    class Meta:
        icon = "openquote"
        label = _("Citaat")
        template = "blocks/quote_block.html"
        description = _("Een uitspraak van een betrokkene.")
        preview_value = {
            "text": "Door de pop-ups kwamen er opnieuw mensen naar de straat.",
            "author": "An Peeters",
            "role": "centrummanager",
        }


class VideoStructValue(blocks.StructValue):
    @cached_property
    def video(self):
        try:
            return parse_video_url(self.get("url"))
        except VideoUrlError:
            return None


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label=_("Adres van de video"),
        help_text=_("Een video op YouTube of Vimeo, bv. https://www.youtube.com/watch?v=…"),
    )
    caption = blocks.CharBlock(label=_("Bijschrift"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"
        value_class = VideoStructValue
        description = _("Een video van YouTube of Vimeo; ze laadt pas wanneer de lezer erop klikt.")
        preview_value = {"url": "https://vimeo.com/76979871", "caption": "Een video"}

    def clean(self, value):
        value = super().clean(value)
        try:
            parse_video_url(value.get("url"))
        except VideoUrlError as error:
            raise StructBlockValidationError(block_errors={"url": ValidationError(str(error))}) from error
        return value

    def get_api_representation(self, value, context=None):
        video = value.video
        return {
            "url": value.get("url"),
            "provider": video.provider if video else None,
            "id": video.video_id if video else None,
            "embed_url": video.embed_url if video else None,
            "caption": value.get("caption", ""),
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Titel"),
        required=False,
        max_length=160,
        help_text=_("Leeg laten om de titel van het document te tonen."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_block.html"
        description = _("Een document om te downloaden, bv. een subsidiereglement.")

    def get_api_representation(self, value, context=None):
        document = value.get("document")
        if document is None:
            return None
        return {
            "title": value.get("title") or document.title,
            "url": absolute_url((context or {}).get("request"), document.url),
            "file_extension": document.file_extension,
        }


class LinkStructValue(blocks.StructValue):
    @property
    def href(self) -> str:
        page = self.get("page")
        if page is not None:
            return page.localized.url
        return self.get("url") or ""

    @property
    def text(self) -> str:
        page = self.get("page")
        return self.get("title") or (page.localized.title if page is not None else self.get("url") or "")


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tekst van de link"), required=False, max_length=160)
    page = blocks.PageChooserBlock(label=_("Pagina op De Vitrine"), required=False)
    url = blocks.URLBlock(label=_("Of een extern webadres"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkStructValue

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = value.get("page") is not None, bool(value.get("url"))
        if has_page == has_url:
            message = ValidationError(_("Kies een pagina óf vul een extern webadres in (precies één van beide)."))
            raise StructBlockValidationError(block_errors={"url": message})
        if has_url and not value.get("title"):
            message = ValidationError(_("Geef een externe link een tekst."))
            raise StructBlockValidationError(block_errors={"title": message})
        return value

    def get_api_representation(self, value, context=None):
        request = (context or {}).get("request")
        url = request.build_absolute_uri(value.href) if request and value.get("page") is not None else value.href
        return {"title": value.text, "url": url, "external": value.get("page") is None}


class LinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Titel"), required=False, max_length=120)
    links = blocks.ListBlock(LinkBlock(), min_num=1, label=_("Links"))

    class Meta:
        icon = "link"
        label = _("Links")
        template = "blocks/links_block.html"
        description = _("Verwijzingen naar meer informatie.")
        preview_value = {"heading": "Meer weten", "links": [{"title": "VLAIO", "url": "https://www.vlaio.be"}]}


class StandardBodyStreamBlock(blocks.StreamBlock):
    """Body of the about, privacy and accessibility pages."""

    paragraph = ApiRichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Tekst"), icon="pilcrow", template="blocks/paragraph_block.html"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    document = DocumentBlock()
    links = LinksBlock()
