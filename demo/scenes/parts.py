"""Small reusable pieces of a scene: sky, people, bikes, trees and street furniture."""

# Drawing helpers take coordinates and colours positionally, like Pillow's own API.
# ruff: noqa: PLR0917

import math

from .kit import (
    HEIGHT,
    WIDTH,
    XY,
    Kit,
    Pen,
    rgb,
    shade,
)

SKIN = ("#f1c27d", "#e0ac69", "#c68642", "#8d5524", "#ffdbac", "#d9a066")


HAIR = ("#2b1d14", "#5a3825", "#a0522d", "#e6c07b", "#1b1b1b", "#8c8c8c")


TROUSERS = ("#2f3e46", "#354f52", "#3d405b", "#22223b", "#4a4e69", "#5c4033")


FRUIT = ("#e63946", "#f77f00", "#8ac926", "#ffca3a", "#6a4c93", "#2d6a4f", "#ff595e")


def sky(pen: Pen, kit: Kit, horizon: float) -> None:
    pen.gradient(0, 0, WIDTH, horizon, kit.pal.sky)
    if kit.rng.random() < 0.7:
        pen.circle(kit.uniform(150, 1450), kit.uniform(90, 200), 55, "#fff3c4")
    for _ in range(kit.rng.randint(2, 4)):
        cloud(
            pen,
            kit.uniform(80, 1520),
            kit.uniform(70, horizon * 0.45),
            kit.uniform(0.7, 1.3),
        )


def cloud(pen: Pen, x: float, y: float, k: float) -> None:
    color = (255, 255, 255)
    pen.rect(x - 90 * k, y, x + 90 * k, y + 34 * k, color, radius=17 * k)
    pen.circle(x - 35 * k, y + 4 * k, 38 * k, color)
    pen.circle(x + 25 * k, y - 6 * k, 50 * k, color)


def person(
    pen: Pen,
    kit: Kit,
    x: float,
    feet: float,
    h: float,
    stride: float | None = None,
    point: XY | None = None,
) -> None:
    """A standing or walking figure; stride is the leg spread as a fraction of height, point a raised hand."""
    stride = kit.uniform(0, 0.14) if stride is None else stride
    head_r, hip = h * 0.075, feet - h * 0.47
    legs = kit.pick(TROUSERS)
    for dx in (-stride, stride):
        pen.line([(x, hip), (x + dx * h, feet - h * 0.03)], legs, h * 0.085)
        pen.ellipse(x + dx * h + h * 0.02, feet - h * 0.02, h * 0.05, h * 0.025, "#222222")
    coat, neck = kit.clothes(), feet - h + 2 * head_r
    long_coat = kit.rng.random() < 0.35
    bottom = hip + (h * 0.18 if long_coat else h * 0.03)
    pen.polygon(
        [
            (x - h * 0.1, neck),
            (x + h * 0.1, neck),
            (x + h * 0.13, bottom),
            (x - h * 0.13, bottom),
        ],
        coat,
    )
    pen.circle(x, neck + h * 0.01, h * 0.1, coat)
    arm = shade(coat, 0.85)
    for side in (-1, 1):
        hand = (x + side * h * 0.14, hip + h * 0.02)
        if point and (point[0] - x) * side > 0:
            hand = point
        pen.line([(x + side * h * 0.1, neck + h * 0.04), hand], arm, h * 0.06)
    if kit.rng.random() < 0.3:
        pen.rect(
            x + h * 0.12,
            hip - h * 0.02,
            x + h * 0.22,
            hip + h * 0.1,
            kit.clothes(),
            radius=h * 0.01,
        )
    head(pen, kit, x, feet - h + head_r, head_r)


def head(pen: Pen, kit: Kit, x: float, y: float, r: float) -> None:
    pen.circle(x, y, r, kit.pick(SKIN))
    hair = kit.pick(HAIR)
    pen.pie(x, y, r * 1.05, 180, 360, hair)
    if kit.rng.random() < 0.4:
        pen.ellipse(x, y - r * 0.2, r * 1.1, r * 0.5, hair)


def bust(pen: Pen, kit: Kit, x: float, base: float, h: float) -> None:
    """Upper body of someone seated or standing behind a counter or table (base = table top)."""
    coat = kit.clothes()
    pen.rect(x - h * 0.17, base - h * 0.55, x + h * 0.17, base + 4, coat, radius=h * 0.1)
    head(pen, kit, x, base - h * 0.7, h * 0.13)


def crowd(
    pen: Pen,
    kit: Kit,
    count: int,
    feet: tuple[float, float],
    size: tuple[float, float],
    avoid: tuple[tuple[float, float], ...] = (),
) -> None:
    """Pedestrians, drawn back to front; avoid holds (x0, x1) ranges to keep clear."""
    spots = []
    for _ in range(count * 4):
        x, y = kit.uniform(60, WIDTH - 60), kit.uniform(*feet)
        if any(a - 40 < x < b + 40 for a, b in avoid) or any(abs(x - sx) < 90 for sx, _ in spots):
            continue
        spots.append((x, y))
        if len(spots) == count:
            break
    for x, y in sorted(spots, key=lambda s: s[1]):
        t = (y - feet[0]) / max(1, feet[1] - feet[0])
        person(pen, kit, x, y, size[0] + (size[1] - size[0]) * t)


