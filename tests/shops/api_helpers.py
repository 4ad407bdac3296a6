"""Shared by the shops API tests: tokens, error shapes, bodies and the office steps."""

from __future__ import annotations

from typing import Any

from openprovince.shops.models import Shop, ShopRequest
from tests.conftest import bearer, sign_in_official

from .conftest import TAN_NINH, shop_data

JSON = "application/json"
PRIVATE = ("+84912345678", "0912 345 678", "912345678", "Nguyễn Thị Tư", "0300588569")


def _strings(value: Any) -> list[str]:
    """Every string (keys and values) of a JSON answer."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (str(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)] if value is not None else []


def _no_private(response: Any) -> None:
    text = "\n".join(_strings(response.json()))
    for secret in PRIVATE:
        assert secret not in text, secret
    assert "owner_name" not in text and "tax_code" not in text


def _body(**overrides: Any) -> dict[str, Any]:
    """shop_data as an API client sends it (numbers for the point)."""
    data = shop_data()
    data["lat"], data["lng"] = TAN_NINH
    return {**data, **overrides}


def _create(client: Any, user: Any, **overrides: Any) -> Any:
    return client.post("/api/v1/me/shops", _body(**overrides), content_type=JSON, **bearer(user))


def _office(client: Any, user: Any) -> Any:
    return sign_in_official(client, user)


def _request_of(shop: Shop) -> ShopRequest:
    found = shop.requests.select_related("case").order_by("-id").first()
    assert found is not None
    return found


def _office_url(shop_request: ShopRequest, suffix: str = "") -> str:
    return f"/api/v1/office/shop-requests/{shop_request.case.public_id}{suffix}"


def _step(client: Any, shop_request: ShopRequest, action: str, **fields: Any) -> Any:
    return client.post(
        _office_url(shop_request, "/transition"),
        {"action": action, **fields},
        content_type=JSON,
    )
