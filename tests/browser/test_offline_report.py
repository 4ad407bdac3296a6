"""A report written with no network waits on the phone ("waiting to send") and goes out by
itself, once, when the network is back."""

from __future__ import annotations

import io
from typing import Any

from tests.browser.conftest import reports_setup, session_cookie


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 160, 40)).save(out, "JPEG")
    return out.getvalue()


def test_a_report_filed_offline_waits_then_is_sent_once(site: str, page: Any) -> None:
    from openprovince.accounts.models import User
    from openprovince.reports.models import Report

    reports_setup()
    citizen = User.objects.create_user("dan", phone="+84912345678", display_name="Lê Thị Mai")
    page.context.add_cookies([session_cookie(site, citizen)])
    # Online first: the service worker takes over and keeps the pages seen.
    page.goto(site + "/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(site + "/reports/new")
    page.goto(site + "/")

    page.context.set_offline(True)
    page.goto(site + "/reports/new")  # from the phone's cache
    page.set_input_files(
        "#photos", files=[{"name": "den.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    page.get_by_label("Vĩ độ").fill("11.50")
    page.get_by_label("Kinh độ").fill("106.05")
    page.get_by_label("Đèn đường hỏng").check()
    page.get_by_label("Mô tả (không bắt buộc)").fill("Đèn tắt ba đêm")
    page.get_by_role("button", name="Gửi phản ánh").click()
    waiting = page.locator("#outbox")
    waiting.get_by_text("Đang chờ gửi: 1").wait_for()
    assert Report.objects.count() == 0

    # Still waiting on another page, still offline.
    page.goto(site + "/")
    waiting.get_by_text("Đang chờ gửi: 1").wait_for()

    page.context.set_offline(False)
    waiting.get_by_text("Đã gửi.").wait_for()
    report = Report.objects.get()
    assert report.description == "Đèn tắt ba đêm" and report.photos.count() == 1
    assert report.case.applicant == citizen

    # Sent means gone from the phone: the next page shows nothing waiting, nothing is resent.
    page.goto(site + "/")
    assert page.locator("#outbox").is_hidden()
    assert page.evaluate("localStorage.getItem('op-outbox')") is None
    assert Report.objects.count() == 1
