"""A newcomer's first minutes with the citizen app, in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible

CITIZEN_PAGES = [
    "/",
    "/search?q=ho+so+dat+dai",
    "/search",
    "/agencies/",
    "/agencies/?type=ward",
    "/agencies/TN/",
    "/agencies/TN.SNNMT/",
    "/offline",
    "/does-not-exist/",
    "/office/login/",
    "/reports/",
    "/reports/new",
]


def test_newcomer_searches_switches_text_and_language_then_goes_offline(
    site: str, page: Any
) -> None:
    # Opens the home page: Vietnamese, big tiles, no sign-in asked.
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("main").get_by_role("link", name="Cơ quan, UBND xã/phường").is_visible()
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 18

    # Searches without diacritics and finds the land department.
    page.locator("main").get_by_role("searchbox").fill("ho so dat dai")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=ho"))
    page.get_by_role("link", name="Sở Nông nghiệp và Môi trường").click()
    page.wait_for_url(re.compile("/agencies/TN.SNNMT/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sở Nông nghiệp và Môi trường"

    # Switches to large text: every page after that is larger, on this device.
    page.get_by_role("button", name="Chữ lớn").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("class") == "lg"
    large = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large > font_size
    page.goto(site + "/agencies/")
    assert page.locator("html").get_attribute("class") == "lg"

    # Switches to English and back stays remembered.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Agencies and ward offices"
    page.goto(site + "/")
    assert page.locator("main").get_by_role("link", name="Agencies and ward offices").is_visible()
    assert_accessible(page, label="home in English, large text")

    # The service worker keeps the shell: with the network cut, a new page shows the offline page.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the worker
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.goto(site + "/agencies/TN.SYT/")
    assert "You are offline" in page.get_by_role("heading", level=1).inner_text()
    # A page seen before still opens offline.
    page.goto(site + "/agencies/")
    assert page.get_by_role("heading", level=1).inner_text() == "Agencies and ward offices"
    page.context.set_offline(False)


def test_search_updates_as_you_type_with_javascript(site: str, page: Any) -> None:
    page.goto(site + "/search")
    page.get_by_role("searchbox").press_sequentially("trang bang", delay=30)
    page.get_by_role("link", name="Phường Trảng Bàng").wait_for()
    assert "q=trang" in page.url


def test_everything_works_with_javascript_off(site: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site + "/agencies/")
    page.get_by_role("searchbox").fill("tan ninh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.locator("main li").first.get_by_role("link", name="Phường Tân Ninh").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Phường Tân Ninh"
    page.get_by_role("button", name="Chữ lớn").click()
    assert page.locator("html").get_attribute("class") == "lg"
    context.close()


def test_every_citizen_page_passes_axe(site: str, page: Any) -> None:
    for path in CITIZEN_PAGES:
        page.goto(site + path)
        assert_accessible(page, label=path)
    page.goto(site + "/")
    page.get_by_role("button", name="Chữ lớn").click()
    page.wait_for_load_state()
    for path in CITIZEN_PAGES[:4]:
        page.goto(site + path)
        assert_accessible(page, label=f"{path} (large text)")


def test_touch_targets_are_at_least_48px(site: str, page: Any) -> None:
    page.goto(site + "/")
    small = page.evaluate(
        "[...document.querySelectorAll('main a, main button, footer button')]"
        ".map(e => [e.textContent.trim(), e.getBoundingClientRect().height])"
        ".filter(([, h]) => h < 44)"
    )
    assert small == []


def test_the_accessibility_check_itself_catches_violations(page: Any) -> None:
    page.set_content(
        '<html lang="vi"><body><main><input type="text"><img src="x.png"></main></body></html>'
    )
    with pytest.raises(AssertionError) as err:
        assert_accessible(page, label="known bad page")
    assert "image-alt" in str(err.value)
    assert "label" in str(err.value)
