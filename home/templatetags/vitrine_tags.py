from django import template

from home.video import VideoUrlError, parse_video_url

register = template.Library()


@register.simple_tag
def video_from_url(url: str):
    try:
        return parse_video_url(url)
    except VideoUrlError:
        return None
