"""VNPay v2.1.0 checksums (docs/payments-vnpay.md): pure functions, no Django.

Pay URL, return URL and IPN: the `vnp_*` fields but the hash itself, empty values dropped,
sorted by key, each value form-encoded (UTF-8, space → "+"), joined `k=v&…`, HMAC-SHA512 in
lower-case hex. That string is also the query string sent, so what is signed is what goes
over the wire. querydr/refund (JSON): raw values joined by "|" in a fixed order.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import quote_plus

HASH_FIELDS = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})

# The order VNPay's demos (PHP, Python, Node) join the querydr request's values in.
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
# The querydr answer's order, as every integration we found verifies it (not read in the
# VNPay document itself: docs/payments-vnpay.md, open doubts).
QUERYDR_RESPONSE_FIELDS = (
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

ORDER_INFO_MAX = 255
# Characters every official sample's encoder (PHP, Python, Java, .NET, Node) encodes the same
# way; anything else may be signed differently by VNPay than by us.
_UNSAFE = re.compile(r"[^A-Za-z0-9 \-_.:#/,]")


def _text(value: object) -> str:
    """A field value as VNPay hashes it: JSON numbers as their digits, None as nothing."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def vnpay_hash_data(fields: Mapping[str, object]) -> str:
    """The string VNPay signs for pay requests, returns and IPNs (also the query string)."""
    items = sorted(
        (key, _text(value))
        for key, value in fields.items()
        if key.startswith("vnp_") and key not in HASH_FIELDS and _text(value) != ""
    )
    return "&".join(f"{key}={quote_plus(value)}" for key, value in items)


def _hmac512(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha512).hexdigest()


def vnpay_sign(fields: Mapping[str, object], secret: str) -> str:
    return _hmac512(secret, vnpay_hash_data(fields))


def _equal(expected: str, given: object) -> bool:
    if not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.strip().lower().encode())


def vnpay_verify(fields: Mapping[str, object], secret: str) -> bool:
    """True when `vnp_SecureHash` signs the other fields (constant-time comparison)."""
    return _equal(vnpay_sign(fields, secret), fields.get("vnp_SecureHash"))


def vnpay_pipe_checksum(fields: Mapping[str, object], order: Iterable[str], secret: str) -> str:
    """The merchant API's checksum: raw values in `order`, absent ones empty, joined by "|"."""
    return _hmac512(secret, "|".join(_text(fields.get(name)) for name in order))


def vnpay_querydr_checksum(fields: Mapping[str, object], secret: str) -> str:
    return vnpay_pipe_checksum(fields, QUERYDR_FIELDS, secret)


def vnpay_querydr_response_checksum(fields: Mapping[str, object], secret: str) -> str:
    return vnpay_pipe_checksum(fields, QUERYDR_RESPONSE_FIELDS, secret)


def vnpay_querydr_response_verify(fields: Mapping[str, object], secret: str) -> bool:
    return _equal(vnpay_querydr_response_checksum(fields, secret), fields.get("vnp_SecureHash"))


def vnpay_order_info(text: str, *, limit: int = ORDER_INFO_MAX) -> str:
    """`vnp_OrderInfo` as VNPay asks for it: Vietnamese without diacritics, no special
    characters. "Học phí: Trường A (kỳ 1)" → "Hoc phi: Truong A ky 1"."""
    # đ/Đ are letters of their own, not d plus a mark, so NFD alone leaves them.
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = "".join(
        char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char)
    )
    plain = _UNSAFE.sub(" ", plain)
    return " ".join(plain.split())[:limit].strip()


__all__ = [
    "QUERYDR_FIELDS",
    "QUERYDR_RESPONSE_FIELDS",
    "vnpay_hash_data",
    "vnpay_order_info",
    "vnpay_pipe_checksum",
    "vnpay_querydr_checksum",
    "vnpay_querydr_response_checksum",
    "vnpay_querydr_response_verify",
    "vnpay_sign",
    "vnpay_verify",
]
