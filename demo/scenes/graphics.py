"""Flat graphics rather than places: a data dashboard and a town-centre map."""

# Drawing helpers take coordinates and colours positionally, like Pillow's own API.
# ruff: noqa: PLR0917

import itertools
import math

from PIL import ImageDraw

from .kit import (
    HEIGHT,
    WIDTH,
    XY,
    Kit,
    Pen,
    rgb,
    shade,
)


def card(pen: Pen, x0: float, y0: float, x1: float, y1: float, title_w: float = 140) -> None:
    pen.rect(x0 + 3, y0 + 5, x1 + 3, y1 + 5, "#dfe3e8", radius=14)
    pen.rect(x0, y0, x1, y1, "#ffffff", radius=14)
    pen.rect(x0 + 22, y0 + 20, x0 + 22 + title_w, y0 + 32, "#c5ccd6", radius=6)


def kpi(pen: Pen, kit: Kit, x0: float, y0: float, x1: float, y1: float, color: object) -> None:
    card(pen, x0, y0, x1, y1, kit.uniform(90, 160))
    value = kit.pick(("1 248", "86%", "4,2", "312", "-18%", "27 540", "73%", "9,1"))
    pen.text(x0 + 30 + len(value) * 13, y0 + 75, value, 44, "#1f2937", bold=True)
    delta = kit.pick(("+12%", "+4%", "+8%", "-3%"))
    pen.text(x0 + 56, y1 - 24, delta, 18, "#2a9d8f" if delta[0] == "+" else "#d1495b")
    pts = [(x1 - 150 + i * 14, y1 - 40 - kit.uniform(0, 40)) for i in range(10)]
    pen.line(pts, color, 4)


def bar_chart(pen: Pen, kit: Kit, box: tuple[float, float, float, float], color: object) -> None:
    x0, y0, x1, y1 = box
    card(pen, x0, y0, x1, y1)
    for i in range(5):
        gy = y1 - 50 - i * (y1 - y0 - 120) / 4
        pen.line([(x0 + 40, gy), (x1 - 25, gy)], "#edf0f3", 2, caps=False)
    n, value = 12, kit.uniform(0.3, 0.6)
    bw = (x1 - x0 - 80) / n
    best = kit.rng.randrange(n)
    for i in range(n):
        value = min(1, max(0.15, value + kit.uniform(-0.15, 0.2)))
        top = y1 - 50 - value * (y1 - y0 - 130)
        fill = color if i == best else shade(color, 1.55)
        pen.rect(x0 + 45 + i * bw, top, x0 + 45 + i * bw + bw * 0.62, y1 - 50, fill, radius=5)
        pen.rect(
            x0 + 45 + i * bw,
            y1 - 32,
            x0 + 45 + i * bw + bw * 0.5,
            y1 - 26,
            "#d5dae1",
            radius=3,
        )


def line_chart(
    pen: Pen,
    kit: Kit,
    box: tuple[float, float, float, float],
    colors: tuple[object, object],
) -> None:
    x0, y0, x1, y1 = box
    card(pen, x0, y0, x1, y1)
    for color in colors:
        value, pts = kit.uniform(0.3, 0.7), []
        for i in range(9):
            value = min(0.95, max(0.05, value + kit.uniform(-0.2, 0.22)))
            pts.append((x0 + 40 + i * (x1 - x0 - 80) / 8, y1 - 30 - value * (y1 - y0 - 80)))
        if color == colors[0]:
            pen.polygon([*pts, (pts[-1][0], y1 - 30), (pts[0][0], y1 - 30)], shade(color, 1.75))
        pen.line(pts, color, 5)
        for px, py in pts:
            pen.circle(px, py, 7, color)
            pen.circle(px, py, 3, "#ffffff")


