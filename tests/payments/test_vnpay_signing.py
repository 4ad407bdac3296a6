"""VNPay checksums against published and worked vectors (docs/payments-vnpay.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qsl

import pytest

from openprovince.payments.providers.base import Outcome
from openprovince.payments.providers.vnpay import ipn_outcome, vnpay_amount, vnpay_time
from openprovince.payments.providers.vnpay_signing import (
    QUERYDR_FIELDS,
    vnpay_hash_data,
    vnpay_order_info,
    vnpay_querydr_checksum,
    vnpay_querydr_response_checksum,
    vnpay_querydr_response_verify,
    vnpay_sign,
    vnpay_verify,
)

# lehuygiang28/vnpay (npm "vnpay"), test/verify-ipn-call.test.ts: an IPN and its secret.
LIBRARY_IPN = (
    "vnp_Amount=1000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM"
    "&vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z&vnp_PayDate=20240521091806"
    "&vnp_ResponseCode=00&vnp_TmnCode=TEST_TMN_CODE&vnp_TransactionNo=14422574"
    "&vnp_TransactionStatus=00&vnp_TxnRef=1716257871703"
)
LIBRARY_HASH = (
    "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361d"
    "bf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895"
)
LIBRARY_HASH_99 = (
    "503194f6d93b57b357b2d1d09742565e67e86d771352c5dca4fc8d39df3d392c"
    "6b3809add9405f97cfb9631f445e36c80656cfbf47eac67d97fa165865c13e1b"
)
# Worked by hand in the research notes (Python and Node encoders agree).
WORKED_SECRET = "TESTSECRET0123456789ABCDEFGHIJKL"
WORKED_PAY = (
    "vnp_Amount=12000000&vnp_Command=pay&vnp_CreateDate=20240601103000&vnp_CurrCode=VND"
    "&vnp_ExpireDate=20240601104500&vnp_IpAddr=203.0.113.7&vnp_Locale=vn"
    "&vnp_OrderInfo=Thanh+toan+ho+so+HS-2024-0001&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fopenprovince.example%2Fpay%2Fvnpay%2Freturn"
    "&vnp_TmnCode=DEMO0001&vnp_TxnRef=OP20240001&vnp_Version=2.1.0"
)
WORKED_PAY_HASH = (
    "cfcd26f545d135b0f79d663d64777173cea9ac1c84b933fc18fd17d1e46db0ef"
    "019c527360316cafbaad947ee9b454a0529826004a59bd8dc9a2a08f38a0bb53"
)
WORKED_QUERYDR = (
    "REQ20240601103500|2.1.0|querydr|DEMO0001|OP20240001|20240601103000|20240601103500"
    "|203.0.113.10|Truy van GD OP20240001"
)
WORKED_QUERYDR_HASH = (
    "4bb8e828cd54919732150a037e500f194dc8b494573b7834f3235fe60fc42734"
    "f68b23f2ad3cd74498d8d23231446845e862b73f0a20836b57a0463439e18f8c"
)


def test_given_the_library_ipn_vector_then_hash_data_and_signature_match() -> None:
    fields = dict(parse_qsl(LIBRARY_IPN))

    assert vnpay_hash_data(fields) == LIBRARY_IPN
    assert vnpay_sign(fields, "test_secret") == LIBRARY_HASH
    assert vnpay_verify({**fields, "vnp_SecureHash": LIBRARY_HASH}, "test_secret")
    failed = {**fields, "vnp_ResponseCode": "99"}
    assert vnpay_sign(failed, "test_secret") == LIBRARY_HASH_99


def test_given_the_worked_pay_and_querydr_vectors_then_they_match() -> None:
    fields = dict(parse_qsl(WORKED_PAY))
    querydr = dict(zip(QUERYDR_FIELDS, WORKED_QUERYDR.split("|"), strict=True))

    assert vnpay_hash_data(fields) == WORKED_PAY
    assert vnpay_sign(fields, WORKED_SECRET) == WORKED_PAY_HASH
    assert vnpay_querydr_checksum(querydr, WORKED_SECRET) == WORKED_QUERYDR_HASH


def test_hash_data_sorts_encodes_and_leaves_out_what_vnpay_leaves_out() -> None:
    fields = {
        "vnp_TxnRef": "OP1",
        "vnp_OrderInfo": "Thanh toán đơn hàng #5",
        "vnp_BankCode": "",  # empty: not sent, not signed
        "vnp_Amount": 1_000_000,  # a number, as in querydr JSON
        "vnp_SecureHash": "abc",
        "vnp_SecureHashType": "HmacSHA512",
        "utm_source": "x",  # not VNPay's
    }

    assert vnpay_hash_data(fields) == (
        "vnp_Amount=1000000"
        "&vnp_OrderInfo=Thanh+to%C3%A1n+%C4%91%C6%A1n+h%C3%A0ng+%235"
        "&vnp_TxnRef=OP1"
    )


def test_keys_sort_by_byte_order_like_vnpays_samples() -> None:
    # Upper case sorts before lower case (PHP ksort, Java, .NET Ordinal).
    assert vnpay_hash_data({"vnp_b": "1", "vnp_Z": "2", "vnp_A": "3"}) == (
        "vnp_A=3&vnp_Z=2&vnp_b=1"
    )


def test_verify_refuses_tampering_and_missing_hashes_and_accepts_upper_case() -> None:
    fields = dict(parse_qsl(LIBRARY_IPN))
    signed = {**fields, "vnp_SecureHash": LIBRARY_HASH}

    assert vnpay_verify({**signed, "vnp_SecureHash": LIBRARY_HASH.upper()}, "test_secret")
    assert not vnpay_verify({**signed, "vnp_Amount": "1000100"}, "test_secret")
    assert not vnpay_verify(signed, "another_secret")
    assert not vnpay_verify(fields, "test_secret")
    assert not vnpay_verify({**signed, "vnp_SecureHash": ""}, "test_secret")


def test_querydr_response_checksum_counts_absent_fields_as_empty() -> None:
    answer = {"vnp_ResponseId": "R1", "vnp_Command": "querydr", "vnp_ResponseCode": "91"}
    padded = {**answer, "vnp_Amount": None, "vnp_PromotionCode": ""}
    digest = vnpay_querydr_response_checksum(answer, "s")

    assert digest == vnpay_querydr_response_checksum(padded, "s")
    assert vnpay_querydr_response_verify({**answer, "vnp_SecureHash": digest}, "s")
    assert not vnpay_querydr_response_verify({**answer, "vnp_SecureHash": digest[:-1]}, "s")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Học phí: Trường A (kỳ 1)", "Hoc phi: Truong A ky 1"),
        ("Đóng tiền điện — tháng 6", "Dong tien dien thang 6"),
        ("Hồ sơ HS-2024-0001 #5, 1/2", "Ho so HS-2024-0001 #5, 1/2"),
        ("a*b~c!d(e)f'g&h=i+j%k", "a b c d e f g h i j k"),
        ("  \t\n ", ""),
    ],
)
def test_order_info_is_plain_ascii_every_encoder_agrees_on(text: str, expected: str) -> None:
    assert vnpay_order_info(text) == expected


def test_order_info_is_cut_to_vnpays_limit() -> None:
    assert len(vnpay_order_info("x" * 400)) == 255


@pytest.mark.parametrize(
    ("given", "vnd"), [("15000000", 150_000), (100, 1), ("000100", 1), ("0", 0)]
)
def test_amounts_are_vnd_times_one_hundred(given: object, vnd: int) -> None:
    assert vnpay_amount(given) == vnd


@pytest.mark.parametrize("given", ["150001", "-100", "1e5", "", " 100", "100.00", None, True])
def test_amounts_that_are_not_whole_dong_are_malformed(given: object) -> None:
    with pytest.raises(ValueError, match="vnp_Amount"):
        vnpay_amount(given)


def test_dates_are_gmt_plus_7() -> None:
    assert vnpay_time(datetime(2024, 6, 1, 3, 30, tzinfo=UTC)) == "20240601103000"
    assert vnpay_time(datetime(2024, 6, 1, 20, 0, 5, tzinfo=UTC)) == "20240602030005"


@pytest.mark.parametrize(
    ("response_code", "status", "outcome"),
    [
        ("00", "00", Outcome.SUCCEEDED),
        ("24", "02", Outcome.FAILED),  # the payer cancelled
        ("51", "02", Outcome.FAILED),  # not enough money
        ("99", "", Outcome.FAILED),
        ("07", "07", Outcome.PENDING),  # debited, suspected fraud: querydr decides
        ("00", "01", Outcome.PENDING),  # the codes disagree
        ("24", "00", Outcome.PENDING),
        ("00", "", Outcome.PENDING),
    ],
)
def test_an_ipn_is_paid_only_when_both_codes_say_so(
    response_code: str, status: str, outcome: Outcome
) -> None:
    assert ipn_outcome(response_code, status) is outcome
