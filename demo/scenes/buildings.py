"""Rows of town houses seen from the front: roofs, windows, balconies and shop fronts."""

# Drawing helpers take coordinates and colours positionally, like Pillow's own API.
# ruff: noqa: PLR0917

import itertools
from dataclasses import dataclass

from .kit import (
    RGB,
    WIDTH,
    Kit,
    Pen,
    mix,
    rgb,
    shade,
)
from .parts import (
    awning,
    bust,
)

SHOP_WORDS = (
    "BAKKER",
    "BOEKEN",
    "MODE",
    "BLOEMEN",
    "SCHOENEN",
    "OPTIEK",
    "KAAS",
    "DELI",
    "FIETSEN",
    "SPEELGOED",
)


CAFE_WORDS = ("CAFE", "BRASSERIE", "KOFFIE", "BISTRO", "TEA ROOM")


ROOFS = ("flat", "gable", "stepped", "pitched", "flat")


WARM = ("#ffd37a", "#ffe3a3", "#ffc25c")


@dataclass
class Lot:
    """One building in a street row: position, size, colour and what its ground floor holds."""

    x: float
    w: float
    h: float
    color: object
    roof: str
    shop: str = "shop"  # shop | cafe | empty | house
    k: float = 1.0  # storey scale, smaller for buildings further away
    arched: bool = False
    balconies: bool = False
    green: bool = False
    modern: bool = False


def street_lots(kit: Kit, widths: tuple[float, float], heights: tuple[float, float], k: float = 1.0) -> list[Lot]:
    colors = list(kit.pal.facades)
    kit.rng.shuffle(colors)
    x, out = -kit.uniform(20, 140), []
    while x < WIDTH:
        w = kit.uniform(*widths) * k
        color = colors[len(out) % len(colors)]
        shop = "shop" if kit.rng.random() < 0.8 else kit.pick(("cafe", "house"))
        lot = Lot(
            x,
            w,
            kit.uniform(*heights) * k,
            color,
            kit.pick(ROOFS),
            shop,
            k,
            kit.rng.random() < 0.3,
        )
        out.append(lot)
        x += w
    return out


def reflow(lots: list[Lot]) -> None:
    """Close the gaps after widening a lot: each building starts where its left neighbour ends."""
    for left, right in itertools.pairwise(lots):
        right.x = left.x + left.w


def building(pen: Pen, kit: Kit, lot: Lot, base: float) -> None:
    color = shade(lot.color, 0.5) if kit.night else rgb(lot.color)
    top, ground_h = base - lot.h, 190 * lot.k
    roof(pen, lot, top, color)
    pen.rect(lot.x, top, lot.x + lot.w, base, color)
    if lot.green:
        green_wall(pen, kit, lot, top, base - ground_h)
    upper_windows(pen, kit, lot, top, base - ground_h, color)
    pen.rect(
        lot.x,
        base - ground_h - 10 * lot.k,
        lot.x + lot.w,
        base - ground_h,
        shade(color, 0.82),
    )
    storefront(pen, kit, lot, base, ground_h)
    pen.rect(lot.x - 1.5, top, lot.x + 1.5, base, shade(color, 0.8))


