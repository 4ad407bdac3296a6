"""Issue 10: the ward's approver publishes an urgent notice for Phường Tân Ninh; a citizen who
chose Tân Ninh sees it on the home screen and gets a notification; a citizen of Gò Dầu does
not. Texts are checked through structure and data rather than translated strings."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_accessible, office_sign_in, session_cookie

APPROVER = 3  # demo.tanninh.duyet, approver at Phường Tân Ninh (openprovince/demo/officials.py)
TITLE = "Khẩn: nước sông Vàm Cỏ dâng cao, di dời tài sản"


def _setup() -> tuple[Any, Any]:
    """Categories (a data migration, removed by the flush between browser tests), the demo
    officials, and two citizens."""
    from importlib import import_module

    from django.apps import apps

    from openprovince.accounts.models import User
    from openprovince.demo.officials import demo_officials_load

    import_module("openprovince.news.migrations.0002_categories").add(apps, None)
    demo_officials_load()
    tan_ninh = User.objects.create_user("an", phone="+84912000441", display_name="Trần Văn An")
    go_dau = User.objects.create_user("binh", phone="+84912000442", display_name="Lý Thị Bình")
    return tan_ninh, go_dau


def _phone(browser: Any, site: str, user: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    context.add_cookies([session_cookie(site, user)])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _choose_area(page: Any, site: str, code: str) -> None:
    page.goto(site + "/news/")
    assert_accessible(page, label="news page")
    page.locator("#n-area").select_option(code)
    assert page.locator("input[name=alerts]").is_checked()
    with page.expect_navigation():
        page.locator("form[action='/news/area'] button[type=submit]").click()
    assert (
        page.locator("#area-h")
        .inner_text()
        .endswith(page.locator("#n-area option:checked").inner_text())
    )


def test_an_urgent_ward_notice_reaches_that_ward_only(site: str, page: Any, browser: Any) -> None:
    from openprovince.tasks import tasks_run_worker

    an, binh = _setup()
    phone_an, phone_binh = _phone(browser, site, an), _phone(browser, site, binh)
    _choose_area(phone_an, site, "TN.P.TANNINH")
    _choose_area(phone_binh, site, "TN.P.GODAU")

    # The ward's approver writes and publishes the urgent notice for the ward.
    office_sign_in(page, site, APPROVER)
    page.goto(site + "/office/news/new")
    assert page.locator("input[name=whole_province]").count() == 0  # a ward: its own area
    page.locator("#f-title").fill(TITLE)
    page.locator("#f-summary").fill("Người dân ven sông di dời tài sản trước 18 giờ hôm nay.")
    page.locator("#f-body").fill("Mực nước đang lên nhanh.\n\nLiên hệ trực ban: 0276 3822 000.")
    page.locator("#f-category").select_option("canh-bao")
    page.locator("input[name=areas][value='TN.P.TANNINH']").check()
    page.locator("input[name=is_urgent]").check()
    with page.expect_navigation():
        page.locator("main form.card button[type=submit]").last.click()
    assert "/office/news/" in page.url
    with page.expect_navigation():
        page.locator("form[action$='/do/publish'] button").click()
    assert page.locator("[data-status]").get_attribute("data-status") == "published"

    # The worker sends it (the embedded queue has the job from the publish).
    assert tasks_run_worker(once=True) >= 1
    page.reload()
    assert page.locator("[data-stat=recipients]").inner_text() == "1"

    # An (Tân Ninh) sees it on the home screen, and has a notification.
    phone_an.goto(site + "/")
    urgent = phone_an.locator("section[aria-labelledby=urgent-h]")
    assert TITLE in urgent.inner_text()
    assert_accessible(phone_an, label="home with urgent notice")
    assert phone_an.locator("header .badge").count() == 1
    phone_an.locator("header a[href='/notifications/']").click()
    phone_an.wait_for_url("**/notifications/")
    assert TITLE in phone_an.locator("main").inner_text()
    link = phone_an.locator("main a[href^='/news/']").first.get_attribute("href")
    assert link and link.startswith("/news/")
    phone_an.goto(site + link)
    assert phone_an.locator("h1").inner_text().endswith(TITLE)
    assert phone_an.locator("meta[property='og:title']").get_attribute("content") == TITLE
    assert_accessible(phone_an, label="news article")

    # Bình (Gò Dầu) does not see it and was not notified.
    phone_binh.goto(site + "/")
    assert phone_binh.locator("section[aria-labelledby=urgent-h]").count() == 0
    assert TITLE not in phone_binh.locator("main").inner_text()
    assert phone_binh.locator("header .badge").count() == 0
    phone_binh.goto(site + "/news/")
    assert TITLE not in phone_binh.locator("main").inner_text()


FAKE_VOICES = """
window.__spoken = [];
const voices = %s;
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => voices, speaking: false,
  speak(u) { window.__spoken.push([u.lang, u.text]); this.speaking = true; },
  cancel() { this.speaking = false; }, addEventListener() {},
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def test_read_aloud_shows_only_with_a_vietnamese_voice(site: str, browser: Any) -> None:
    from openprovince.demo.news import DEMO_ARTICLE, demo_news_load

    _setup()
    demo_news_load()
    for voices, shown in (("[]", False), ('[{"lang": "en-US"}]', False),
                          ('[{"lang": "en-US"}, {"lang": "vi-VN"}]', True)):  # fmt: skip
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        context.add_init_script(FAKE_VOICES % voices)
        page = context.new_page()
        page.goto(f"{site}/news/{DEMO_ARTICLE}/")
        button = page.locator("[data-speak] button")
        assert button.is_visible() is shown, voices
        if shown:
            button.click()
            spoken = page.evaluate("window.__spoken")
            assert spoken and all(lang == "vi-VN" for lang, _text in spoken)
            assert spoken[0][1] == page.locator("h1").inner_text()
            assert button.get_attribute("aria-pressed") == "true"
            assert_accessible(page, label="article with read aloud")
        context.close()
