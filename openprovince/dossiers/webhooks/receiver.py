"""The receiving side, for a province that syncs dossiers to the National Public Service Portal
(or an archive, a dashboard): a small WSGI app that checks each webhook's signature, drops
repeats, and hands the event to an adapter the province writes. There is no real national
endpoint here; the adapter is where its API calls go.

    class PortalAdapter:
        def handle(self, event: dict) -> None:
            # map event["event"] and event["dossier"] to the portal's API; raise to be retried
            ...

    application = webhook_receiver_app(secret=os.environ["WEBHOOK_SECRET"],
                                       adapter=PortalAdapter())

Run it with any WSGI server (granian, gunicorn). It needs nothing from Django.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from .signing import webhook_signature_valid

log = logging.getLogger("openprovince.webhooks.receiver")
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
MAX_BODY = 1_000_000
REMEMBERED = 10_000  # delivery ids kept to drop repeats (at-least-once delivery)


class DossierEventAdapter(Protocol):
    def handle(self, event: dict[str, Any]) -> None:
        """Do what the event means for the other system. Raise to answer 500: OpenProvince
        then sends the same delivery again later (with backoff, up to 8 attempts)."""


class LoggingAdapter:
    """An adapter that only logs: to try the receiver before writing the real one."""

    def handle(self, event: dict[str, Any]) -> None:
        dossier = event.get("dossier", {})
        log.info("%s %s → %s", event.get("event"), dossier.get("code"), dossier.get("state"))


def webhook_receiver_app(*, secret: str, adapter: DossierEventAdapter) -> WsgiApp:
    seen: OrderedDict[str, None] = OrderedDict()

    def reply(start: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
        data = json.dumps(body).encode()
        start(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def app(environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return reply(start, "405 Method Not Allowed", {"error": "POST only"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            return reply(start, "400 Bad Request", {"error": "bad length"})
        body = environ["wsgi.input"].read(length)
        header = environ.get("HTTP_X_OPENPROVINCE_SIGNATURE", "")
        if not webhook_signature_valid(secret=secret, body=body, header=header):
            return reply(start, "401 Unauthorized", {"error": "bad signature"})
        delivery = environ.get("HTTP_X_OPENPROVINCE_DELIVERY", "")
        if delivery and delivery in seen:
            return reply(start, "200 OK", {"ok": True, "repeat": True})
        try:
            event = json.loads(body)
            adapter.handle(event)
        except Exception:
            log.exception("adapter failed on delivery %s", delivery)
            return reply(start, "500 Internal Server Error", {"error": "adapter failed"})
        if delivery:
            seen[delivery] = None
            while len(seen) > REMEMBERED:
                seen.popitem(last=False)
        return reply(start, "200 OK", {"ok": True})

    return app
