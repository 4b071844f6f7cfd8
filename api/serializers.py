"""Output shapes of API v1. Fields are listed explicitly: they are a contract with the VLAIO site.

Every coded value (country, province, size class, status, theme, audience) is `{code, label}`, the
label in the response's language. The older keys of themes and audiences (`slug`, `title`, `name`)
stay in v1 marked deprecated and go in v2 (api/CHANGELOG.md).
"""

from datetime import datetime

from wagtail.rich_text import expand_db_html

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.cards import choice_labels
from cases.params import LANGUAGES
from cases.places import CaseStatus, Province, SizeClass
from home.blocks import absolute_links, absolute_url, image_api_representation

# --- Small shared shapes ---------------------------------------------------------------------


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class ProvinceSerializer(CodeLabelSerializer):
    code = serializers.ChoiceField(
        choices=Province.values, help_text="Belgian province; the `province` filter takes it."
    )


class SizeClassSerializer(CodeLabelSerializer):
    code = serializers.ChoiceField(
        choices=SizeClass.values, help_text="Inhabitants of the municipality; the `size` filter takes it."
    )


class StatusSerializer(CodeLabelSerializer):
    code = serializers.ChoiceField(choices=CaseStatus.values, help_text="The `status` filter takes it.")


@extend_schema_field({"type": "string", "deprecated": True})
class DeprecatedCharField(serializers.CharField):
    """A key kept for v1 clients only; the schema marks it `deprecated: true`."""

    def __init__(self, *, replaced_by: str, **kwargs):
        kwargs.setdefault("help_text", f"Deprecated since 1.1.0, removed in v2: use `{replaced_by}`.")
        super().__init__(**kwargs)


def code_label(code: str, label: str, **deprecated: str) -> dict:
    return {"code": code, "label": label, **deprecated}


class RenditionSerializer(serializers.Serializer):
    url = serializers.CharField(
        help_text=(
            "Absolute URL of a WebP rendition: on this site's host (/media/…) or, with object storage, on the "
            "bucket's or CDN's host."
        )
    )
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class RenditionSetSerializer(serializers.Serializer):
    thumbnail = RenditionSerializer(help_text="400×300, cropped.")
    medium = RenditionSerializer(help_text="At most 800×800.")
    large = RenditionSerializer(help_text="At most 1600×1600.")


class ImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    renditions = RenditionSetSerializer()
    srcset = serializers.CharField(help_text="medium and large renditions (absolute URLs) as an <img srcset> value.")
    alt = serializers.CharField()
    credit = serializers.CharField(allow_blank=True)


class VideoSerializer(serializers.Serializer):
    provider = serializers.ChoiceField(choices=["youtube", "vimeo"])
    id = serializers.CharField()
    url = serializers.CharField(help_text="The video's own page.")
    embed_url = serializers.CharField(help_text="Privacy-friendly player (youtube-nocookie.com / Vimeo dnt=1).")
    thumbnail_url = serializers.CharField(
        allow_null=True, help_text="Always null: we fetch nothing from video platforms, to protect readers' privacy."
    )


class ThemeRefSerializer(CodeLabelSerializer):
    slug = DeprecatedCharField(replaced_by="code")
    title = DeprecatedCharField(replaced_by="label")


class AudienceRefSerializer(CodeLabelSerializer):
    slug = DeprecatedCharField(replaced_by="code")
    name = DeprecatedCharField(replaced_by="label")


