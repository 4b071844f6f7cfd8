"""Colours, palettes and the supersampling Pen that every scene draws with."""

# Drawing helpers take coordinates and colours positionally, like Pillow's own API.
# ruff: noqa: PLR0917

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from PIL import Image, ImageColor, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1600, 1000


SCALE = 2


RGB = tuple[int, int, int]


XY = tuple[float, float]


@dataclass(frozen=True)
class Palette:
    """One colour scheme; a file name's hash picks one, so series of images stay varied."""

    sky: tuple[str, str]
    facades: tuple[str, ...]
    accents: tuple[str, ...]
    leaf: tuple[str, str, str]
    pavement: str
    road: str
    ink: str
    glass: str


PALETTES = (
    Palette(
        ("#9fd3ec", "#e8f6fb"),
        ("#f2d49b", "#e8a87c", "#d9765f", "#f4ecdc", "#c9a38f", "#9fc5c1", "#e6c9a8"),
        ("#d1495b", "#2e86ab", "#edae49", "#00798c", "#6a4c93", "#3d9970"),
        ("#4e8a3e", "#6aa84f", "#8cc269"),
        "#d8d0c4",
        "#8d8f94",
        "#2d3142",
        "#cfe8f0",
    ),
    Palette(
        ("#a9c9e6", "#f3e9dc"),
        ("#b5533c", "#c97b5a", "#8c3b2e", "#e3d3b8", "#d9a77c", "#a45a4a", "#efe4d0"),
        ("#1d3557", "#e9c46a", "#2a9d8f", "#e76f51", "#457b9d", "#9b2226"),
        ("#386641", "#6a994e", "#a7c957"),
        "#d6cbbd",
        "#7d7f86",
        "#1d2d44",
        "#d7e6ee",
    ),
    Palette(
        ("#bde0fe", "#fdf0f5"),
        ("#ffd6a5", "#fdffb6", "#caffbf", "#9bf6ff", "#a0c4ff", "#ffc6ff", "#ffadad"),
        ("#ef476f", "#118ab2", "#06d6a0", "#ffd166", "#073b4c", "#8338ec"),
        ("#2d6a4f", "#40916c", "#74c69d"),
        "#e2dcd3",
        "#9a9ca3",
        "#22223b",
        "#dff3fb",
    ),
    Palette(
        ("#f6c89f", "#fdf1e1"),
        ("#e07a5f", "#f2cc8f", "#81b29a", "#f4f1de", "#c5d1c0", "#d8a48f", "#b8c5d6"),
        ("#e07a5f", "#3d405b", "#81b29a", "#d62828", "#f2a541", "#277da1"),
        ("#3a5a40", "#588157", "#a3b18a"),
        "#ddd3c3",
        "#85868c",
        "#3d405b",
        "#e3eef2",
    ),
    Palette(
        ("#cfe3ee", "#f5f8fa"),
        ("#dfe7ec", "#9fb7c4", "#e4d5c3", "#c7b198", "#f0efe9", "#8fa9a2", "#d4c2ad"),
        ("#c44536", "#197278", "#f4a259", "#283d3b", "#5b8e7d", "#7b2cbf"),
        ("#31572c", "#4f772d", "#90a955"),
        "#d3d3cf",
        "#7f848a",
        "#283d3b",
        "#e8f1f5",
    ),
    Palette(
        ("#74b9e8", "#d4ecf7"),
        ("#f6e7cb", "#e3b779", "#d88c5a", "#f4d6a0", "#b9d6c1", "#e8d5b7", "#c9ada7"),
        ("#0077b6", "#e85d04", "#2a9d8f", "#9d0208", "#ffba08", "#3a86ff"),
        ("#2b9348", "#55a630", "#80b918"),
        "#e4d9c8",
        "#8a8c91",
        "#1b263b",
        "#d9eef7",
    ),
)


def rgb(color: str | RGB) -> RGB:
    """A colour as an RGB tuple."""
    return ImageColor.getrgb(color)[:3] if isinstance(color, str) else color


def shade(color: str | RGB, factor: float) -> RGB:
    """Darker (factor < 1) or lighter (factor > 1, towards white) version of a colour."""
    r, g, b = rgb(color)
    if factor <= 1:
        return (int(r * factor), int(g * factor), int(b * factor))
    t = min(factor - 1, 1)
    return (int(r + (255 - r) * t), int(g + (255 - g) * t), int(b + (255 - b) * t))


def mix(a: str | RGB, b: str | RGB, t: float) -> RGB:
    """Linear blend of two colours (t=0 gives a)."""
    ca, cb = rgb(a), rgb(b)
    return tuple(int(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))  # type: ignore[return-value]


