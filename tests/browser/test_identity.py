"""Signing in only when needed (citizens, by phone code) and officials' two-step sign-in."""

from __future__ import annotations

import time
from typing import Any

from tests.browser.conftest import assert_accessible


def _last_code(phone: str) -> str:
    import re

    from openprovince.notifications.models import DevSmsMessage

    message = DevSmsMessage.objects.filter(to=phone).order_by("-id").first()
    assert message is not None
    match = re.search(r"\b(\d{6})\b", message.text)
    assert match is not None
    return match.group(1)


def test_a_guest_starts_a_protected_action_signs_in_by_phone_and_lands_back(
    site: str, page: Any
) -> None:
    page.goto(site + "/")
    page.get_by_role("link", name="Tài khoản của tôi").click()
    page.wait_for_url("**/signin/?next=/me/")
    assert_accessible(page, label="sign-in page")
    # Wrong format first: a clear message, in Vietnamese.
    page.get_by_label("Số điện thoại di động").fill("12345")
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    assert page.get_by_role("alert").inner_text().startswith("Đây không phải số điện thoại")
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    page.wait_for_url("**/signin/code/")
    assert_accessible(page, label="code page")
    page.get_by_label("Mã 6 số").fill(_last_code("+84912345678"))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/me/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tài khoản của tôi"
    # The protected action itself: adding a business.
    page.get_by_role("link", name="Thêm doanh nghiệp, hộ kinh doanh").click()
    page.wait_for_url("**/me/businesses/new/")
    for path in ("/me/", "/me/consents/", "/me/businesses/new/", "/me/delete/"):
        page.goto(site + path)
        assert_accessible(page, label=path)


def test_a_guest_sent_to_sign_in_from_a_deep_page_returns_to_it(site: str, page: Any) -> None:
    page.goto(site + "/me/businesses/new/")
    page.wait_for_url("**/signin/?next=/me/businesses/new/")
    page.get_by_label("Số điện thoại di động").fill("0987654321")
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    page.get_by_label("Mã 6 số").fill(_last_code("+84987654321"))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/me/businesses/new/")
    assert page.get_by_role("heading", level=1).inner_text() == "Thêm doanh nghiệp, hộ kinh doanh"


def test_an_official_signs_in_with_password_and_authenticator_code(site: str, page: Any) -> None:
    from openprovince.accounts.totp import totp_at
    from openprovince.demo.officials import OFFICIALS, PASSWORD, demo_officials_load

    demo_officials_load()
    username, *_rest, secret = OFFICIALS[2]  # an agency admin of a ward
    page.goto(site + "/office/")
    page.wait_for_url("**/office/login/**")
    assert_accessible(page, label="office sign-in")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url("**/office/login/2fa/**")
    assert_accessible(page, label="second step")
    page.get_by_label("Mã trong ứng dụng xác thực").fill(totp_at(secret, time.time()))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/office/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hộp việc"
    page.get_by_role("link", name="Cán bộ và vai trò").click()
    page.wait_for_url("**/office/roles/")
    assert_accessible(page, label="roles page")
