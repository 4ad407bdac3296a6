"""Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).

Without /usr/bin/chromium these tests are skipped locally; CI sets REQUIRE_BROWSER=1 so that a
missing browser fails instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.live_server_idle import in_flight_requests

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which makes Django refuse the
    # plain synchronous ORM calls of fixtures (even at teardown). Tests only; subprocesses
    # started by other tests drop this variable (tests/test_settings.py SCRUBBED).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A phone-sized page in a fresh context (no cookies, no cache, no service worker)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", service_workers="allow"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(live_server: Any, transactional_db: Any) -> Iterator[str]:
    """The live server with the demo province loaded; after the test, the server is left idle
    before the database is flushed (live_server_idle says why)."""
    from openprovince.agencies.importing import agencies_import
    from openprovince.demo.province import AGENCY_TYPES, demo_agency_rows

    requests = in_flight_requests(live_server)
    assert agencies_import(rows=demo_agency_rows(), agency_types=AGENCY_TYPES).ok
    yield str(live_server.url)
    left = requests.wait_idle(timeout=30)
    assert left == 0, f"the live server still serves {left} request(s) 30 s after the test"


def assert_accessible(page: Any, *, label: str = "") -> None:
    """Run axe-core on the page; fail on any serious or critical violation."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    bad = [v for v in result if v["impact"] in {"serious", "critical"}]
    assert bad == [], f"{label or page.url}: {bad}"


def session_cookie(site: str, user: Any) -> dict[str, Any]:
    """Sign the citizen in directly (their phone sign-in is covered by test_identity)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": site}


def reports_setup() -> None:
    """The report workflow and categories: a data migration, so the flush between browser
    tests removes them."""
    from importlib import import_module

    from django.apps import apps

    import_module("openprovince.reports.migrations.0002_categories_and_workflow").add(apps, None)


def office_sign_in(page: Any, site: str, official: int) -> None:
    """Sign in as the demo official OFFICIALS[official]: password, then authenticator code."""
    import time

    from openprovince.accounts.totp import totp_at
    from openprovince.demo.officials import OFFICIALS, PASSWORD

    username, *_rest, secret = OFFICIALS[official]
    page.goto(site + "/office/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã trong ứng dụng xác thực").fill(totp_at(secret, time.time()))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/office/")


def dossiers_setup() -> None:
    """The dossier workflow (a data migration, removed by the flush between browser tests)."""
    from importlib import import_module

    from django.apps import apps

    import_module("openprovince.dossiers.migrations.0002_dossier_workflow").add(apps, None)
