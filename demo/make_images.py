"""Draw the demo illustrations that the demo JSON files refer to.

Usage: python demo/make_images.py [--force] [--json FILE ...] [--out DIR]

Every string "images/<name>.jpg" found anywhere in the JSON files (default: demo/*.json) becomes
<out>/<name>.jpg (default out: demo/images), a flat illustration of the scene named by the last
dash-separated word of <name>. Existing files are kept unless --force is given. The drawing is
deterministic: a hash of the name picks palette and layout, so reruns give identical files.
"""

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from PIL import Image
from scenes import SCENES, draw_scene

DEMO_DIR = Path(__file__).resolve().parent
IMAGE_PATH = re.compile(r"images/([A-Za-z0-9_-]+)\.jpg")
MAX_BYTES = 180_000
QUALITIES = (80, 74, 68, 62)


def json_strings(value: object) -> Iterator[str]:
    """Every string in a parsed JSON document, keys included, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def image_names(json_files: list[Path]) -> tuple[list[str], list[str]]:
    """Sorted, unique <name> parts of the images/<name>.jpg paths, and the files that failed."""
    names: set[str] = set()
    errors: list[str] = []
    for path in json_files:
        try:
            with path.open(encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, ValueError) as error:
            errors.append(f"{path}: {error}")
            continue
        for text in json_strings(document):
            names.update(IMAGE_PATH.findall(text))
    return sorted(names), errors


def seed_for(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")


def save_jpeg(image: Image.Image, target: Path) -> int:
    """Save progressive, optimised and without metadata; lower quality only if too big.

    The file is written under a temporary name first, so an interrupted run leaves no
    half-written image that a later run would keep.
    """
    partial = target.with_name(target.name + ".part")
    for quality in QUALITIES:
        image.save(partial, "JPEG", quality=quality, progressive=True, optimize=True)
        if partial.stat().st_size <= MAX_BYTES:
            break
    partial.replace(target)
    return target.stat().st_size


def say(message: str, stream: TextIO = sys.stdout) -> None:
    stream.write(message + "\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="redraw images that already exist")
    parser.add_argument(
        "--json",
        action="append",
        type=Path,
        metavar="FILE",
        help="JSON file to scan (repeatable; default demo/*.json)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEMO_DIR / "images",
        help="output folder (default demo/images)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    json_files = args.json or sorted(DEMO_DIR.glob("*.json"))
    args.out.mkdir(parents=True, exist_ok=True)
    drawn = skipped = 0
    names, problems = image_names(json_files)
    for name in names:
        scene = name.rsplit("-", 1)[-1]
        target = args.out / f"{name}.jpg"
        if scene not in SCENES:
            problems.append(f"images/{name}.jpg: unknown scene {scene!r}")
        elif target.exists() and not args.force:
            skipped += 1
        else:
            size = save_jpeg(draw_scene(scene, seed_for(name)), target)
            say(f"{target} ({size // 1024} KB)")
            drawn += 1
    say(f"{drawn} drawn, {skipped} kept ({len(json_files)} JSON files scanned)")
    for problem in problems:
        say(problem, sys.stderr)
    if problems:
        say(f"scenes: {', '.join(SCENES)}", sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
