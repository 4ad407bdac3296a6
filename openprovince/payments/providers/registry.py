"""The providers this installation offers, in the order payers see them (`PAYMENTS_PROVIDERS`)."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Provider

# code → class path; a province adds its own provider by adding a line here.
KNOWN = {
    "demo": "openprovince.payments.providers.demo.DemoProvider",
    "vietqr": "openprovince.payments.providers.vietqr.VietQRProvider",
    "vnpay": "openprovince.payments.providers.vnpay.VNPayProvider",
    "zalopay": "openprovince.payments.providers.zalopay.ZaloPayProvider",
    "zalo_checkout": "openprovince.payments.providers.zalo_checkout.ZaloCheckoutProvider",
    "momo": "openprovince.payments.providers.momo.MoMoProvider",
}


def providers_enabled() -> list[Provider]:
    return [provider_get(code) for code in settings.PAYMENTS_PROVIDERS]


def provider_get(code: str) -> Provider:
    """The provider `code` if it is enabled; KeyError otherwise."""
    if code not in settings.PAYMENTS_PROVIDERS or code not in KNOWN:
        raise KeyError(code)
    provider: Provider = import_string(KNOWN[code])()
    return provider
