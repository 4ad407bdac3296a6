"""School staff pages: the school's officials see its bills with counts and sums, filter,
export, import (all rows or none) and send reminders (audited); officials elsewhere and
citizens are kept out."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openprovince.accounts.models import RoleAssignment
from openprovince.agencies.models import Agency
from openprovince.core.models import AuditEvent
from openprovince.notifications.models import InAppNotification
from openprovince.payments.models import Order
from openprovince.tuition.models import TuitionBill
from openprovince.tuition.services.paying import bills_mark_paid, bills_pay
from tests.conftest import make_agency, sign_in_official
from tests.tuition.conftest import CSV

pytestmark = pytest.mark.django_db
OFFICE = "/office/tuition/"


def _official(django_user_model: Any, username: str, agency: Agency, role: str) -> Any:
    user = django_user_model.objects.create_user(username, password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(user=user, agency=agency, role=role)
    return user


def _office(client: Any, user: Any) -> Any:
    client.cookies["lang"] = "en"
    return sign_in_official(client, user)


@pytest.fixture
def accountant(django_user_model: Any, school: Agency) -> Any:
    return _official(django_user_model, "ketoan", school, "handler")


@pytest.fixture
def other_school(school: Agency) -> Agency:
    return make_agency("TN.THB", parent=school.parent, type_code="school", name="Trường B")


@pytest.fixture
def paid_bill(bills: Any) -> TuitionBill:
    bill = TuitionBill.objects.get(student_code="HS002")
    bills_mark_paid(bills_pay(bills=[bill]))
    bill.refresh_from_db()
    return bill


def _upload(text: str, name: str = "hk.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_given_a_school_official_then_the_bills_counts_and_sums_show(
    client: Any, accountant: Any, paid_bill: TuitionBill
) -> None:
    page = _office(client, accountant).get(OFFICE)  # the only school: shown at once

    assert page.status_code == 200
    html = page.content.decode()
    assert "Trường Tiểu học A" in html and "Nguyễn Văn An" in html and "Trần Thị Bình" in html
    assert page.context["totals"].unpaid_count == 2
    assert page.context["totals"].unpaid_sum == 2_700_000
    assert page.context["totals"].paid_count == 1 and page.context["totals"].paid_sum == 1_200_000
    assert "2,700,000 VND" in html and "1,200,000 VND" in html
    assert paid_bill.paid_order is not None and paid_bill.paid_order.reference in html
    assert 'href="/office/tuition/"' in html  # the menu entry
    assert "<caption>" in html and 'scope="col"' in html


def test_given_filters_then_only_matching_bills_show(
    client: Any, accountant: Any, paid_bill: TuitionBill
) -> None:
    _office(client, accountant)

    def codes(**query: str) -> list[tuple[str, str]]:
        page = client.get(OFFICE, {"school": "TN.THA", **query})
        assert page.status_code == 200
        return [(b.student_code, b.term) for b in page.context["page"].object_list]

    assert codes(status="paid") == [("HS002", "HK1 2026-2027")]
    assert len(codes(status="unpaid")) == 2
    assert codes(term="HK2 2026-2027") == [("HS001", "HK2 2026-2027")]
    assert codes(**{"class": "4B"}) == [("HS002", "HK1 2026-2027")]
    assert codes(q="hs00") != [] and codes(q="bình") == [("HS002", "HK1 2026-2027")]
    assert codes(q="HS001", status="paid") == []
    unpaid_in_5a = client.get(OFFICE, {"school": "TN.THA", "class": "5A"}).context["totals"]
    assert (unpaid_in_5a.unpaid_count, unpaid_in_5a.paid_count) == (2, 0)


def test_given_an_official_of_another_school_then_404_and_no_export_or_import(
    client: Any, django_user_model: Any, other_school: Agency, bills: Any
) -> None:
    stranger = _official(django_user_model, "truongb", other_school, "agency_admin")
    _office(client, stranger)

    assert client.get(OFFICE, {"school": "TN.THA"}).status_code == 404
    assert client.get("/office/tuition/TN.THA/export.csv").status_code == 404
    imported = client.post("/office/tuition/TN.THA/import", {"file": _upload(CSV)})
    assert imported.status_code == 404
    assert client.post("/office/tuition/TN.THA/remind").status_code == 404
    own = client.get(OFFICE)
    assert own.status_code == 200 and "Nguyễn Văn An" not in own.content.decode()
    assert TuitionBill.objects.count() == 3 and not TuitionBill.objects.filter(school=other_school)


def test_given_an_official_with_no_school_then_403_and_no_menu(
    client: Any, django_user_model: Any, school: Agency
) -> None:
    dept = make_agency("TN.SYT", parent=school.parent, name="Sở Y tế")
    _office(client, _official(django_user_model, "yte", dept, "agency_admin"))
    assert client.get(OFFICE).status_code == 403
    assert 'href="/office/tuition/"' not in client.get("/office/").content.decode()


def test_given_a_guest_or_a_citizen_then_kept_out(
    client: Any, django_user_model: Any, bills: Any
) -> None:
    guest = client.get(OFFICE)
    assert guest.status_code == 302 and guest["Location"].startswith("/office/login/")
    assert client.get("/office/tuition/TN.THA/export.csv")["Location"].startswith("/office/login/")
    client.force_login(django_user_model.objects.create_user("dan", password="x" * 12))
    assert client.get(OFFICE).status_code == 403
    assert client.get("/office/tuition/TN.THA/export.csv").status_code == 403


def test_given_a_viewer_then_reads_and_exports_but_cannot_import_or_remind(
    client: Any, django_user_model: Any, school: Agency, bills: Any
) -> None:
    _office(client, _official(django_user_model, "xem", school, "viewer"))
    page = client.get(OFFICE).content.decode()
    assert "Nguyễn Văn An" in page and "/office/tuition/TN.THA/import" not in page
    assert client.get("/office/tuition/TN.THA/export.csv").status_code == 200
    assert client.get("/office/tuition/TN.THA/import").status_code == 403
    assert client.post("/office/tuition/TN.THA/remind").status_code == 403


def test_given_a_file_with_a_bad_row_then_the_row_errors_show_and_nothing_is_imported(
    client: Any, accountant: Any, school: Agency
) -> None:
    bad = CSV.replace("12/01/2016", "32/13/2016").replace("900.000", "chín trăm")
    _office(client, accountant)

    page = client.post("/office/tuition/TN.THA/import", {"file": _upload(bad)})

    assert page.status_code == 400
    html = page.content.decode()
    assert "nothing was imported" in html
    assert "Date of birth" in html and "is not an amount" in html
    assert '<th scope="row">3</th>' in html  # the third data row
    assert not TuitionBill.objects.exists()
    event = AuditEvent.objects.get(action="tuition.import")
    assert not event.success and event.agency_code == "TN.THA"


def test_given_a_good_file_then_imported_with_the_counts(
    client: Any, accountant: Any, school: Agency
) -> None:
    _office(client, accountant)
    assert client.get("/office/tuition/TN.THA/import").status_code == 200

    page = client.post("/office/tuition/TN.THA/import", {"file": _upload(CSV)})

    assert page.status_code == 200
    assert (page.context["report"].created, page.context["report"].rows) == (3, 3)
    assert TuitionBill.objects.filter(school=school).count() == 3
    again = client.post("/office/tuition/TN.THA/import", {"file": _upload(CSV)})
    assert again.context["report"].updated == 3
    wrong = client.post("/office/tuition/TN.THA/import", {"file": _upload(CSV, "hk.pdf")})
    assert wrong.status_code == 400


def test_given_an_export_then_a_utf8_bom_csv_with_vietnamese_headers_and_integer_amounts(
    client: Any, accountant: Any, paid_bill: TuitionBill
) -> None:
    _office(client, accountant)

    response = client.get("/office/tuition/TN.THA/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert header[:3] == ["Mã học sinh", "Họ và tên", "Ngày sinh"]
    assert "Số tiền" in header and "Ngày nộp" in header and "Mã thanh toán" in header
    by_code = {(r[0], r[4]): dict(zip(header, r, strict=True)) for r in data}
    assert len(by_code) == 3
    paid = by_code[("HS002", "HK1 2026-2027")]
    order = Order.objects.get()
    assert paid["Số tiền"] == "1200000" and paid["Trạng thái"] == "Đã nộp"
    assert paid["Mã thanh toán"] == order.reference
    assert paid["Ngày nộp"] == timezone.localtime(paid_bill.paid_at).strftime("%d/%m/%Y %H:%M")
    unpaid = by_code[("HS001", "HK1 2026-2027")]
    assert (
        unpaid["Số tiền"] == "1500000"
        and unpaid["Ngày nộp"] == ""
        and unpaid["Mã thanh toán"] == ""
    )
    assert AuditEvent.objects.filter(action="tuition.export", agency_code="TN.THA").exists()

    only_unpaid = client.get(
        "/office/tuition/TN.THA/export.csv", {"status": "unpaid", "term": "HK1 2026-2027"}
    )
    lines = only_unpaid.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("HS001,")


def test_given_the_remind_button_then_the_parent_is_told_and_the_action_audited(
    client: Any, accountant: Any, bills: Any, django_user_model: Any
) -> None:
    parent = django_user_model.objects.create_user(
        "phuhuynh", phone="+84912345678", phone_verified_at=timezone.now()
    )
    TuitionBill.objects.update(due_date=timezone.localdate())  # every bill due today
    _office(client, accountant)

    response = client.post("/office/tuition/TN.THA/remind", {"within_days": "3"}, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Reminders sent for 2 bills" in html and "could not be reminded" in html
    assert InAppNotification.objects.filter(user=parent, event="tuition.reminder").count() == 1
    event = AuditEvent.objects.get(action="tuition.remind")
    assert event.agency_code == "TN.THA" and event.actor == accountant
    assert event.details["notified"] == 2 and event.details["unreachable"] == 1
    client.post("/office/tuition/TN.THA/remind", {"within_days": "3"})
    assert InAppNotification.objects.filter(user=parent).count() == 1  # already reminded
    assert client.get("/office/tuition/TN.THA/remind").status_code == 405


def test_the_office_tuition_urls_declare_their_access_rule() -> None:
    from django.urls import resolve

    from openprovince.core.access import access_rule_of

    for path in ("/office/tuition/", "/office/tuition/X/import", "/office/tuition/X/export.csv"):
        assert access_rule_of(resolve(path).func) == "official:tuition"
    assert access_rule_of(resolve("/office/tuition/X/remind").func) == "official:tuition"
