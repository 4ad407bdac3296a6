"""A newcomer reports a broken street light from the home page, signs in only to send it, the
ward's handler fixes it with an "after" photo, the reporter rates it, and a stranger sees the
report without the reporter's phone number."""

from __future__ import annotations

import io
import re
from typing import Any

from tests.browser.conftest import assert_accessible, office_sign_in, reports_setup
from tests.browser.test_identity import _last_code

PHONE = "+84912345678"
# Every way the reporter's number could be written on a page.
PHONE_FORMS = [PHONE, "0912345678", "0912 345 678", "912345678", "912 345 678"]
TAN_NINH = {"latitude": 11.50, "longitude": 106.05}  # inside Phường Tân Ninh


def _jpeg(colour: tuple[int, int, int]) -> dict[str, Any]:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, "JPEG")
    return {"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def _no_phone(page: Any, label: str) -> None:
    html = page.content()
    assert [p for p in PHONE_FORMS if p in html] == [], f"{label}: the reporter's phone is shown"


def test_a_newcomer_reports_a_light_the_ward_fixes_it_and_nobody_sees_the_phone(
    site: str, browser: Any
) -> None:
    from django.urls import reverse

    from openprovince.demo.officials import demo_officials_load
    from openprovince.reports.models import Report

    reports_setup()
    demo_officials_load()

    # The newcomer, on a phone that knows where it is.
    phone_context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
        permissions=["geolocation"],
        geolocation=TAN_NINH,
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(site + "/")
    phone.locator("main").get_by_role("link", name="Phản ánh hiện trường").click()
    phone.wait_for_url("**/reports/new")
    assert_accessible(phone, label="report form")
    phone.set_input_files("#photos", files=[_jpeg((200, 160, 40))])
    phone.get_by_role("button", name="Dùng vị trí hiện tại của tôi").click()
    phone.get_by_text("✓").wait_for()
    assert float(phone.get_by_label("Vĩ độ").input_value()) == TAN_NINH["latitude"]
    assert float(phone.get_by_label("Kinh độ").input_value()) == TAN_NINH["longitude"]
    phone.get_by_label("Đèn đường hỏng").check()
    phone.get_by_label("Mô tả (không bắt buộc)").fill("Đèn tắt ba đêm nay ở đầu hẻm.")
    phone.get_by_role("button", name="Gửi phản ánh").click()

    # Asked to sign in only now, by a code sent to the phone; back on "Check and send".
    phone.wait_for_url(re.compile(r"/signin/\?next=/reports/drafts/"))
    phone.get_by_label("Số điện thoại di động").fill("0912 345 678")
    phone.get_by_role("button", name="Gửi mã cho tôi").click()
    phone.get_by_label("Mã 6 số").fill(_last_code(PHONE))
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(re.compile(r"/reports/drafts/[0-9a-f-]+/$"))
    assert phone.get_by_role("heading", level=1).inner_text() == "Kiểm tra và gửi"
    assert "Phường Tân Ninh" in phone.locator("main").inner_text()
    assert_accessible(phone, label="draft page")
    phone.get_by_role("button", name="Gửi phản ánh").click()
    phone.wait_for_url(re.compile(r"/reports/[0-9a-f-]{36}/$"))
    report = Report.objects.select_related("case").get()
    assert report.case.code in phone.locator("main").inner_text()
    assert report.case.agency.code == "TN.P.TANNINH" and report.photos.count() == 1
    assert report.case.applicant is not None and report.case.applicant.phone == PHONE
    assert_accessible(phone, label="report page")

    # The ward's handler: password and authenticator code, then the report from the inbox.
    _handler_fixes(site, browser, report)
    report.refresh_from_db()
    assert report.case.state == "resolved"
    assert report.photos.filter(kind="after").count() == 1

    # The reporter sees it fixed, with the photo after the work, and rates it.
    phone.reload()
    main = phone.locator("main")
    assert "Đã xử lý, chờ xác nhận" in main.inner_text()
    assert main.get_by_role("img", name="Ảnh sau khi khắc phục").count() == 1
    phone.get_by_label("5 ★").check()
    phone.get_by_label("Bạn muốn góp ý thêm? (không bắt buộc)").fill("Cảm ơn phường.")
    phone.get_by_role("button", name="Gửi đánh giá").click()
    phone.get_by_text("Cảm ơn bạn đã đánh giá.").wait_for()
    report.case.refresh_from_db()
    assert report.case.rating == 5
    phone_context.close()

    # A stranger: the report, the list (and the map when there is one), never the phone.
    stranger_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    stranger = stranger_context.new_page()
    stranger.goto(f"{site}/reports/{report.case.public_id}/")
    assert report.case.code in stranger.locator("main").inner_text()
    assert "Đèn tắt ba đêm nay" in stranger.locator("main").inner_text()
    _no_phone(stranger, "report page")
    stranger.goto(site + "/reports/")
    assert report.case.title in stranger.locator("main").inner_text()
    _no_phone(stranger, "reports list")
    assert_accessible(stranger, label="reports list")
    # The map: tiles come from outside (refused here, as on a phone with no tile server); the
    # marker comes from the site's own JSON, and its popup links to the report.
    stranger.route(re.compile(r"^(?!" + re.escape(site) + ")"), lambda route: route.abort())
    stranger.goto(site + reverse("reports:map"))
    pin = stranger.locator(".leaflet-marker-icon.pin").filter(has_text=report.case.title)
    pin.wait_for()
    pin.click()
    popup = stranger.locator(".leaflet-popup-content")
    popup.get_by_role("link", name="Xem phản ánh").wait_for()
    assert report.case.title in popup.inner_text()
    assert (
        popup.get_by_role("link")
        .get_attribute("href")
        .endswith(f"/reports/{report.case.public_id}/")
    )
    _no_phone(stranger, "map page")
    # axe would read the popup's colours half-way through Leaflet's fade-in.
    stranger.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    assert_accessible(stranger, label="map page")
    stranger_context.close()


def _handler_fixes(site: str, browser: Any, report: Any) -> None:
    """Through the office's report page: assign, start, then fixed with an "after" photo."""
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    official = office.new_page()
    official.set_default_timeout(15_000)
    office_sign_in(official, site, 4)  # demo.tanninh.xuly, the ward's handler
    official.get_by_role("link", name=report.case.code).click()
    official.wait_for_url(f"**/office/reports/{report.case.public_id}/")
    official.get_by_role("button", name="Giao xử lý").click()
    official.wait_for_load_state()
    official.get_by_role("button", name="Bắt đầu xử lý").click()
    official.wait_for_load_state()
    fixed = official.locator("form:has(input[name=do][value=resolve])")
    fixed.locator("#response").fill("Đã thay bóng đèn mới, đèn sáng bình thường.")
    fixed.locator("#after").set_input_files(files=[_jpeg((40, 90, 200))])
    fixed.locator("button[type=submit]").click()
    official.wait_for_load_state()
    office.close()
