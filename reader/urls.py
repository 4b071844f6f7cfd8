"""Reader pages that are not Wagtail pages; included inside i18n_patterns (so /nl/…, /en/…, /fr/…)."""

from django.urls import path

from reader import views
from reader.feeds import CaseAtomFeed, CaseRssFeed

app_name = "reader"

# Short Dutch paths in every language: stable to share, and clear of Wagtail's page slugs.
urlpatterns = [
    path("profiel/", views.profile, name="profile"),
    path("zoeken/", views.search, name="search"),
    path("kaart/", views.case_map, name="map"),
    path("open-data/", views.open_data, name="open-data"),
    path("feed/rss/", CaseRssFeed(), name="feed-rss"),
    path("feed/atom/", CaseAtomFeed(), name="feed-atom"),
    path("feed/<slug:code>/rss/", CaseRssFeed(), name="theme-feed-rss"),
    path("feed/<slug:code>/atom/", CaseAtomFeed(), name="theme-feed-atom"),
]
