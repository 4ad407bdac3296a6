"""Fake MoMo AIO v2 gateway (docs/payments-zalopay-momo.md §3), signing like the real one. It
shares no code with openprovince.payments.providers.momo.

`python -m tests.fakes.momo_gateway PORT PARTNER_CODE ACCESS_KEY SECRET_KEY`
API: POST /v2/gateway/api/create, POST /v2/gateway/api/query (JSON).
Control: POST /_fake/reset · GET /_fake/requests
· POST /_fake/pay {orderId, outcome: "paid"|"failed"|"pending", amount?, resultCode?} marks the
  order and returns {"callback": the signed IPN body MoMo would POST to the ipnUrl}. An
  unknown orderId with an amount is paid anyway (money for an order never created).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sys
import time
from typing import Any

from tests.fakes.base import FakeHandler, serve

ORDER_ID = re.compile(r"^[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*$")
REQUEST_TYPES = {"captureWallet", "payWithMethod", "payWithATM", "payWithCC"}
CREATE_RAW = ("accessKey", "amount", "extraData", "ipnUrl", "orderId", "orderInfo",
              "partnerCode", "redirectUrl", "requestId", "requestType")  # fmt: skip
IPN_RAW = ("accessKey", "amount", "extraData", "message", "orderId", "orderInfo",
           "orderType", "partnerCode", "payType", "requestId", "responseTime", "resultCode",
           "transId")  # fmt: skip
MESSAGES = {0: "Thành công.", 13: "Xác thực doanh nghiệp thất bại.", 20: "Yêu cầu sai định dạng.",
            22: "Số tiền giao dịch không hợp lệ.", 40: "RequestId bị trùng.",
            41: "OrderId bị trùng.", 42: "OrderId không tồn tại.",
            1000: "Giao dịch đã được khởi tạo, chờ người dùng xác nhận thanh toán.",
            1006: "Giao dịch thất bại do người dùng đã từ chối xác nhận thanh toán."}  # fmt: skip


class MoMoHandler(FakeHandler):
    state: dict[str, Any] = {"orders": {}, "request_ids": [], "requests": [], "next": 1}
    partner = ""
    access_key = ""
    secret = ""

    def sign(self, fields: dict[str, Any], names: tuple[str, ...]) -> str:
        raw = "&".join(f"{n}={fields.get(n, '')}" for n in names)
        return hmac.new(self.secret.encode(), raw.encode(), hashlib.sha256).hexdigest()

    def do_GET(self) -> None:
        if self.path_only == "/_fake/requests":
            self.reply(self.state["requests"])
        elif self.path_only == "/v2/gateway/pay":  # where payUrl points: the payer's page
            self.reply({"page": "MoMo gateway (fake)"})
        else:
            self.reply({"error": "not found"}, 404)

    def do_POST(self) -> None:
        path = self.path_only
        body = self.json_body()
        if path == "/_fake/reset":
            self.state.update(orders={}, request_ids=[], requests=[], next=1)
            self.reply({"ok": True})
        elif path == "/_fake/pay":
            self.reply({"callback": self.pay(body)})
        elif path in ("/v2/gateway/api/create", "/v2/gateway/api/query"):
            answer = self.create(body) if path.endswith("create") else self.order_query(body)
            self.state["requests"].append({"path": path, "body": body, "answer": answer})
            self.reply(answer)
        else:
            self.reply({"error": "not found"}, 404)

    def answer(self, body: dict[str, Any], code: int, **extra: Any) -> dict[str, Any]:
        return {"partnerCode": self.partner, "orderId": body.get("orderId", ""),
                "requestId": body.get("requestId", ""), "resultCode": code,
                "message": MESSAGES.get(code, "Lỗi."), "responseTime": int(time.time() * 1000),
                **extra}  # fmt: skip

    def create(self, b: dict[str, Any]) -> dict[str, Any]:
        signed = {**b, "accessKey": self.access_key}  # MoMo signs with the partner's accessKey
        if b.get("partnerCode") != self.partner or not hmac.compare_digest(
            self.sign(signed, CREATE_RAW), str(b.get("signature", ""))
        ):
            return self.answer(b, 13)
        amount = b.get("amount")
        if (
            b.get("requestType") not in REQUEST_TYPES
            or not ORDER_ID.match(str(b.get("orderId", "")))
            or b.get("lang") not in ("vi", "en")
            or not b.get("requestId")
            or not isinstance(amount, int)
        ):
            return self.answer(b, 20)
        if not 1_000 <= amount <= 50_000_000:
            return self.answer(b, 22)
        if b["requestId"] in self.state["request_ids"]:
            return self.answer(b, 40)
        self.state["request_ids"].append(b["requestId"])
        if b["orderId"] in self.state["orders"]:
            return self.answer(b, 41)
        self.state["orders"][b["orderId"]] = {**b, "status": "pending", "transId": 0}
        host = self.headers.get("Host", "127.0.0.1")
        token = hashlib.sha256(b["orderId"].encode()).hexdigest()[:16]
        return self.answer(b, 0, amount=amount, payUrl=f"http://{host}/v2/gateway/pay?t={token}",
                           deeplink=f"momo://app?action=payWithApp&t={token}",
                           qrCodeUrl=f"momo://app?action=payWithApp&t={token}")  # fmt: skip

    def order_query(self, b: dict[str, Any]) -> dict[str, Any]:
        signed = {**b, "accessKey": self.access_key}
        names = ("accessKey", "orderId", "partnerCode", "requestId")
        if b.get("partnerCode") != self.partner or not hmac.compare_digest(
            self.sign(signed, names), str(b.get("signature", ""))
        ):
            return self.answer(b, 13)
        order = self.state["orders"].get(b.get("orderId"))
        if order is None:
            return self.answer(b, 42)
        return self.answer(b, order.get("resultCode", 1000),
                           amount=order.get("paid_amount", order["amount"]),
                           transId=order["transId"], extraData=order.get("extraData", ""),
                           payType=order.get("payType", ""), refundTrans=[])  # fmt: skip

    def pay(self, body: dict[str, Any]) -> dict[str, Any]:
        ref = str(body["orderId"])
        order = self.state["orders"].get(ref)
        if order is None:
            order = {"orderId": ref, "requestId": ref, "amount": int(body["amount"]),
                     "orderInfo": "", "extraData": "", "transId": 0}  # fmt: skip
            self.state["orders"][ref] = order
        outcome = body.get("outcome", "paid")
        code = int(body.get("resultCode", {"paid": 0, "failed": 1006, "pending": 1000}[outcome]))
        if outcome == "paid" and not order["transId"]:
            order["transId"] = 4_088_000_000 + self.state["next"]
            self.state["next"] += 1
        order.update(resultCode=code, paid_amount=int(body.get("amount") or order["amount"]),
                     payType="qr")  # fmt: skip
        ipn: dict[str, Any] = {
            "partnerCode": self.partner,
            "orderId": ref,
            "requestId": order["requestId"],
            "amount": order["paid_amount"],
            "orderInfo": order["orderInfo"],
            "orderType": "momo_wallet",
            "transId": order["transId"] if outcome == "paid" else 4_099_000_000,
            "resultCode": code,
            "message": MESSAGES.get(code, "Giao dịch thất bại."),
            "payType": "qr",
            "responseTime": int(time.time() * 1000),
            "extraData": order["extraData"],
        }
        ipn["signature"] = self.sign({**ipn, "accessKey": self.access_key}, IPN_RAW)
        return ipn


if __name__ == "__main__":
    MoMoHandler.partner, MoMoHandler.access_key, MoMoHandler.secret = sys.argv[2:5]
    serve(MoMoHandler, sys.argv)
