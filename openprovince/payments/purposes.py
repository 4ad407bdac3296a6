"""What happens when an order is paid, per purpose (tuition marks its bills paid, …).

Explicit registration, not signals (DESIGN §4.3): the module that creates orders of a purpose
registers its hook in its AppConfig.ready(). The hook runs inside the transaction that
records the payment, so the bill and the money are marked together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Order

PaidHook = Callable[["Order"], None]
_paid: dict[str, list[PaidHook]] = {}


def on_paid(purpose: str, hook: PaidHook) -> None:
    _paid.setdefault(purpose, []).append(hook)


def run_paid_hooks(order: Order) -> None:
    for hook in _paid.get(order.purpose, ()):
        hook(order)
