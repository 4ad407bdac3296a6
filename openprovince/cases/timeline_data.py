"""A case's timeline as the JSON APIs give it: steps and messages in one list, each with the
same keys, so every module's API shows a case's history alike."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema

from .models import Case, CaseEvent
from .selectors import case_timeline


class TimelineOut(Schema):
    kind: str  # step | message
    step: str  # the step's code ("" for a message)
    step_name: str
    state: str  # the state reached ("" when the step stays or for a message)
    state_name: str
    note: str
    at: datetime


class OfficeTimelineOut(TimelineOut):
    actor: str
    public: bool


def case_timeline_data(
    case: Case, *, official: bool, hide_opening_note: bool = False
) -> list[dict[str, Any]]:
    """Public steps and messages only, unless `official`. `hide_opening_note`: the opening
    step's note is shown elsewhere (a report's description, which may be moderated)."""
    items = []
    for item in case_timeline(case=case, public_only=not official):
        if isinstance(item, CaseEvent):  # a step
            hidden = hide_opening_note and item.action == "open" and not official
            items.append(
                {
                    "kind": "step",
                    "step": item.action,
                    "step_name": getattr(item, "label", item.action),
                    "state": item.to_state,
                    "state_name": getattr(item, "state_label", ""),
                    "note": "" if hidden else item.note,
                    "at": item.at,
                    "actor": item.actor_label,
                    "public": item.is_public,
                }
            )
        else:  # a message (CaseComment)
            items.append(
                {
                    "kind": "message",
                    "step": "",
                    "step_name": "",
                    "state": "",
                    "state_name": "",
                    "note": item.body,
                    "at": item.created_at,
                    "actor": item.author_label,
                    "public": not item.is_internal,
                }
            )
    return items
