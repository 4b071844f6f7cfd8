"""Scenes on a square: market, town square with church, café terrace."""

# Drawing helpers take coordinates and colours positionally, like Pillow's own API.
# ruff: noqa: PLR0917

from .buildings import reflow, street, street_lots
from .kit import HEIGHT, WIDTH, Kit, Pen, shade
from .parts import (
    FRUIT,
    TROUSERS,
    awning,
    bench,
    bust,
    crowd,
    head,
    lamp_post,
    pavement,
    sign,
    sky,
    tree,
)


def stall(pen: Pen, kit: Kit, x: float, ground: float, w: float, roof: str) -> None:
    """A market stall: poles, striped tent roof, a vendor and crates of produce on a draped counter."""
    top = ground - 370
    for px in (x + 8, x + w - 8):
        pen.rect(px - 5, top + 40, px + 5, ground, "#5b5b5b")
    bust(pen, kit, x + w * kit.uniform(0.3, 0.7), ground - 118, 170)
    pen.rect(x - 6, ground - 124, x + w + 6, ground - 110, "#9c7b5b")
    cloth = kit.pick(kit.pal.accents)
    pen.rect(x, ground - 110, x + w, ground - 24, cloth)
    pen.rect(x, ground - 110, x + w, ground - 94, shade(cloth, 0.8))
    for lx in (x + 14, x + w - 14):
        pen.rect(lx - 4, ground - 24, lx + 4, ground, "#5b5b5b")
    crate_x = x + 12
    while crate_x < x + w - 66:
        fruit = kit.pick(FRUIT)
        for row, count in ((0, 5), (1, 4)):
            for j in range(count):
                pen.circle(crate_x + 8 + row * 6 + j * 12, ground - 150 - row * 11, 8, fruit)
        pen.rect(crate_x, ground - 148, crate_x + 66, ground - 124, "#c8a165")
        pen.line(
            [(crate_x, ground - 136), (crate_x + 66, ground - 136)],
            "#a67c44",
            2,
            caps=False,
        )
        crate_x += 72
    awning(pen, x + 20, x + w - 20, top, 70, (roof, "#fbfbf7"), spread=38)
    if kit.rng.random() < 0.6:
        sign(
            pen,
            x + w - 40,
            ground - 185,
            kit.pick(("1,50", "2,00", "2,50", "3,20")),
            16,
            "#fbfbf7",
            "#333333",
        )


def square_floor(pen: Pen, kit: Kit, top: float) -> None:
    """Paved square in gentle perspective: lines converging to a point above the horizon."""
    pen.rect(0, top, WIDTH, HEIGHT, kit.pal.pavement)
    line, vx = shade(kit.pal.pavement, 0.92), WIDTH / 2
    for i in range(-14, 15):
        x = vx + i * 130
        pen.line([(vx + (x - vx) * 0.25, top), (x, HEIGHT)], line, 2, caps=False)
    y, gap = top + 14, 14.0
    while y < HEIGHT:
        pen.line([(0, y), (WIDTH, y)], line, 2, caps=False)
        gap *= 1.25
        y += gap


def scene_markt(pen: Pen, kit: Kit) -> None:
    base = kit.uniform(560, 600)
    sky(pen, kit, base)
    street(pen, kit, base, street_lots(kit, (240, 330), (400, 540), k=0.72))
    square_floor(pen, kit, base)
    count = kit.rng.choice((3, 4))
    w = (WIDTH - 120) / count - 40
    roofs = kit.rng.sample(kit.pal.accents, count)
    for i, roof in enumerate(roofs):
        x = 80 + i * (w + 40) + kit.uniform(-10, 10)
        stall(pen, kit, x, kit.uniform(850, 870), w, roof)
    crowd(pen, kit, kit.rng.randint(4, 6), (905, 985), (190, 220))


def church(pen: Pen, kit: Kit, x: float, base: float, h: float) -> None:
    stone, slate = kit.pick(("#cbbba0", "#b9a88f", "#d6c7ad", "#bfb3a3")), "#56606b"
    top = base - h
    pen.polygon(
        [
            (x + 40, base - h * 0.35),
            (x + 420, base - h * 0.35),
            (x + 380, base - h * 0.55),
            (x + 80, base - h * 0.55),
        ],
        slate,
    )
    pen.rect(x + 50, base - h * 0.35, x + 410, base, shade(stone, 0.95))
    pen.rect(x - 70, top, x + 70, base, stone)
    pen.rect(x - 78, top - 10, x + 78, top + 8, shade(stone, 0.8))
    pen.polygon([(x - 74, top - 10), (x + 74, top - 10), (x, top - 190)], slate)
    pen.line([(x, top - 190), (x, top - 232)], "#444444", 5)
    pen.line([(x - 14, top - 216), (x + 14, top - 216)], "#444444", 5)
    for dx in (-30, 30):
        pen.rect(x + dx - 14, top + 40, x + dx + 14, top + 110, "#3b3b3b")
        pen.pie(x + dx, top + 40, 14, 180, 360, "#3b3b3b")
    pen.circle(x, top + 170, 36, "#f5f1e6")
    pen.ellipse(x, top + 170, 36, 36, outline="#3b3b3b", width=5)
    pen.line([(x, top + 170), (x, top + 145)], "#3b3b3b", 5)
    pen.line([(x, top + 170), (x + 18, top + 178)], "#3b3b3b", 5)