@cache
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in font at a given pixel size (no external font files)."""
    return ImageFont.load_default(size)


class Pen:
    """Draws in logical pixels on a canvas SCALE times larger, then scales down for anti-aliasing."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT, scale: int = SCALE) -> None:
        self.scale = scale
        self.size = (width, height)
        self.image = Image.new("RGB", (width * scale, height * scale), "white")
        self.draw = ImageDraw.Draw(self.image)

    def _pts(self, points: Sequence[XY]) -> list[XY]:
        return [(x * self.scale, y * self.scale) for x, y in points]

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> list[float]:
        s = self.scale
        return [min(x0, x1) * s, min(y0, y1) * s, max(x0, x1) * s, max(y0, y1) * s]

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        fill: object,
        radius: float = 0,
    ) -> None:
        box = self._box(x0, y0, x1, y1)
        if radius:
            self.draw.rounded_rectangle(box, radius * self.scale, fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        fill: object = None,
        outline: object = None,
        width: float = 0,
    ) -> None:
        box = self._box(cx - rx, cy - ry, cx + rx, cy + ry)
        self.draw.ellipse(box, fill=fill, outline=outline, width=round(width * self.scale))

    def circle(self, cx: float, cy: float, r: float, fill: object) -> None:
        self.ellipse(cx, cy, r, r, fill)

    def polygon(self, points: Sequence[XY], fill: object) -> None:
        self.draw.polygon(self._pts(points), fill=fill)

    def line(self, points: Sequence[XY], fill: object, width: float, caps: bool = True) -> None:
        self.draw.line(self._pts(points), fill=fill, width=round(width * self.scale), joint="curve")
        if caps and width >= 3:
            for x, y in (points[0], points[-1]):
                self.circle(x, y, width / 2, fill)

    def pie(self, cx: float, cy: float, r: float, start: float, end: float, fill: object) -> None:
        self.draw.pieslice(self._box(cx - r, cy - r, cx + r, cy + r), start, end, fill=fill)

    def text(self, x: float, y: float, text: str, size: int, fill: object, bold: bool = False) -> None:
        stroke = max(1, size // 18) * self.scale if bold else 0
        self.draw.text(
            (x * self.scale, y * self.scale),
            text,
            fill=fill,
            font=font(size * self.scale),
            anchor="mm",
            stroke_width=stroke,
            stroke_fill=fill,
        )

    def gradient(self, x0: float, y0: float, x1: float, y1: float, stops: Sequence[str | RGB]) -> None:
        top, bottom = round(y0 * self.scale), round(y1 * self.scale)
        left, right = round(x0 * self.scale), round(x1 * self.scale)
        for row in range(top, bottom):
            t = (row - top) / max(1, bottom - top - 1) * (len(stops) - 1)
            i = min(int(t), len(stops) - 2)
            self.draw.line([(left, row), (right, row)], fill=mix(stops[i], stops[i + 1], t - i))

    def layer(
        self,
        paint: Callable[[ImageDraw.ImageDraw, float], None],
        blur: float = 0,
        alpha: float = 1.0,
    ) -> None:
        """Paint on a transparent layer (optionally blurred, e.g. for glows) and blend it in."""
        over = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        paint(ImageDraw.Draw(over), self.scale)
        if blur:
            over = over.filter(ImageFilter.GaussianBlur(blur * self.scale))
        if alpha < 1:
            over.putalpha(over.getchannel("A").point(lambda a: int(a * alpha)))
        self.image.paste(over, (0, 0), over)

    def finish(self) -> Image.Image:
        return self.image.resize(self.size, Image.Resampling.LANCZOS)


@dataclass
class Kit:
    """A scene's random source and palette, with helpers to pick colours from them."""

    rng: random.Random
    pal: Palette
    night: bool = False
    decks: dict[str, list[str]] = field(default_factory=dict)

    def pick(self, options: Sequence[str]) -> str:
        return self.rng.choice(options)

    def clothes(self) -> str:
        return self.pick((*self.pal.accents, "#f1faee", "#6c757d", "#e9d8a6"))

    def uniform(self, a: float, b: float) -> float:
        return self.rng.uniform(a, b)

    def word(self, options: Sequence[str]) -> str:
        """Next word from a shuffled deck, so neighbouring shops get different names."""
        deck = self.decks.setdefault(options[0], [])
        if not deck:
            deck.extend(options)
            self.rng.shuffle(deck)
        return deck.pop()
