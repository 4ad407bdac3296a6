"""Workflow definitions: save a new version, read the current one, import/export JSON."""

from __future__ import annotations

import json
import time
from typing import Any

from django.db import transaction
from django.db.models import Max

from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError, NotFound

from .models import WorkflowDefinition
from .workflow import Workflow, workflow_parse

_parsed: dict[int, Workflow] = {}  # definition id → parsed (definitions never change)
# kind → (read at, current definition). Every case opening asks; a new version saved in another
# process is seen within CURRENT_FOR seconds (cases opened meanwhile keep the previous version,
# which stays valid: cases always keep the version they were opened with).
_current: dict[str, tuple[float, WorkflowDefinition]] = {}
CURRENT_FOR = 10.0


def workflow_definition_save(*, data: dict[str, Any], by: Any = None) -> WorkflowDefinition:
    """Validate and store `data` as the next version of its kind (older cases keep theirs).
    Saving data identical to the current version is a no-op."""
    workflow = workflow_parse(data)
    with transaction.atomic():
        current = workflow_definition_current(kind=workflow.kind, missing_ok=True)
        if current is not None and current.data == data:
            return current
        last = (
            WorkflowDefinition.objects.filter(kind=workflow.kind).aggregate(v=Max("version"))["v"]
            or 0
        )
        WorkflowDefinition.objects.filter(kind=workflow.kind).update(is_active=False)
        definition = WorkflowDefinition.objects.create(
            kind=workflow.kind, version=last + 1, data=data, created_by=by
        )
        _current.pop(workflow.kind, None)
        audit_record(
            action="workflow.save",
            actor=by,
            target=definition,
            details={"kind": workflow.kind, "version": definition.version},
        )
    return definition


def workflow_definition_current(
    *, kind: str, missing_ok: bool = False
) -> WorkflowDefinition | None:
    cached = _current.get(kind)
    if cached is not None and time.monotonic() - cached[0] < CURRENT_FOR:
        return cached[1]
    definition = (
        WorkflowDefinition.objects.filter(kind=kind, is_active=True).order_by("-version").first()
    )
    if definition is not None:
        _current[kind] = (time.monotonic(), definition)
    if definition is None and not missing_ok:
        raise NotFound("cases.unknown_kind", f"no workflow for kind {kind!r}")
    return definition


def workflow_of(definition: WorkflowDefinition) -> Workflow:
    parsed = _parsed.get(definition.pk)
    if parsed is None:
        parsed = _parsed[definition.pk] = workflow_parse(definition.data)
    return parsed


def workflow_by_id(definition_id: int) -> Workflow:
    """The parsed workflow without loading the definition row when it is already known
    (definitions never change, so the per-process copy is always right)."""
    parsed = _parsed.get(definition_id)
    if parsed is None:
        parsed = workflow_of(WorkflowDefinition.objects.get(pk=definition_id))
    return parsed


def workflow_cache_forget() -> None:
    """For tests: a database emptied between tests hands out the same ids again."""
    _parsed.clear()
    _current.clear()


def workflow_definition_import(*, content: bytes, by: Any = None) -> WorkflowDefinition:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AppError("cases.bad_workflow", "not valid UTF-8 JSON") from exc
    return workflow_definition_save(data=data, by=by)


def workflow_definition_export(*, kind: str) -> str:
    definition = workflow_definition_current(kind=kind)
    assert definition is not None
    return json.dumps(definition.data, ensure_ascii=False, indent=2)