def scene_plein(pen: Pen, kit: Kit) -> None:
    base = kit.uniform(600, 640)
    sky(pen, kit, base)
    tower_x = kit.uniform(450, 1100)
    church(pen, kit, tower_x, base, kit.uniform(340, 380))
    street(pen, kit, base, street_lots(kit, (240, 330), (280, 400), k=0.7))
    square_floor(pen, kit, base)
    lamp_post(pen, kit.uniform(100, 1500), 800, 300)
    slots = kit.rng.sample([x for x in (150, 450, 750, 1050, 1350) if abs(x - tower_x) > 180], 3)
    for x in sorted(slots):
        tree(pen, kit, x + kit.uniform(-40, 40), 820, kit.uniform(300, 360))
    for x in sorted(slots)[:2]:
        bench(pen, x + 80, 850, 170)
    crowd(pen, kit, kit.rng.randint(3, 5), (860, 980), (175, 215))


def parasol(pen: Pen, kit: Kit, x: float, top: float, w: float, colors: tuple[object, object]) -> None:
    pen.line([(x, top), (x, top + 230)], "#6b6b6b", 6, caps=False)
    segments = 6
    for i in range(segments):
        x0, x1 = x - w / 2 + i * w / segments, x - w / 2 + (i + 1) * w / segments
        pen.polygon([(x, top - 40), (x0, top + 30), (x1, top + 30)], colors[i % 2])
        pen.pie((x0 + x1) / 2, top + 30, (x1 - x0) / 2, 0, 180, colors[i % 2])


def seated(pen: Pen, kit: Kit, x: float, ground: float, s: float, facing: int) -> None:
    """Someone on a bistro chair, facing the table at x + facing * 60 * s."""
    seat_y, ink = ground - 55 * s, "#3d3d3d"
    pen.line(
        [(x - 18 * s * facing, seat_y), (x - 18 * s * facing, seat_y - 70 * s)],
        ink,
        5 * s,
    )
    pen.rect(x - 22 * s, seat_y, x + 22 * s, seat_y + 6 * s, ink)
    for dx in (-18, 18):
        pen.line([(x + dx * s, seat_y), (x + dx * s * 1.1, ground)], ink, 3.5 * s)
    legs, coat = kit.pick(TROUSERS), kit.clothes()
    knee = (x + 42 * s * facing, seat_y - 4 * s)
    pen.line(
        [(x, seat_y - 6 * s), knee, (knee[0] + 4 * s * facing, ground - 4 * s)],
        legs,
        15 * s,
    )
    shoulder = (x + 6 * s * facing, seat_y - 78 * s)
    pen.line([(x, seat_y - 12 * s), shoulder], coat, 34 * s)
    pen.line([shoulder, (x + 58 * s * facing, ground - 92 * s)], shade(coat, 0.85), 11 * s)
    head(pen, kit, shoulder[0] + 4 * s * facing, shoulder[1] - 34 * s, 17 * s)


def cafe_table(pen: Pen, kit: Kit, x: float, ground: float, s: float) -> None:
    people = kit.rng.choice(((-1, 1), (-1,), (1,), (-1, 1)))
    for side in people:
        seated(pen, kit, x - side * 60 * s, ground, s, side)
    pen.rect(x - 6 * s, ground - 90 * s, x + 6 * s, ground, "#4a4a4a")
    pen.ellipse(x, ground - 2 * s, 30 * s, 6 * s, "#4a4a4a")
    pen.rect(x - 50 * s, ground - 96 * s, x + 50 * s, ground - 86 * s, "#f1f1ee", radius=3)
    for dx in kit.rng.sample((-30, -10, 14, 30), 2):
        pen.rect(
            x + dx * s - 6 * s,
            ground - 112 * s,
            x + dx * s + 6 * s,
            ground - 96 * s,
            kit.pick(("#ffffff", "#f4a261", "#e9c46a")),
        )


def scene_terras(pen: Pen, kit: Kit) -> None:
    base = kit.uniform(620, 660)
    sky(pen, kit, base)
    lots = street_lots(kit, (240, 320), (380, 520), k=0.85)
    cafe = min(lots, key=lambda lot: abs(lot.x + lot.w / 2 - 800))
    cafe.shop, cafe.w = "cafe", max(cafe.w, 420)
    reflow(lots)
    street(pen, kit, base, lots)
    pavement(pen, kit, base, HEIGHT, road=False)
    colors = (kit.pick(kit.pal.accents), "#fbfbf7")
    rows = (
        (kit.uniform(160, 260), 790, 0.8, 360),
        (kit.uniform(260, 380), 950, 1.0, 470),
    )
    for start, ground, s, gap in rows:
        x = start
        while x < WIDTH - 80:
            parasol(pen, kit, x, ground - 330 * s, 300 * s, colors)
            cafe_table(pen, kit, x, ground, s)
            x += gap + kit.uniform(-30, 30)
