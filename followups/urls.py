"""The initiator's follow-up form; included inside i18n_patterns (/nl/opvolging/…, /en/opvolging/…, /fr/…)."""

from django.urls import path

from followups import views

app_name = "followups"

urlpatterns = [
    path("bedankt/", views.thanks, name="thanks"),
    path("<str:token>/", views.report, name="report"),
]