def donut(pen: Pen, kit: Kit, box: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = box
    card(pen, x0, y0, x1, y1)
    cx, cy, r = x0 + 120, (y0 + y1) / 2 + 14, min(85, (y1 - y0) / 2 - 30)
    shares = [kit.uniform(1, 4) for _ in range(4)]
    start, colors = -90.0, kit.rng.sample(kit.pal.accents, 4)
    for share, color in zip(shares, colors, strict=True):
        end = start + 360 * share / sum(shares)
        pen.pie(cx, cy, r, start, end, color)
        start = end
    pen.circle(cx, cy, r * 0.58, "#ffffff")
    for i, color in enumerate(colors):
        ly = y0 + 70 + i * 34
        pen.rect(x0 + 240, ly, x0 + 258, ly + 18, color, radius=4)
        pen.rect(
            x0 + 270,
            ly + 4,
            x0 + 270 + kit.uniform(80, 180),
            ly + 14,
            "#d5dae1",
            radius=5,
        )


def scene_data(pen: Pen, kit: Kit) -> None:
    pen.gradient(0, 0, WIDTH, 880, (shade(kit.pal.sky[1], 0.97), shade(kit.pal.sky[0], 1.3)))
    pen.rect(0, 880, WIDTH, HEIGHT, kit.pick(("#c49a6c", "#b08968", "#d8c3a5")))
    pen.rect(150, 50, 1450, 830, "#2b2d35", radius=26)
    pen.polygon([(750, 830), (850, 830), (875, 905), (725, 905)], "#3b3e48")
    pen.ellipse(800, 905, 170, 18, "#3b3e48")
    pen.rect(172, 72, 1428, 808, "#f3f5f8")
    pen.rect(172, 72, 300, 808, kit.pal.ink)
    for i in range(6):
        pen.rect(
            214,
            150 + i * 70,
            258,
            194 + i * 70,
            shade(kit.pal.ink, 1.4 if i else 1.9),
            radius=10,
        )
    pen.rect(300, 72, 1428, 140, "#ffffff")
    pen.rect(330, 98, 560, 114, "#9aa5b4", radius=8)
    pen.circle(1385, 106, 20, kit.pick(kit.pal.accents))
    accents = kit.rng.sample(kit.pal.accents, 3)
    for i in range(3):
        kpi(pen, kit, 325 + i * 362, 165, 325 + i * 362 + 340, 295, accents[i])
    bar_chart(pen, kit, (325, 320, 880, 785), accents[0])
    line_chart(pen, kit, (905, 320, 1405, 545), (accents[1], accents[2]))
    donut(pen, kit, (905, 570, 1405, 785))


def grid_nodes(kit: Kit) -> list[list[XY]]:
    cols, rows = 9, 7
    xs = [-80 + i * (WIDTH + 160) / (cols - 1) for i in range(cols)]
    ys = [-60 + j * (HEIGHT + 120) / (rows - 1) for j in range(rows)]
    return [[(x + kit.uniform(-45, 45), y + kit.uniform(-35, 35)) for y in ys] for x in xs]


def map_blocks(pen: Pen, kit: Kit, nodes: list[list[XY]]) -> None:
    park = (kit.rng.randrange(1, 7), kit.rng.randrange(1, 5))
    square = (kit.rng.randrange(2, 6), kit.rng.randrange(2, 4))
    for i in range(len(nodes) - 1):
        for j in range(len(nodes[0]) - 1):
            cell = [nodes[i][j], nodes[i + 1][j], nodes[i + 1][j + 1], nodes[i][j + 1]]
            cx, cy = sum(p[0] for p in cell) / 4, sum(p[1] for p in cell) / 4
            if (i, j) == park:
                pen.polygon(cell, kit.pal.leaf[2])
                for _ in range(14):
                    pen.circle(
                        cx + kit.uniform(-60, 60),
                        cy + kit.uniform(-45, 45),
                        12,
                        kit.pal.leaf[0],
                    )
                continue
            pen.polygon(cell, "#ece4d4" if (i, j) == square else "#ddd3c2")
            inner = [(cx + (x - cx) * 0.62, cy + (y - cy) * 0.62) for x, y in cell]
            pen.polygon(inner, "#f4efe6" if (i, j) == square else "#cfc3ae")


def map_streets(pen: Pen, kit: Kit, nodes: list[list[XY]]) -> None:
    main_col, main_row = kit.rng.randrange(2, 7), kit.rng.randrange(2, 5)
    for width, color in ((26, "#c4b69c"), (18, "#ffffff")):
        for i, col in enumerate(nodes):
            pen.line(
                col,
                "#f2c14e" if i == main_col and color == "#ffffff" else color,
                width + (8 if i == main_col else 0),
            )
        for j in range(len(nodes[0])):
            row = [col[j] for col in nodes]
            pen.line(
                row,
                "#f2c14e" if j == main_row and color == "#ffffff" else color,
                width + (8 if j == main_row else 0),
            )


def map_route(pen: Pen, kit: Kit, nodes: list[list[XY]]) -> None:
    i, j = kit.rng.randrange(1, 3), 5
    path = [(i, j)]
    while i < 7 and j > 1:
        if kit.rng.random() < 0.5:
            i += 1
        else:
            j -= 1
        path.append((i, j))
    pts = [nodes[a][b] for a, b in path]
    color = kit.pick(("#e63946", "#d62828", "#7b2cbf", "#0077b6"))
    pen.line(pts, "#ffffff", 26)
    pen.line(pts, color, 14)
    pen.circle(*pts[0], 20, "#ffffff")
    pen.circle(*pts[0], 13, color)
    ex, ey = pts[-1]
    pen.polygon([(ex - 30, ey - 62), (ex + 30, ey - 62), (ex, ey)], color)
    pen.circle(ex, ey - 72, 34, color)
    pen.circle(ex, ey - 72, 14, "#ffffff")
    for n, (px, py) in enumerate(pts[2:-1:2][:3], start=1):
        pen.circle(px, py, 24, "#ffffff")
        pen.circle(px, py, 19, kit.pal.ink)
        pen.text(px, py, str(n), 22, "#ffffff", bold=True)


def centre_zone(pen: Pen, kit: Kit, nodes: list[list[XY]]) -> None:
    """The commercial core, tinted and outlined with a dashed line."""
    i, j = kit.rng.randrange(2, 5), kit.rng.randrange(2, 4)
    ring = [
        nodes[i][j],
        nodes[i + 1][j],
        nodes[i + 2][j],
        nodes[i + 2][j + 1],
        nodes[i + 2][j + 2],
    ]
    ring += [nodes[i + 1][j + 2], nodes[i][j + 2], nodes[i][j + 1], nodes[i][j]]
    color = rgb(kit.pick(kit.pal.accents))

    def tint(draw: ImageDraw.ImageDraw, s: float) -> None:
        draw.polygon([(x * s, y * s) for x, y in ring], fill=(*color, 60))

    pen.layer(tint)
    for a, b in itertools.pairwise(ring):
        for t in range(0, 10, 2):
            p0 = (a[0] + (b[0] - a[0]) * t / 10, a[1] + (b[1] - a[1]) * t / 10)
            p1 = (
                a[0] + (b[0] - a[0]) * (t + 1) / 10,
                a[1] + (b[1] - a[1]) * (t + 1) / 10,
            )
            pen.line([p0, p1], color, 6)


def scene_kaart(pen: Pen, kit: Kit) -> None:
    pen.rect(0, 0, WIDTH, HEIGHT, "#efe9dc")
    nodes = grid_nodes(kit)
    map_blocks(pen, kit, nodes)
    y0, y1 = kit.uniform(150, 850), kit.uniform(150, 850)
    river = [(t * WIDTH / 20, y0 + (y1 - y0) * t / 20 + 60 * math.sin(t / 3)) for t in range(21)]
    pen.line(river, "#a9d3e8", 70, caps=False)
    map_streets(pen, kit, nodes)
    centre_zone(pen, kit, nodes)
    map_route(pen, kit, nodes)
    pen.rect(40, 40, 330, 170, "#ffffff", radius=14)
    for k, color in enumerate(("#e63946", kit.pal.leaf[1], "#f2c14e")):
        y = 70 + k * 34
        pen.rect(64, y, 94, y + 16, color, radius=4)
        pen.rect(108, y + 3, 108 + kit.uniform(120, 190), y + 13, "#c5ccd6", radius=5)
    cx, cy = WIDTH - 90, HEIGHT - 190
    pen.circle(cx, cy, 46, "#ffffff")
    pen.polygon([(cx, cy - 32), (cx + 16, cy + 14), (cx - 16, cy + 14)], "#333333")
    pen.text(cx, cy + 30, "N", 20, "#333333", bold=True)
    for k in range(4):
        pen.rect(
            WIDTH - 300 + k * 50,
            HEIGHT - 70,
            WIDTH - 250 + k * 50,
            HEIGHT - 58,
            "#333333" if k % 2 else "#ffffff",
        )
    pen.text(WIDTH - 200, HEIGHT - 90, "200 m", 18, "#333333")
