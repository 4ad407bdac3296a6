"""What a delivery channel is, and the two ways it can fail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..models import OutboxMessage


class DeliveryError(Exception):
    """A message was not delivered. `code` is stable and short (`zns.-108`, `sms.refused`)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


class RetryableError(DeliveryError):
    """Worth trying again later: the provider is down, busy, or out of quota."""


class PermanentError(DeliveryError):
    """Will fail the same way every time (bad number, no such template): dead-letter it."""


class AddressGoneError(PermanentError):
    """The address itself no longer exists (a browser's push subscription expired and was
    removed): nothing to retry and nothing for an admin to fix, so the message is cancelled."""


class ChannelModule(Protocol):
    NEEDS_CONSENT: bool

    def address(self, user: Any) -> str:
        """Where this person is reached on the channel, or "" when they cannot be."""
        ...

    def available(self, event: str) -> bool:
        """Whether this installation can send `event` on the channel at all."""
        ...

    def send(self, message: OutboxMessage) -> str:
        """Deliver or raise RetryableError / PermanentError. Returns the provider's id."""
        ...
