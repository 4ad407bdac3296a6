"""Modules whose cases have their own pages (a report's photos and map, a dossier's documents
and slips) register them here; the generic case pages send GET requests there. A step posted
to a generic page (an older tab, the inbox) still works: the engine checks it the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


# Modules content with the generic office page (steps, notes, files, history) add a panel of
# their own record above it: a template and the function that makes its context.
Panel = tuple[str, Callable[[Any], dict[str, Any]]]
_panels: dict[str, Panel] = {}


def register_office_panel(
    kind: str, *, template: str, context: Callable[[Any], dict[str, Any]]
) -> None:
    """`context(case)` gives the panel template's context (it sees the case as `case` too)."""
    _panels[kind] = (template, context)


def office_panel_of(case: Any) -> dict[str, Any] | None:
    panel = _panels.get(case.kind)
    if panel is None:
        return None
    template, context = panel
    return {"template": template, **context(case)}
