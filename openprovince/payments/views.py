"""Paying an order: choose a way to pay, go to the gateway (or scan the VietQR), come back.

The order's unguessable id in the URL is what lets a person see and pay it: tuition payers
need no account. Pages show nothing personal beyond what the payer typed or looked up.
"""

from __future__ import annotations

import json
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from openprovince.core.access import no_store, public
from openprovince.core.audit import client_ip
from openprovince.core.errors import AppError

from .models import Order
from .providers.base import StartContext
from .providers.registry import provider_get, providers_enabled
from .selectors import attempt_by_public_id, order_by_public_id, order_lines
from .services.attempts import attempt_provider_order_set, attempt_start


def _order(public_id: UUID) -> Order:
    order = order_by_public_id(public_id)
    if order is None:
        raise Http404
    return order


@public
@require_GET
def checkout(request: HttpRequest, public_id: UUID) -> HttpResponse:
    order = _order(public_id)
    return no_store(
        render(
            request,
            "payments/checkout.html",
            {"order": order, "lines": order_lines(order), "providers": providers_enabled()},
        )
    )


@public
@require_POST
def start(request: HttpRequest, public_id: UUID) -> HttpResponse:
    order = _order(public_id)
    try:
        provider = provider_get(request.POST.get("provider", ""))
    except KeyError:
        return _checkout_error(request, order, AppError("payments.provider", ""), status=400)
    ctx = StartContext(
        base_url=settings.PUBLIC_BASE_URL or request.build_absolute_uri("/")[:-1],
        client_ip=client_ip(request) or "127.0.0.1",
        locale="en" if get_language() == "en" else "vn",
    )
    try:
        attempt, checkout = attempt_start(order=order, provider=provider, ctx=ctx)
    except AppError as error:
        return _checkout_error(request, order, error, status=error.status)
    if checkout.redirect_url:
        return redirect(checkout.redirect_url)
    return redirect("payments:attempt", public_id=attempt.public_id)


def _checkout_error(
    request: HttpRequest, order: Order, error: AppError, *, status: int
) -> HttpResponse:
    message = error.message or _("Choose one of the ways to pay below.")
    context = {
        "order": order,
        "lines": order_lines(order),
        "providers": providers_enabled(),
        "message": message,
    }
    return no_store(render(request, "payments/checkout.html", context, status=status))


@public
@require_GET
def attempt_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Where the payer completes an attempt on this site: the VietQR to scan, or the Zalo
    checkout parameters for the mini app."""
    attempt = attempt_by_public_id(public_id)
    if attempt is None:
        raise Http404
    provider = provider_get(attempt.provider)
    context = {"attempt": attempt, "order": attempt.order, "provider": provider}
    context.update(provider.attempt_context(attempt))
    return no_store(render(request, "payments/attempt.html", context))


@public
@require_GET
def attempt_return(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The gateway sends the payer's browser back here. It only displays: the order is paid
    when the signed callback (or reconciliation) says so, never because of this page."""
    attempt = attempt_by_public_id(public_id)
    if attempt is None:
        raise Http404
    context = {"attempt": attempt, "order": attempt.order, "lines": order_lines(attempt.order)}
    return no_store(render(request, "payments/result.html", context))


@public
@csrf_exempt  # called by the Zalo mini app (another origin); the attempt's id is the key
@require_POST
def provider_order(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The mini app reports Zalo's orderId after `Payment.createOrder` (form field or JSON
    `orderId`), so a lost callback can still be settled by asking Zalo."""
    attempt = attempt_by_public_id(public_id)
    if attempt is None:
        raise Http404
    order_id = request.POST.get("orderId", "")
    if not order_id and request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            body = {}
        order_id = str(body.get("orderId", "")) if isinstance(body, dict) else ""
    try:
        stored = attempt_provider_order_set(attempt=attempt, order_id=order_id)
    except AppError as exc:
        return no_store(JsonResponse(exc.as_dict(), status=exc.status))
    return no_store(JsonResponse({"stored": stored}))


@public
@require_GET
def status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The order's status, for pages that wait for a payment to be confirmed."""
    order = _order(public_id)
    return no_store(JsonResponse({"status": order.status, "paid": order.status == "paid"}))
