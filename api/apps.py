from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from api import (
            caching,  # noqa: F401 - connects the invalidation signals
            schema,  # noqa: F401 - registers the OpenAPI field extension
        )
