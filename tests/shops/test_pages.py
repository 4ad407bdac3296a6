"""The owner's four screens (no JavaScript needed), the standee and certificate, and the
official's panel on the case page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openprovince.payments.vietqr import crc16_ccitt_false, vietqr_parse
from openprovince.shops.models import Shop, ShopRequest
from tests.conftest import sign_in_official

from .conftest import TAN_NINH, VCB

pytestmark = pytest.mark.django_db


def test_an_owner_registers_in_four_screens(client: Any, owner: Any) -> None:
    client.force_login(owner)
    assert client.get("/shops/register").status_code == 200
    response = client.post(
        "/shops/register",
        {"name": "Cà phê Sáng", "category": "ca-phe", "owner_name": "Trần Văn Sáng",
         "address": "5 hẻm 3, khu phố 2", "phone": "0912345678"},
    )  # fmt: skip
    shop = Shop.objects.get(name="Cà phê Sáng")
    assert response.status_code == 302 and response["Location"].endswith("/edit/place")
    base = f"/shops/{shop.public_id}/edit"
    assert client.post(f"{base}/place", {"lat": TAN_NINH[0], "lng": TAN_NINH[1]}).status_code == 302
    bad = client.post(
        f"{base}/payment", {"bank_bin": VCB, "account": "12", "holder": "TRAN VAN SANG"}
    )
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    assert client.post(
        f"{base}/payment",
        {"bank_bin": VCB, "account": "0071000123456", "holder": "Trần Văn Sáng",
         "methods": ["momo", "card"]},
    ).status_code == 302  # fmt: skip
    done = client.post(f"{base}/details", {"hours_text": "Hằng ngày 6h-22h"})  # "check first"
    assert done.status_code == 302 and done["Location"].endswith("/review")
    shop.refresh_from_db()
    assert (shop.name, shop.phone, shop.methods) == (
        "Cà phê Sáng",
        "+84912345678",
        ["card", "momo"],
    )
    assert client.post(f"/shops/{shop.public_id}/review").status_code == 302
    shop.refresh_from_db()
    assert shop.status == Shop.Status.SUBMITTED
    # Or sent from the fourth screen directly: four screens in all.
    client.post("/shops/register", {"name": "Quán B", "category": "an-uong",
                                    "owner_name": "Chủ B", "address": "2 đường C"})  # fmt: skip
    other = Shop.objects.get(name="Quán B")
    other_base = f"/shops/{other.public_id}/edit"
    client.post(f"{other_base}/place", {"lat": TAN_NINH[0], "lng": TAN_NINH[1]})
    client.post(f"{other_base}/payment", {"bank_bin": VCB, "account": "0071000999999",
                                          "holder": "CHU B"})  # fmt: skip
    sent = client.post(f"{other_base}/details", {"hours_text": "", "send": "1"})
    assert sent.status_code == 302 and sent["Location"] == "/shops/mine"
    other.refresh_from_db()
    assert other.status == Shop.Status.SUBMITTED
    mine = client.get("/shops/mine").content.decode()
    assert "Cà phê Sáng" in mine and shop.requests.get().case.code in mine


def test_screens_need_a_signed_in_owner(client: Any, owner: Any, django_user_model: Any) -> None:
    assert client.get("/shops/register").status_code == 302  # to sign in
    client.force_login(owner)
    client.post("/shops/register", {"name": "Quán A", "category": "an-uong",
                                    "owner_name": "Chủ A", "address": "1 đường B"})  # fmt: skip
    shop = Shop.objects.get(name="Quán A")
    stranger = django_user_model.objects.create_user("la", password="x" * 12)
    client.force_login(stranger)
    assert client.get(f"/shops/{shop.public_id}/edit/place").status_code == 404
    assert client.post(f"/shops/{shop.public_id}/delete").status_code == 404
    assert client.get(f"/shops/{shop.public_id}/edit/nope").status_code == 404


def test_an_owner_deletes_a_draft_but_not_a_shop_already_sent(
    client: Any, owner: Any, certified: Any
) -> None:
    client.force_login(owner)
    client.post("/shops/register", {"name": "Quán Nháp", "category": "an-uong",
                                    "owner_name": "Chủ Nháp", "address": "3 đường D"})  # fmt: skip
    draft = Shop.objects.get(name="Quán Nháp")
    deleted = client.post(f"/shops/{draft.public_id}/delete")
    assert deleted.status_code == 302 and deleted["Location"] == "/shops/mine"
    assert not Shop.objects.filter(pk=draft.pk).exists()
    sent = certified()
    refused = client.post(f"/shops/{sent.public_id}/delete")
    assert refused.status_code == 409 and "Chỉ xóa được bản nháp." in refused.content.decode()
    assert Shop.objects.filter(pk=sent.pk).exists()


def test_standee_pdf_holds_a_static_vietqr_with_a_valid_crc(client: Any, certified: Any) -> None:
    shop = certified()
    response = client.get(f"/shops/{shop.public_id}/standee.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    match = re.search(rb"VietQR:([ -~]+?)\)", response.content)
    assert match, "the payload is in the PDF's keywords"
    payload = match.group(1).decode()
    qr = vietqr_parse(payload)
    assert (qr["bank_bin"], qr["account"], qr["dynamic"], qr["amount"]) == (
        VCB, "0123456789", False, None,
    )  # fmt: skip
    assert payload.endswith(crc16_ccitt_false(payload[:-4]))
    certificate = client.get(f"/shops/{shop.public_id}/certificate").content.decode()
    assert shop.certificate_code in certificate


def test_the_official_sees_the_shop_and_certifies_it(
    client: Any, owner: Any, ward_official: Any
) -> None:
    from openprovince.shops.services.registration import shop_draft_save, shop_submit

    from .conftest import shop_data

    shop = shop_draft_save(owner=owner, data=shop_data())
    request = shop_submit(owner=owner, shop=shop)
    sign_in_official(client, ward_official)
    page = client.get(f"/office/cases/{request.case.public_id}/").content.decode()
    assert "Cửa hàng cần xác minh" in page and "Tạp hóa Bà Tư" in page and "0123456789" in page
    response = client.post(
        f"/office/cases/{request.case.public_id}/",
        {"action": "approve", "version": request.case.version, "note": "Đã đến tận nơi"},
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.status == Shop.Status.APPROVED


def test_a_change_goes_through_the_screens_and_shows_as_a_diff(
    client: Any, owner: Any, ward_official: Any, certified: Any
) -> None:
    shop = certified()
    client.force_login(owner)
    base = f"/shops/{shop.public_id}/edit"
    assert (
        client.post(
            f"{base}/shop",
            {
                "name": "Tạp hóa Bà Tư Mới",
                "category": "tap-hoa",
                "owner_name": "Nguyễn Thị Tư",
                "address": "12 đường 30/4, khu phố 1",
            },
        ).status_code
        == 302
    )
    shop.refresh_from_db()
    assert shop.name == "Tạp hóa Bà Tư"  # nothing changes before the last screen
    for step in ("place", "payment"):
        assert client.post(f"{base}/{step}", {}).status_code in (302, 400)
    client.post(f"{base}/place", {"lat": TAN_NINH[0], "lng": TAN_NINH[1]})
    client.post(
        f"{base}/payment", {"bank_bin": VCB, "account": "0123456789", "holder": "NGUYEN THI TU"}
    )
    assert (
        client.post(f"{base}/details", {"hours_text": "Hằng ngày 06:00-21:00"}).status_code == 302
    )
    change = ShopRequest.objects.get(shop=shop, kind=ShopRequest.Kind.CHANGE)
    shop.refresh_from_db()
    assert shop.name == "Tạp hóa Bà Tư"
    sign_in_official(client, ward_official)
    page = client.get(f"/office/cases/{change.case.public_id}/").content.decode()
    assert "Những gì sẽ thay đổi" in page and "Tạp hóa Bà Tư Mới" in page


def test_photos_added_on_the_last_screen_shown_after_certification(
    client: Any, owner: Any, ward_official: Any, django_user_model: Any
) -> None:
    from openprovince.cases.services.transitions import case_transition
    from openprovince.shops.services.registration import shop_draft_save, shop_submit
    from tests.reports.conftest import photo

    from .conftest import shop_data

    shop = shop_draft_save(owner=owner, data=shop_data())
    client.force_login(owner)
    base = f"/shops/{shop.public_id}/edit/details"
    not_image = client.post(
        base,
        {"photos": [SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")]},
    )
    assert not_image.status_code == 400 and not shop.photos.exists()
    assert client.post(base, {"photos": [photo(), photo()]}).status_code == 302
    assert shop.photos.count() == 2
    six = client.post(base, {"photos": [photo() for _ in range(4)]})
    assert six.status_code == 400 and shop.photos.count() == 2
    first = shop.photos.first()
    assert first is not None
    url = f"/shops/photos/{first.public_id}"
    assert client.get(url).status_code == 200  # the owner sees it before certification
    stranger = django_user_model.objects.create_user("la", password="x" * 12)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    request = shop_submit(owner=owner, shop=shop)
    sign_in_official(client, ward_official)
    assert client.get(url + "?thumb=1").status_code == 200
    assert url in client.get(f"/office/cases/{request.case.public_id}/").content.decode()
    case_transition(case_id=request.case_id, action="approve", actor=ward_official)
    client.logout()
    assert client.get(url).status_code == 200
    assert url in client.get(f"/shops/{shop.public_id}/").content.decode()
    client.force_login(owner)  # certified: photos are locked
    locked = client.post(f"/shops/{shop.public_id}/photos/{first.public_id}/remove")
    assert locked.status_code == 409
