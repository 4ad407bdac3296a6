"""The form engine's templates in Chromium: axe-core finds no serious problem, and form.js adds
and removes group rows with names the server reads (no server needed: the page is set directly).
"""

import os
import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from openprovince.dossiers.formschema import answers_clean, document_slots, form_fields
from tests.dossiers.formschema_helpers import DOCUMENTS, SCHEMA, with_

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "tests" / "browser" / "vendor" / "axe-4.14.1.min.js"
STATIC = ROOT / "openprovince"


def page_html(*, errors: bool) -> str:
    with translation.override("vi"):
        if errors:
            form = answers_clean(
                SCHEMA, with_(f_mother_id="123", f_birth_date="31/02/2020"),
                documents=DOCUMENTS, files=None,
            )  # fmt: skip
            answers, problems = form.values, form.errors
        else:
            answers, problems = None, None
        context = {
            "fields": form_fields(SCHEMA, answers=answers, errors=problems),
            "slots": document_slots(DOCUMENTS, errors=problems),
        }
        body = render_to_string("dossiers/formschema/_form.html", context)
        body += render_to_string("dossiers/formschema/_documents.html", context)
    css = (STATIC / "web/static/web/app.css").read_text()
    css += (STATIC / "dossiers/static/dossiers/form.css").read_text()
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng ký khai sinh'
        f'</title><style>:root{{--brand:#0b5cad}}{css}</style></head><body><main id="main">'
        '<h1>Đăng ký khai sinh</h1><form method="post" enctype="multipart/form-data">'
        f'<button class="btn" type="submit">Gửi hồ sơ</button>{body}</form></main></body></html>'
    )


@pytest.fixture
def chromium(monkeypatch):
    """Opens a phone-sized page on the given HTML. Call it after every database query: once
    Playwright's event loop runs, Django would use another connection to the test database."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with ExitStack() as stack:

        def open_page(html):
            p = stack.enter_context(sync_playwright())
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            stack.callback(browser.close)
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            page.set_default_timeout(10_000)
            page.set_content(html)
            return page

        yield open_page


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' '))}))"
    )
    return [v for v in found if v["impact"] in {"serious", "critical"}]


def test_given_the_form_with_errors_when_scanned_then_axe_finds_nothing_serious(
    demo_province, chromium
):
    page = chromium(page_html(errors=True))
    assert axe_violations(page) == []
    small = page.evaluate(
        "() => [...document.querySelectorAll('input:not([type=hidden]),select,textarea,button')]"
        ".filter(e => !e.hidden && e.getBoundingClientRect().height < 48).map(e => e.id || e.name)"
    )
    assert small == []


def test_given_script_when_rows_are_added_and_removed_then_names_follow(demo_province, chromium):
    page = chromium(page_html(errors=False))
    page.add_script_tag(content=(STATIC / "dossiers/static/dossiers/form.js").read_text())
    add = page.locator("[data-add-row]")
    remove = page.locator("[data-remove-row]:visible")
    assert remove.count() == 0  # one row, min 1: nothing to remove
    page.fill("#f_members__0__name", "Bình")
    add.click()
    assert page.evaluate("() => document.activeElement.id") == "f_members__1__name"
    assert page.input_value("#f_members__1__name") == ""
    assert page.locator("label[for=f_members__1__id]").count() == 1
    assert page.locator("[data-row-legend]").all_inner_texts() == [
        "Thành viên hộ 1", "Thành viên hộ 2",
    ]  # fmt: skip
    page.fill("#f_members__1__name", "Cúc")
    add.click()
    assert add.is_hidden()  # max 3
    assert remove.count() == 3
    page.fill("#f_members__2__name", "Dũng")
    page.locator("[data-row='1'] [data-remove-row]").click()
    assert add.is_visible()
    assert page.locator("[data-row-legend]").all_inner_texts() == [
        "Thành viên hộ 1", "Thành viên hộ 2",
    ]  # fmt: skip
    posted = page.evaluate(
        "() => [...new FormData(document.querySelector('form')).entries()]"
        ".filter(([k]) => k.startsWith('f_members')).map(([k, v]) => [k, v])"
    )
    form = answers_clean(SCHEMA, dict(posted), documents=[], files=None)
    assert form.answers["members"] == [{"name": "Bình"}, {"name": "Dũng"}]
    assert "f_members" not in form.errors
