"""Turn a YouTube or Vimeo address into a privacy-friendly embed, without any network call.

oEmbed would need the internet at save and render time, which our machines do not have,
and it would tell the video platform who reads which case.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{6,12}$")


class VideoUrlError(ValueError):
    pass


@dataclass(frozen=True)
class Video:
    provider: str  # "youtube" or "vimeo"
    video_id: str

    @property
    def embed_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"

    @property
    def watch_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def provider_label(self) -> str:
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.provider]


def parse_video_url(url: str) -> Video:
    """Return the video behind a YouTube or Vimeo URL, or raise VideoUrlError with a Dutch message."""
    parts = urlsplit((url or "").strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not host:
        raise VideoUrlError("Geef een volledig webadres van een video op YouTube of Vimeo.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in YOUTUBE_HOSTS or host == "youtu.be":
        return Video("youtube", _youtube_id(host, segments, parts.query))
    if host in VIMEO_HOSTS:
        return Video("vimeo", _vimeo_id(segments))
    raise VideoUrlError("Alleen video's van YouTube of Vimeo kunnen worden ingesloten.")


def _youtube_id(host: str, segments: list[str], query: str) -> str:
    if host == "youtu.be":
        candidate = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        candidate = parse_qs(query).get("v", [""])[0]
    elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
        candidate = segments[1]
    else:
        candidate = ""
    if not YOUTUBE_ID.match(candidate):
        raise VideoUrlError("Dit YouTube-adres verwijst niet naar één video (bv. https://www.youtube.com/watch?v=…).")
    return candidate


def _vimeo_id(segments: list[str]) -> str:
    candidate = next((segment for segment in reversed(segments) if segment.isdigit()), "")
    if not VIMEO_ID.match(candidate):
        raise VideoUrlError("Dit Vimeo-adres verwijst niet naar één video (bv. https://vimeo.com/123456789).")
    return candidate
