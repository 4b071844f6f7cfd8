"""sitemap.xml with the pages of every language tree, each with its language versions.

Wagtail's own sitemap lists the descendants of the site's root page only: the Dutch tree. Here
the root's translations (/en/, /fr/) are included, expired pages are left out even before
`publish_scheduled` unpublished them, and addresses use the request's host like canonical URLs do
(Wagtail's use the Site record's hostname, which is often left at "localhost").
"""

from collections import defaultdict

from django.conf import settings

from wagtail.contrib.sitemaps import Sitemap

from reader.selectors import sitemap_pages


class PageSitemap(Sitemap):
    def items(self):
        return sitemap_pages(site=self.get_wagtail_site())

    def location(self, obj):
        url = obj.get_url(request=self.request)
        if not url:
            return ""
        return self.request.build_absolute_uri(url) if self.request is not None else url

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        urls = [{"item": item, "location": self.location(item), "lastmod": self.lastmod(item)} for item in pages]
        urls = [url for url in urls if url["location"]]
        # hreflang alternates from the listed pages themselves: no query per page.
        versions = defaultdict(list)
        for url in urls:
            versions[url["item"].translation_key].append(
                {"lang_code": url["item"].locale.language_code, "location": url["location"]}
            )
        for url in urls:
            alternates = versions[url["item"].translation_key]
            if len(alternates) > 1:
                default = [a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE]
                url["alternates"] = alternates + [
                    {"lang_code": "x-default", "location": a["location"]} for a in default
                ]
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
