def only_api_v1(endpoints):
    """The OpenAPI document describes our /api/v1/ only, not Wagtail's own views."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