class CoordinatesSerializer(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class TranslationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()


# --- Cases -----------------------------------------------------------------------------------


class FactDateTimeField(serializers.DateTimeField):
    """A moment kept in a card as ISO 8601 text (cases.cards), shown as DRF shows any moment."""

    def to_representation(self, value):
        return super().to_representation(datetime.fromisoformat(value) if isinstance(value, str) else value)


class CaseCardSerializer(serializers.Serializer):
    """A case in a list: enough for a card with filters, without the body.

    It serializes a card's facts (cases.cards: kept on the catalogue, or built from the page); labels and absolute
    URLs are added here, per request and language.
    """

    id = serializers.IntegerField()
    slug = serializers.CharField()
    locale = serializers.SerializerMethodField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Public page on De Vitrine.")
    place = serializers.CharField()
    country = serializers.SerializerMethodField()
    province = serializers.SerializerMethodField()
    population = serializers.IntegerField(allow_null=True)
    size_class = serializers.SerializerMethodField()
    year = serializers.IntegerField(allow_null=True)
    status = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    audiences = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    video = serializers.SerializerMethodField()
    published_at = FactDateTimeField(allow_null=True)
    updated_at = FactDateTimeField(allow_null=True)

    @property
    def language(self) -> str:
        return self.context["language"]

    def to_representation(self, card: dict) -> dict:
        """The fields above, written out: DRF's generic way copies every declared field for each serializer and walks
        them one by one, a fifth of an uncached detail (profiled). tests/api/test_serializers.py checks that this
        gives what the generic way gives, for every field, so the declared fields stay the contract (and the
        schema)."""
        return {
            "id": _number(card["id"]),
            "slug": _text(card["slug"]),
            "locale": self.get_locale(card),
            "title": _text(card["title"]),
            "summary": _text(card["summary"]),
            "url": self.get_url(card),
            "place": _text(card["place"]),
            "country": self.get_country(card),
            "province": self.get_province(card),
            "population": _number(card["population"]),
            "size_class": self.get_size_class(card),
            "year": _number(card["year"]),
            "status": self.get_status(card),
            "themes": self.get_themes(card),
            "audiences": self.get_audiences(card),
            "image": self.get_image(card),
            "video": self.get_video(card),
            "published_at": _moment(card["published_at"]),
            "updated_at": _moment(card["updated_at"]),
        }

    def labels(self, kind: str) -> dict[str, str]:
        return choice_labels(self.language)[kind]

    @extend_schema_field(serializers.ChoiceField(choices=LANGUAGES))
    def get_locale(self, card: dict) -> str:
        return self.language

    def get_url(self, card: dict) -> str:
        return self.context["case_url"](card["url_path"])

    @extend_schema_field(CodeLabelSerializer)
    def get_country(self, card: dict) -> dict:
        code = card["country"]
        return {"code": code, "label": self.labels("country").get(code, code)}

    @extend_schema_field(ProvinceSerializer(allow_null=True))
    def get_province(self, card: dict) -> dict | None:
        code = card["province"]
        return {"code": code, "label": self.labels("province").get(code, code)} if code else None

    @extend_schema_field(SizeClassSerializer(allow_null=True))
    def get_size_class(self, card: dict) -> dict | None:
        code = card["size_class"]
        return {"code": code, "label": self.labels("size_class").get(code, code)} if code else None

    @extend_schema_field(StatusSerializer)
    def get_status(self, card: dict) -> dict:
        code = card["status"]
        return {"code": code, "label": self.labels("status").get(code, code)}

    @extend_schema_field(ThemeRefSerializer(many=True))
    def get_themes(self, card: dict) -> list[dict]:
        # Only themes a reader may see have a label: a private or expired theme is left out.
        labels = self.context["theme_labels"]
        return [
            code_label(code, labels[code], slug=code, title=labels[code]) for code in card["themes"] if code in labels
        ]

    @extend_schema_field(AudienceRefSerializer(many=True))
    def get_audiences(self, card: dict) -> list[dict]:
        labels = self.context["audience_labels"]
        return [
            code_label(code, labels[code], slug=code, name=labels[code]) for code in card["audiences"] if code in labels
        ]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, card: dict) -> dict | None:
        image = card["image"]
        if image is None:
            return None
        request = self.context["request"]
        renditions = {
            name: {**rendition, "url": absolute_url(request, rendition["url"])}
            for name, rendition in image["renditions"].items()
        }
        medium, large = renditions["medium"], renditions["large"]
        return {
            "id": image["id"],
            "renditions": renditions,
            # The uncropped sizes, ready for <img srcset>; thumbnail is cropped to 4:3 so it is left out.
            "srcset": f"{medium['url']} {medium['width']}w, {large['url']} {large['width']}w",
            "alt": image["alt"],
            "credit": image["credit"],
        }

    @extend_schema_field(VideoSerializer(allow_null=True))
    def get_video(self, card: dict) -> dict | None:
        return card["video"]


class FollowUpFigureSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="What the figure measures, in the requested language.")
    value = serializers.CharField(
        help_text='The figure as the editor wrote it, e.g. "12" or "-30%"; the same in every language.'
    )


class FollowUpSerializer(serializers.Serializer):
    """One dated follow-up ("Hoe staat het nu?"): how the initiative stood on that date."""

    date = serializers.DateField(help_text="When this was the state of affairs (ISO 8601 date).")
    text = serializers.CharField(help_text="Plain text; paragraphs are separated by blank lines.")
    figures = FollowUpFigureSerializer(many=True)


def _text(value) -> str | None:
    return None if value is None else str(value)


def _number(value) -> int | None:
    return None if value is None else int(value)


_MOMENT = FactDateTimeField(allow_null=True)


def _moment(value) -> str | None:
    return None if value is None else _MOMENT.to_representation(value)


