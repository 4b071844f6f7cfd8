"""Scenes with people together: an evening event with string lights, a workshop."""

# Drawing helpers take coordinates and colours positionally, like Pillow's own API.
# ruff: noqa: PLR0917

import math

from PIL import ImageDraw

from .buildings import street, street_lots
from .kit import HEIGHT, RGB, WIDTH, Kit, Pen, rgb, shade
from .parts import FRUIT, HAIR, bust, person, tree

NIGHT_SKIES = (
    ("#0f1634", "#27295a", "#5b3a6b"),
    ("#101a2e", "#1f3a5c", "#46577a"),
    ("#141028", "#33245a", "#7a3f62"),
)


BULBS = ("#ffe08a", "#ffd166", "#fff3c4", "#ffb347")


def string_lights(pen: Pen, kit: Kit, strands: int) -> None:
    """Sagging strands of bulbs across the street, with a soft glow around each bulb."""
    bulbs: list[tuple[float, float, str]] = []
    for _ in range(strands):
        y0, span, sag = (
            kit.uniform(240, 430),
            kit.uniform(380, 560),
            kit.uniform(50, 90),
        )
        x = -kit.uniform(0, span)
        multi = kit.rng.random() < 0.4
        while x < WIDTH:
            pts = [(x + span * t / 20, y0 + sag * 4 * (t / 20) * (1 - t / 20)) for t in range(21)]
            pen.line(pts, "#1a1a1a", 2.5, caps=False)
            for t in range(1, 12):
                bx, by = (
                    pts[0][0] + span * t / 12,
                    y0 + sag * 4 * (t / 12) * (1 - t / 12),
                )
                bulbs.append((bx, by + 9, kit.pick(FRUIT if multi else BULBS)))
            x += span

    def glow(draw: ImageDraw.ImageDraw, s: float) -> None:
        for bx, by, color in bulbs:
            draw.ellipse(
                [(bx - 26) * s, (by - 26) * s, (bx + 26) * s, (by + 26) * s],
                fill=(*rgb(color), 150),
            )

    pen.layer(glow, blur=12)
    for bx, by, color in bulbs:
        pen.circle(bx, by, 7, color)
        pen.circle(bx - 2, by - 2, 3, "#ffffff")


def stage(pen: Pen, kit: Kit, x: float, ground: float) -> None:
    """A small open-air stage with two performers under spotlights."""
    w, ink = 440, "#1c1c28"
    for px in (x, x + w):
        pen.rect(px - 6, ground - 420, px + 6, ground - 90, "#555566")
    pen.rect(x - 10, ground - 430, x + w + 10, ground - 405, "#555566")
    beams = [(x + w * t, ground - 400) for t in (0.2, 0.5, 0.8)]

    def light(draw: ImageDraw.ImageDraw, s: float) -> None:
        for bx, by in beams:
            cone = [
                (bx * s, by * s),
                ((bx - 110) * s, (ground - 90) * s),
                ((bx + 110) * s, (ground - 90) * s),
            ]
            draw.polygon(cone, fill=(255, 236, 170, 90))

    pen.layer(light, blur=6)
    for bx, by in beams:
        pen.rect(bx - 14, by, bx + 14, by + 22, "#2b2b35", radius=4)
    person(pen, kit, x + w * 0.35, ground - 90, 230, stride=0.05)
    person(
        pen,
        kit,
        x + w * 0.68,
        ground - 90,
        220,
        stride=0.03,
        point=(x + w * 0.8, ground - 330),
    )
    pen.line([(x + w * 0.43, ground - 90), (x + w * 0.43, ground - 250)], "#999999", 3)
    pen.rect(x - 20, ground - 90, x + w + 20, ground, ink)
    pen.rect(x - 20, ground - 96, x + w + 20, ground - 84, "#3a3a4a")


