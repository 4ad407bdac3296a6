from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from openprovince.agencies.importing import agencies_import
from openprovince.agencies.models import Agency, AgencyType
from openprovince.agencies.services import agency_write
from openprovince.agencies.validation import CleanAgency
from openprovince.core.content_versions import content_versions_forget
from openprovince.demo.province import AGENCY_TYPES, demo_agency_rows


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test starts with empty caches: pages and version counters never leak across tests."""
    cache.clear()
    content_versions_forget()
    yield
    cache.clear()
    content_versions_forget()


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
