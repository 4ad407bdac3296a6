"""Issue 9: a trader registers a shop from a phone in four screens (the place from the phone's
location), the ward's approver certifies it, it shows on the public map, and the standee
downloads. Texts are checked through structure and data rather than translated strings."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.browser.conftest import assert_accessible, office_sign_in, session_cookie

# Inside Phường Tân Ninh's cell of the demo grid, as in the reports tests.
SHOP_AT = {"latitude": 11.50, "longitude": 106.05}
NAME = "Tạp hóa Cô Ba Chợ Mới"
APPROVER = 3  # demo.tanninh.duyet, approver at Phường Tân Ninh (openprovince/demo/officials.py)


def _setup() -> Any:
    """The shop categories and workflow (a data migration, removed by the flush between
    browser tests), the demo officials, and a trader signed up with their phone."""
    from importlib import import_module

    from django.apps import apps

    from openprovince.accounts.models import User
    from openprovince.demo.officials import demo_officials_load

    import_module("openprovince.shops.migrations.0002_categories_and_workflow").add(apps, None)
    demo_officials_load()
    return User.objects.create_user(
        "coba", phone="+84912000333", display_name="Lê Thị Ba", password=None
    )


def _next(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main form.card button[type=submit]").first.click()


def test_a_trader_registers_from_a_phone_the_ward_certifies_it_shows_on_the_map(
    site: str, browser: Any
) -> None:
    from openprovince.shops.models import Shop

    trader = _setup()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN",
        geolocation=SHOP_AT, permissions=["geolocation"],
    )  # fmt: skip
    context.add_cookies([session_cookie(site, trader)])
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    screens = 0

    # Screen 1: the shop.
    phone.goto(site + "/shops/")
    phone.locator("main a[href='/shops/register']").click()
    phone.wait_for_url("**/shops/register")
    screens += 1
    assert_accessible(phone, label="shop: screen 1")
    phone.locator("#s-name").fill(NAME)
    phone.locator("input[name=category][value=tap-hoa]").check()
    phone.locator("#s-address").fill("15 đường 30/4, khu phố 2")
    phone.locator("#s-phone").fill("0912 000 333")
    _next(phone)

    # Screen 2: the place, from the phone's location ("use my location").
    assert phone.url.endswith("/edit/place")
    screens += 1
    assert_accessible(phone, label="shop: screen 2")
    phone.locator("[data-locate]").click()
    phone.wait_for_function("document.getElementById('lat').value !== ''")
    assert float(phone.locator("#lat").input_value()) == SHOP_AT["latitude"]
    _next(phone)

    # Screen 3: payment.
    assert phone.url.endswith("/edit/payment")
    screens += 1
    assert_accessible(phone, label="shop: screen 3")
    phone.locator("#bank-1").select_option("970436")
    phone.locator("#account-1").fill("0071 000 333 444")
    phone.locator("#holder-1").fill("Lê Thị Ba")
    phone.locator("input[name=methods][value=momo]").check()
    _next(phone)

    # Screen 4: hours, then sent to the ward.
    assert phone.url.endswith("/edit/details")
    screens += 1
    assert_accessible(phone, label="shop: screen 4")
    phone.locator("#s-hours").fill("Hằng ngày 5h30-21h")
    with phone.expect_navigation():
        phone.locator("button[name=send][value='1']").click()
    assert phone.url.endswith("/shops/mine") and screens <= 4
    shop = Shop.objects.get(name=NAME)
    assert shop.status == Shop.Status.SUBMITTED and shop.ward is not None
    assert shop.ward.code == "TN.P.TANNINH"
    assert_accessible(phone, label="my shops")

    # The ward's approver sees the shop on the case page and certifies it.
    office_context = browser.new_context(locale="vi-VN")
    office = office_context.new_page()
    office.set_default_timeout(15_000)
    office_sign_in(office, site, APPROVER)
    case = shop.requests.get().case
    office.goto(f"{site}/office/cases/{case.public_id}/")
    assert NAME in office.locator("main").inner_text()
    assert "0071000333444" in office.locator("main").inner_text()
    with office.expect_navigation():
        office.locator("button[name=action][value=approve]").click()
    shop.refresh_from_db()
    assert shop.status == Shop.Status.APPROVED and shop.certificate_code

    # On the public map (and its list), then the standee from "my shops".
    phone.goto(site + "/shops/map")
    phone.wait_for_selector("#map path.leaflet-interactive", state="attached")
    assert phone.locator("#map path.leaflet-interactive").count() == 1
    points = json.loads(phone.locator("#shop-points").text_content() or "[]")
    assert [p["name"] for p in points] == [NAME]
    assert_accessible(phone, label="shop map")
    phone.locator("#map path.leaflet-interactive").click()
    assert phone.locator(".leaflet-popup-content a").inner_text() == NAME
    # "Near me" from the directory: the phone's location, the nearest shop first.
    phone.goto(site + "/shops/")
    with phone.expect_navigation():
        phone.locator("[data-near] button").click()
    assert "lat=11.5" in phone.url and "lng=106.05" in phone.url
    assert phone.locator("main ul.list li a").first.inner_text() == NAME
    assert_accessible(phone, label="shops near me")
    phone.goto(site + "/shops/mine")
    with phone.expect_download() as download:
        phone.locator(f"main a[href='/shops/{shop.public_id}/standee.pdf']").click()
    assert re.fullmatch(r"standee-CH40-.+\.pdf", download.value.suggested_filename)
    with open(download.value.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF-") and b"VietQR:000201010211" in pdf
    phone.goto(f"{site}/shops/{shop.public_id}/")
    assert phone.locator("main svg[role=img]").count() == 1  # the payment QR
    assert_accessible(phone, label="shop page")
    context.close()
    office_context.close()
