"""The embeddable widgets, outside the language prefixes: an embed names its language in `?locale=`."""

from django.urls import path

from reader import embed

app_name = "embed"

urlpatterns = [
    path("cases/", embed.case_list, name="case-list"),
    path("cases/<int:pk>/", embed.case_detail, name="case-detail"),
]
