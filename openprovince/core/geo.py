"""Small, dependency-free geometry for routing by location (GeoJSON, WGS84, [lng, lat]).

Province boundaries are polygons of a few hundred points at most, so plain ray casting after a
bounding-box prefilter is fast enough and avoids GEOS/PostGIS on the default SQLite install.
A point exactly on an edge counts as inside, so a report on the line between two wards is
routed (to the deterministic winner chosen by the caller), never dropped.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from typing import Any

Ring = list[tuple[float, float]]  # (lng, lat) points, closed (first == last)
Polygon = list[Ring]  # outer ring, then holes
EDGE_TOLERANCE = 1e-9  # degrees; ~0.1 mm


class GeometryError(ValueError):
    """The GeoJSON is not a usable polygon; the message says why (in English, for logs)."""


@dataclass(frozen=True)
class BBox:
    min_lng: float
    min_lat: float
    max_lng: float
    max_lat: float

    def contains(self, lng: float, lat: float) -> bool:
        return self.min_lng <= lng <= self.max_lng and self.min_lat <= lat <= self.max_lat


@dataclass(frozen=True)
class Area:
    """A parsed (Multi)Polygon."""

    polygons: tuple[Polygon, ...]
    bbox: BBox

    def contains(self, lng: float, lat: float) -> bool:
        if not self.bbox.contains(lng, lat):
            return False
        return any(_polygon_contains(poly, lng, lat) for poly in self.polygons)

    def centroid(self) -> tuple[float, float]:
        """Mean of the outer ring vertices of the largest polygon: good enough for a map pin."""
        outer = max(self.polygons, key=lambda p: len(p[0]))[0][:-1]
        return (sum(p[0] for p in outer) / len(outer), sum(p[1] for p in outer) / len(outer))


def valid_point(lat: float, lng: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180


def parse_area(value: str | dict[str, Any]) -> Area:
    """Accept a GeoJSON Polygon, MultiPolygon, or a Feature holding one."""
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except json.JSONDecodeError as exc:
        raise GeometryError(f"not JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise GeometryError("GeoJSON must be an object")
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    kind = data.get("type")
    coords = data.get("coordinates")
    polygons: tuple[Polygon, ...]
    if kind == "Polygon":
        polygons = (_parse_polygon(coords),)
    elif kind == "MultiPolygon":
        if not isinstance(coords, list) or not coords:
            raise GeometryError("MultiPolygon needs at least one polygon")
        polygons = tuple(_parse_polygon(p) for p in coords)
    else:
        raise GeometryError(f"geometry type must be Polygon or MultiPolygon, got {kind!r}")
    points = [pt for poly in polygons for pt in poly[0]]
    bbox = BBox(
        min(p[0] for p in points),
        min(p[1] for p in points),
        max(p[0] for p in points),
        max(p[1] for p in points),
    )
    return Area(polygons=polygons, bbox=bbox)


def _parse_polygon(coords: Any) -> Polygon:
    if not isinstance(coords, list) or not coords:
        raise GeometryError("Polygon needs at least one ring")
    return [_parse_ring(ring) for ring in coords]


def _parse_ring(ring: Any) -> Ring:
    if not isinstance(ring, list) or len(ring) < 4:
        raise GeometryError("a ring needs at least 4 positions (closed triangle)")
    points: Ring = []
    for pos in ring:
        if (
            not isinstance(pos, list | tuple)
            or len(pos) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in pos[:2])
        ):
            raise GeometryError(f"bad position {pos!r}")
        lng, lat = float(pos[0]), float(pos[1])
        if not valid_point(lat, lng):
            raise GeometryError(f"position out of range {pos!r}")
        points.append((lng, lat))
    if points[0] != points[-1]:
        raise GeometryError("ring is not closed (first position must equal the last)")
    return points


def _on_segment(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> bool:
    cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    if abs(cross) > EDGE_TOLERANCE * max(1.0, math.hypot(bx - ax, by - ay)):
        return False
    return (
        min(ax, bx) - EDGE_TOLERANCE <= px <= max(ax, bx) + EDGE_TOLERANCE
        and min(ay, by) - EDGE_TOLERANCE <= py <= max(ay, by) + EDGE_TOLERANCE
    )


def _ring_position(ring: Ring, x: float, y: float) -> int:
    """1 inside, 0 on the boundary, -1 outside (even-odd ray casting)."""
    inside = False
    for (ax, ay), (bx, by) in itertools.pairwise(ring):
        if _on_segment(x, y, ax, ay, bx, by):
            return 0
        if (ay > y) != (by > y):
            x_cross = ax + (y - ay) * (bx - ax) / (by - ay)
            if x < x_cross:
                inside = not inside
    return 1 if inside else -1


def _polygon_contains(poly: Polygon, x: float, y: float) -> bool:
    outer = _ring_position(poly[0], x, y)
    if outer < 0:
        return False
    if outer == 0:
        return True
    # Strictly inside a hole is outside; on a hole's edge is still the polygon's boundary.
    return all(_ring_position(hole, x, y) != 1 for hole in poly[1:])


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))
