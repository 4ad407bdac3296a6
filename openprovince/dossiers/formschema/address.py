"""Address fields: the commune/ward comes from the agency tree, the street is typed."""

from __future__ import annotations

from collections.abc import Iterable

from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import LOCAL_TYPES, agencies_local

STREET_MAX_LENGTH = 200


def communes_active() -> list[tuple[str, str]]:
    """(code, name in the page's language) of every active commune, ward and special zone."""
    rows = agencies_local()
    return [(a.code, a.display_name) for a in rows.only("code", "name", "name_en")]


def communes_existing(codes: Iterable[str]) -> set[str]:
    """Those of `codes` that are active local agencies (one query)."""
    wanted = {c for c in codes if c}
    if not wanted:
        return set()
    return set(
        Agency.objects.filter(
            code__in=wanted, is_active=True, type__code__in=LOCAL_TYPES
        ).values_list("code", flat=True)
    )
