"""Recording webhook deliveries in the transaction of the event (an outbox): an event that
rolls back sends nothing, and one that commits is sent even if the process dies right after."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from openprovince.tasks import task_enqueue

from ..models import Dossier, WebhookDelivery, WebhookEndpoint


def dossier_event_payload(*, event: str, dossier: Dossier) -> dict[str, Any]:
    """What a receiver learns: the dossier's public facts and state, no answers, no files,
    no personal data (a receiver that needs more asks the API with its own credentials)."""
    from openprovince.cases.definitions import workflow_by_id

    case = dossier.case
    state = workflow_by_id(case.definition_id).states.get(case.state)
    return {
        "id": str(uuid.uuid4()),
        "event": event,
        "occurred_at": timezone.now().isoformat(),
        "dossier": {
            "code": case.code,
            "id": str(case.public_id),
            "procedure_code": dossier.procedure.code,
            "procedure_name": dossier.procedure.name,
            "agency_code": case.agency.code,
            "state": case.state,
            "state_name": state.name if state else case.state,
            "channel": case.channel,
            "submitted_at": case.created_at.isoformat(),
            "appointment_at": dossier.appointment_at.isoformat(),
            "due_at": case.due_at.isoformat() if case.due_at else None,
            "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        },
    }


def webhook_event_emit(*, event: str, dossier: Dossier) -> int:
    """Queue `event` for every active endpoint that wants it; returns how many."""
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if e.wants(event)]
    if not endpoints:
        return 0
    payload = dossier_event_payload(event=event, dossier=dossier)
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload=payload)
        task_enqueue("dossiers.webhook_deliver", delivery_id=delivery.pk)
    return len(endpoints)