def tree(pen: Pen, kit: Kit, x: float, ground: float, size: float) -> None:
    dark, mid, light = kit.pal.leaf
    pen.ellipse(x, ground, size * 0.16, size * 0.03, shade(kit.pal.pavement, 0.75))
    pen.rect(x - size * 0.045, ground - size * 0.6, x + size * 0.045, ground, "#7a5c43")
    pen.line(
        [(x, ground - size * 0.45), (x + size * 0.14, ground - size * 0.7)],
        "#7a5c43",
        size * 0.04,
    )
    cy = ground - size * 0.9
    blobs = (
        (-0.24, 0.1, 0.25),
        (0.24, 0.08, 0.26),
        (0.0, -0.14, 0.3),
        (0.02, 0.14, 0.27),
    )
    for dx, dy, r in blobs:
        pen.circle(x + dx * size + size * 0.03, cy + dy * size + size * 0.04, r * size, dark)
    for dx, dy, r in blobs:
        pen.circle(x + dx * size, cy + dy * size, r * size * 0.92, mid)
    pen.circle(x - size * 0.12, cy - size * 0.18, size * 0.12, light)
    pen.circle(x - size * 0.26, cy + size * 0.02, size * 0.07, light)


def lamp_post(pen: Pen, x: float, ground: float, h: float = 300, glow: str = "#fff1b8") -> None:
    ink = "#33393f"
    pen.rect(x - 5, ground - h, x + 5, ground, ink)
    pen.rect(x - 11, ground - 18, x + 11, ground, ink)
    pen.polygon(
        [
            (x - 22, ground - h),
            (x + 22, ground - h),
            (x + 14, ground - h - 40),
            (x - 14, ground - h - 40),
        ],
        glow,
    )
    pen.polygon(
        [(x - 26, ground - h - 40), (x + 26, ground - h - 40), (x, ground - h - 58)],
        ink,
    )


def bench(pen: Pen, x: float, ground: float, w: float = 150, color: str = "#8a5a3b") -> None:
    ink = "#3a3a3a"
    for dx in (0.12, 0.88):
        pen.rect(x + w * dx - 4, ground - 42, x + w * dx + 4, ground, ink)
    pen.rect(x, ground - 48, x + w, ground - 38, color, radius=3)
    pen.rect(x, ground - 86, x + w, ground - 72, color, radius=3)
    pen.rect(x + w * 0.12 - 3, ground - 86, x + w * 0.12 + 3, ground - 44, ink)
    pen.rect(x + w * 0.88 - 3, ground - 86, x + w * 0.88 + 3, ground - 44, ink)


def planter(pen: Pen, kit: Kit, x: float, ground: float, w: float = 130) -> None:
    dark, mid, light = kit.pal.leaf
    for i in range(4):
        pen.circle(
            x + w * (0.15 + i * 0.23),
            ground - 78 - (i % 2) * 14,
            w * 0.2,
            (mid, dark, light, mid)[i],
        )
    for _ in range(7):
        pen.circle(
            x + kit.uniform(w * 0.08, w * 0.92),
            ground - kit.uniform(75, 120),
            7,
            kit.pick(kit.pal.accents),
        )
    pen.rect(x, ground - 62, x + w, ground, "#8d6e63")
    pen.rect(x - 6, ground - 66, x + w + 6, ground - 54, "#6d4c41")


def bicycle(
    pen: Pen,
    x: float,
    ground: float,
    size: float,
    color: object,
    facing: int = 1,
    ink: object = "#2b2b2b",
) -> dict[str, XY]:
    """A side-view bike centred on x; returns its saddle, pedal and handlebar points for a rider."""
    r = size * 0.2

    def at(dx: float, dy: float) -> XY:
        return (x + dx * size * facing, ground - r - dy * size)

    rear, front, crank = at(-0.34, 0), at(0.34, 0), at(-0.04, 0.0)
    saddle, head_top, bar = at(-0.14, 0.3), at(0.22, 0.28), at(0.2, 0.4)
    wheel_w = size * 0.035
    for cx, cy in (rear, front):
        pen.ellipse(cx, cy, r, r, outline=ink, width=wheel_w)
        pen.circle(cx, cy, size * 0.02, ink)
    frame = size * 0.03
    pen.line([rear, crank, head_top, at(-0.12, 0.26), rear], color, frame)
    pen.line([crank, at(-0.12, 0.26)], color, frame)
    pen.line([head_top, front], color, frame)
    pen.line([head_top, bar], ink, frame * 0.8)
    pen.line([at(-0.12, 0.26), saddle], ink, frame * 0.7)
    pen.line([at(-0.2, 0.31), at(-0.06, 0.31)], ink, frame * 1.2)
    return {"saddle": saddle, "crank": crank, "bar": bar}


