"""Fake ZaloPay v2 gateway (docs/payments-zalopay-momo.md §1), signing like the real one. It
shares no code with openprovince.payments.providers.zalopay, so a wrong formula there fails.

`python -m tests.fakes.zalopay_gateway PORT APP_ID KEY1 KEY2`
API: POST /v2/create, POST /v2/query (form, JSON or query-string fields).
Control: POST /_fake/reset · GET /_fake/requests (API calls with what the fake made of them)
· POST /_fake/pay {app_trans_id, outcome: "paid"|"failed", amount?} marks the order and
returns {"callback": <the signed body ZaloPay would POST to the callback_url>} (null for
"failed": ZaloPay calls back only on success). An unknown app_trans_id with an amount is
paid anyway (money for an order the merchant never created).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes.base import FakeHandler, serve

VIETNAM = timezone(timedelta(hours=7))
OK = {"return_code": 1, "return_message": "Giao dịch thành công", "sub_return_code": 1,
      "sub_return_message": "Giao dịch thành công"}  # fmt: skip


def _failure(sub_code: int, message: str) -> dict[str, Any]:
    return {"return_code": 2, "return_message": "Giao dịch thất bại",
            "sub_return_code": sub_code, "sub_return_message": message}  # fmt: skip


class ZaloPayHandler(FakeHandler):
    state: dict[str, Any] = {"orders": {}, "requests": [], "next_txn": 1}
    app_id = ""
    key1 = ""
    key2 = ""

    def mac(self, key: str, message: str) -> str:
        return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()

    def fields(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        fields = {k: v[-1] for k, v in self.query.items()}  # the official sample's way
        if "json" in (self.headers.get("Content-Type") or ""):
            fields.update({k: str(v) for k, v in json.loads(raw or "{}").items()})
        else:
            fields.update(dict(parse_qsl(raw, keep_blank_values=True)))
        return fields

    def do_GET(self) -> None:
        if self.path_only == "/_fake/requests":
            self.reply(self.state["requests"])
        elif self.path_only == "/pay":  # where order_url points: the payer's page
            self.reply({"page": "ZaloPay gateway (fake)"})
        else:
            self.reply({"error": "not found"}, 404)

    def do_POST(self) -> None:
        path = self.path_only
        if path == "/_fake/reset":
            self.state.update(orders={}, requests=[], next_txn=1)
            self.reply({"ok": True})
        elif path == "/_fake/pay":
            self.reply({"callback": self.pay(self.json_body())})
        elif path in ("/v2/create", "/v2/query"):
            fields = self.fields()
            answer = self.create(fields) if path == "/v2/create" else self.order_query(fields)
            self.state["requests"].append({"path": path, "fields": fields, "answer": answer})
            self.reply(answer)
        else:
            self.reply({"error": "not found"}, 404)

    def create(self, f: dict[str, str]) -> dict[str, Any]:
        names = ("app_id", "app_trans_id", "app_user", "amount", "app_time", "embed_data", "item")
        if any(name not in f for name in names) or not f["app_user"]:
            return _failure(-401, "Dữ liệu yêu cầu không hợp lệ")
        expected = self.mac(self.key1, "|".join(f[name] for name in names))
        if f["app_id"] != self.app_id or not hmac.compare_digest(expected, f.get("mac", "")):
            return _failure(-402, "Chữ ký không hợp lệ")
        today = datetime.now(VIETNAM).strftime("%y%m%d")
        try:
            amount, app_time = int(f["amount"]), int(f["app_time"])
            embed, item = json.loads(f["embed_data"]), json.loads(f["item"])
        except ValueError:
            return _failure(-401, "Dữ liệu yêu cầu không hợp lệ")
        if (
            not f["app_trans_id"].startswith(today + "_")
            or len(f["app_trans_id"]) > 40
            or amount <= 0
            or abs(time.time() * 1000 - app_time) > 15 * 60 * 1000
            or not isinstance(embed, dict)
            or not isinstance(item, list)
        ):
            return _failure(-401, "Dữ liệu yêu cầu không hợp lệ")
        if f["app_trans_id"] in self.state["orders"]:
            return _failure(-68, "Mã giao dịch bị trùng")
        token = hashlib.sha256(f["app_trans_id"].encode()).hexdigest()[:22]
        self.state["orders"][f["app_trans_id"]] = {**f, "status": "pending", "zp_trans_id": 0}
        host = self.headers.get("Host", "127.0.0.1")
        return {**OK, "zp_trans_token": token, "order_token": token,
                "order_url": f"http://{host}/pay?order={token}",
                "qr_code": f"00020101021226520010vn.zalopay0203001{token}"}  # fmt: skip

    def order_query(self, f: dict[str, str]) -> dict[str, Any]:
        expected = self.mac(self.key1, f"{f.get('app_id')}|{f.get('app_trans_id')}|{self.key1}")
        if f.get("app_id") != self.app_id or not hmac.compare_digest(expected, f.get("mac", "")):
            return _failure(-402, "Chữ ký không hợp lệ")
        order = self.state["orders"].get(f.get("app_trans_id"))
        if order is None:  # ZaloPay's code for this is not documented; the fake's guess
            return _failure(-101, "Giao dịch không tồn tại")
        if order["status"] == "paid":
            return {**OK, "is_processing": False, "amount": order["paid_amount"],
                    "zp_trans_id": order["zp_trans_id"]}  # fmt: skip
        if order["status"] == "failed":
            return {**_failure(-54, "Giao dịch hết hạn"), "is_processing": False,
                    "amount": int(order["amount"]), "zp_trans_id": 0}  # fmt: skip
        return {"return_code": 3, "return_message": "Giao dịch chưa thanh toán",
                "is_processing": False, "amount": int(order["amount"]),
                "zp_trans_id": 0}  # fmt: skip

    def pay(self, body: dict[str, Any]) -> dict[str, Any] | None:
        ref = str(body["app_trans_id"])
        order = self.state["orders"].get(ref)
        if order is None:
            order = {"app_id": self.app_id, "app_trans_id": ref, "app_user": "demo",
                     "amount": str(body["amount"]), "app_time": str(int(time.time() * 1000)),
                     "embed_data": "{}", "item": "[]"}  # fmt: skip
            self.state["orders"][ref] = order
        if body.get("outcome", "paid") == "failed":
            order["status"] = "failed"
            return None
        if not order.get("zp_trans_id"):
            day = datetime.now(VIETNAM).strftime("%y%m%d")
            order["zp_trans_id"] = int(f"{day}{self.state['next_txn']:09d}")
            self.state["next_txn"] += 1
        order["status"] = "paid"
        order["paid_amount"] = int(body.get("amount") or order["amount"])
        # Key order and types as in ZaloPay's documented callback sample.
        data = json.dumps(
            {
                "app_id": int(self.app_id),
                "app_trans_id": ref,
                "app_time": int(order["app_time"]),
                "app_user": order["app_user"],
                "amount": order["paid_amount"],
                "embed_data": order["embed_data"],
                "item": order["item"],
                "zp_trans_id": order["zp_trans_id"],
                "server_time": int(time.time() * 1000),
                "channel": 38,
                "merchant_user_id": "7ZMSl3nEg5sOUJzOLSoUFT8xKNQVaLOLXHB--8Eytqc",
                "user_fee_amount": 0,
                "discount_amount": 0,
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return {"data": data, "mac": self.mac(self.key2, data), "type": 1}


if __name__ == "__main__":
    ZaloPayHandler.app_id, ZaloPayHandler.key1, ZaloPayHandler.key2 = sys.argv[2:5]
    serve(ZaloPayHandler, sys.argv)
