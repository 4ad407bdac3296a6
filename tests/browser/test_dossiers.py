"""A newcomer finds birth registration by typing without diacritics, applies with two files
(signing in by phone only when asked), gets the receipt with its QR code; the ward asks for a
supplement, the citizen sends it, the ward approves and returns an e-result, which the citizen
downloads."""

from __future__ import annotations

import io
import re
from typing import Any

from tests.browser.conftest import assert_accessible, dossiers_setup, office_sign_in
from tests.browser.test_identity import _last_code

PHONE = "+84912345678"


def _pdf(name: str) -> dict[str, Any]:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 80), (250, 250, 250)).save(out, "PDF")
    return {"name": name, "mimeType": "application/pdf", "buffer": out.getvalue()}


def _step(page: Any, site: str, dossier: Any, action: str) -> None:
    page.goto(f"{site}/office/dossiers/{dossier.case.public_id}/")
    page.locator(f"button[name=action][value={action}]").click()
    page.wait_for_load_state()


def test_a_newcomer_applies_for_a_birth_registration_and_downloads_the_e_result(
    site: str, browser: Any
) -> None:
    from openprovince.demo.officials import demo_officials_load
    from openprovince.dossiers.models import Dossier
    from tests.dossiers.conftest import birth_registration

    dossiers_setup()
    demo_officials_load()
    birth_registration()

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(site + "/procedures/")
    assert_accessible(phone, label="procedures")
    phone.locator("input[name=q]").first.fill("khai sinh")
    phone.locator("input[name=q]").first.press("Enter")
    phone.get_by_role("link", name=re.compile("Đăng ký khai sinh")).first.click()
    phone.wait_for_url("**/procedures/1.001193/")
    assert_accessible(phone, label="procedure")
    phone.locator("a.btn[href$='/apply']").first.click()

    # Signed in only now, by a code sent to the phone; back on the form.
    phone.wait_for_url(re.compile(r"/signin/"))
    phone.get_by_label("Số điện thoại di động").fill("0912 345 678")
    phone.get_by_role("button", name="Gửi mã cho tôi").click()
    phone.get_by_label("Mã 6 số").fill(_last_code(PHONE))
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url("**/procedures/1.001193/apply")
    assert_accessible(phone, label="apply form")
    phone.locator("[name=f_child_name]").fill("Nguyễn Văn An")
    phone.locator("[name=f_birth_date]").fill("2026-11-20")
    phone.locator("select[name=f_gender]").select_option("nam")
    phone.locator("[name=f_mother_id]").fill("072195001234")
    phone.locator("select[name=f_home__commune]").select_option("TN.P.TANNINH")
    phone.locator("[name=f_home__street]").fill("12 Trần Hưng Đạo")
    phone.locator("select[name=agency]").select_option("TN.P.TANNINH")
    assert phone.locator("[name=contact_phone]").input_value().replace(" ", "") == "0912345678"
    phone.set_input_files("[name=doc_to_khai]", files=[_pdf("to-khai.pdf")])
    phone.set_input_files("[name=doc_chung_sinh]", files=[_pdf("giay-chung-sinh.pdf")])
    phone.locator("form[data-dossier-form] .actions button[type=submit]:not([name])").click()

    phone.wait_for_url(re.compile(r"/dossiers/[0-9a-f-]{36}/receipt$"))
    dossier = Dossier.objects.select_related("case").get()
    assert dossier.case.code in phone.locator("main").inner_text()
    qr = phone.locator("figure.qr img")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(phone, label="receipt")

    # The ward: receive, review, ask for the marriage certificate.
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    official = office.new_page()
    official.set_default_timeout(15_000)
    office_sign_in(official, site, 4)  # demo.tanninh.xuly
    _step(official, site, dossier, "receive")
    _step(official, site, dossier, "start_review")
    official.locator("input[name=slot][value=ket_hon]").check()
    official.locator("#reason_ket_hon").fill("Cha mẹ đã kết hôn: cần bản sao giấy chứng nhận.")
    official.locator("form:has(input[name=do][value=supplement]) button[type=submit]").click()
    official.wait_for_load_state()
    dossier.case.refresh_from_db()
    assert dossier.case.state == "supplement"

    # The citizen sees exactly what is asked and why, and sends it.
    phone.goto(f"{site}/dossiers/{dossier.case.public_id}/")
    assert "cần bản sao giấy chứng nhận" in phone.locator("main").inner_text()
    assert_accessible(phone, label="dossier page")
    phone.set_input_files("[name=doc_ket_hon]", files=[_pdf("ket-hon.pdf")])
    phone.locator("form[action$='/supply'] button[type=submit]").click()
    phone.wait_for_url(f"**/dossiers/{dossier.case.public_id}/")
    dossier.case.refresh_from_db()
    assert dossier.case.state == "in_review"

    # Review done; the approver signs the e-result; the handler returns it.
    _step(official, site, dossier, "propose")
    office.close()
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    approver = office.new_page()
    approver.set_default_timeout(15_000)
    office_sign_in(approver, site, 3)  # demo.tanninh.duyet
    approver.goto(f"{site}/office/dossiers/{dossier.case.public_id}/")
    approver.set_input_files("#result", files=[_pdf("ket-qua.pdf")])
    approver.locator("form:has(input[name=do][value=approve]) button[type=submit]").click()
    approver.wait_for_load_state()
    approver.locator("form:has(input[name=do][value=return]) button[type=submit]").click()
    approver.wait_for_load_state()
    dossier.case.refresh_from_db()
    assert dossier.case.state == "returned"
    office.close()

    # The citizen downloads the e-result.
    phone.goto(f"{site}/dossiers/{dossier.case.public_id}/")
    with phone.expect_download() as download:
        phone.locator(f"a[href*='/dossiers/{dossier.case.public_id}/result']").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    context.close()