def cyclist(pen: Pen, kit: Kit, x: float, ground: float, size: float, facing: int = 1) -> None:
    pts = bicycle(pen, x, ground, size, kit.pick(kit.pal.accents), facing)
    sx, sy = pts["saddle"]
    shoulder = (sx + size * 0.17 * facing, sy - size * 0.36)
    legs, coat = kit.pick(TROUSERS), kit.clothes()
    cx, cy = pts["crank"]
    for angle in (0.4, 0.4 + math.pi):
        pedal = (
            cx + math.cos(angle) * size * 0.08 * facing,
            cy + math.sin(angle) * size * 0.08,
        )
        knee = (sx + size * 0.16 * facing, sy - size * 0.06 + (pedal[1] - cy) * 0.6)
        pen.line([(sx, sy - size * 0.02), knee, pedal], legs, size * 0.07)
    pen.line([(sx, sy - size * 0.04), shoulder], coat, size * 0.13)
    pen.line([shoulder, pts["bar"]], shade(coat, 0.85), size * 0.05)
    hx, hy = shoulder[0] + size * 0.04 * facing, shoulder[1] - size * 0.13
    head(pen, kit, hx, hy, size * 0.065)
    if kit.rng.random() < 0.5:
        pen.pie(hx, hy - size * 0.01, size * 0.075, 180, 360, kit.pick(kit.pal.accents))


def bike_rack(pen: Pen, x: float, ground: float, h: float = 70, w: float = 60) -> None:
    r = w / 2
    arc = [(x + r - math.cos(a) * r, ground - h + r - math.sin(a) * r) for a in (i * math.pi / 12 for i in range(13))]
    pen.line([(x, ground), *arc, (x + w, ground)], "#5f6b73", 7)


def awning(
    pen: Pen,
    x0: float,
    x1: float,
    y: float,
    depth: float,
    colors: tuple[object, object],
    spread: float = 12,
) -> None:
    """Striped shop awning seen from the front, with a scalloped edge."""
    stripes = max(4, round((x1 - x0) / 34))
    sw_top, sw_bot = (x1 - x0) / stripes, (x1 - x0 + 2 * spread) / stripes
    for i in range(stripes):
        c = colors[i % 2]
        pen.polygon(
            [
                (x0 + i * sw_top, y),
                (x0 + (i + 1) * sw_top, y),
                (x0 - spread + (i + 1) * sw_bot, y + depth),
                (x0 - spread + i * sw_bot, y + depth),
            ],
            c,
        )
        pen.pie(x0 - spread + (i + 0.5) * sw_bot, y + depth, sw_bot / 2, 0, 180, c)
    pen.rect(x0 - 4, y - 6, x1 + 4, y + 2, shade(rgb(colors[0]), 0.7))


def sign(pen: Pen, x: float, y: float, text: str, size: int, bg: object, fg: object) -> None:
    w = len(text) * size * 0.68 + size
    pen.rect(x - w / 2, y - size * 0.85, x + w / 2, y + size * 0.85, bg, radius=size * 0.2)
    pen.text(x, y, text, size, fg, bold=True)


def pavement(pen: Pen, kit: Kit, top: float, bottom: float, road: bool = True) -> None:
    pal = kit.pal
    pen.rect(0, top, WIDTH, bottom, pal.pavement)
    line = shade(pal.pavement, 0.93)
    for i, y in enumerate(range(int(top) + 28, int(bottom), 34)):
        pen.line([(0, y), (WIDTH, y)], line, 2, caps=False)
        for x in range(-40 + (i % 2) * 35, WIDTH, 70):
            pen.line([(x, y), (x, y + 34)], line, 2, caps=False)
    if road:
        pen.rect(0, bottom - 10, WIDTH, bottom, shade(pal.pavement, 0.8))
        pen.rect(0, bottom, WIDTH, HEIGHT, pal.road)
        for x in range(40, WIDTH, 220):
            pen.rect(x, bottom + 52, x + 110, bottom + 62, "#f2f2f2")


def car(pen: Pen, x: float, ground: float, w: float, color: object) -> None:
    pen.rect(x, ground - w * 0.32, x + w, ground - w * 0.1, color, radius=w * 0.06)
    pen.polygon(
        [
            (x + w * 0.2, ground - w * 0.3),
            (x + w * 0.32, ground - w * 0.48),
            (x + w * 0.7, ground - w * 0.48),
            (x + w * 0.84, ground - w * 0.3),
        ],
        color,
    )
    pen.polygon(
        [
            (x + w * 0.26, ground - w * 0.31),
            (x + w * 0.35, ground - w * 0.44),
            (x + w * 0.5, ground - w * 0.44),
            (x + w * 0.5, ground - w * 0.31),
        ],
        "#cfe3ee",
    )
    pen.polygon(
        [
            (x + w * 0.53, ground - w * 0.31),
            (x + w * 0.53, ground - w * 0.44),
            (x + w * 0.68, ground - w * 0.44),
            (x + w * 0.78, ground - w * 0.31),
        ],
        "#cfe3ee",
    )
    for wx in (0.22, 0.78):
        pen.circle(x + w * wx, ground - w * 0.1, w * 0.1, "#262626")
        pen.circle(x + w * wx, ground - w * 0.1, w * 0.045, "#9a9a9a")
