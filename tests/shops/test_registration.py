"""Registering a shop, verification by the ward (case engine), change requests."""

from __future__ import annotations

from typing import Any

import pytest

from openprovince.cases.services.transitions import case_transition
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.fulltext.models import SearchDocument
from openprovince.shops.models import Shop, ShopRequest
from openprovince.shops.services.registration import (
    shop_change_propose,
    shop_draft_save,
    shop_submit,
)

from .conftest import TAN_NINH, shop_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"name": " "}, "shops.no_name", "name"),
        ({"category": "nope"}, "shops.bad_category", "category"),
        ({"address": ""}, "shops.no_address", "address"),
        ({"lat": "10.0", "lng": "105.0"}, "shops.outside", "location"),
        ({"lat": "abc", "lng": "106"}, "shops.bad_location", "location"),
        ({"lat": "95", "lng": "106"}, "shops.bad_location", "location"),
        ({"lat": "", "lng": "", "ward": "TN.NOPE"}, "shops.bad_ward", "ward"),
        ({"tax_code": "0300588560"}, None, "tax_code"),  # wrong check digit
        ({"phone": "12345"}, "accounts.bad_phone", "phone"),
        ({"methods": ["cash"]}, "shops.bad_method", "methods"),
        ({"links": "javascript:alert(1)"}, "shops.bad_link", "links"),
        ({"accounts": [{"bank_bin": "999999", "account": "123456", "holder": "A B"}]},
         "shops.bad_bank", "bank_bin"),
        ({"accounts": [{"bank_bin": "970436", "account": "12-ab", "holder": "A B"}]},
         None, "account"),
        ({"accounts": [{"bank_bin": "970436", "account": "0123456789", "holder": "1"}]},
         None, None),
        ({"hours_text": "T2-T6 25:00-26:00"}, "shops.bad_hours", None),
    ],
)  # fmt: skip
def test_registration_refuses_bad_input_with_a_named_field(
    owner: Any, overrides: dict[str, Any], code: str | None, field: str | None
) -> None:
    with pytest.raises(AppError) as caught:
        shop_draft_save(owner=owner, data=shop_data(**overrides))
    if code:
        assert caught.value.code == code
    if field:
        assert field in caught.value.fields
    assert caught.value.status == 400
    assert not Shop.objects.exists()


def test_a_draft_is_normalised_and_found_by_its_ward(owner: Any) -> None:
    shop = shop_draft_save(owner=owner, data=shop_data(tax_code="0300588569"))
    assert shop.status == Shop.Status.DRAFT
    assert shop.ward is not None and shop.ward.code == "TN.P.TANNINH"
    assert shop.phone == "+84912345678" and shop.phone_public is False
    assert shop.tax_code == "0300588569"
    assert shop.methods == ["momo"] and shop.methods_key == "|momo|"
    account = shop.accounts.get()
    assert (account.account, account.holder) == ("0123456789", "NGUYEN THI TU")
    assert shop.hours["0"] == [["06:00", "21:00"]]


def test_without_a_point_the_owner_chooses_the_ward(owner: Any) -> None:
    shop = shop_draft_save(owner=owner, data=shop_data(lat="", lng="", ward="TN.P.TANNINH"))
    assert shop.lat is None and shop.ward is not None and shop.ward.code == "TN.P.TANNINH"


def test_submit_opens_a_case_at_the_ward_and_needs_a_place_and_an_account(owner: Any) -> None:
    no_place = shop_draft_save(owner=owner, data=shop_data(lat="", lng=""))
    with pytest.raises(AppError) as caught:
        shop_submit(owner=owner, shop=no_place)
    assert caught.value.code == "shops.no_place"
    no_account = shop_draft_save(owner=owner, data=shop_data(accounts=[]))
    with pytest.raises(AppError) as caught:
        shop_submit(owner=owner, shop=no_account)
    assert caught.value.code == "shops.no_account"
    shop = shop_draft_save(owner=owner, data=shop_data())
    request = shop_submit(owner=owner, shop=shop)
    assert request.kind == ShopRequest.Kind.REGISTRATION
    assert request.case.kind == "shop" and request.case.agency.code == "TN.P.TANNINH"
    assert request.case.applicant == owner
    shop.refresh_from_db()
    assert shop.status == Shop.Status.SUBMITTED
    with pytest.raises(AppError) as again:
        shop_submit(owner=owner, shop=shop)
    assert again.value.status == 409
    with pytest.raises(AppError):  # a submitted shop is no longer a draft to edit
        shop_draft_save(owner=owner, data=shop_data(name="Khác"), shop=shop)


