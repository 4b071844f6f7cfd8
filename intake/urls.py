"""The public form, included inside i18n_patterns: each language has its own path (translated in locale/*.po),
/nl/voorstellen/, /en/submit/ and /fr/proposer/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from intake import views

app_name = "intake"

urlpatterns = [
    path(_("voorstellen/"), views.propose, name="propose"),
    path(_("voorstellen/bedankt/"), views.thanks, name="thanks"),
]
