"""Static files as whitenoise stores them (hashed names, compressed copies), each URL worked out once per process.

A page asks for four to six static URLs, and Django's manifest storage splits, looks up and unquotes the name each
time (about a tenth of a millisecond per URL, profiled on an uncached case page). The manifest is read when the
storage is made and does not change while the process runs (collectstatic runs before the web processes start), so
neither does the URL of a name.
"""

from django.conf import settings

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:  # collectstatic's own calls, and unhashed names while developing
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)  # a name missing from the manifest raises, and is not kept
        return found
