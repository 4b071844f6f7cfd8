import pytest

from home.video import VideoUrlError, parse_video_url


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("https://youtube.com/watch?v=aqz-KE-bpKQ&t=42s", "youtube", "aqz-KE-bpKQ"),
        ("https://m.youtube.com/watch?v=aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("https://youtu.be/aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("https://www.youtube.com/embed/aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("https://www.youtube.com/shorts/aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "vimeo", "76979871"),
    ],
)
def test_good_video_urls_are_parsed(url, provider, video_id):
    video = parse_video_url(url)
    assert (video.provider, video.video_id) == (provider, video_id)


def test_embed_urls_are_privacy_friendly():
    assert parse_video_url("https://youtu.be/aqz-KE-bpKQ").embed_url == (
        "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    )
    assert parse_video_url("https://vimeo.com/76979871").embed_url == "https://player.vimeo.com/video/76979871?dnt=1"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "niet-een-url",
        "ftp://youtube.com/watch?v=aqz-KE-bpKQ",
        "https://www.dailymotion.com/video/x7tgad0",
        "https://www.youtube.com/",
        "https://www.youtube.com/watch?v=kort",
        "https://www.youtube.com/channel/UC12345678901",
        "https://vimeo.com/",
        "https://vimeo.com/about",
        "https://evil.example.org/youtube.com/watch?v=aqz-KE-bpKQ",
    ],
)
def test_other_urls_are_rejected_with_a_dutch_message(url):
    with pytest.raises(VideoUrlError) as error:
        parse_video_url(url)
    assert "YouTube" in str(error.value) or "Vimeo" in str(error.value) or "webadres" in str(error.value)
