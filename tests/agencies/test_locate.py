import pytest

from openprovince.agencies.selectors import agency_containing_point
from openprovince.demo.province import cell_polygon, vertex
from tests.conftest import make_agency, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_wards():
    province = make_agency("P", type_code="province", boundary=square(106.0, 11.0, 1.0))
    make_agency("P.W1", parent=province, type_code="ward", boundary=square(106.0, 11.0, 0.5))
    make_agency("P.W2", parent=province, type_code="ward", boundary=square(106.5, 11.0, 0.5))
    return province


def test_given_a_point_inside_a_ward_when_located_then_the_ward_wins_over_the_province(two_wards):
    assert agency_containing_point(lat=11.2, lng=106.2).code == "P.W1"
    assert agency_containing_point(lat=11.2, lng=106.7).code == "P.W2"


def test_given_a_point_in_the_province_but_no_ward_when_located_then_the_province(two_wards):
    assert agency_containing_point(lat=11.8, lng=106.2).code == "P"


def test_given_a_point_outside_the_province_when_located_then_none(two_wards):
    assert agency_containing_point(lat=12.5, lng=106.2) is None
    assert agency_containing_point(lat=11.2, lng=105.99) is None


def test_given_a_point_on_the_border_of_two_wards_when_located_then_a_stable_answer(two_wards):
    on_border = agency_containing_point(lat=11.25, lng=106.5)
    assert on_border is not None
    assert on_border.code == "P.W1"
    assert agency_containing_point(lat=11.25, lng=106.5000001).code == "P.W2"
    assert agency_containing_point(lat=11.25, lng=106.4999999).code == "P.W1"


def test_given_a_type_filter_when_located_then_only_that_type_is_considered(two_wards):
    assert agency_containing_point(lat=11.2, lng=106.2, type_code="province").code == "P"
    assert agency_containing_point(lat=11.2, lng=106.2, type_code="commune") is None


def test_given_an_inactive_ward_when_located_then_the_parent_takes_over(two_wards):
    make_agency(
        "P.W1",
        parent=two_wards,
        type_code="ward",
        boundary=square(106.0, 11.0, 0.5),
        is_active=False,
    )
    assert agency_containing_point(lat=11.2, lng=106.2).code == "P"


def test_given_the_demo_province_when_every_cell_centre_is_located_then_its_own_ward(demo_province):
    from openprovince.demo.province import COLS, LOCAL, ROWS

    for n in range(ROWS * COLS):
        row, col = divmod(n, COLS)
        ring = cell_polygon(row, col)["coordinates"][0][:-1]
        lng = sum(p[0] for p in ring) / 4
        lat = sum(p[1] for p in ring) / 4
        found = agency_containing_point(lat=lat, lng=lng)
        assert found is not None
        assert found.name.endswith(LOCAL[n][1])
    # A shared corner inside the province belongs to some ward, never to nobody.
    corner_lng, corner_lat = vertex(2, 2)
    assert agency_containing_point(lat=corner_lat, lng=corner_lng).depth == 1
