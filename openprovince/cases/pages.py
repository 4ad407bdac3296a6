"""Modules whose cases have their own pages (a report's photos and map, a dossier's documents
and slips) register them here; the generic case pages send GET requests there. A step posted
to a generic page (an older tab, the inbox) still works: the engine checks it the same way."""

from __future__ import annotations

_office: dict[str, str] = {}
_citizen: dict[str, str] = {}


def register_case_pages(kind: str, *, office: str = "", citizen: str = "") -> None:
    """URL names taking `public_id`, e.g. register_case_pages("report", office="office:report")."""
    if office:
        _office[kind] = office
    if citizen:
        _citizen[kind] = citizen


def office_page_of(kind: str) -> str | None:
    return _office.get(kind)


def citizen_page_of(kind: str) -> str | None:
    return _citizen.get(kind)
