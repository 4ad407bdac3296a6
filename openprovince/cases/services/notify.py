from __future__ import annotations

from typing import Any

from ..models import Case
from ..workflow import Workflow


def case_update_context(case: Case, workflow: Workflow) -> dict[str, Any]:
    """What the `case.updated` message templates show (public facts only)."""
    state = workflow.states[case.state]
    return {
        "case_code": case.code,
        "kind_name": workflow.name,
        "state_name": state.name,
        "agency_name": case.agency.name,
        "link": f"/me/requests/{case.public_id}/",
    }
