"""The demo gateway's page (`/pay/demo/<attempt>`): what VNPay's or MoMo's page would be.

Pressing a button settles the attempt through the same signed-callback path a real gateway
uses, then sends the payer back to the return page. Only while "demo" is an enabled provider.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openprovince.core.access import no_store, public

from .providers.base import Outcome
from .providers.demo import DemoProvider, demo_fields
from .selectors import attempt_by_public_id
from .services.settlement import payment_settle


@public
def gateway(request: HttpRequest, public_id: UUID) -> HttpResponse:
    if "demo" not in settings.PAYMENTS_PROVIDERS:
        raise Http404
    attempt = attempt_by_public_id(public_id)
    if attempt is None or attempt.provider != "demo":
        raise Http404
    if request.method == "POST":
        outcome = Outcome.SUCCEEDED if request.POST.get("choice") == "pay" else Outcome.FAILED
        # What the gateway's server would post to our callback, through the same checks.
        notice = DemoProvider().parse(demo_fields(attempt, outcome))
        payment_settle(notice=notice, source="callback")
        return redirect("payments:return", public_id=attempt.public_id)
    return no_store(
        render(request, "payments/demo_gateway.html", {"attempt": attempt, "order": attempt.order})
    )