def test_another_person_cannot_touch_the_shop(owner: Any, django_user_model: Any) -> None:
    shop = shop_draft_save(owner=owner, data=shop_data())
    stranger = django_user_model.objects.create_user("la", password="x" * 12)
    with pytest.raises(PermissionDenied):
        shop_draft_save(owner=stranger, data=shop_data(name="Của tôi"), shop=shop)
    with pytest.raises(PermissionDenied):
        shop_submit(owner=stranger, shop=shop)


def test_approval_certifies_indexes_and_opens_the_hours(certified: Any) -> None:
    shop = certified()
    assert shop.status == Shop.Status.APPROVED and shop.approved_at is not None
    assert shop.certificate_code == f"CH40-TANNINH-{shop.pk:06d}"
    assert SearchDocument.objects.filter(kind="shop", key=str(shop.pk)).exists()
    assert shop.open_slots.count() == 7  # every day 06:00-21:00


def test_changes_asked_then_sent_again(owner: Any, ward_official: Any) -> None:
    shop = shop_draft_save(owner=owner, data=shop_data())
    request = shop_submit(owner=owner, shop=shop)
    case_transition(
        case_id=request.case_id, action="ask_changes", actor=ward_official,
        note="Tên chủ tài khoản khác tên chủ cửa hàng",
    )  # fmt: skip
    shop.refresh_from_db()
    assert shop.status == Shop.Status.CHANGES_REQUESTED
    shop_draft_save(owner=owner, data=shop_data(name="Tạp hóa Bà Tư 2"), shop=shop)
    assert shop_submit(owner=owner, shop=shop) == request  # the same case goes on
    shop.refresh_from_db()
    assert shop.status == Shop.Status.SUBMITTED
    request.case.refresh_from_db()
    assert request.case.state == "submitted"


def test_rejection_and_withdrawal_end_the_registration(owner: Any, ward_official: Any) -> None:
    rejected = shop_draft_save(owner=owner, data=shop_data())
    request = shop_submit(owner=owner, shop=rejected)
    case_transition(case_id=request.case_id, action="reject", actor=ward_official, note="Không có")
    rejected.refresh_from_db()
    assert rejected.status == Shop.Status.REJECTED and not rejected.certificate_code
    withdrawn = shop_draft_save(owner=owner, data=shop_data(name="Quán cơm"))
    request = shop_submit(owner=owner, shop=withdrawn)
    case_transition(case_id=request.case_id, action="withdraw", actor=owner)
    withdrawn.refresh_from_db()
    assert withdrawn.status == Shop.Status.WITHDRAWN


def test_a_change_waits_for_approval_then_applies(
    certified: Any, owner: Any, ward_official: Any
) -> None:
    shop = certified()
    code = shop.certificate_code
    request = shop_change_propose(
        owner=owner, shop=shop,
        data=shop_data(name="Tạp hóa Bà Tư – Chi nhánh chợ", hours_text="18:00-02:00"),
    )  # fmt: skip
    shop.refresh_from_db()
    assert shop.name == "Tạp hóa Bà Tư"  # the public still sees the certified values
    with pytest.raises(AppError) as twice:
        shop_change_propose(owner=owner, shop=shop, data=shop_data(name="Khác"))
    assert twice.value.status == 409
    case_transition(case_id=request.case_id, action="approve", actor=ward_official)
    shop.refresh_from_db()
    assert shop.name == "Tạp hóa Bà Tư – Chi nhánh chợ"
    assert shop.certificate_code == code  # the certificate stays
    assert shop.hours["0"] == [["18:00", "02:00"]]
    doc = SearchDocument.objects.get(kind="shop", key=str(shop.pk))
    assert "chi nhanh" in doc.folded_title


