"""Shared by the Open311 tests: posting with a key, reading in JSON and XML, the spec's error
shape, and the XML read back into JSON's shape to compare the two."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.test import Client

from openprovince.reports.open311.rendering import ITEM_NAMES
from tests.reports.conftest import TAN_NINH

BASE = "/open311/v2"
# Hà Nội: outside the demo province.
HANOI = (21.03, 105.85)


def open311_post(client: Client, key: str | None, fmt: str = "json", **fields: Any) -> Any:
    data = {"service_code": "streetlight", "lat": TAN_NINH[0], "long": TAN_NINH[1], **fields}
    if key is not None:
        data["api_key"] = key
    return client.post(f"{BASE}/requests.{fmt}", data)


def open311_get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"{BASE}/{path}", params)
    return response, json.loads(response.content) if path.endswith(".json") else None


def open311_errors(response: Any) -> list[str]:
    body = json.loads(response.content)
    assert all(set(e) == {"code", "description"} for e in body)
    assert all(e["code"] == response.status_code for e in body)
    return [e["description"] for e in body]


def _xml_as_data(element: ET.Element) -> Any:
    """The XML read back into JSON's shape: lists where the spec repeats an element."""
    children = list(element)
    if not children:
        return element.text or ""
    item = ITEM_NAMES.get(element.tag)
    if item and all(c.tag == item for c in children):
        return [_xml_as_data(c) for c in children]
    return {c.tag: _xml_as_data(c) for c in children}


def _as_text(value: Any) -> Any:
    """JSON's values as XML carries them: text, with nothing (null, []) as ""."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value] if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def open311_both(client: Client, path: str, **params: Any) -> tuple[Any, ET.Element]:
    """The JSON and the XML of one resource: same status, both well-formed, same content."""
    as_json = client.get(f"{BASE}/{path}.json", params)
    as_xml = client.get(f"{BASE}/{path}.xml", params)
    assert as_json.status_code == as_xml.status_code
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    assert as_xml["Content-Type"] == "text/xml; charset=utf-8"
    assert as_xml.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(as_xml.content)  # noqa: S314 - our own output
    data = json.loads(as_json.content)
    assert _xml_as_data(root) == _as_text(data)
    return data, root