def roof(pen: Pen, lot: Lot, top: float, color: RGB) -> None:
    x0, x1, k = lot.x, lot.x + lot.w, lot.k
    edge = shade(color, 0.72)
    if lot.roof == "gable":
        pen.polygon(
            [(x0 - 4, top + 2), (x1 + 4, top + 2), ((x0 + x1) / 2, top - lot.w * 0.42)],
            edge,
        )
        pen.polygon(
            [
                (x0 + 8, top + 2),
                (x1 - 8, top + 2),
                ((x0 + x1) / 2, top - lot.w * 0.42 + 12),
            ],
            color,
        )
        pen.circle((x0 + x1) / 2, top - lot.w * 0.14, 16 * k, shade(color, 0.6))
    elif lot.roof == "stepped":
        steps = 4
        for i in range(steps):
            inset = lot.w * (0.5 / (steps + 0.5)) * (i + 0.5)
            pen.rect(x0 + inset, top - (i + 1) * 34 * k, x1 - inset, top + 1, color)
            pen.rect(
                x0 + inset - 3,
                top - (i + 1) * 34 * k - 6,
                x1 - inset + 3,
                top - (i + 1) * 34 * k,
                edge,
            )
    elif lot.roof == "pitched":
        slate = "#4e5863" if lot.x % 2 < 1 else "#7a4b3a"
        pen.polygon(
            [
                (x0 - 8, top),
                (x1 + 8, top),
                (x1 - 30, top - 80 * k),
                (x0 + 30, top - 80 * k),
            ],
            slate,
        )
        dx = x0 + lot.w * 0.5
        pen.rect(dx - 26 * k, top - 62 * k, dx + 26 * k, top, color)
        pen.polygon(
            [
                (dx - 34 * k, top - 60 * k),
                (dx + 34 * k, top - 60 * k),
                (dx, top - 86 * k),
            ],
            slate,
        )
        pen.rect(dx - 14 * k, top - 48 * k, dx + 14 * k, top - 12 * k, "#cfe3ee")
    else:
        pen.rect(x0 - 5, top - 16 * k, x1 + 5, top, edge)


def window_glass(kit: Kit) -> object:
    if kit.night:
        return kit.pick(WARM) if kit.rng.random() < 0.6 else "#2a2f45"
    return kit.pal.glass


def upper_windows(pen: Pen, kit: Kit, lot: Lot, top: float, bottom: float, color: RGB) -> None:
    k, floor_h = lot.k, 125 * lot.k
    floors = max(1, int((bottom - top - 20 * k) / floor_h))
    cols = max(2, round(lot.w / ((180 if lot.modern else 100) * k)))
    cw = lot.w / cols
    ww = cw * (0.78 if lot.modern else 0.52)
    frame = shade(color, 1.55) if not kit.night else shade(color, 1.2)
    for f in range(floors):
        floor_y = bottom - f * floor_h
        wy, wh = floor_y - floor_h + 22 * k, floor_h * 0.62
        if lot.balconies:
            wy, wh = floor_y - floor_h * 0.84, floor_h * 0.72
        for c in range(cols):
            window(pen, kit, lot.x + c * cw + (cw - ww) / 2, wy, ww, wh, frame, lot.arched)
        if not lot.balconies or (f == floors - 1 and lot.roof != "flat"):
            continue
        if lot.modern:
            balcony(pen, kit, lot.x + 12 * k, lot.x + lot.w - 12 * k, wy + wh, k, glass=True)
            continue
        for c in range(cols):
            wx = lot.x + c * cw + (cw - ww) / 2
            balcony(pen, kit, wx - 10 * k, wx + ww + 10 * k, wy + wh, k)


def window(
    pen: Pen,
    kit: Kit,
    x: float,
    y: float,
    w: float,
    h: float,
    frame: object,
    arched: bool,
) -> None:
    glass = window_glass(kit)
    if arched:
        pen.pie(x + w / 2, y + w / 2, w / 2 + 5, 180, 360, frame)
        pen.pie(x + w / 2, y + w / 2, w / 2 - 2, 180, 360, glass)
        y, h = y + w / 2, h - w / 2
    pen.rect(x - 5, y - 5, x + w + 5, y + h + 5, frame)
    pen.rect(x, y, x + w, y + h, glass)
    if not kit.night and glass == kit.pal.glass:
        pen.polygon(
            [
                (x + w * 0.15, y + h),
                (x + w * 0.55, y),
                (x + w * 0.75, y),
                (x + w * 0.35, y + h),
            ],
            shade(glass, 1.4),
        )
    pen.line([(x + w / 2, y), (x + w / 2, y + h)], frame, 4, caps=False)
    pen.line([(x, y + h * 0.4), (x + w, y + h * 0.4)], frame, 4, caps=False)
    pen.rect(x - 9, y + h + 3, x + w + 9, y + h + 11, shade(frame, 0.85))


