"""A shop's bank accounts as customers see them: bank name, number, holder and the static
VietQR payload (the standee's), and for pages the QR drawn as inline SVG."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openprovince.payments.banks import bank_name
from openprovince.payments.providers.vietqr import qr_svg

from .models import Shop, ShopBankAccount
from .standee_pdf import standee_payload


def _row(account: ShopBankAccount) -> dict[str, Any]:
    return {
        "bank_bin": account.bank_bin,
        "bank": bank_name(account.bank_bin),
        "account": account.account,
        "holder": account.holder,
        "vietqr": standee_payload(bank_bin=account.bank_bin, account=account.account),
    }


def shop_accounts(shop: Shop) -> list[dict[str, Any]]:
    return [_row(a) for a in shop.accounts.all()]


def shop_account_qrs(
    shop: Shop, *, label: Callable[[ShopBankAccount], str]
) -> list[dict[str, Any]]:
    """`shop_accounts` with `svg`, each QR named for screen readers by `label(account)`."""
    rows = []
    for account in shop.accounts.all():
        row = _row(account)
        rows.append({**row, "svg": qr_svg(row["vietqr"], label=label(account))})
    return rows
