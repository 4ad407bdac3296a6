"""An official works a case from the inbox to the end while the citizen follows each step."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_accessible, office_sign_in, session_cookie


def test_an_official_works_a_case_and_the_citizen_sees_every_step(site: str, browser: Any) -> None:
    from openprovince.accounts.models import User
    from openprovince.agencies.models import Agency
    from openprovince.cases.definitions import workflow_definition_save
    from openprovince.cases.services.opening import case_open
    from openprovince.demo.officials import demo_officials_load
    from tests.cases.conftest import general_request

    workflow_definition_save(data=general_request())
    demo_officials_load()
    citizen = User.objects.create_user("c-browser", password="x" * 12, display_name="Bà Năm")
    case = case_open(
        kind="general-request",
        title="Đèn đường tắt ở hẻm 12",
        agency=Agency.objects.get(code="TN.P.TANNINH"),
        applicant=citizen,
    )

    office = browser.new_context(viewport={"width": 1280, "height": 900})
    official = office.new_page()
    office_sign_in(official, site, 4)  # the ward's handler
    assert_accessible(official, label="inbox")

    home = browser.new_context(viewport={"width": 390, "height": 844})
    phone = home.new_page()
    home.add_cookies([session_cookie(site, citizen)])

    def citizen_sees(state_name: str) -> None:
        phone.goto(f"{site}/me/requests/{case.public_id}/")
        assert state_name in phone.locator("main dl").inner_text()

    citizen_sees("Đã tiếp nhận")
    official.get_by_role("link", name=case.code).click()
    official.wait_for_url(f"**/office/cases/{case.public_id}/")
    assert_accessible(official, label="case page")
    official.get_by_role("button", name="Tiếp nhận xử lý").click()
    official.wait_for_load_state()
    citizen_sees("Đang xử lý")
    official.get_by_label("Ghi chú").fill("Cần biết vị trí cột đèn chính xác.")
    official.get_by_role("button", name="Yêu cầu bổ sung").click()
    official.wait_for_load_state()
    citizen_sees("Chờ người dân bổ sung")
    assert "Cần biết vị trí cột đèn" in phone.locator("main").inner_text()
    phone.get_by_label("Lời nhắn gửi cơ quan").fill("Cột thứ ba tính từ đầu hẻm.")
    phone.get_by_role("button", name="Gửi bổ sung").click()
    phone.wait_for_load_state()
    citizen_sees("Đang xử lý")
    official.reload()
    official.get_by_label("Ghi chú").fill("Đã thay bóng đèn.")
    official.get_by_role("button", name="Hoàn thành").click()
    official.wait_for_load_state()
    citizen_sees("Đã giải quyết")
    assert_accessible(phone, label="my request, finished")
    phone.get_by_label("5 ★").check()
    phone.get_by_role("button", name="Gửi đánh giá").click()
    phone.goto(f"{site}/me/requests/")
    assert "Đèn đường tắt ở hẻm 12" in phone.locator("main").inner_text()
    assert_accessible(phone, label="my requests")
    office.close()
    home.close()
