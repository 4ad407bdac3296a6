"""Models of the dossiers module: the procedure catalogue (catalogue.py), the citizens'
dossiers (dossier.py) and the webhooks that tell other systems about them (webhook.py)."""

from .catalogue import LifeEvent, Procedure, ProcedureField
from .dossier import (
    Delivery,
    Dossier,
    DossierApology,
    DossierDocument,
    DossierDraft,
    SupplementRequest,
)
from .webhook import WebhookDelivery, WebhookEndpoint

__all__ = [
    "Delivery",
    "Dossier",
    "DossierApology",
    "DossierDocument",
    "DossierDraft",
    "LifeEvent",
    "Procedure",
    "ProcedureField",
    "SupplementRequest",
    "WebhookDelivery",
    "WebhookEndpoint",
]