def silhouette_crowd(pen: Pen, kit: Kit, top: float) -> None:
    """Heads and shoulders seen from behind, filling the bottom of the picture."""
    colors = ("#15142a", "#1f1d38", "#2a2745", "#221f3b")
    for row, (y, r) in enumerate(((top, 26), (top + 45, 32), (top + 95, 38))):
        x = kit.uniform(-20, 40) + row * 30
        while x < WIDTH + 40:
            c = kit.pick(colors)
            pen.rect(x - r * 1.9, y + r * 0.9, x + r * 1.9, HEIGHT, c, radius=r)
            pen.circle(x, y, r, c)
            if kit.rng.random() < 0.12:
                pen.line([(x + r * 1.4, y + r * 1.3), (x + r * 2.2, y - r * 2.2)], c, r * 0.5)
            x += r * kit.uniform(3.6, 5)


def scene_licht(pen: Pen, kit: Kit) -> None:
    base = kit.uniform(720, 760)
    pen.gradient(0, 0, WIDTH, base, kit.rng.choice(NIGHT_SKIES))
    for _ in range(70):
        pen.circle(
            kit.uniform(0, WIDTH),
            kit.uniform(0, base * 0.45),
            kit.uniform(1, 2.6),
            "#fff7d6",
        )
    pen.circle(kit.uniform(150, 1450), kit.uniform(80, 160), 42, "#fdf3c8")
    street(pen, kit, base, street_lots(kit, (240, 330), (430, 600)))
    pen.rect(0, base, WIDTH, HEIGHT, "#34324a")
    for y in range(int(base) + 30, HEIGHT, 36):
        pen.line([(0, y), (WIDTH, y)], "#3d3b55", 2, caps=False)
    string_lights(pen, kit, kit.rng.randint(3, 4))
    stage(pen, kit, kit.uniform(80, 1080), 900)
    silhouette_crowd(pen, kit, 850)


POSTITS = ("#ffe066", "#ff8fab", "#8bd3dd", "#b9fbc0", "#ffc078")


def postit(pen: Pen, x: float, y: float, size: float, angle: float, color: str) -> None:
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    corners = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
    pen.polygon(
        [(x + (dx * cos - dy * sin) * size / 2, y + (dx * sin + dy * cos) * size / 2) for dx, dy in corners],
        color,
    )


def plan_sheet(pen: Pen, kit: Kit, x0: float, y0: float, x1: float, y1: float) -> None:
    """A small town plan pinned to the board: blocks, a green area and a red route."""
    pen.rect(x0, y0, x1, y1, "#fdfdfb")
    cw, ch = (x1 - x0 - 20) / 4, (y1 - y0 - 20) / 3
    for i in range(4):
        for j in range(3):
            fill = kit.pal.leaf[2] if (i, j) == (1, 2) else "#d9d3c7"
            pen.rect(
                x0 + 14 + i * cw,
                y0 + 14 + j * ch,
                x0 + 6 + (i + 1) * cw,
                y0 + 6 + (j + 1) * ch,
                fill,
            )
    route = [
        (x0 + 10 + cw, y1 - 10),
        (x0 + 10 + cw, y0 + 10 + ch),
        (x0 + 10 + 3 * cw, y0 + 10 + ch),
    ]
    pen.line(route, "#e63946", 6)
    pen.circle(*route[-1], 10, "#e63946")


