"""Flat illustrations of town-centre scenes for the demo images (used by make_images.py).

Everything is drawn in logical 1600x1000 pixels on a supersampled canvas, so edges stay smooth
without any external asset. A seeded Random and a palette make two images of one scene differ.
"""

import random
from collections.abc import Callable

from PIL import Image

from .gatherings import scene_licht, scene_overleg
from .graphics import scene_data, scene_kaart
from .kit import PALETTES, Kit, Pen
from .squares import scene_markt, scene_plein, scene_terras
from .streets import (
    scene_fiets,
    scene_groen,
    scene_leegstand,
    scene_winkelstraat,
    scene_wonen,
)

__all__ = ["SCENES", "draw_scene"]

SCENES: dict[str, Callable[[Pen, Kit], None]] = {
    "winkelstraat": scene_winkelstraat,
    "leegstand": scene_leegstand,
    "markt": scene_markt,
    "plein": scene_plein,
    "terras": scene_terras,
    "fiets": scene_fiets,
    "groen": scene_groen,
    "wonen": scene_wonen,
    "licht": scene_licht,
    "overleg": scene_overleg,
    "data": scene_data,
    "kaart": scene_kaart,
}


def draw_scene(scene: str, seed: int) -> Image.Image:
    """Render one scene; the seed picks palette and layout, so equal seeds give equal images."""
    # A seeded generator for layout only, so the same name always gives the same picture.
    rng = random.Random(seed)  # noqa: S311
    kit = Kit(rng, PALETTES[seed % len(PALETTES)], night=scene == "licht")
    pen = Pen()
    SCENES[scene](pen, kit)
    return pen.finish()
