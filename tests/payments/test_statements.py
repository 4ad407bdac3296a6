"""Importing a bank statement CSV to confirm VietQR transfers, line by line, once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError
from openprovince.payments.models import LedgerEntry, Mismatch, Order, PayeeAccount
from openprovince.payments.providers.base import StartContext
from openprovince.payments.providers.vietqr import VietQRProvider
from openprovince.payments.services.attempts import attempt_start
from openprovince.payments.services.statements import (
    RowStatus,
    amount_parse,
    header_key,
    statement_import,
)

CTX = StartContext(base_url="http://testserver", client_ip="127.0.0.1")


@pytest.fixture
def orders(settings: Any, payee: Agency, make_order: Any) -> list[Order]:
    """Three orders, each with a VietQR attempt, for 1,200,000 / 350,000 / 99,000 dong."""
    settings.PAYMENTS_PROVIDERS = ["vietqr"]
    PayeeAccount.objects.create(
        agency=payee, bank_bin="970436", account_number="1234567890", account_name="TRUONG A"
    )
    made = [make_order(1_200_000), make_order(350_000), make_order(99_000)]
    for order in made:
        attempt_start(order=order, provider=VietQRProvider(), ctx=CTX)
    return made


def _csv(orders: list[Order]) -> bytes:
    """A Vietnamese bank export: a title above the header, BOM, three ways to write amounts."""
    a, b, c = (order.reference for order in orders)
    text = (
        "SAO KÊ TÀI KHOẢN 1234567890,,,\n"
        "Từ ngày 01/09/2025 đến ngày 30/09/2025,,,\n"
        "Mã GD,Ngày,Số tiền (VND),Nội dung\n"
        f'FT25001,01/09/2025,"1.200.000",{a} Hoc phi\n'
        f'FT25002,02/09/2025,"350,000",IBFT {b.lower()} nop tien\n'
        f"FT25003,03/09/2025,99000,MBVCB.1457193831.{c}.CT tu 0291000285902 NGUYEN VAN A\n"
    )
    return b"\xef\xbb\xbf" + text.encode()


@pytest.mark.django_db
def test_given_a_statement_with_three_payments_then_each_order_is_paid(
    orders: list[Order],
) -> None:
    report = statement_import(file=_csv(orders))

    assert [(r.line, r.status) for r in report.rows] == [
        (4, RowStatus.MATCHED), (5, RowStatus.MATCHED), (6, RowStatus.MATCHED),
    ]  # fmt: skip
    assert [r.reference for r in report.rows] == [o.reference for o in orders]
    assert all(r.message for r in report.rows)
    for order in orders:
        order.refresh_from_db()
        assert order.status == Order.Status.PAID
    assert sorted(LedgerEntry.objects.values_list("provider_txn_id", "amount")) == [
        ("FT25001", 1_200_000), ("FT25002", 350_000), ("FT25003", 99_000),
    ]  # fmt: skip


@pytest.mark.django_db
def test_given_the_same_statement_imported_again_then_nothing_counts_twice(
    orders: list[Order],
) -> None:
    statement_import(file=_csv(orders))

    again = statement_import(file=_csv(orders))

    assert [r.status for r in again.rows] == [RowStatus.ALREADY] * 3
    assert LedgerEntry.objects.count() == 3 and not Mismatch.objects.exists()


@pytest.mark.django_db
def test_given_the_webhook_reported_a_line_then_the_statement_does_not_count_it_again(
    client: Any, settings: Any, orders: list[Order]
) -> None:
    settings.VIETQR_WEBHOOK_KEY = "k"
    line = {
        "id": 1, "referenceCode": "FT25001", "transferType": "in",
        "transferAmount": 1_200_000, "content": orders[0].reference,
    }  # fmt: skip
    client.post(
        "/pay/callback/vietqr", json.dumps(line), content_type="application/json",
        headers={"Authorization": "Apikey k"},
    )  # fmt: skip

    report = statement_import(file=_csv(orders))

    assert [r.status for r in report.rows] == [
        RowStatus.ALREADY, RowStatus.MATCHED, RowStatus.MATCHED,
    ]  # fmt: skip
    assert LedgerEntry.objects.count() == 3


@pytest.mark.django_db
def test_given_bad_and_foreign_lines_then_each_is_reported_and_the_good_ones_count(
    orders: list[Order],
) -> None:
    a, b, c = (order.reference for order in orders)
    text = (
        "SAO KE TAI KHOAN\n"  # a title without any separator: the header still decides
        "Mã giao dịch;Ngày giao dịch;Số tiền;Mô tả\n"
        f"FT1;01/09/2025;1.200.000;{a}\n"  # good
        f";01/09/2025;350.000;{b}\n"  # no transaction id
        f"FT3;01/09/2025;mot trieu;{b}\n"  # not a number
        f"FT4;01/09/2025;350.000,50;{b}\n"  # a fraction of a dong
        f"FT5;01/09/2025;-99.000;{c}\n"  # money going out
        "FT6;01/09/2025;500.000;Lai tien gui thang 9\n"  # no order reference
        f"FT7;01/09/2025;98.000;{c}\n"  # wrong amount
        ";;;\n"  # a blank line at the end of the export
    )

    report = statement_import(file=text)

    assert [(r.line, r.status) for r in report.rows] == [
        (3, RowStatus.MATCHED), (4, RowStatus.BAD), (5, RowStatus.BAD), (6, RowStatus.BAD),
        (7, RowStatus.SKIPPED), (8, RowStatus.UNKNOWN), (9, RowStatus.WRONG_AMOUNT),
    ]  # fmt: skip
    assert all(r.message for r in report.rows)
    assert report.counts()[RowStatus.BAD] == 3
    assert LedgerEntry.objects.count() == 1
    assert sorted(Mismatch.objects.values_list("kind", "provider_txn_id")) == [
        (Mismatch.Kind.UNKNOWN_ORDER, "FT6"), (Mismatch.Kind.WRONG_AMOUNT, "FT7"),
    ]  # fmt: skip
    statement_import(file=text)  # again: still one finding each, nothing paid twice
    assert Mismatch.objects.count() == 2 and LedgerEntry.objects.count() == 1


@pytest.mark.django_db
def test_given_english_headers_with_credit_and_debit_columns_then_only_credits_count(
    orders: list[Order],
) -> None:
    a = orders[0].reference
    text = (
        "Transaction date\tReference number\tDebit\tCredit\tBalance\tDescription\n"
        f"2025-09-01\tTT01\t\t1,200,000.00\t5,000,000\t{a} tuition\n"
        f"2025-09-01\tTT02\t1,200,000\t\t3,800,000\t{a} refund\n"
    )

    report = statement_import(file=text.encode())

    assert [r.status for r in report.rows] == [RowStatus.MATCHED, RowStatus.SKIPPED]
    assert LedgerEntry.objects.get().provider_txn_id == "TT01"


@pytest.mark.django_db
def test_given_rows_already_read_then_they_are_imported_too(orders: list[Order]) -> None:
    rows = [{"Transaction ID": "R1", "Amount": "350000", "Content": orders[1].reference}]

    report = statement_import(rows=rows)

    assert [(r.line, r.status) for r in report.rows] == [(2, RowStatus.MATCHED)]


@pytest.mark.django_db
def test_given_no_usable_header_or_not_utf8_then_an_app_error() -> None:
    with pytest.raises(AppError) as caught:
        statement_import(file="a,b,c\n1,2,3\n")
    assert caught.value.code == "payments.statement_columns" and caught.value.message

    with pytest.raises(AppError) as caught:
        statement_import(file="Mã GD,Số tiền,Nội dung\n".encode("utf-16"))
    assert caught.value.code == "payments.statement_encoding"

    with pytest.raises(AppError):
        statement_import(rows=[{"Foo": "1"}])


@pytest.mark.parametrize(
    ("raw", "dong"),
    [
        ("1200000", 1_200_000),
        ("1.200.000", 1_200_000),
        ("1,200,000", 1_200_000),
        ("1 200 000", 1_200_000),
        ("1.200.000 VND", 1_200_000),
        ("1.200.000đ", 1_200_000),
        ("+1,200,000.00", 1_200_000),
        ("1.200.000,00", 1_200_000),
        ("1200000.00", 1_200_000),
        ("120.000", 120_000),
        ("999", 999),
        ("-50.000", -50_000),
        ("(50,000)", -50_000),
    ],
)
def test_given_an_amount_as_banks_write_it_then_whole_dong(raw: str, dong: int) -> None:
    assert amount_parse(raw) == dong


@pytest.mark.parametrize(
    "raw", ["", "abc", "1,5", "1.200.000,50", "1.200,000", "12.00.000", "1,2000", "--5"]
)
def test_given_something_that_is_not_an_amount_then_value_error(raw: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        amount_parse(raw)


def test_given_header_spellings_then_they_fold_to_one_key() -> None:
    assert header_key("Số tiền (VND)") == "so tien"
    assert header_key(" Nội dung ") == header_key("NOI DUNG") == "noi dung"
    assert header_key("Mã GD") == "ma gd"


@pytest.mark.django_db
def test_given_a_statement_file_when_the_command_runs_then_it_prints_a_summary(
    orders: list[Order], tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "statement.csv"
    path.write_bytes(_csv(orders) + b"FT9,04/09/2025,xyz,nothing\n")

    call_command("payments_import_statement", str(path))

    out, err = capsys.readouterr()
    assert "4 line(s)" in out and "matched 3" in out and "bad 1" in out
    assert "line 7 [bad] FT9" in err
    with pytest.raises(CommandError):
        call_command("payments_import_statement", str(tmp_path / "missing.csv"))


@pytest.mark.django_db
def test_given_a_transaction_id_already_paying_another_order_then_the_line_is_bad(
    orders: list[Order],
) -> None:
    a, b, c = (order.reference for order in orders)
    text = f"Mã GD,Số tiền,Nội dung\nSAME,1.200.000,{a}\nSAME,350.000,{b}\nFT3,99.000,{c}\n"

    report = statement_import(file=text)

    assert [r.status for r in report.rows] == [
        RowStatus.MATCHED, RowStatus.BAD, RowStatus.MATCHED,
    ]  # fmt: skip
    orders[1].refresh_from_db()
    assert orders[1].status == Order.Status.PENDING and LedgerEntry.objects.count() == 2
