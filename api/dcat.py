"""The open data catalogue in DCAT-AP (JSON-LD), so portals such as data.vlaanderen.be can harvest the datasets.

One catalogue with one dataset (the published cases) whose distributions are the exports (CSV and JSON in nl,
en and fr), and the API as a data service. Titles and descriptions are given in all three languages at once, as
DCAT-AP asks, so they are written here rather than translated per request.
"""

import hashlib
import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers

from api.caching import etag_matches
from api.exports import NOT_MODIFIED, DownloadApi, open_data_headers
from api.params import NoParams
from api.views import ERRORS, IF_NONE_MATCH
from cases.open_data import LICENSE_NAME, LICENSE_URL, open_data_modified
from cases.params import LANGUAGES

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority"
LANGUAGE_URIS = {"nl": f"{EU}/language/NLD", "en": f"{EU}/language/ENG", "fr": f"{EU}/language/FRA"}
MEDIA_TYPES = {
    "csv": ("http://www.iana.org/assignments/media-types/text/csv", f"{EU}/file-type/CSV"),
    "json": ("http://www.iana.org/assignments/media-types/application/json", f"{EU}/file-type/JSON"),
}
EXPORT_URL_NAMES = {"csv": "api:export-cases-csv", "json": "api:export-cases-json"}

CATALOGUE_TITLE = {
    "nl": "De Vitrine – open data",
    "en": "De Vitrine – open data",
    "fr": "De Vitrine – données ouvertes",
}
CATALOGUE_DESCRIPTION = {
    "nl": "Open data van De Vitrine, het Vlaamse platform met inspirerende voorbeelden van kernversterking.",
    "en": "Open data of De Vitrine, the Flemish platform of inspiring examples for strengthening town centres.",
    "fr": (
        "Données ouvertes de De Vitrine, la plateforme flamande d'exemples inspirants pour renforcer les centres "
        "des villes et des communes."
    ),
}
DATASET_TITLE = {
    "nl": "Voorbeelden van kernversterking",
    "en": "Examples of town-centre strengthening",
    "fr": "Exemples de renforcement des centres",
}
DATASET_DESCRIPTION = {
    "nl": (
        "Alle gepubliceerde voorbeelden van De Vitrine met hun feiten: plaats (met NIS-code van de Vlaamse "
        "gemeente), land, provincie, inwoners en grootteklasse, startjaar, stand van zaken, thema's, doelgroepen, "
        "initiatiefnemer, partners, budget, looptijd en de link naar het artikel."
    ),
    "en": (
        "Every published example of De Vitrine with its facts: place (with the NIS code of the Flemish "
        "municipality), country, province, inhabitants and size class, year started, status, themes, audiences, "
        "initiator, partners, budget, duration and the link to the article."
    ),
    "fr": (
        "Tous les exemples publiés de De Vitrine avec leurs données : lieu (avec le code INS de la commune "
        "flamande), pays, province, habitants et catégorie de taille, année de début, état d'avancement, thèmes, "
        "publics, initiateur, partenaires, budget, durée et le lien vers l'article."
    ),
}
KEYWORDS = {
    "nl": ["kernversterking", "handelskern", "leegstand", "lokale besturen"],
    "en": ["town centres", "retail", "vacancy", "local government"],
    "fr": ["centres-villes", "commerce", "inoccupation", "pouvoirs locaux"],
}
FORMAT_TITLE = {"csv": "CSV", "json": "JSON"}
LANGUAGE_NAME = {"nl": "Nederlands", "en": "English", "fr": "Français"}


def texts(values: dict[str, str]) -> list[dict]:
    return [{"@language": language, "@value": value} for language, value in values.items()]


def ref(url: str) -> dict:
    return {"@id": url}


