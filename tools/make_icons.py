"""Draw the default app icons (PNG) into openprovince/web/static/web/.

Run once when the default look changes: `python tools/make_icons.py`. A province replaces them
with its own files of the same names.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "openprovince/web/static/web"
BLUE = (11, 87, 164, 255)


def star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.42
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def icon(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # draw large, then shrink for smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if maskable:
        draw.rectangle((0, 0, s, s), fill=BLUE)
        r = s * 0.26  # stay within the 80% safe zone
    else:
        draw.rounded_rectangle((0, 0, s - 1, s - 1), radius=s * 0.2, fill=BLUE)
        r = s * 0.34
    draw.polygon(star(s / 2, s / 2 + r * 0.08, r), fill=(255, 255, 255, 255))
    # A small palette keeps the files small on 3G; the icon has two colours plus edges.
    return img.resize((size, size), Image.Resampling.LANCZOS).quantize(32, method=2)


def main() -> None:
    icon(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    icon(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    icon(32, maskable=False).save(OUT / "favicon-32.png", optimize=True)


if __name__ == "__main__":
    main()