def balcony(pen: Pen, kit: Kit, x0: float, x1: float, y: float, k: float, glass: bool = False) -> None:
    ink = "#3b3f45"
    if kit.rng.random() < 0.12:
        bust(pen, kit, kit.uniform(x0 + 30 * k, x1 - 30 * k), y - 10 * k, 110 * k)
    pen.rect(x0 - 4 * k, y + 2, x1 + 4 * k, y + 14 * k, shade(kit.pal.pavement, 0.7))
    if glass:
        pen.rect(x0, y - 46 * k, x1, y + 2, mix(kit.pal.glass, "#7f9fb0", 0.35))
    else:
        bars = int((x1 - x0) / (12 * k))
        for i in range(bars + 1):
            bx = x0 + i * (x1 - x0) / bars
            pen.line([(bx, y - 44 * k), (bx, y + 2)], ink, 2.5, caps=False)
    pen.rect(x0, y - 48 * k, x1, y - 42 * k, ink)
    if kit.rng.random() < 0.55:
        mid = kit.pal.leaf[1]
        px = kit.uniform(x0 + 15 * k, x1 - 15 * k)
        pen.circle(px, y - 62 * k, 16 * k, mid)
        pen.circle(px + 10 * k, y - 70 * k, 5 * k, kit.pick(kit.pal.accents))
        pen.rect(px - 11 * k, y - 54 * k, px + 11 * k, y - 36 * k, "#b5651d")


def green_wall(pen: Pen, kit: Kit, lot: Lot, top: float, bottom: float) -> None:
    dark, mid, light = kit.pal.leaf
    step = 26 * lot.k
    rows, cols = int((bottom - top) / step) + 1, int(lot.w / step) + 1
    for r in range(rows):
        for c in range(cols):
            x = lot.x + c * step + kit.uniform(-6, 6) + (r % 2) * step / 2
            y = top + r * step + kit.uniform(-6, 6)
            if lot.x < x < lot.x + lot.w:
                pen.circle(x, y, kit.uniform(14, 20) * lot.k, kit.pick((dark, mid, mid, light)))
    for _ in range(int(lot.w / 30)):
        pen.circle(
            kit.uniform(lot.x, lot.x + lot.w),
            kit.uniform(top, bottom),
            5,
            kit.pick(("#f4f1de", "#ffd166", "#ef476f")),
        )


def storefront(pen: Pen, kit: Kit, lot: Lot, base: float, ground_h: float) -> None:
    k = lot.k
    x0, x1 = lot.x + 14 * k, lot.x + lot.w - 14 * k
    door_w, left_door = 62 * k, kit.rng.random() < 0.5
    dx0 = x0 if left_door else x1 - door_w
    wx0, wx1 = (x0 + door_w + 10 * k, x1) if left_door else (x0, x1 - door_w - 10 * k)
    band_y = base - ground_h + 14 * k
    if lot.shop == "house":
        window(
            pen,
            kit,
            wx0 + 20 * k,
            band_y + 20 * k,
            wx1 - wx0 - 40 * k,
            ground_h * 0.55,
            shade(lot.color, 1.5),
            False,
        )
    else:
        shop_window(pen, kit, lot, (wx0, band_y + 58 * k, wx1, base - 18 * k))
        shop_sign(pen, kit, lot, (x0, band_y, x1, band_y + 40 * k))
    door(pen, kit, dx0, base, door_w, ground_h * 0.78, lot.color)
    pen.rect(
        lot.x,
        base - 14 * k,
        lot.x + lot.w,
        base,
        shade(lot.color, 0.7 if not kit.night else 0.35),
    )
    if lot.shop in ("shop", "cafe") and kit.rng.random() < 0.8:
        colors = (
            kit.pick(kit.pal.accents),
            "#fbfbf7" if lot.shop == "shop" else kit.pal.ink,
        )
        awning(pen, wx0 - 4 * k, wx1 + 4 * k, band_y + 48 * k, 46 * k, colors)