def board(pen: Pen, kit: Kit, x0: float, y0: float, x1: float, y1: float) -> None:
    """A whiteboard with a town plan and columns of sticky notes, laid out by the seed."""
    pen.rect(x0 - 12, y0 - 12, x1 + 12, y1 + 12, "#8d8f94", radius=6)
    pen.rect(x0, y0, x1, y1, "#fbfbf8")
    plan_left = kit.rng.random() < 0.5
    px = x0 + 30 if plan_left else x1 - 330
    plan_sheet(pen, kit, px, y0 + 40, px + 300, y0 + 300)
    notes_x0, notes_x1 = (x0 + 370, x1 - 20) if plan_left else (x0 + 30, x1 - 360)
    columns = kit.rng.randint(2, 4)
    step = (notes_x1 - notes_x0) / columns
    for col in range(columns):
        cx = notes_x0 + col * step + (step - 150) / 2
        pen.rect(cx, y0 + 30, cx + 120, y0 + 44, "#555b66", radius=6)
        for n in range(kit.rng.randint(2, 6)):
            postit(
                pen,
                cx + 30 + (n % 2) * 66,
                y0 + 95 + (n // 2) * 70,
                58,
                kit.uniform(-7, 7),
                kit.pick(POSTITS),
            )


def table_top(pen: Pen, kit: Kit, x0: float, x1: float, y: float) -> None:
    wood = kit.pick(("#d8b98c", "#e8e2d6", "#c49a6c"))
    pen.polygon([(x0, y), (x1, y), (x1 + 70, y + 110), (x0 - 70, y + 110)], wood)
    pen.rect(x0 - 70, y + 110, x1 + 70, y + 132, shade(wood, 0.78))
    for lx in (x0 - 40, x1 + 40):
        pen.rect(lx - 10, y + 132, lx + 10, HEIGHT, shade(wood, 0.6))
    px = x0 + kit.uniform(250, 500)
    pen.polygon(
        [(px, y + 18), (px + 360, y + 18), (px + 390, y + 98), (px - 30, y + 98)],
        "#fdfdfb",
    )
    for i in range(6):
        for j in range(2):
            bx, by = px + 14 + i * 58 - j * 12, y + 28 + j * 36
            pen.polygon(
                [(bx, by), (bx + 44, by), (bx + 40, by + 26), (bx - 6, by + 26)],
                "#d9d3c7" if (i, j) != (2, 1) else kit.pal.leaf[2],
            )
    pen.line([(px + 50, y + 92), (px + 66, y + 60), (px + 300, y + 60)], "#e63946", 5)
    for _ in range(5):
        postit(
            pen,
            kit.uniform(x0 + 60, x1 - 60),
            y + kit.uniform(40, 95),
            34,
            kit.uniform(-15, 15),
            kit.pick(POSTITS),
        )
    for cx in kit.rng.sample(range(int(x0), int(x1), 90), 3):
        pen.rect(cx - 14, y + 30, cx + 14, y + 62, "#ffffff", radius=4)
        pen.ellipse(cx, y + 30, 14, 5, "#6f4e37")


def office_window(pen: Pen, kit: Kit, wx: float, wall: RGB) -> None:
    pen.rect(wx - 12, 108, wx + 352, 532, "#ffffff")
    pen.gradient(wx, 120, wx + 340, 520, kit.pal.sky)
    tree(pen, kit, wx + 120, 600, 320)
    pen.rect(wx - 12, 532, wx + 352, 700, wall)
    pen.rect(wx + 164, 120, wx + 176, 520, "#ffffff")
    pen.rect(wx - 24, 520, wx + 364, 536, shade(wall, 0.85))


def scene_overleg(pen: Pen, kit: Kit) -> None:
    wall = shade(kit.pick(kit.pal.facades), 1.35)
    pen.rect(0, 0, WIDTH, 700, wall)
    pen.rect(0, 700, WIDTH, HEIGHT, kit.pick(("#b08968", "#a3a3a3", "#c2a27c")))
    on_right = kit.rng.random() < 0.5
    office_window(pen, kit, 1200 if on_right else 48, wall)
    bx = 110 if on_right else 500
    board(pen, kit, bx, 100, bx + 980, 470)
    lamps = kit.rng.choice((2, 3))
    for i in range(lamps):
        lx = WIDTH * (i + 1) / (lamps + 1)
        pen.line([(lx, 0), (lx, 120)], "#333333", 3, caps=False)
        pen.pie(lx, 150, 50, 180, 360, kit.pal.ink)
    presenter = bx + 1040 if on_right else bx - 60
    if kit.rng.random() < 0.3:
        presenter = -1000
    seats = [300 + i * 1000 / 5 + kit.uniform(-25, 25) for i in range(6)]
    for x in seats:
        if abs(x - presenter) > 150:
            bust(pen, kit, x, 700, 290)
    if presenter > 0:
        point = (presenter + (-90 if on_right else 90), 300)
        person(pen, kit, presenter, 760, 420, stride=0.04, point=point)
    table_top(pen, kit, 200, 1400, 690)
    for x, r in ((kit.uniform(80, 260), 80), (kit.uniform(1300, 1500), 90)):
        c = kit.pick(kit.pal.accents)
        pen.rect(
            x - r * 2,
            HEIGHT - r * 0.9,
            x + r * 2,
            HEIGHT + 40,
            shade(c, 0.75),
            radius=r,
        )
        pen.circle(x, HEIGHT - r * 1.2, r * 0.85, kit.pick(HAIR))
