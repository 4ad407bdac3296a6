from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from openprovince.accounts.services.api_tokens import api_tokens_issue
from openprovince.agencies.importing import agencies_import
from openprovince.agencies.models import Agency, AgencyType
from openprovince.agencies.services import agency_write
from openprovince.agencies.validation import CleanAgency
from openprovince.cases.definitions import workflow_cache_forget
from openprovince.core.content_versions import content_versions_forget
from openprovince.demo.province import AGENCY_TYPES, demo_agency_rows
from openprovince.fulltext.vocabulary import vocabulary_forget


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test starts with empty caches: pages and version counters never leak across tests."""
    cache.clear()
    content_versions_forget()
    workflow_cache_forget()
    vocabulary_forget()
    yield
    cache.clear()
    content_versions_forget()
    workflow_cache_forget()
    vocabulary_forget()


@pytest.fixture
def demo_province(db: Any) -> dict[str, Agency]:
    report = agencies_import(rows=demo_agency_rows(), agency_types=AGENCY_TYPES)
    assert report.ok, report.errors
    return {a.code: a for a in Agency.objects.all()}


def make_agency(
    code: str, *, parent: Agency | None = None, type_code: str = "department", **fields: Any
) -> Agency:
    record = CleanAgency(
        code=code,
        parent_code=parent.code if parent else "",
        type=type_code,
        name=fields.pop("name", f"Cơ quan {code}"),
        **fields,
    )
    return agency_write(
        record=record, parent=parent, agency_type=AgencyType.objects.get(code=type_code)
    )


def square(lng: float, lat: float, size: float) -> dict[str, Any]:
    """A GeoJSON square with its south-west corner at (lng, lat)."""
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def bearer(user: Any) -> dict[str, str]:
    """The header an app (the Zalo mini app) sends: a fresh access token of `user`."""
    return {"HTTP_AUTHORIZATION": f"Bearer {api_tokens_issue(user=user).access_token}"}


def api_error(response: Any, status: int) -> dict[str, Any]:
    """The API's error body, checked: this status and {code, message, fields}, a message set."""
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "fields"} and body["message"]
    return body


def sign_in_official(client: Any, user: Any) -> Any:
    """Log an official in as if password and second factor had been checked."""
    from openprovince.core.access import SECOND_FACTOR_KEY

    client.force_login(user)
    session = client.session
    session[SECOND_FACTOR_KEY] = True
    session.save()
    return client


@pytest.fixture
def admin_client(client: Any, admin_user: Any) -> Any:
    """pytest-django's admin_client, past the second factor the admin now requires."""
    return sign_in_official(client, admin_user)


@pytest.fixture(scope="session")
def _zalo_process() -> Iterator[Any]:
    from django.conf import settings

    from tests.fakes.process import FakeProcess

    fake = FakeProcess("tests.fakes.zalo_server", settings.ZALO_APP_SECRET)
    yield fake
    fake.stop()


@pytest.fixture
def fake_zalo(_zalo_process: Any, settings: Any) -> Any:
    """The fake Zalo Graph API, reset, with the app pointed at it."""
    _zalo_process.call("/_fake/reset", {})
    settings.ZALO_GRAPH_URL = _zalo_process.url
    return _zalo_process


@pytest.fixture(scope="session")
def _sms_process() -> Iterator[Any]:
    from tests.fakes.process import FakeProcess

    fake = FakeProcess("tests.fakes.sms_gateway", "gateway-test-token")
    yield fake
    fake.stop()


@pytest.fixture
def fake_sms_gateway(_sms_process: Any, settings: Any) -> Any:
    """The fake SMS gateway, reset, with the `http` SMS backend pointed at it."""
    _sms_process.call("/_fake/reset", {})
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = _sms_process.url + "/send"
    settings.SMS_HTTP_TOKEN = "gateway-test-token"
    return _sms_process


@pytest.fixture(scope="session")
def _zns_process() -> Iterator[Any]:
    from tests.fakes.process import FakeProcess

    fake = FakeProcess("tests.fakes.zns_server", "zns-test-oa-token")
    yield fake
    fake.stop()


@pytest.fixture
def fake_zns(_zns_process: Any, settings: Any) -> Any:
    """The fake Zalo ZNS API, reset, with the `zns` channel pointed at it and a template for
    the `test.hello` and `case.updated` events."""
    _zns_process.call("/_fake/reset", {})
    settings.ZNS_URL = _zns_process.url
    settings.ZNS_ACCESS_TOKEN = "zns-test-oa-token"
    settings.ZNS_TEMPLATES = {"test.hello": "100001", "case.updated": "100002"}
    return _zns_process


@pytest.fixture
def workflow(db: Any) -> Any:
    """The sample general-request workflow, saved."""
    from openprovince.cases.definitions import workflow_definition_save
    from tests.cases.conftest import general_request

    return workflow_definition_save(data=general_request())
