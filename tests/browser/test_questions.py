"""Online Q&A in a browser: a newcomer types a question without diacritics, sees that it has
an answer and stops; another person asks a new one (signing in by phone only to send it), an
official answers, and the asker gets the notification and reads the answer."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import assert_accessible, office_sign_in
from tests.browser.test_identity import _last_code

PHONE = "+84912345678"


def _setup() -> Any:
    """The question workflow and topics (a data migration, removed by the flush between
    browser tests), one answered question, and Tân Ninh's demo officials."""
    from importlib import import_module

    from django.apps import apps

    from openprovince.accounts.models import User
    from openprovince.agencies.models import Agency
    from openprovince.demo.officials import demo_officials_load
    from openprovince.questions.models import QuestionTopic
    from openprovince.questions.services.answering import question_answer
    from openprovince.questions.services.asking import QuestionInput, question_ask

    import_module("openprovince.questions.migrations.0002_topics_and_workflow").add(apps, None)
    demo_officials_load()
    topic = QuestionTopic.objects.get(code="cu-tru")  # answered by the asker's ward
    ward = Agency.objects.get(code="TN.P.TANNINH")
    earlier = User.objects.create_user("nguoi-hoi-truoc", display_name="Người hỏi trước")
    answered = question_ask(
        data=QuestionInput(
            topic=topic,
            ward=ward,
            title="Đăng ký tạm trú cho sinh viên thuê trọ",
            body="Con tôi thuê trọ ở phường Tân Ninh để đi học. Có phải đăng ký tạm trú không?",
        ),
        user=earlier,
    )
    question_answer(
        question=answered,
        by=User.objects.get(username="demo.tanninh.duyet"),
        text="Có. Người đến ở từ 30 ngày trở lên phải đăng ký tạm trú, nộp trực tuyến được.",
    )
    return answered, topic


def test_a_newcomer_finds_an_answer_another_asks_and_reads_the_official_answer(
    site: str, browser: Any
) -> None:
    from openprovince.questions.models import Question

    answered, _topic = _setup()

    # 1. Someone types without diacritics, sees the answered question, reads it, and stops.
    first = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    reader = first.new_page()
    reader.set_default_timeout(15_000)
    reader.goto(site + "/")
    reader.locator("main").get_by_role("link", name="Hỏi chính quyền").click()
    reader.wait_for_url("**/questions/")
    assert_accessible(reader, label="FAQ")
    reader.goto(site + "/questions/ask")
    reader.locator("#q-title").press_sequentially("dang ky tam tru thue tro", delay=15)
    reader.wait_for_selector("#similar li")
    assert_accessible(reader, label="ask page with similar answers")
    reader.locator("#similar").get_by_role("link", name=re.compile("tạm trú")).click()
    reader.wait_for_url(f"**/questions/{answered.case.public_id}/")
    assert "30 ngày" in reader.locator("main").inner_text()
    assert_accessible(reader, label="answered question")
    first.close()
    assert Question.objects.count() == 1  # they found it: nothing new was asked

    # 2. Another person asks something new; signs in by a code only to send it.
    second = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    phone = second.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(site + "/questions/ask")
    phone.select_option("#q-topic", "cu-tru")
    phone.select_option("#q-ward", "TN.P.TANNINH")
    phone.fill("#q-title", "Xác nhận cư trú để nộp hồ sơ xin việc")
    phone.fill("#q-body", "Công ty yêu cầu giấy xác nhận cư trú. Tôi xin ở đâu, mất bao lâu?")
    phone.locator("form.card button[type=submit]").last.click()
    phone.wait_for_url(re.compile(r"/signin/\?next=(/|%2F)questions(/|%2F)ask"))
    phone.get_by_label("Số điện thoại di động").fill("0912 345 678")
    phone.get_by_role("button", name="Gửi mã cho tôi").click()
    phone.get_by_label("Mã 6 số").fill(_last_code(PHONE))
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(re.compile(r"/questions/ask"))
    assert phone.locator("#q-title").input_value() == "Xác nhận cư trú để nộp hồ sơ xin việc"
    phone.locator("form.card button[type=submit]").last.click()
    phone.wait_for_url(re.compile(r"/questions/[0-9a-f-]{36}/$"))
    asked = Question.objects.select_related("case").exclude(pk=answered.pk).get()
    assert asked.case.agency.code == "TN.P.TANNINH"
    assert asked.case.code in phone.locator("main").inner_text()
    assert_accessible(phone, label="my question, waiting")

    # 3. The ward's approver answers it on the office page (published at once).
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = office.new_page()
    desk.set_default_timeout(15_000)
    office_sign_in(desk, site, 3)  # demo.tanninh.duyet, approver at Tân Ninh
    desk.goto(f"{site}/office/questions/{asked.case.public_id}/")
    assert_accessible(desk, label="office question page")
    desk.locator("textarea[name=answer]").fill(
        "Bạn xin xác nhận cư trú tại Công an phường hoặc trực tuyến trên Cổng dịch vụ công; "
        "kết quả trong 1 ngày làm việc."
    )
    desk.locator("form:has(textarea[name=answer]) button[type=submit]").first.click()
    desk.wait_for_load_state()
    asked.refresh_from_db()
    assert asked.published and asked.case.state == "answered"
    office.close()

    # 4. The asker sees the notification, opens it and reads the answer.
    phone.goto(site + "/notifications/")
    assert_accessible(phone, label="notifications")
    notice = phone.locator("main li", has_text=asked.case.code)
    notice.get_by_role("link").first.click()
    phone.wait_for_url(re.compile(rf"/questions/{asked.case.public_id}/$"))
    assert "Công an phường" in phone.locator("main").inner_text()
    assert_accessible(phone, label="my question, answered")
    second.close()
