"""Street scenes: shopping street, vacancy, cycle lane, greenery and housing above shops."""

from .buildings import reflow, street, street_lots
from .kit import HEIGHT, WIDTH, Kit, Pen
from .parts import (
    bench,
    bicycle,
    bike_rack,
    car,
    crowd,
    cyclist,
    lamp_post,
    pavement,
    planter,
    sky,
    tree,
)


def scene_winkelstraat(pen: Pen, kit: Kit) -> None:
    base = kit.uniform(740, 770)
    sky(pen, kit, base)
    street(pen, kit, base, street_lots(kit, (230, 340), (430, 620)))
    pavement(pen, kit, base, 900)
    for x in kit.rng.sample(range(150, 1500, 260), 2):
        lamp_post(pen, x, 880, 330)
    if kit.rng.random() < 0.6:
        planter(pen, kit, kit.uniform(200, 1300), 885)
    crowd(pen, kit, kit.rng.randint(4, 7), (800, 890), (125, 165))


def scene_leegstand(pen: Pen, kit: Kit) -> None:
    base = kit.uniform(740, 770)
    sky(pen, kit, base)
    lots = street_lots(kit, (240, 320), (430, 600))
    mid = min(lots, key=lambda lot: abs(lot.x + lot.w / 2 - kit.uniform(650, 950)))
    mid.shop, mid.w = "empty", max(mid.w, 330)
    for lot in lots:
        if lot is not mid and lot.shop == "house":
            lot.shop = "shop"
    reflow(lots)
    street(pen, kit, base, lots)
    pavement(pen, kit, base, 900)
    lamp_post(pen, kit.uniform(120, 400), 880, 330)
    crowd(
        pen,
        kit,
        kit.rng.randint(2, 4),
        (800, 890),
        (125, 165),
        avoid=((mid.x, mid.x + mid.w),),
    )


def scene_fiets(pen: Pen, kit: Kit) -> None:
    base = kit.uniform(540, 570)
    sky(pen, kit, base)
    street(pen, kit, base, street_lots(kit, (240, 320), (330, 460), k=0.75))
    pavement(pen, kit, base, 660, road=False)
    rack_x = kit.uniform(80, 700)
    for i in range(kit.rng.randint(4, 7)):
        bike_rack(pen, rack_x + i * 78, 648, 64, 44)
        if kit.rng.random() < 0.75:
            bicycle(pen, rack_x + i * 78 + 22, 652, 120, kit.pick(kit.pal.accents))
    lane = kit.pick(("#b5473a", "#c0504d", "#a9443a"))
    pen.rect(0, 660, WIDTH, 676, "#d9d9d6")
    pen.rect(0, 676, WIDTH, 850, lane)
    for x in range(0, WIDTH, 90):
        pen.rect(x, 760, x + 50, 766, "#f4f1ea")
    icon_x = kit.uniform(300, 1300)
    bicycle(pen, icon_x, 745, 110, "#f4f1ea", ink="#f4f1ea")
    pen.rect(0, 850, WIDTH, 880, kit.pal.leaf[1])
    for x in range(20, WIDTH, 60):
        pen.circle(x + kit.uniform(-8, 8), 852, 20, kit.pal.leaf[0])
    pen.rect(0, 880, WIDTH, 890, "#d9d9d6")
    pen.rect(0, 890, WIDTH, HEIGHT, kit.pal.road)
    car(pen, kit.uniform(-100, 1250), 985, 340, kit.pick(kit.pal.accents))
    gap = kit.uniform(430, 560)
    riders = [kit.uniform(140, 330) + i * gap for i in range(3)]
    for i, x in enumerate(riders):
        if abs(x - icon_x) > 150 and x < WIDTH - 120:
            cyclist(
                pen,
                kit,
                x,
                748 + (i % 2) * 80,
                230 + (i % 2) * 20,
                kit.rng.choice((1, -1)),
            )


def scene_groen(pen: Pen, kit: Kit) -> None:
    base = kit.uniform(680, 720)
    sky(pen, kit, base)
    lots = street_lots(kit, (240, 340), (420, 600))
    for lot in kit.rng.sample(lots[1:-1], 2):
        lot.green = True
    street(pen, kit, base, lots)
    pavement(pen, kit, base, 910)
    pen.rect(0, 860, WIDTH, 900, kit.pal.leaf[1])
    for x in range(10, WIDTH, 38):
        pen.circle(x, 862 + kit.uniform(-6, 4), kit.uniform(14, 22), kit.pick(kit.pal.leaf))
        if kit.rng.random() < 0.4:
            pen.circle(x + 10, 850, 6, kit.pick(("#f4f1de", "#ffd166", "#ef476f", "#b5179e")))
    for x in range(int(kit.uniform(100, 250)), WIDTH, 420):
        tree(pen, kit, x, 880, kit.uniform(330, 380))
    planter(pen, kit, kit.uniform(250, 500), 800, 150)
    bench(pen, kit.uniform(900, 1150), 800)
    crowd(pen, kit, kit.rng.randint(2, 4), (760, 820), (130, 150))


def scene_wonen(pen: Pen, kit: Kit) -> None:
    base = kit.uniform(800, 830)
    sky(pen, kit, base)
    lots = street_lots(kit, (280, 380), (620, 760))
    for lot in lots:
        lot.balconies, lot.arched = kit.rng.random() < 0.7, False
        if lot.shop == "house" and kit.rng.random() < 0.6:
            lot.shop = "shop"
    modern = kit.rng.choice(lots[1:-1])
    modern.modern, modern.balconies, modern.roof = True, True, "flat"
    modern.color, modern.w = (
        kit.pick(("#eeece6", "#e3e6e8", "#d9d2c5", "#c9d3d6")),
        max(modern.w, 380),
    )
    reflow(lots)
    street(pen, kit, base, lots)
    pavement(pen, kit, base, 930)
    crowd(pen, kit, kit.rng.randint(3, 5), (850, 920), (135, 160))
