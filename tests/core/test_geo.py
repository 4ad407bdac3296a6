import json

import pytest

from openprovince.core.geo import GeometryError, distance_m, parse_area
from tests.conftest import square


def test_given_a_square_when_points_tested_then_inside_edge_and_outside_are_told_apart():
    area = parse_area(square(106.0, 11.0, 0.1))
    assert area.contains(106.05, 11.05)
    assert area.contains(106.0, 11.05)  # on the west edge
    assert area.contains(106.1, 11.1)  # on a corner
    assert not area.contains(106.1000001, 11.05)
    assert not area.contains(105.9, 11.05)


def test_given_a_polygon_with_a_hole_when_point_in_hole_then_outside():
    outer = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    area = parse_area({"type": "Polygon", "coordinates": [outer, hole]})
    assert area.contains(2, 2)
    assert not area.contains(5, 5)
    assert area.contains(4, 5)  # the hole's edge is the polygon's boundary


def test_given_a_concave_polygon_when_point_in_the_notch_then_outside():
    u_shape = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]
    area = parse_area({"type": "Polygon", "coordinates": [u_shape]})
    assert area.contains(0.5, 2)
    assert not area.contains(1.5, 2)
    assert area.contains(1.5, 0.5)


def test_given_a_multipolygon_or_feature_when_parsed_then_all_parts_count():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(0, 0, 1)["coordinates"], square(5, 5, 1)["coordinates"]],
    }
    area = parse_area(json.dumps({"type": "Feature", "properties": {}, "geometry": multi}))
    assert area.contains(0.5, 0.5)
    assert area.contains(5.5, 5.5)
    assert not area.contains(3, 3)


@pytest.mark.parametrize(
    "bad",
    [
        "not json",
        "[]",
        {"type": "Point", "coordinates": [1, 2]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 200], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], ["a", 0], [1, 1], [0, 0]]]},
        {"type": "MultiPolygon", "coordinates": []},
    ],
)
def test_given_bad_geojson_when_parsed_then_geometry_error(bad):
    with pytest.raises(GeometryError):
        parse_area(bad)


def test_distance_between_two_wards_is_in_metres():
    # One degree of latitude is about 111 km.
    assert 110_000 < distance_m(11.0, 106.0, 12.0, 106.0) < 112_000
