"""Fake Zalo Mini App Checkout SDK server (docs/payments-zalopay-momo.md §2), signing like the
real one with the mini app's private key. It shares no code with the provider module.

`python -m tests.fakes.zalo_checkout_server PORT APP_ID PRIVATE_KEY`
API: GET /api/transaction/get-status?orderId&appId&mac.
Control: POST /_fake/reset · GET /_fake/requests
· POST /_fake/orders {amount, desc, item, extradata, method?, mac}: what `Payment.createOrder`
  does in the mini app: checks the mac (-2101 when wrong) and answers {orderId}
· POST /_fake/pay {orderId, outcome: "paid"|"failed", amount?} → {"callback": the signed body
  Zalo would POST to the mini app's callback URL}. An unknown orderId needs `extradata` and
  `amount` (a payment for an order the merchant never created).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
from typing import Any
from urllib.parse import quote

from tests.fakes.base import FakeHandler, serve

BAD_MAC = {"error": -2101, "msg": "MAC không đúng", "data": None}
BAD_PARAM = {"error": -2103, "msg": "Tham số không hợp lệ", "data": None}


def js(value: Any) -> str:
    """How the platform's JavaScript renders a value in a MAC string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return "null" if value is None else str(value)


class ZaloCheckoutHandler(FakeHandler):
    state: dict[str, Any] = {"orders": {}, "requests": [], "next": 1}
    app_id = ""
    key = ""

    def mac(self, message: str) -> str:
        return hmac.new(self.key.encode(), message.encode(), hashlib.sha256).hexdigest()

    def do_GET(self) -> None:
        path = self.path_only
        if path == "/_fake/requests":
            self.reply(self.state["requests"])
        elif path == "/api/transaction/get-status":
            params = {k: v[-1] for k, v in self.query.items()}
            answer = self.status(params)
            self.state["requests"].append({"path": path, "params": params, "answer": answer})
            self.reply(answer)
        else:
            self.reply({"error": "not found"}, 404)

    def do_POST(self) -> None:
        path = self.path_only
        body = self.json_body()
        if path == "/_fake/reset":
            self.state.update(orders={}, requests=[], next=1)
            self.reply({"ok": True})
        elif path == "/_fake/orders":
            answer = self.create_order(body)
            self.state["requests"].append({"path": path, "params": body, "answer": answer})
            self.reply(answer)
        elif path == "/_fake/pay":
            self.reply({"callback": self.pay(body)})
        else:
            self.reply({"error": "not found"}, 404)

    def create_order(self, params: dict[str, Any]) -> dict[str, Any]:
        # The SDK takes `item` as an array and signs JSON.stringify of it; accept the string too.
        signed = {k: v for k, v in params.items() if k != "mac"}
        if any(k not in signed for k in ("amount", "desc", "item")):
            return BAD_PARAM
        expected = self.mac("&".join(f"{k}={js(signed[k])}" for k in sorted(signed)))
        if not hmac.compare_digest(expected, str(params.get("mac", ""))):
            return BAD_MAC
        order_id = f"{int(time.time())}{self.state['next']:06d}"
        self.state["next"] += 1
        self.state["orders"][order_id] = {
            "amount": int(params["amount"]), "desc": params["desc"],
            "extradata": params.get("extradata", ""), "status": "pending", "transId": "",
        }  # fmt: skip
        return {"error": 0, "msg": "Thành công", "data": {"orderId": order_id}}

    def status(self, p: dict[str, str]) -> dict[str, Any]:
        expected = self.mac(
            f"appId={p.get('appId')}&orderId={p.get('orderId')}&privateKey={self.key}"
        )
        if p.get("appId") != self.app_id or not hmac.compare_digest(expected, p.get("mac", "")):
            return BAD_MAC
        order = self.state["orders"].get(p.get("orderId"))
        if order is None:
            return BAD_PARAM
        code = {"pending": 0, "paid": 1, "failed": -1}[order["status"]]
        data = {
            "transId": order["transId"], "method": "ZALOPAY_SANDBOX", "returnCode": code,
            "returnMessage": order["status"], "isProcessing": False,
            "amount": order.get("paid_amount", order["amount"]),
            "transTime": int(time.time() * 1000), "merchantTransId": "",
            "extradata": quote(order["extradata"], safe=""),
        }  # fmt: skip
        return {"error": 0, "msg": "Thành công", "data": data}

    def pay(self, body: dict[str, Any]) -> dict[str, Any]:
        order_id = str(body.get("orderId") or "")
        order = self.state["orders"].get(order_id)
        if order is None:
            order_id = f"{int(time.time())}{self.state['next']:06d}"
            self.state["next"] += 1
            order = {"amount": int(body["amount"]), "desc": "", "status": "pending",
                     "extradata": body["extradata"], "transId": ""}  # fmt: skip
            self.state["orders"][order_id] = order
        paid = body.get("outcome", "paid") == "paid"
        order["status"] = "paid" if paid else "failed"
        if paid and not order["transId"]:
            order["transId"] = f"{time.strftime('%y%m%d')}{self.state['next']:09d}"
            self.state["next"] += 1
        order["paid_amount"] = int(body.get("amount") or order["amount"])
        data = {
            "appId": self.app_id,
            "orderId": order_id,
            "transId": order["transId"] if paid else "",
            "transTime": int(time.time() * 1000),
            "merchantTransId": f"{time.strftime('%y%m%d')}_{order_id}",
            "amount": order["paid_amount"],
            "description": order["desc"],
            "resultCode": 1 if paid else -1,
            "message": "Giao dịch thành công" if paid else "Giao dịch thất bại",
            "extradata": quote(order["extradata"], safe=""),  # Zalo sends it URL-encoded
            "method": "ZALOPAY_SANDBOX",
        }
        fixed = ("appId", "amount", "description", "orderId", "message", "resultCode", "transId")
        return {
            "data": data,
            "mac": self.mac("&".join(f"{k}={js(data[k])}" for k in fixed)),
            "overallMac": self.mac("&".join(f"{k}={js(data[k])}" for k in sorted(data))),
        }


if __name__ == "__main__":
    ZaloCheckoutHandler.app_id, ZaloCheckoutHandler.key = sys.argv[2:4]
    serve(ZaloCheckoutHandler, sys.argv)
