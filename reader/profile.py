"""The reader's profile without an account: an audience and a municipality, kept in one functional cookie.

No identifier, no tracking: the cookie holds two public codes (an audience code and a NIS code) and is
only read by our server to order and annotate cases. The privacy page explains it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from cases.filters import CasePreferences
from cases.models import Municipality
from cases.places import Province, SizeClass
from home.caching import content_version, held
from home.locales import locale_for, request_locale
from themes.vocabulary import audience_labels

COOKIE_NAME = "vitrine_profiel"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class MunicipalityChoice:
    nis_code: str
    name: str
    province: str
    size_class: str


def municipality_directory() -> dict[str, dict]:
    """The 285 municipalities by NIS code, cached until content changes (a saved municipality moves the content
    version on: cases.catalogue)."""
    return held("municipalities", _municipality_directory)


def _municipality_directory() -> dict[str, dict]:
    key = f"reader:municipalities:{content_version()}"
    directory = cache.get(key)
    if directory is None:
        rows = Municipality.objects.order_by("name_nl").values_list(
            "nis_code", "name_nl", "name_fr", "name_en", "province", "population"
        )
        directory = {
            nis: {
                "names": {"nl": name_nl, "fr": name_fr or name_nl, "en": name_en or name_nl},
                "province": province,
                "size_class": SizeClass.for_population(population).value,
            }
            for nis, name_nl, name_fr, name_en, province, population in rows
        }
        cache.set(key, directory, timeout=None)
    return directory


def municipality_choice(nis_code: str, language: str | None = None) -> MunicipalityChoice | None:
    entry = municipality_directory().get(nis_code or "")
    if entry is None:
        return None
    language = language or get_language()
    return MunicipalityChoice(
        nis_code=nis_code,
        name=entry["names"].get(language, entry["names"]["nl"]),
        province=entry["province"],
        size_class=entry["size_class"],
    )


def municipalities_by_province(language: str) -> list[tuple[str, list[MunicipalityChoice]]]:
    """For the picker: provinces in their usual order, municipalities alphabetically in the reader's language."""
    groups: dict[str, list[MunicipalityChoice]] = {}
    for nis_code in municipality_directory():
        choice = municipality_choice(nis_code, language)
        groups.setdefault(choice.province, []).append(choice)
    return [
        (Province(code).label, sorted(groups[code], key=lambda choice: choice.name.casefold()))
        for code in Province.values
        if code in groups
    ]


@dataclass(frozen=True)
class ReaderProfile:
    audience: str = ""
    municipality: MunicipalityChoice | None = None

    @classmethod
    def from_request(cls, request) -> "ReaderProfile":
        """Read once per request: the header, the page and its listing all ask."""
        if not hasattr(request, "_reader_profile"):
            request._reader_profile = cls.from_cookie(
                request.COOKIES.get(COOKIE_NAME, ""), locale=request_locale(request)
            )
        return request._reader_profile

    @classmethod
    def from_cookie(cls, value: str, *, locale) -> "ReaderProfile":
        """Whatever the cookie holds, only known codes survive: a stale or forged cookie is an empty profile."""
        audience, _sep, nis_code = (value or "")[:64].partition("|")
        return cls.build(audience=audience, nis_code=nis_code, locale=locale)

    @classmethod
    def build(cls, *, audience: str, nis_code: str, locale) -> "ReaderProfile":
        audience = audience if audience in audience_labels(locale=locale) else ""
        return cls(audience=audience, municipality=municipality_choice(nis_code, locale.language_code))

    def __bool__(self) -> bool:
        return bool(self.audience or self.municipality)

    @property
    def cookie_value(self) -> str:
        return f"{self.audience}|{self.municipality.nis_code if self.municipality else ''}"

    @property
    def size_class(self) -> str:
        return self.municipality.size_class if self.municipality else ""

    @property
    def size_label(self) -> str:
        return SizeClass(self.size_class).label if self.size_class else ""

    @property
    def audience_label(self) -> str:
        return audience_labels(locale=locale_for(get_language())).get(self.audience, "")

    def preferences(self) -> CasePreferences:
        return CasePreferences(
            audiences=(self.audience,) if self.audience else (),
            sizes=(self.size_class,) if self.size_class else (),
        )

    def same_size(self, case) -> bool | None:
        """Whether a case was done in a municipality of the reader's size; None when either is unknown."""
        if not self.size_class or not case.size_class:
            return None
        return case.size_class == self.size_class

    def save(self, response) -> None:
        if not self:
            self.clear(response)
            return
        response.set_cookie(
            COOKIE_NAME,
            self.cookie_value,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )

    @staticmethod
    def clear(response) -> None:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
