"""E-receipts: the receipt page and its PDF for the payer, the verify page for anyone holding
a printed receipt (docs/payments-receipts.md).

As on the other payment pages, the order's unguessable id in the URL is the capability to
see its receipt. The verify page is reached by the reference and token printed on the
receipt and shows only what the paper already says about the payment: no payer, no lines.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from openprovince.core.access import no_store, public

from .providers.vietqr import qr_svg
from .receipts import Receipt, receipt_by_public_id, receipt_verify
from .receipts_pdf import receipt_pdf


def _receipt(public_id: UUID) -> Receipt:
    receipt = receipt_by_public_id(public_id)
    if receipt is None:  # no such order, or not paid (yet): there is no receipt
        raise Http404
    return receipt


def _absolute(request: HttpRequest, path: str) -> str:
    # Printed receipts outlive requests: prefer the configured public address.
    base = settings.PUBLIC_BASE_URL or request.build_absolute_uri("/")[:-1]
    return f"{base}{path}"


@public
@require_GET
def receipt(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found = _receipt(public_id)
    verify_url = _absolute(request, found.verify_path)
    context = {
        "receipt": found,
        "verify_url": verify_url,
        "qr_svg": qr_svg(verify_url, label=_("QR code that checks this receipt")),
    }
    return no_store(render(request, "payments/receipt.html", context))


@public
@require_GET
def receipt_download(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found = _receipt(public_id)
    content = receipt_pdf(found, verify_url=_absolute(request, found.verify_path))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.pdf_filename}"'
    return no_store(response)


@public
@require_GET
def receipt_check(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    verified = receipt_verify(reference=reference, token=token)
    # 404 when it does not verify: nothing genuine lives at this address. The typed reference
    # is not echoed back, so the page cannot be made to display someone else's text.
    status = 200 if verified else 404
    return no_store(
        render(request, "payments/receipt_verify.html", {"verified": verified}, status=status)
    )
