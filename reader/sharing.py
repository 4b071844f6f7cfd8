"""Share links as plain addresses: no third-party script, cookie or tracker is loaded on our pages."""

from urllib.parse import quote, urlencode


def query(**params: str) -> str:
    """Percent-encode every reserved character (spaces as %20, which mail clients expect, not '+')."""
    return urlencode(params, quote_via=quote)


def share_urls(*, url: str, title: str) -> dict[str, str]:
    """The share address per network, for `url` with `title` as its text."""
    mail_body = f"{title}\n\n{url}".strip()
    return {
        "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?{query(url=url)}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?{query(u=url)}",
        "x": f"https://x.com/intent/post?{query(url=url, text=title)}",
        "email": f"mailto:?{query(subject=title, body=mail_body)}",
        "whatsapp": f"https://wa.me/?{query(text=f'{title} {url}'.strip())}",
    }
