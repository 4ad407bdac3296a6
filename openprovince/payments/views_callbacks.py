"""The one endpoint every gateway calls back (IPN/notify URL): `/pay/callback/<provider>`.

The provider verifies the signature and parses its fields; the core settles; the provider
writes the reply its gateway expects. A bad signature changes nothing and is written to the
audit log; nothing is cached, so the same request sent again is checked again.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from openprovince.core.access import no_store, public
from openprovince.core.audit import audit_record

from .providers.base import BadSignature
from .providers.registry import provider_get
from .services.settlement import payment_settle

log = logging.getLogger(__name__)


@public
@csrf_exempt  # gateways sign their calls; they hold no session or CSRF token
def callback(request: HttpRequest, provider: str) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    try:
        gateway = provider_get(provider)
    except KeyError:
        raise Http404 from None
    try:
        notice = gateway.callback(request)
    except BadSignature as error:
        audit_record(
            action="payments.callback",
            request=request,
            success=False,
            target_type="payments.provider",
            target_id=provider,
            details={"error": "bad signature"},
        )
        return no_store(gateway.callback_reply(None, error))
    except (ValueError, KeyError) as error:
        log.warning("payments: malformed %s callback: %s", provider, error)
        reason = error if isinstance(error, ValueError) else ValueError(str(error))
        return no_store(gateway.callback_reply(None, reason))
    settled = payment_settle(notice=notice, source="callback")
    return no_store(gateway.callback_reply(settled, None))