def catalogue_document(request) -> dict:
    """The catalogue as a JSON-LD document with absolute URLs on the request's host."""
    absolute = request.build_absolute_uri
    catalogue_id = absolute(reverse("api:catalog"))
    dataset_id = f"{catalogue_id}#cases"
    landing = {}
    for language in LANGUAGES:
        with translation.override(language):
            landing[language] = absolute(reverse("reader:open-data"))
    licence = {"@id": LICENSE_URL, "@type": "dct:LicenseDocument", "dct:title": LICENSE_NAME}
    publisher = {"@type": "foaf:Agent", "foaf:name": "De Vitrine", "foaf:homepage": ref(absolute("/"))}
    modified = open_data_modified()
    modified = (
        {"dct:modified": {"@type": "xsd:dateTime", "@value": serializers.DateTimeField().to_representation(modified)}}
        if modified
        else {}
    )
    distributions = []
    for export_format, url_name in EXPORT_URL_NAMES.items():
        media_type, file_type = MEDIA_TYPES[export_format]
        for language in LANGUAGES:
            url = f"{absolute(reverse(url_name))}?locale={language}"
            distributions.append(
                {
                    "@id": url,
                    "@type": "dcat:Distribution",
                    "dct:title": f"{FORMAT_TITLE[export_format]} ({LANGUAGE_NAME[language]})",
                    "dcat:downloadURL": ref(url),
                    "dcat:accessURL": ref(url),
                    "dcat:mediaType": ref(media_type),
                    "dct:format": ref(file_type),
                    "dct:language": ref(LANGUAGE_URIS[language]),
                    "dct:license": licence,
                    **modified,
                }
            )
    dataset = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_id,
        "dct:title": texts(DATASET_TITLE),
        "dct:description": texts(DATASET_DESCRIPTION),
        "dcat:keyword": [
            {"@language": language, "@value": word} for language, words in KEYWORDS.items() for word in words
        ],
        "dcat:theme": [ref(f"{EU}/data-theme/REGI"), ref(f"{EU}/data-theme/ECON")],
        "dct:language": [ref(uri) for uri in LANGUAGE_URIS.values()],
        "dct:publisher": publisher,
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": "De Vitrine",
            "vcard:hasURL": ref(landing["nl"]),
        },
        "dcat:landingPage": [ref(url) for url in landing.values()],
        "dct:license": licence,
        "dct:accessRights": ref(f"{EU}/access-right/PUBLIC"),
        **modified,
        "dcat:distribution": distributions,
    }
    service = {
        "@id": f"{catalogue_id}#api",
        "@type": "dcat:DataService",
        "dct:title": texts({"nl": "De Vitrine API", "en": "De Vitrine API", "fr": "API De Vitrine"}),
        "dcat:endpointURL": ref(absolute("/api/v1/")),
        "dcat:endpointDescription": ref(absolute(reverse("api:schema"))),
        "dcat:servesDataset": ref(dataset_id),
        "dct:license": licence,
        "dct:publisher": publisher,
    }
    return {
        "@context": CONTEXT,
        "@id": catalogue_id,
        "@type": "dcat:Catalog",
        "dct:title": texts(CATALOGUE_TITLE),
        "dct:description": texts(CATALOGUE_DESCRIPTION),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:language": [ref(uri) for uri in LANGUAGE_URIS.values()],
        "foaf:homepage": ref(landing["nl"]),
        **modified,
        "dcat:dataset": [dataset],
        "dcat:service": [service],
    }


class CatalogApi(DownloadApi):
    @extend_schema(
        operation_id="catalog",
        tags=["open data"],
        parameters=[IF_NONE_MATCH],
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    "A dcat:Catalog with one dcat:Dataset (the published cases: title and description in nl, en and "
                    "fr, publisher, licence, modified = the latest publication) whose dcat:Distribution entries are "
                    "the CSV and JSON exports per language (absolute dcat:downloadURL, dcat:mediaType), and the API "
                    "as a dcat:DataService."
                ),
            ),
            **NOT_MODIFIED,
            **ERRORS,
        },
    )
    def get(self, request):
        """The open data catalogue in DCAT-AP (JSON-LD), for open data portals."""
        NoParams(data=request.query_params).validated()
        body = json.dumps(catalogue_document(request), ensure_ascii=False, indent=1).encode()
        etag = f'"{hashlib.sha256(body).hexdigest()[:40]}"'
        if etag_matches(request, etag):
            return open_data_headers(HttpResponse(status=304), etag)
        return open_data_headers(HttpResponse(body, content_type="application/ld+json"), etag)