class CaseDetailSerializer(CaseCardSerializer):
    """The whole case: every fact, the body as typed blocks, translations and related cases.

    It serializes `{**card, "page": case}`: the card's facts, and the page for the rest.
    """

    initiator = serializers.CharField(source="page.initiator")
    partners = serializers.CharField(source="page.partners")
    budget = serializers.CharField(source="page.budget")
    duration = serializers.CharField(source="page.duration")
    coordinates = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()
    related = serializers.SerializerMethodField()

    def to_representation(self, card: dict) -> dict:
        case = card["page"]
        return {
            **super().to_representation(card),
            "initiator": _text(case.initiator),
            "partners": _text(case.partners),
            "budget": _text(case.budget),
            "duration": _text(case.duration),
            "coordinates": self.get_coordinates(card),
            "body": self.get_body(card),
            "follow_ups": self.get_follow_ups(card),
            "translations": self.get_translations(card),
            "related": self.get_related(card),
        }

    @extend_schema_field(CoordinatesSerializer(allow_null=True))
    def get_coordinates(self, card: dict) -> dict | None:
        case = card["page"]
        return {"lat": case.lat, "lon": case.lon} if case.lat is not None and case.lon is not None else None

    @extend_schema_field(
        {
            "type": "array",
            "items": {"$ref": "#/components/schemas/BodyBlock"},
            "description": "The body as typed blocks (api/body_schema.py); image and document URLs are absolute.",
        }
    )
    def get_body(self, card: dict) -> list[dict]:
        case = card["page"]
        return case.body.stream_block.get_api_representation(case.body, context=self.context)

    @extend_schema_field(
        FollowUpSerializer(
            many=True, help_text="Dated follow-ups, newest first; empty when there are none (since 1.5.0)."
        )
    )
    def get_follow_ups(self, card: dict) -> list[dict]:
        case = card["page"]
        block = case.follow_ups.stream_block.child_blocks["follow_up"]
        return [block.get_api_representation(value, context=self.context) for value in case.follow_ups_newest_first()]

    @extend_schema_field(serializers.DictField(child=TranslationRefSerializer(), help_text="Locale → translation."))
    def get_translations(self, card: dict) -> dict:
        return self.context["translations"]

    @extend_schema_field(CaseCardSerializer(many=True))
    def get_related(self, card: dict) -> list[dict]:
        return CaseCardSerializer(self.context["related"], many=True, context=self.context).data


class FacetsSerializer(serializers.Serializer):
    themes = serializers.DictField(child=serializers.IntegerField(), help_text="Theme code → number of cases.")
    audiences = serializers.DictField(child=serializers.IntegerField(), help_text="Audience code → number of cases.")
    sizes = serializers.DictField(child=serializers.IntegerField())
    countries = serializers.DictField(child=serializers.IntegerField())
    provinces = serializers.DictField(child=serializers.IntegerField(), help_text="Belgian province code → cases.")
    statuses = serializers.DictField(child=serializers.IntegerField())
    years = serializers.DictField(child=serializers.IntegerField())


class CaseListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseCardSerializer(many=True)
    facets = FacetsSerializer(
        help_text="Counts per value with every other active filter applied, but not the facet's own (disjunctive)."
    )


# --- Themes and audiences --------------------------------------------------------------------


class ThemeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable key, the same in every language; the `theme` filter takes it.")
    label = serializers.CharField(source="title", help_text="The theme's name in the requested language.")
    slug = DeprecatedCharField(source="code", replaced_by="code")
    title = DeprecatedCharField(replaced_by="label")
    intro = serializers.CharField()
    url = serializers.SerializerMethodField()
    case_count = serializers.IntegerField(help_text="Published cases of this language with this theme.")
    image = serializers.SerializerMethodField()

    def get_url(self, theme) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(theme.get_url(request=request))

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, theme) -> dict | None:
        data = image_api_representation(theme.image, self.context["request"])
        return data and {**data, "alt": theme.image_alt, "credit": ""}


class ThemeDetailSerializer(ThemeSerializer):
    description = serializers.SerializerMethodField(help_text="Sanitised HTML; links are absolute URLs.")

    @extend_schema_field(OpenApiTypes.STR)
    def get_description(self, theme) -> str:
        return absolute_links(expand_db_html(theme.description), self.context["request"])


class AudienceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable key, the same in every language; the `audience` filter takes it.")
    label = serializers.CharField(source="name", help_text="The audience's name in the requested language.")
    slug = DeprecatedCharField(source="code", replaced_by="code")
    name = DeprecatedCharField(replaced_by="label")
    description = serializers.CharField()
    case_count = serializers.IntegerField()


class ErrorParameterSerializer(serializers.Serializer):
    message = serializers.CharField()
    accepted = serializers.ListField(child=serializers.JSONField(), required=False)


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text="invalid_parameters, not_found, throttled, …")
    message = serializers.CharField()
    parameters = serializers.DictField(child=ErrorParameterSerializer(), required=False)
    retry_after = serializers.IntegerField(required=False, help_text="Seconds, with 429.")
