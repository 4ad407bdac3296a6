"""School staff import bills from CSV or XLSX: all rows or none, each bad row named."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook

from openprovince.core.errors import AppError
from openprovince.tuition.models import BillImport, TuitionBill
from openprovince.tuition.services.importing import bills_import

from .conftest import CSV


@pytest.mark.django_db
def test_given_a_good_csv_then_each_row_is_a_bill_with_its_items(bills: Any) -> None:
    assert (bills.created, bills.updated, bills.rows) == (3, 0, 3)
    first = TuitionBill.objects.get(student_code="HS001", term="HK1 2026-2027")
    assert first.amount == 1_500_000 and first.birth_date == date(2015, 9, 5)
    assert first.items == [
        {"label": "Học phí", "amount": 1_200_000},
        {"label": "Bán trú", "amount": 300_000},
    ]
    assert first.guardian_phone == "+84912345678"
    assert TuitionBill.objects.get(student_code="HS002").guardian_phone == ""


@pytest.mark.django_db
def test_given_the_same_file_again_then_unpaid_bills_are_updated_not_doubled(
    school: Any, bills: Any
) -> None:
    again = bills_import(school=school, name="hk.csv", content=("\ufeff" + CSV).encode())

    assert (again.created, again.updated) == (0, 3)
    assert TuitionBill.objects.count() == 3
    assert BillImport.objects.count() == 2


@pytest.mark.django_db
def test_given_bad_rows_then_nothing_is_imported_and_each_row_is_named(school: Any) -> None:
    text = (
        "Mã HS;Họ tên;Ngày sinh;Lớp;Học kỳ;Hạn nộp;Học phí;Tổng\n"
        "HS010;An;31/02/2015;5A;HK1;30/12/2026;100000;100000\n"  # no 31 February
        ";Bình;01/01/2015;5A;HK1;30/12/2026;100000;\n"  # no code
        "HS012;Chi;01/01/2015;5A;HK1;30/12/2026;một trăm;\n"  # not an amount
        "HS013;Dũng;01/01/2015;5A;HK1;30/12/2026;100000;200000\n"  # wrong total
        "HS014;Em;01/01/2015;5A;HK1;30/12/2026;100000;\n"
        "HS014;Em;01/01/2015;5A;HK1;30/12/2026;100000;\n"  # repeated
    )

    report = bills_import(school=school, name="x.csv", content=text.encode())

    assert not report.ok
    assert sorted({e.row for e in report.errors}) == [1, 2, 3, 4, 6]
    assert {e.field for e in report.errors} >= {"birth_date", "student_code", "items", "total"}
    assert not TuitionBill.objects.exists() and not BillImport.objects.exists()


@pytest.mark.django_db
def test_given_an_xlsx_file_then_dates_and_numbers_from_cells_are_read(school: Any) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Student code", "Name", "Date of birth", "Class", "Term", "Due date", "Tuition"])
    sheet.append(["hs100", "Lê Văn C", date(2014, 3, 2), "6A", "HK1", date(2026, 12, 30), 750000.0])
    buffer = io.BytesIO()
    book.save(buffer)

    report = bills_import(school=school, name="bills.xlsx", content=buffer.getvalue())

    assert report.ok, report.errors
    bill = TuitionBill.objects.get()
    assert (bill.student_code, bill.amount, bill.birth_date) == ("HS100", 750_000, date(2014, 3, 2))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("x.csv", b"", "tuition.empty"),
        ("x.csv", "Họ tên,Lớp\nAn,5A\n".encode(), "tuition.csv_header"),
        ("x.csv", "Mã HS,Họ tên\n".encode("utf-16"), "tuition.encoding"),
        ("x.xlsx", b"PK not really a workbook", "tuition.bad_xlsx"),
    ],
)
def test_given_an_unusable_file_then_a_clear_error(
    school: Any, name: str, content: bytes, code: str
) -> None:
    with pytest.raises(AppError) as error:
        bills_import(school=school, name=name, content=content)
    assert error.value.code == code


@pytest.mark.django_db
def test_given_a_paid_bill_then_a_new_import_does_not_change_it(school: Any, bills: Any) -> None:
    TuitionBill.objects.filter(student_code="HS002").update(status=TuitionBill.Status.PAID)
    changed = CSV.replace("900.000", "950.000")

    report = bills_import(school=school, name="hk.csv", content=changed.encode())

    assert [e.code for e in report.errors] == ["tuition.already_paid"]
    assert TuitionBill.objects.get(student_code="HS002").amount == 1_200_000
