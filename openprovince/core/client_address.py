"""The citizen's own address behind the TLS proxy (X-Forwarded-For from trusted proxies only).

Behind a proxy every request arrives from the proxy's address. Without this, the audit log
would record the proxy for everyone, and every per-address limit (reports per connection per
hour, sign-in attempts) would count the whole province as one connection. The header is
believed only when the request comes from an address in TRUSTED_PROXIES, and only as far as
the chain of trusted proxies goes: anyone can send an X-Forwarded-For, so its left part (what
the client wrote) is never taken over the right part (what our proxies appended).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES as networks: single addresses ("10.0.0.5") or ranges ("10.0.0.0/8")."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an address or a network"
            ) from exc
    return tuple(networks)


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(remote: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The first address, reading X-Forwarded-For from the right (the nearest hop first), that
    is not one of our proxies. `remote` itself when it is not a trusted proxy; the last trusted
    hop when the header ends in something that is not an address (never a guess beyond it)."""

    def trusted(address: Address) -> bool:
        return any(address in network for network in networks)

    peer = _address(remote)
    if peer is None or not trusted(peer):
        return remote
    client = remote
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not trusted(address):
            break
    return client


class ClientAddressMiddleware:
    """Put the client's address in REMOTE_ADDR when a trusted proxy forwarded the request, so
    the audit log, throttles and payment gateways all see the same, right address. Not in the
    chain at all when TRUSTED_PROXIES is empty (the server faces the clients itself)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.networks = trusted_networks(settings.TRUSTED_PROXIES)
        if not self.networks:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded_for:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""), forwarded_for, self.networks
            )
        return self.get_response(request)