def test_a_refused_change_leaves_the_shop_certified(
    certified: Any, owner: Any, ward_official: Any
) -> None:
    shop = certified()
    request = shop_change_propose(owner=owner, shop=shop, data=shop_data(name="Tên mới"))
    case_transition(case_id=request.case_id, action="reject", actor=ward_official, note="Sai")
    shop.refresh_from_db()
    assert shop.status == Shop.Status.APPROVED and shop.name == "Tạp hóa Bà Tư"


def test_only_a_certified_shop_takes_changes(owner: Any) -> None:
    shop = shop_draft_save(owner=owner, data=shop_data())
    with pytest.raises(AppError) as caught:
        shop_change_propose(owner=owner, shop=shop, data=shop_data())
    assert caught.value.code == "shops.not_certified"


def test_a_point_on_the_edge_of_the_province_is_handled(owner: Any) -> None:
    lat, lng = TAN_NINH
    shop = shop_draft_save(owner=owner, data=shop_data(lat=f"{lat:.6f}", lng=f"{lng:.6f}"))
    assert shop.lat == pytest.approx(lat)


def test_a_change_sent_back_is_proposed_again_on_the_same_case(
    certified: Any, owner: Any, ward_official: Any
) -> None:
    shop = certified()
    request = shop_change_propose(owner=owner, shop=shop, data=shop_data(name="Tên mới"))
    case_transition(
        case_id=request.case_id, action="ask_changes", actor=ward_official, note="Thiếu ảnh"
    )
    again = shop_change_propose(owner=owner, shop=shop, data=shop_data(name="Tên mới hơn"))
    assert again == request
    request.refresh_from_db()
    assert request.proposed["name"] == "Tên mới hơn" and request.case.state == "submitted"
    shop.refresh_from_db()
    assert shop.status == Shop.Status.APPROVED and shop.name == "Tạp hóa Bà Tư"


def test_a_shop_registered_for_a_business_the_owner_acts_for(owner: Any) -> None:
    from django.utils import timezone

    from openprovince.accounts.models import Business, BusinessMember
    from openprovince.agencies.models import Agency

    ward = Agency.objects.get(code="TN.P.TANNINH")
    business = Business.objects.create(
        tax_code="0300588569", name="Công ty Sữa", address="1 đường A", agency=ward,
        verified_at=timezone.now(),
    )  # fmt: skip
    unverified = Business.objects.create(
        tax_code="0101248141", name="Công ty Chưa", address="2 đường B", agency=ward
    )
    for b in (business, unverified):
        BusinessMember.objects.create(business=b, user=owner, status=BusinessMember.Status.ACTIVE)
    shop = shop_draft_save(owner=owner, data=shop_data(business=str(business.public_id)))
    assert shop.business == business and shop.tax_code == "0300588569"
    request = shop_submit(owner=owner, shop=shop)
    assert request.case.business == business
    for refused in (unverified.public_id, "not-an-id"):
        with pytest.raises(AppError) as caught:
            shop_draft_save(owner=owner, data=shop_data(business=str(refused)))
        assert caught.value.code == "shops.bad_business" and "business" in caught.value.fields


def test_an_approved_change_keeps_the_shop_s_business(owner: Any, ward_official: Any) -> None:
    from django.utils import timezone

    from openprovince.accounts.models import Business, BusinessMember
    from openprovince.agencies.models import Agency

    business = Business.objects.create(
        tax_code="0300588569", name="Công ty Sữa", address="1 đường A",
        agency=Agency.objects.get(code="TN.P.TANNINH"), verified_at=timezone.now(),
    )  # fmt: skip
    BusinessMember.objects.create(
        business=business, user=owner, status=BusinessMember.Status.ACTIVE
    )
    data = shop_data(business=str(business.public_id))
    shop = shop_draft_save(owner=owner, data=data)
    registration = shop_submit(owner=owner, shop=shop)
    case_transition(case_id=registration.case_id, action="approve", actor=ward_official)
    change = shop_change_propose(owner=owner, shop=shop, data={**data, "name": "Tên mới"})
    case_transition(case_id=change.case_id, action="approve", actor=ward_official)
    shop.refresh_from_db()
    assert shop.name == "Tên mới" and shop.business == business
    assert shop.certificate_code == f"CH40-TANNINH-{shop.pk:06d}"
