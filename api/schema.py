"""The OpenAPI document's parts that the serializers cannot say: HTTP behaviour, typed body, headers.

Hooks and extensions for drf-spectacular (SPECTACULAR_SETTINGS in vitrine_cms/settings/base.py); this module is
imported by ApiConfig.ready() so the field extension is registered before a schema is built.
"""

import re

from django.conf import settings

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from api.body_schema import case_body_components

HTTP_BEHAVIOUR = """

## HTTP behaviour

**URLs.** Every URL in an answer is absolute: case and theme pages, `next` and `previous`, image renditions and
`srcset`, documents and the links inside rich-text HTML. Use them as they come; never put a host in front.

**CORS.** Browsers may call the API from the origins in `API_CORS_ORIGINS` (this server: {cors}). Allowed
methods are GET, HEAD and OPTIONS, without credentials; a preflight may ask for the `If-None-Match` request
header, and scripts may read the `ETag`, `Retry-After` and `Link` (the open data's licence) response headers.

**Caching.** Every successful GET answer carries a strong `ETag` and `Cache-Control: public,
max-age={max_age}` (seconds; `API_CACHE_MAX_AGE`). Send the ETag back in `If-None-Match` (a weak `W/"…"`
form matches too): while the answer is unchanged you get `304 Not Modified` with the same headers and no body.
Publishing, unpublishing or moving content changes the ETags at once.

**Rate limits.** Each client IP may make {rate} requests (`API_THROTTLE_RATE`), counted in fixed windows.
Beyond that the answer is `429` with the error `throttled`, a `Retry-After` header and `retry_after` in the
body, both the seconds until the window ends.

**Errors.** Every error has the same JSON shape: `error` (a stable code such as `invalid_parameters`,
`not_found`, `throttled`), `message`, and for a bad query parameter `parameters` naming it with the values it
accepts. An unknown parameter is an error too.

**Body blocks.** A case's `body` is a list of blocks; `type` says which block it is and so the shape of its
`value` (one schema per type, see `BodyBlock`). New block types may be added within v1 (api/CHANGELOG.md).

**Licence.** The data is open data under the Flemish *Modellicentie Gratis Hergebruik v1.0*; show an image's
`credit` with the image.
"""

HEADERS_OF_CACHED = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "Version of this answer; send it back in If-None-Match.",
    },
    "Cache-Control": {
        "schema": {"type": "string"},
        "description": "public, max-age=<seconds> (API_CACHE_MAX_AGE).",
    },
}
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer", "minimum": 1},
        "description": "Seconds until the client may ask again.",
    }
}


def only_api_v1(endpoints):
    """The OpenAPI document describes our /api/v1/ only, not Wagtail's own views."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def typed_contract(result, generator, request, public):
    """Runs after drf-spectacular's enum hook: adds what serializers cannot describe."""
    result["info"]["description"] = result["info"].get("description", "") + http_behaviour()
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(case_body_components())
    for schema in schemas.values():
        name_enum_values(schema)
    enums = {tuple(schema["enum"]): name for name, schema in schemas.items() if "enum" in schema}
    for operations in result["paths"].values():
        for operation in operations.values():
            # drf-spectacular writes `security: [{}]` (no authentication); generators read any entry as "needs a key".
            operation.pop("security", None)
            declare_headers(operation["responses"])
            for parameter in operation.get("parameters", []):
                share_enum(parameter["schema"], enums)
                name_enum_values(parameter["schema"])
    return result


def share_enum(schema: dict, enums: dict[tuple, str]) -> None:
    """A repeatable filter whose values are those of an answer's enum (`size` and `size_class.code`) refers to
    that enum, so a client has one type for both. Only array items: a $ref cannot carry a default beside it."""
    items = schema.get("items", {}) if schema.get("type") == "array" else {}
    name = enums.get(tuple(items.get("enum", ())))
    if name:
        schema["items"] = {"$ref": f"#/components/schemas/{name}"}


def http_behaviour() -> str:
    cors = ", ".join(f"`{origin}`" for origin in settings.API_CORS_ORIGINS) or "none configured"
    return HTTP_BEHAVIOUR.format(
        cors=cors, max_age=settings.API_CACHE_MAX_AGE, rate=settings.API_THROTTLE_RATE or "unlimited"
    )


def declare_headers(responses: dict) -> None:
    """ETag and Cache-Control on the 200 and 304 of a cached GET (one that declares 304); Retry-After on 429."""
    if "304" in responses:
        for status in ("200", "304"):
            responses[status].setdefault("headers", {}).update(HEADERS_OF_CACHED)
    if "429" in responses:
        responses["429"].setdefault("headers", {}).update(RETRY_AFTER)


def name_enum_values(schema: dict) -> None:
    """Give generated clients readable names for values that are no identifiers (`-year`, `10k-25k`):
    `x-enum-varnames` (YEAR_DESC, FROM_10K_TO_25K) instead of VALUE_2."""
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    values = schema.get("enum")
    if values and not all(str(value).isidentifier() for value in values if value):
        schema["x-enum-varnames"] = [enum_varname(str(value)) for value in values]


def enum_varname(value: str) -> str:
    descending = value.startswith("-")
    value = value.lstrip("-")
    span = re.fullmatch(r"(\d\w*)-(\d\w*)", value)
    if span:
        value = f"from_{span[1]}_to_{span[2]}"
    name = re.sub(r"\W+", "_", value).upper() or "EMPTY"
    if name[0].isdigit():
        name = f"V_{name}"
    return f"{name}_DESC" if descending else name


class RepeatableChoiceFieldExtension(OpenApiSerializerFieldExtension):
    """`x=a&x=b`: an array of one of the accepted values, when those are fixed (not read from the database)."""

    target_class = "cases.params.RepeatableChoiceField"

    def map_serializer_field(self, auto_schema, direction):
        accepted = [] if self.target.from_database else list(self.target.accepted)
        item = {"type": "string", "enum": accepted} if accepted else {"type": "string", "minLength": 1}
        return {"type": "array", "items": item}
