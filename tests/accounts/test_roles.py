"""The role matrix: scope by agency subtree, rank by role, every change audited."""

import pytest

from openprovince.accounts.models import Business, BusinessMember, RoleAssignment
from openprovince.accounts.rules import agencies_visible_to, can_handle, can_view, rank_in
from openprovince.accounts.services.roles import role_grant
from openprovince.agencies.models import Agency
from openprovince.core.errors import PermissionDenied
from openprovince.core.models import AuditEvent
from tests.conftest import sign_in_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model, demo_province):
    def make(name, code=None, role=None):
        user = django_user_model.objects.create_user(name, password="x" * 12, is_staff=True)
        if code:
            RoleAssignment.objects.create(
                user=user, agency=Agency.objects.get(code=code), role=role
            )
        return user

    return make


@pytest.fixture
def two_ward_businesses(django_user_model, demo_province):
    citizen = django_user_model.objects.create_user("dan", password="x" * 12)
    members = {}
    for code, tax in (("TN.P.TANNINH", "0100109106"), ("TN.P.GODAU", "0100233488")):
        business = Business.objects.create(
            tax_code=tax,
            name=f"Cửa hàng {code}",
            address="1 Đường A",
            agency=Agency.objects.get(code=code),
        )
        members[code] = BusinessMember.objects.create(business=business, user=citizen)
    return members


def test_a_role_on_a_parent_covers_its_children_and_not_its_siblings(people):
    province = people("tinh", "TN", "handler")
    ward = people("phuong", "TN.P.TANNINH", "handler")
    tan_ninh, go_dau = (
        Agency.objects.get(code="TN.P.TANNINH"),
        Agency.objects.get(code="TN.P.GODAU"),
    )
    assert can_handle(province, tan_ninh) and can_handle(province, go_dau)
    assert can_handle(ward, tan_ninh) and not can_view(ward, go_dau)
    assert set(agencies_visible_to(ward).values_list("code", flat=True)) == {"TN.P.TANNINH"}
    assert agencies_visible_to(province).count() == Agency.objects.count()


def test_roles_in_several_agencies_add_up(people):
    user = people("hai.noi", "TN.P.TANNINH", "viewer")
    RoleAssignment.objects.create(
        user=user, agency=Agency.objects.get(code="TN.P.GODAU"), role="approver"
    )
    assert rank_in(user, Agency.objects.get(code="TN.P.GODAU")) == 3
    assert rank_in(user, Agency.objects.get(code="TN.P.TANNINH")) == 1
    assert agencies_visible_to(user, min_role="handler").get().code == "TN.P.GODAU"


def test_an_official_of_ward_a_cannot_see_or_act_on_ward_b(client, people, two_ward_businesses):
    sign_in_official(client, people("phuong", "TN.P.TANNINH", "handler"))
    page = client.get("/office/businesses/").content.decode()
    assert "Cửa hàng TN.P.TANNINH" in page and "Cửa hàng TN.P.GODAU" not in page
    other = two_ward_businesses["TN.P.GODAU"]
    assert (
        client.post("/office/businesses/", {"member": other.pk, "decision": "approve"}).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.status == "pending"


def test_a_viewer_cannot_act(client, people, two_ward_businesses):
    sign_in_official(client, people("xem", "TN.P.TANNINH", "viewer"))
    assert client.get("/office/businesses/").status_code == 403
    member = two_ward_businesses["TN.P.TANNINH"]
    assert (
        client.post("/office/businesses/", {"member": member.pk, "decision": "approve"}).status_code
        == 403
    )


def test_a_ward_handler_verifies_a_business_of_the_ward(client, people, two_ward_businesses):
    sign_in_official(client, people("phuong", "TN.P.TANNINH", "handler"))
    member = two_ward_businesses["TN.P.TANNINH"]
    response = client.post("/office/businesses/", {"member": member.pk, "decision": "approve"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == "active" and member.business.verified_at is not None
    assert AuditEvent.objects.filter(action="business.verify", agency_code="TN.P.TANNINH").exists()


def test_an_agency_admin_grants_in_own_subtree_only_and_never_province_admin(client, people):
    admin = people("quantri.phuong", "TN.P.TANNINH", "agency_admin")
    target = people("moi")
    sign_in_official(client, admin)
    ok = client.post(
        "/office/roles/", {"username": "moi", "agency": "TN.P.TANNINH", "role": "handler"}
    )
    assert ok.status_code == 302
    assert RoleAssignment.objects.filter(user=target, role="handler").exists()
    other_ward = client.post(
        "/office/roles/", {"username": "moi", "agency": "TN.P.GODAU", "role": "handler"}
    )
    assert other_ward.status_code == 400
    too_high = client.post(
        "/office/roles/", {"username": "moi", "agency": "TN.P.TANNINH", "role": "province_admin"}
    )
    assert too_high.status_code == 403
    assert not RoleAssignment.objects.filter(user=target, role="province_admin").exists()
    assert AuditEvent.objects.filter(action="role.grant", success=True).count() == 1
    assert AuditEvent.objects.filter(action="role.grant", success=False).count() == 1


def test_revoking_a_role_is_audited_and_scoped(client, people):
    admin = people("quantri.phuong", "TN.P.TANNINH", "agency_admin")
    handler = people("xuly", "TN.P.TANNINH", "handler")
    elsewhere = people("xuly2", "TN.P.GODAU", "handler")
    sign_in_official(client, admin)
    mine = RoleAssignment.objects.get(user=handler)
    theirs = RoleAssignment.objects.get(user=elsewhere)
    assert client.post(f"/office/roles/{theirs.pk}/remove/").status_code == 404
    assert client.post(f"/office/roles/{mine.pk}/remove/").status_code == 302
    assert not RoleAssignment.objects.filter(pk=mine.pk).exists()
    assert AuditEvent.objects.filter(action="role.revoke", success=True).exists()


def test_the_service_refuses_a_grant_above_the_granter(people):
    handler = people("xuly", "TN.P.TANNINH", "handler")
    with pytest.raises(PermissionDenied):
        role_grant(
            by=handler,
            user=people("moi"),
            agency=Agency.objects.get(code="TN.P.TANNINH"),
            role="viewer",
        )
