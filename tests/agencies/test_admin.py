import json

import pytest

from openprovince.agencies.models import Agency, AgencyType
from tests.conftest import make_agency, square

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "code": "P.NEW",
        "type": AgencyType.objects.get(code="ward").pk,
        "name": "Phường Mới",
        "name_en": "",
        "phone": "",
        "email": "",
        "address": "",
        "opening_hours": "",
        "website": "",
        "description": "",
        "lat": "",
        "lng": "",
        "boundary": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_given_the_admin_when_adding_an_agency_then_the_tree_fields_are_kept(admin_client):
    root = make_agency("P", type_code="province")
    response = admin_client.post(
        "/admin/agencies/agency/add/",
        _form(parent=root.pk, boundary=json.dumps(square(106, 11, 0.1)), website="tayninh.gov.vn"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agency = Agency.objects.get(code="P.NEW")
    assert agency.depth == 1 and agency.path.startswith(root.path)
    assert agency.min_lat == 11 and agency.website == "https://tayninh.gov.vn"
    assert "phuong moi" in agency.name_folded


def test_given_the_admin_when_making_a_loop_or_bad_boundary_then_form_errors(admin_client):
    root = make_agency("P", type_code="province")
    child = make_agency("P.C", parent=root)
    loop = admin_client.post(
        f"/admin/agencies/agency/{root.pk}/change/",
        _form(code="P", type=root.type_id, name="Tỉnh", parent=child.pk),
    )
    assert loop.status_code == 200
    assert "không thể đặt" in loop.content.decode().lower()
    bad = admin_client.post(
        "/admin/agencies/agency/add/",
        _form(boundary=json.dumps({"type": "Point", "coordinates": [1, 2]})),
    )
    assert bad.status_code == 200 and not Agency.objects.filter(code="P.NEW").exists()
