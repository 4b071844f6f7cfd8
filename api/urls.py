from django.urls import path, re_path

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api import changes, dcat, exports, municipalities, oembed, points, preview, views

app_name = "api"

urlpatterns = [
    path("cases/", views.CaseListApi.as_view(), name="case-list"),
    path("cases/points/", points.CasePointsApi.as_view(), name="case-points"),
    path("cases/<int:pk>/", views.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/by-slug/<slug:slug>/", views.CaseBySlugApi.as_view(), name="case-by-slug"),
    path("changes/", changes.ChangeListApi.as_view(), name="change-list"),
    path("themes/", views.ThemeListApi.as_view(), name="theme-list"),
    path("themes/<slug:code>/", views.ThemeDetailApi.as_view(), name="theme-detail"),
    path("audiences/", views.AudienceListApi.as_view(), name="audience-list"),
    path("oembed/", oembed.OembedApi.as_view(), name="oembed"),
    path("municipalities/", municipalities.MunicipalityListApi.as_view(), name="municipality-list"),
    path("export/cases.csv", exports.CaseExportCsvApi.as_view(), name="export-cases-csv"),
    path("export/cases.json", exports.CaseExportJsonApi.as_view(), name="export-cases-json"),
    path("catalog.jsonld", dcat.CatalogApi.as_view(), name="catalog"),
    path("preview/", preview.CasePreviewApi.as_view(), name="preview"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^[\s\S]*$", views.NotFoundApi.as_view(), name="not-found"),
]