def shop_sign(pen: Pen, kit: Kit, lot: Lot, box: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = box
    if lot.shop == "empty":
        pen.rect(x0, y0, x1, y1, shade(lot.color, 0.9))
        pen.rect(x0 + 30, y0 + 8, x1 - 30, y1 - 8, shade(lot.color, 0.95))
        return
    bg = kit.pal.ink if kit.rng.random() < 0.5 else kit.pick(kit.pal.accents)
    pen.rect(x0, y0, x1, y1, bg)
    word = kit.word(CAFE_WORDS if lot.shop == "cafe" else SHOP_WORDS)
    if len(word) * 17 * lot.k < x1 - x0 - 20:
        pen.text((x0 + x1) / 2, (y0 + y1) / 2, word, round(24 * lot.k), "#ffffff", bold=True)


def shop_window(pen: Pen, kit: Kit, lot: Lot, box: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = box
    frame = "#3d3d3d" if lot.shop != "empty" else "#8b8b8b"
    pen.rect(x0 - 6, y0 - 6, x1 + 6, y1 + 6, frame)
    if lot.shop == "empty":
        empty_window(pen, kit, box)
        return
    glass = kit.pick(WARM) if kit.night else shade(kit.pal.glass, 0.96)
    pen.rect(x0, y0, x1, y1, glass)
    shelf_y = (y0 + y1) / 2 + 10
    for sy in (shelf_y, y1 - 4):
        pen.rect(x0 + 4, sy, x1 - 4, sy + 6, "#9c7b5b")
        x = x0 + 16
        while x < x1 - 30:
            item_w = kit.uniform(16, 30) * lot.k
            item_h = kit.uniform(20, 44) * lot.k
            pen.rect(x, sy - item_h, x + item_w, sy, kit.pick(kit.pal.accents), radius=4)
            x += item_w + kit.uniform(6, 18)
    if not kit.night:
        pen.polygon(
            [(x0 + 20, y1), (x0 + 70, y0), (x0 + 100, y0), (x0 + 50, y1)],
            shade(glass, 1.35),
        )
    pen.line([((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)], frame, 5, caps=False)


def empty_window(pen: Pen, kit: Kit, box: tuple[float, float, float, float]) -> None:
    """Whitewashed empty shop window with a 'TE HUUR' board."""
    x0, y0, x1, y1 = box
    pen.rect(x0, y0, x1, y1, "#e9e6df")
    for i in range(8):
        sx = x0 + 10 + (x1 - x0 - 70) * i / 7
        pen.line([(sx, y1 - 8), (sx + 50, y0 + 8)], "#f7f5f0", 10, caps=False)
    board = kit.pick(("#e63946", "#f77f00", "#d62828", "#f4a261"))
    cx, cy, bw, bh = (x0 + x1) / 2, (y0 + y1) / 2, min(230, (x1 - x0) * 0.8), 118
    pen.rect(cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2, board, radius=8)
    pen.rect(
        cx - bw / 2 + 8,
        cy - bh / 2 + 8,
        cx + bw / 2 - 8,
        cy + bh / 2 - 8,
        "#ffffff",
        radius=5,
    )
    pen.text(cx, cy - 14, "TE HUUR", 34, board, bold=True)
    pen.text(cx, cy + 26, "0470 12 34 56", 18, "#333333")


def door(pen: Pen, kit: Kit, x: float, base: float, w: float, h: float, wall: object) -> None:
    color = kit.pick((kit.pal.ink, "#6b4226", "#2f5d50", "#7a1f2b"))
    pen.rect(x - 6, base - h - 6, x + w + 6, base, shade(wall, 0.75))
    pen.rect(x, base - h, x + w, base, color)
    pen.rect(
        x + w * 0.2,
        base - h * 0.9,
        x + w * 0.8,
        base - h * 0.45,
        window_glass(kit) if kit.night else kit.pal.glass,
    )
    pen.circle(x + w * 0.82, base - h * 0.4, 4, "#d4af37")


def street(pen: Pen, kit: Kit, base: float, lots: list[Lot]) -> None:
    for lot in lots:
        building(pen, kit, lot, base)
