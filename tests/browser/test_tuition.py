"""Issue 8: a parent with no account looks up a student, pays two bills through the fake VNPay
gateway and downloads the receipt; the school sees them paid.

The fake gateway (tests/fakes/vnpay_gateway.py) runs as its own process; its pay button
delivers the signed IPN to the live server over HTTP before sending the browser back, as
VNPay usually does. Texts are checked through structure, amounts and references rather than
translated strings."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.fakes.process import FakeProcess

SCHOOL = "TN.THTANNINH"
STUDENT, BIRTH, NAME = "HS001", "2015-09-05", "Nguyễn Văn An"
CSV = (
    "Mã học sinh,Họ và tên,Ngày sinh,Lớp,Học kỳ,Hạn nộp,SĐT phụ huynh,Học phí,Bán trú\n"
    f"{STUDENT},{NAME},05/09/2015,5A,HK1 2026-2027,30/12/2026,0912345678,1.200.000,300.000\n"
    f"{STUDENT},{NAME},05/09/2015,5A,HK2 2026-2027,30/05/2027,0912345678,1.200.000,\n"
    "HS002,Trần Thị Bình,12/01/2016,4B,HK1 2026-2027,30/12/2026,,900.000,300.000\n"
)
PAID_SUM = 1_500_000 + 1_200_000
OFFICIAL = "ketoan.thtanninh"  # the school's accountant
PASSWORD = "ke-toan-Truong-2026"  # a test account
SECRET = "KETOANTHAAAAAAAAAAAAAAAAAAAAAAAA"  # its authenticator, base32
UUID = r"[0-9a-f-]{36}"


@pytest.fixture(scope="module")
def _vnpay_process() -> Iterator[FakeProcess]:
    from django.conf import settings

    fake = FakeProcess(
        "tests.fakes.vnpay_gateway", settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET
    )
    yield fake
    fake.stop()


@pytest.fixture
def fake_vnpay(_vnpay_process: FakeProcess, site: str, settings: Any) -> FakeProcess:
    """The fake VNPay, reset, sending its IPN to the live server; the only way to pay offered.
    The live server runs in this process, so it sees the changed settings."""
    _vnpay_process.call("/_fake/reset", {})
    _vnpay_process.call("/_fake/configure", {"ipn_url": site + "/pay/callback/vnpay"})
    settings.PAYMENTS_PROVIDERS = ["vnpay"]
    settings.VNPAY_PAY_URL = _vnpay_process.url + "/paymentv2/vpcpay.html"
    settings.VNPAY_API_URL = _vnpay_process.url + "/merchant_webapi/api/transaction"
    return _vnpay_process


def _school_setup() -> Any:
    """The school type (a data migration, removed by the flush between browser tests), a
    school in the demo province with its bills, and its accountant (a viewer there) with an
    authenticator enrolled."""
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    from openprovince.accounts.models import RoleAssignment, TotpDevice, User
    from openprovince.agencies.models import Agency
    from openprovince.tuition.services.importing import bills_import
    from tests.conftest import make_agency

    import_module("openprovince.tuition.migrations.0002_school_agency_type").add_school_type(
        apps, None
    )
    school = make_agency(
        SCHOOL,
        parent=Agency.objects.get(code="TN.P.TANNINH"),
        type_code="school",
        name="Trường Tiểu học Tân Ninh",
    )
    report = bills_import(school=school, name="hk.csv", content=CSV.encode())
    assert report.ok, report.errors
    user = User.objects.create_user(
        OFFICIAL, password=PASSWORD, display_name="Kế toán trường", is_staff=True
    )
    TotpDevice.objects.create(user=user, secret=SECRET, confirmed_at=timezone.now())
    RoleAssignment.objects.create(user=user, agency=school, role="viewer")
    return school


def _look_up(page: Any, site: str, birth: str) -> Any:
    page.goto(site + "/tuition/")
    page.locator("#t-code").fill(STUDENT.lower())  # typed in lower case: still found
    page.locator("#t-birth").fill(birth)
    with page.expect_navigation() as answer:
        page.locator("form[action='/tuition/'] button[type=submit]").click()
    return answer.value


def _office_sign_in(page: Any, site: str) -> None:
    """Password, then the authenticator code: as tests.browser.conftest.office_sign_in."""
    from openprovince.accounts.totp import totp_at

    page.goto(site + "/office/login/")
    page.locator("input[name=username]").fill(OFFICIAL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/office/login/2fa/**")
    page.locator("input[name=code]").fill(totp_at(SECRET, time.time()))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/office/")


def test_a_parent_pays_two_bills_with_vnpay_downloads_the_receipt_and_the_school_sees_them(
    site: str, browser: Any, fake_vnpay: FakeProcess
) -> None:
    from django.utils import translation

    from openprovince.core.text import vnd
    from openprovince.payments.models import LedgerEntry, Order
    from openprovince.tuition.models import TuitionBill

    school = _school_setup()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    phone = context.new_page()
    phone.set_default_timeout(15_000)

    # 1. A wrong date of birth: refused like an unknown code, and no name shows.
    phone.goto(site + "/tuition/")
    assert_accessible(phone, label="tuition lookup form")
    wrong = _look_up(phone, site, "2015-09-06")
    assert wrong.status == 404
    assert phone.locator("main [role=alert]").is_visible()
    shown = phone.locator("main").inner_text()
    assert NAME not in shown and "Nguyễn" not in shown and school.name not in shown
    assert phone.locator("input[name=bill]").count() == 0
    assert_accessible(phone, label="tuition lookup refused")

    # 2. The right pair: both unpaid terms, ticked.
    found = _look_up(phone, site, BIRTH)
    assert found.status == 200
    assert NAME in phone.locator("main h2").first.inner_text()
    bills = phone.locator("input[type=checkbox][name=bill]")
    assert bills.count() == 2
    assert all(bills.nth(i).is_checked() for i in range(2))
    assert_accessible(phone, label="tuition bills")
    phone.locator("form[action='/tuition/pay'] button[type=submit]").click()

    # 3. The order, then VNPay.
    phone.wait_for_url(re.compile(rf"/pay/{UUID}/$"))
    order = Order.objects.get()
    assert str(order.public_id) in phone.url
    assert order.amount == PAID_SUM and order.payee_id == school.pk
    assert order.reference in phone.locator("main").inner_text()
    assert_accessible(phone, label="checkout")
    phone.locator("button[name=provider][value=vnpay]").click()
    phone.wait_for_url(fake_vnpay.url + "/paymentv2/vpcpay.html?**")
    assert f"{PAID_SUM} VND" in phone.locator("body").inner_text()

    # 4. Paid at the fake gateway: it sends the IPN, then the browser back to our return page.
    phone.locator("button[name=outcome][value=success]").click()
    phone.wait_for_url(re.compile(rf"/pay/attempts/{UUID}/return\?"))
    receipt_link = phone.locator(f"main a[href='/pay/receipts/{order.public_id}/']")
    for _try in range(10):  # the IPN normally came first; else "Check again" as a payer would
        if receipt_link.count():
            break
        phone.wait_for_timeout(500)
        phone.locator("main a[href$='/return']").click()
        phone.wait_for_load_state()
    ipn = [r for r in fake_vnpay.call("/_fake/requests") if r["kind"] == "ipn"]
    assert [r["ok"] for r in ipn] == [True] and '"RspCode": "00"' in ipn[0]["body"], ipn
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert list(LedgerEntry.objects.values_list("amount", "provider")) == [(PAID_SUM, "vnpay")]
    assert phone.locator("main .notice.ok[role=status]").is_visible()
    assert_accessible(phone, label="payment result")

    # 5. The receipt, as a page and as a PDF.
    receipt_link.click()
    phone.wait_for_url(f"**/pay/receipts/{order.public_id}/")
    receipt = phone.locator("main").inner_text()
    assert order.reference in receipt and "VNPay" in receipt
    assert phone.locator("main figure svg").count() == 1  # the QR code that verifies it
    assert_accessible(phone, label="receipt")
    with phone.expect_download() as download:
        phone.locator(f"main a[href='/pay/receipts/{order.public_id}.pdf']").click()
    assert download.value.suggested_filename == f"bien-lai-{order.reference}.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # 6. Looked up again: nothing left to pay, each term links the receipt.
    _look_up(phone, site, BIRTH)
    assert phone.locator("input[name=bill]").count() == 0
    assert phone.locator(f"main a[href='/pay/receipts/{order.public_id}/']").count() == 2
    context.close()

    # 7. The school's accountant sees both bills paid, with the order's reference and the sum.
    assert set(
        TuitionBill.objects.filter(student_code=STUDENT).values_list("status", "paid_order")
    ) == {(TuitionBill.Status.PAID, order.pk)}
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = office.new_page()
    desk.set_default_timeout(15_000)
    _office_sign_in(desk, site)
    desk.goto(f"{site}/office/tuition/?school={SCHOOL}")
    rows = desk.locator("table tbody tr", has=desk.locator("th", has_text=STUDENT))
    assert rows.count() == 2
    for i in range(2):
        row = rows.nth(i).inner_text()
        assert "✓" in row and order.reference in row
    other = desk.locator("table tbody tr", has=desk.locator("th", has_text="HS002")).inner_text()
    assert "✓" not in other and order.reference not in other
    with translation.override("vi"):
        paid_sum, unpaid_sum = vnd(PAID_SUM), vnd(1_200_000)
    stats = desk.locator(".stats .stat")
    assert stats.nth(0).locator("b").inner_text() == "1" and unpaid_sum in stats.nth(0).inner_text()
    assert stats.nth(1).locator("b").inner_text() == "2" and paid_sum in stats.nth(1).inner_text()
    office.close()
