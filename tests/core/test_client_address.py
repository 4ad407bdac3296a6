"""The client's address behind the TLS proxy: X-Forwarded-For only from trusted proxies."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from openprovince.core.client_address import (
    ClientAddressMiddleware,
    client_address,
    trusted_networks,
)

PROXIES = trusted_networks(["10.0.0.5", "10.1.0.0/16", "fd00::/8"])


@pytest.mark.parametrize(
    ("remote", "forwarded_for", "expected"),
    [
        # The server faces the client itself: a header anyone can write is ignored.
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # Our proxy appended the client's address.
        ("10.0.0.5", "198.51.100.1", "198.51.100.1"),
        # The client wrote an address of its own choosing first: what our proxy appended wins.
        ("10.0.0.5", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        # Two of our proxies in a row (a load balancer, then nginx).
        ("10.0.0.5", "198.51.100.1, 10.1.2.3", "198.51.100.1"),
        # Something that is not an address: stop at the last hop we trust.
        ("10.0.0.5", "198.51.100.1, bogus", "10.0.0.5"),
        ("10.0.0.5", "198.51.100.1, bogus, 10.1.2.3", "10.1.2.3"),
        # Only proxies: the farthest one.
        ("10.0.0.5", "10.1.0.7", "10.1.0.7"),
        ("fd00::1", "2001:db8::42", "2001:db8::42"),
        ("10.0.0.5", "", "10.0.0.5"),
    ],
)
def test_the_client_is_the_nearest_address_that_is_not_our_proxy(remote, forwarded_for, expected):
    assert client_address(remote, forwarded_for, PROXIES) == expected


def test_a_bad_trusted_proxies_entry_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="not-an-ip"):
        trusted_networks(["10.0.0.5", "not-an-ip"])


def _seen(request):
    return HttpResponse(request.META["REMOTE_ADDR"])


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_the_middleware_puts_the_client_in_remote_addr():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1"
    )
    assert ClientAddressMiddleware(_seen)(request).content == b"198.51.100.1"


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_middleware_is_not_in_the_chain():
    from django.core.exceptions import MiddlewareNotUsed

    with pytest.raises(MiddlewareNotUsed):
        ClientAddressMiddleware(_seen)
