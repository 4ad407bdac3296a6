"""Fake VNPay v2.1.0: the pay page, its IPN, and querydr (docs/payments-vnpay.md).

`python -m tests.fakes.vnpay_gateway PORT TMN_CODE HASH_SECRET`

Real paths: GET /paymentv2/vpcpay.html (checks the request like VNPay; a bad one is sent on to
/paymentv2/Payment/Error.html?code=NN) · POST /merchant_webapi/api/transaction (querydr).
Control: POST /_fake/reset · POST /_fake/configure {ipn_url, bad_response_hash, down}
· POST /_fake/pay {txn_ref, outcome: "success"|"fail", amount?, response_code?,
transaction_status?, deliver?}
→ {query, params, return_url, ipn} · GET /_fake/requests (what was asked, and the verdict).

Signing is written out here again rather than imported from the app, so a mistake in the
app's signing code cannot hide behind the same mistake in the fake.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import re
import sys
import threading
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.fakes.base import FakeHandler, serve

VN_TIME = timezone(timedelta(hours=7))
PAY_PATH = "/paymentv2/vpcpay.html"
ERROR_PATH = "/paymentv2/Payment/Error.html"
API_PATH = "/merchant_webapi/api/transaction"
# The fake's own error page codes: VNPay's were not in the sources (docs/payments-vnpay.md).
ERR_FORMAT, ERR_SIGNATURE, ERR_TERMINAL = "03", "70", "72"
QUERYDR_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)
REQUIRED = (
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_Amount",
    "vnp_CurrCode",
    "vnp_TxnRef",
    "vnp_OrderInfo",
    "vnp_OrderType",
    "vnp_Locale",
    "vnp_ReturnUrl",
    "vnp_IpAddr",
    "vnp_CreateDate",
    "vnp_ExpireDate",
)
DATE = re.compile(r"20[0-9]{12}")
SAFE_INFO = re.compile(r"[A-Za-z0-9 \-_.:#/,]{1,255}")
lock = threading.Lock()


def _fresh_state() -> dict[str, Any]:
    return {
        "orders": {},
        "requests": [],
        "request_ids": [],
        "ipn_url": "",
        "bad_response_hash": False,
        "down": False,
        "next_txn": 14000000,
    }


def _now() -> str:
    return datetime.now(VN_TIME).strftime("%Y%m%d%H%M%S")


class VNPayHandler(FakeHandler):
    state: dict[str, Any] = _fresh_state()
    tmn_code = ""
    secret = ""

    # --- signing, the way VNPay's server does it -------------------------------------------
    def sign_query(self, params: dict[str, str]) -> str:
        """The signed query string: sorted, form-encoded, empty values left out."""
        items = sorted(
            (k, v)
            for k, v in params.items()
            if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType") and v
        )
        data = urlencode(items)  # quote_plus on every key and value
        digest = hmac.new(self.secret.encode(), data.encode(), hashlib.sha512).hexdigest()
        return f"{data}&vnp_SecureHash={digest}"

    def pipe_hash(self, values: dict[str, Any], names: tuple[str, ...]) -> str:
        message = "|".join("" if values.get(n) is None else str(values[n]) for n in names)
        return hmac.new(self.secret.encode(), message.encode(), hashlib.sha512).hexdigest()

    def record(self, kind: str, ok: bool, **details: Any) -> None:
        with lock:
            self.state["requests"].append({"kind": kind, "ok": ok, **details})

    # --- HTTP -------------------------------------------------------------------------------
    def do_GET(self) -> None:
        path = self.path_only
        if path == "/_fake/requests":
            self.reply(self.state["requests"])
        elif path == PAY_PATH:
            self.pay_page()
        elif path == ERROR_PATH:
            code = html.escape(self.query.get("code", [""])[0])
            self.page(f"<h1>Giao dịch thất bại</h1><p>Mã lỗi: {code}</p>")
        else:
            self.reply({"error": "not found"}, 404)

    def do_POST(self) -> None:
        path = self.path_only
        if path == API_PATH:
            self.merchant_api()
            return
        if path == "/_fake/choose":  # the pay page's buttons, for a browser
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(parse_qsl(self.rfile.read(length).decode()))
            result = self.pay(form.get("txn_ref", ""), form.get("outcome", ""), deliver=True)
            self.send_response(302)
            self.send_header("Location", result.get("return_url", "/"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = self.json_body()
        if path == "/_fake/reset":
            with lock:
                self.state.clear()
                self.state.update(_fresh_state())
        elif path == "/_fake/configure":
            with lock:
                for key in ("ipn_url", "bad_response_hash", "down"):
                    if key in body:
                        self.state[key] = body[key]
        elif path == "/_fake/pay":
            result = self.pay(
                str(body.get("txn_ref", "")),
                str(body.get("outcome", "")),
                amount=body.get("amount"),
                response_code=body.get("response_code"),
                status=body.get("transaction_status"),
                deliver=bool(body.get("deliver")),
            )
            self.reply(result, 200 if "query" in result else 404)
            return
        else:
            self.reply({"error": "not found"}, 404)
            return
        self.reply({"ok": True})

    def page(self, body: str, status: int = 200) -> None:
        data = f"<!doctype html><meta charset=utf-8><title>VNPAY</title>{body}".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def refuse(self, code: str, reason: str, params: dict[str, str]) -> None:
        self.record("pay", False, error=code, reason=reason, params=params)
        self.send_response(302)
        self.send_header("Location", f"{ERROR_PATH}?code={code}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # --- the pay page -------------------------------------------------------------------------
    def pay_page(self) -> None:
        pairs = parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
        params = dict(pairs)
        if len(params) != len(pairs):
            self.refuse(ERR_FORMAT, "a field given twice", params)
            return
        expected = self.sign_query(params).rsplit("=", 1)[1]
        if not hmac.compare_digest(expected, params.get("vnp_SecureHash", "")):
            self.refuse(ERR_SIGNATURE, "wrong signature", params)
            return
        if params.get("vnp_TmnCode") != self.tmn_code:
            self.refuse(ERR_TERMINAL, "unknown terminal", params)
            return
        problem = self.pay_problem(params)
        if problem:
            self.refuse(ERR_FORMAT, problem, params)
            return
        ref = params["vnp_TxnRef"]
        with lock:
            order = self.state["orders"].get(ref)
            if order is not None and order["create_date"][:8] == params["vnp_CreateDate"][:8]:
                duplicate = order["amount"] != params["vnp_Amount"]
            else:
                duplicate = False
                self.state["orders"][ref] = {
                    "amount": params["vnp_Amount"],
                    "return_url": params["vnp_ReturnUrl"],
                    "order_info": params["vnp_OrderInfo"],
                    "create_date": params["vnp_CreateDate"],
                    "status": "01",
                    "response_code": "",
                    "transaction_no": "",
                    "pay_date": "",
                }
        if duplicate:  # a TxnRef is unique per day at VNPay
            self.refuse(ERR_FORMAT, "TxnRef used today for another amount", params)
            return
        self.record("pay", True, params=params)
        amount = int(params["vnp_Amount"]) // 100
        ref_html = html.escape(ref)
        self.page(
            f"<h1>Thanh toán qua VNPAY</h1><p>Đơn hàng {ref_html}: {amount} VND</p>"
            f"<p>{html.escape(params['vnp_OrderInfo'])}</p>"
            '<form method="post" action="/_fake/choose">'
            f'<input type="hidden" name="txn_ref" value="{ref_html}">'
            '<button name="outcome" value="success">Thanh toán</button> '
            '<button name="outcome" value="fail">Hủy thanh toán</button></form>'
        )

    def pay_problem(self, params: dict[str, str]) -> str:
        missing = [name for name in REQUIRED if not params.get(name)]
        if missing:
            return "missing " + ",".join(missing)
        if params["vnp_Version"] != "2.1.0" or params["vnp_Command"] != "pay":
            return "version or command"
        if "vnp_SecureHashType" in params:
            return "vnp_SecureHashType is not sent in 2.1.0"
        if params["vnp_CurrCode"] != "VND" or params["vnp_Locale"] not in ("vn", "en"):
            return "currency or locale"
        amount = params["vnp_Amount"]
        if not re.fullmatch(r"[0-9]{1,12}", amount) or int(amount) % 100 or int(amount) == 0:
            return "vnp_Amount"
        if not re.fullmatch(r"[A-Za-z0-9]{1,100}", params["vnp_TxnRef"]):
            return "vnp_TxnRef"
        if not SAFE_INFO.fullmatch(params["vnp_OrderInfo"]):
            return "vnp_OrderInfo must be without diacritics or special characters"
        create, expire = params["vnp_CreateDate"], params["vnp_ExpireDate"]
        if not DATE.fullmatch(create) or not DATE.fullmatch(expire) or expire <= create:
            return "vnp_CreateDate/vnp_ExpireDate"
        if not params["vnp_ReturnUrl"].startswith(("http://", "https://")):
            return "vnp_ReturnUrl"
        return ""

    # --- the payer pays (or gives up); VNPay tells the merchant ------------------------------
    def pay(
        self,
        ref: str,
        outcome: str,
        *,
        amount: Any = None,
        response_code: Any = None,
        status: Any = None,
        deliver: bool = False,
    ) -> dict[str, Any]:
        with lock:
            order = self.state["orders"].get(ref)
            if order is None:
                if amount is None:
                    return {"error": "unknown txn_ref"}
                # A transaction the merchant never started here (tests of unknown refs).
                order = {"amount": str(int(amount) * 100), "return_url": "",
                         "order_info": "Thanh toan", "create_date": _now(), "status": "01",
                         "response_code": "", "transaction_no": "", "pay_date": ""}  # fmt: skip
                self.state["orders"][ref] = order
            paid = outcome == "success"
            if paid:
                self.state["next_txn"] += 1
                number = str(self.state["next_txn"])
            else:
                number = "0"  # what VNPay sends for a payment that did not happen
            order.update(
                status=str(status or ("00" if paid else "02")),
                response_code=str(response_code or ("00" if paid else "24")),
                transaction_no=number,
                pay_date=_now(),
            )
            params = {
                "vnp_Amount": str(int(amount) * 100) if amount is not None else order["amount"],
                "vnp_BankCode": "NCB" if paid else "VNPAY",
                "vnp_BankTranNo": f"VNP{number}" if paid else "",
                "vnp_CardType": "ATM" if paid else "",
                "vnp_OrderInfo": order["order_info"],
                "vnp_PayDate": order["pay_date"],
                "vnp_ResponseCode": order["response_code"],
                "vnp_TmnCode": self.tmn_code,
                "vnp_TransactionNo": number,
                "vnp_TransactionStatus": order["status"],
                "vnp_TxnRef": ref,
            }
            ipn_url = self.state["ipn_url"]
            return_base = order["return_url"]
        query = self.sign_query(params)
        separator = "&" if "?" in return_base else "?"
        result: dict[str, Any] = {
            "query": query,
            "params": dict(parse_qsl(query)),
            "return_url": f"{return_base}{separator}{query}" if return_base else "",
            "ipn": None,
        }
        if deliver and ipn_url:
            result["ipn"] = self.deliver(f"{ipn_url}?{query}")
        return result

    def deliver(self, url: str) -> dict[str, Any]:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                answer = {"status": response.status, "body": response.read().decode()}
        except urllib.error.HTTPError as error:
            answer = {"status": error.code, "body": error.read().decode(errors="replace")}
        except OSError as error:
            answer = {"status": 0, "body": str(error)}
        self.record("ipn", answer["status"] == 200, url=url, **answer)
        return answer

    # --- querydr ----------------------------------------------------------------------------
    def merchant_api(self) -> None:
        body = self.json_body()
        if self.state["down"]:
            self.record("querydr", False, error="down", body=body)
            self.reply({"message": "Service Unavailable"}, 503)
            return
        code, message, order = self.querydr_verdict(body)
        self.record("querydr", code == "00", error=code, body=body)
        answer: dict[str, Any] = {
            "vnp_ResponseId": uuid.uuid4().hex,
            "vnp_Command": body.get("vnp_Command", ""),
            "vnp_ResponseCode": code,
            "vnp_Message": message,
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": body.get("vnp_TxnRef", ""),
        }
        if order is not None:
            answer.update(
                vnp_Amount=order["amount"],
                vnp_OrderInfo=order["order_info"],
                vnp_BankCode="NCB" if order["status"] == "00" else "",
                vnp_PayDate=order["pay_date"],
                vnp_TransactionNo=order["transaction_no"],
                vnp_TransactionType="01",
                vnp_TransactionStatus=order["status"],
                vnp_PromotionCode="",
                vnp_PromotionAmount="",
            )
        digest = self.pipe_hash(answer, RESPONSE_FIELDS)
        if self.state["bad_response_hash"]:
            digest = digest[::-1]
        answer["vnp_SecureHash"] = digest
        self.reply(answer)

    def querydr_verdict(self, body: dict[str, Any]) -> tuple[str, str, dict[str, Any] | None]:
        given = str(body.get("vnp_SecureHash", ""))
        if not hmac.compare_digest(self.pipe_hash(body, QUERYDR_FIELDS), given):
            return "97", "Invalid Checksum", None
        if body.get("vnp_Command") != "querydr" or body.get("vnp_Version") != "2.1.0":
            return "03", "Invalid data format", None
        if body.get("vnp_TmnCode") != self.tmn_code:
            return "02", "Merchant is not valid", None
        request_id = str(body.get("vnp_RequestId", ""))
        dates_ok = all(
            DATE.fullmatch(str(body.get(n, ""))) for n in ("vnp_TransactionDate", "vnp_CreateDate")
        )
        if not re.fullmatch(r"[A-Za-z0-9]{1,32}", request_id) or not dates_ok:
            return "03", "Invalid data format", None
        with lock:
            if request_id in self.state["request_ids"]:
                return "94", "Duplicate request", None
            self.state["request_ids"].append(request_id)
            order = self.state["orders"].get(str(body.get("vnp_TxnRef", "")))
            # VNPay finds a transaction by its TxnRef and the pay request's vnp_CreateDate.
            if order is None or order["create_date"] != body.get("vnp_TransactionDate"):
                return "91", "Transaction not found", None
            return "00", "QueryDR Success", dict(order)


if __name__ == "__main__":
    VNPayHandler.tmn_code = sys.argv[2] if len(sys.argv) > 2 else ""
    VNPayHandler.secret = sys.argv[3] if len(sys.argv) > 3 else ""
    serve(VNPayHandler, sys.argv)
