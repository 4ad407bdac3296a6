"""E-receipts: the page and the PDF for the payer, the verify page for anyone with the paper."""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

import pytest
from django.utils import translation

from openprovince.payments.models import Order
from openprovince.payments.providers.base import Notice, Outcome, StartContext
from openprovince.payments.providers.demo import DemoProvider
from openprovince.payments.receipts import (
    TOKEN_LENGTH,
    receipt_of,
    receipt_token,
    receipt_verify,
    receipt_verify_url,
)
from openprovince.payments.receipts_pdf import receipt_pdf
from openprovince.payments.references import ALPHABET
from openprovince.payments.services.attempts import attempt_start
from openprovince.payments.services.orders import Line, order_create
from openprovince.payments.services.settlement import payment_settle
from openprovince.tuition.models import TuitionBill
from openprovince.tuition.services.importing import bills_import
from tests.conftest import make_agency

CTX = StartContext(base_url="http://testserver", client_ip="127.0.0.1")
PAYER = "Nguyễn Thị Ánh Tuyết"
NOT_GENUINE = "This receipt is not genuine."


def _pay(order: Order, txn: str = "T1") -> Order:
    attempt, _checkout = attempt_start(order=order, provider=DemoProvider(), ctx=CTX)
    notice = Notice(
        provider="demo",
        provider_ref=attempt.provider_ref,
        outcome=Outcome.SUCCEEDED,
        amount=attempt.amount,
        provider_txn_id=txn,
    )
    payment_settle(notice=notice, source="callback")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    return order


def _vietnamese_order(db: Any) -> Order:
    root = make_agency("TN", type_code="province", name="Tỉnh Tây Ninh")
    school = make_agency("TN.TANNINH", parent=root, type_code="school",
                         name="Trường Tiểu học Tân Ninh")  # fmt: skip
    lines = [
        Line(subject="test.item:1", description=f"{PAYER} – 5A – HK1 2026-2027", amount=1_200_000),
        Line(subject="test.item:2", description="Bán trú, đồng phục (áo, quần)", amount=300_000),
    ]
    return order_create(purpose="test", description=f"Học phí: {PAYER}", payee=school,
                        lines=lines, payer_name=PAYER)  # fmt: skip


@pytest.mark.django_db
def test_given_a_paid_order_then_the_receipt_page_shows_reference_amount_and_lines(
    client: Any, make_order: Any
) -> None:
    order = _pay(make_order(100_000, 50_000))

    page = client.get(f"/pay/receipts/{order.public_id}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert order.reference in html and "150.000" in html
    assert "Khoản 0" in html and "Khoản 1" in html and "100.000" in html
    assert "Trường A" in html and "Demo" in html and "T1" in html
    assert f"/pay/receipts/{order.public_id}.pdf" in html
    assert f"http://testserver{receipt_verify_url(order)}" in html  # printed under the QR
    assert "<svg" in html
    assert "no-store" in page["Cache-Control"]


@pytest.mark.django_db
def test_given_a_paid_order_then_the_pdf_downloads_small_and_names_the_receipt(
    client: Any, make_order: Any
) -> None:
    order = _pay(make_order(100_000, 50_000))
    client.cookies["lang"] = "en"  # an ASCII title is stored as plain text in the PDF

    pdf = client.get(f"/pay/receipts/{order.public_id}.pdf")

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="bien-lai-{order.reference}.pdf"'
    assert "no-store" in pdf["Cache-Control"]
    assert pdf.content.startswith(b"%PDF-")
    assert len(pdf.content) < 200_000
    assert f"/Title (Payment receipt {order.reference})".encode() in pdf.content


@pytest.mark.django_db
def test_given_a_public_base_url_then_page_and_pdf_point_the_verify_link_there(
    client: Any, make_order: Any, settings: Any
) -> None:
    settings.PUBLIC_BASE_URL = "https://dvc.example.gov.vn"
    order = _pay(make_order())
    url = f"https://dvc.example.gov.vn/pay/receipts/verify/{order.reference}/{receipt_token(order)}"
    assert receipt_verify_url(order, base_url=settings.PUBLIC_BASE_URL) == url

    page = client.get(f"/pay/receipts/{order.public_id}/")
    pdf = client.get(f"/pay/receipts/{order.public_id}.pdf")

    assert url in page.content.decode()
    # Text is drawn as glyph ids, but the link on the printed address carries it in plain text.
    assert f"/URI ({url})".encode() in pdf.content


@pytest.mark.django_db
def test_given_vietnamese_names_then_the_pdf_renders_every_letter(db: Any, caplog: Any) -> None:
    order = _pay(_vietnamese_order(db))
    receipt = receipt_of(order)
    assert receipt is not None and receipt.payer_name == PAYER
    decomposed = unicodedata.normalize("NFD", PAYER)  # as some keyboards and CSV files send it
    url = "http://testserver" + receipt.verify_path

    with caplog.at_level(logging.WARNING, logger="fpdf"):
        for language in ("vi", "en"):
            with translation.override(language):
                assert receipt_pdf(receipt, verify_url=url).startswith(b"%PDF-")
        receipt_pdf(receipt.__class__(**{**receipt.__dict__, "payer_name": decomposed}),
                    verify_url=url)  # fmt: skip

    # fpdf2 logs the glyphs a font lacks; the vendored subset must lack none of these.
    assert not [r for r in caplog.records if "missing" in r.getMessage()]


@pytest.mark.django_db
def test_given_an_unpaid_order_then_there_is_no_receipt(client: Any, make_order: Any) -> None:
    order = make_order()

    assert client.get(f"/pay/receipts/{order.public_id}/").status_code == 404
    assert client.get(f"/pay/receipts/{order.public_id}.pdf").status_code == 404
    assert client.get("/pay/receipts/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert receipt_of(order) is None


@pytest.mark.django_db
def test_given_the_printed_verify_url_then_it_says_genuine_without_personal_data(
    client: Any, db: Any
) -> None:
    order = _pay(_vietnamese_order(db))

    page = client.get(receipt_verify_url(order))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="notice ok"' in html
    assert order.reference in html and "1.500.000" in html
    assert "Trường Tiểu học Tân Ninh" in html
    receipt = receipt_of(order)
    assert receipt is not None and receipt.paid_at.strftime("%d/%m/%Y %H:%M") in html
    # The line's description ("… – 5A – HK1 …") names the pupil and class; the random
    # reference and token may hold "5A" by chance, so look for the description's words.
    assert PAYER not in html and "Bán trú" not in html and "– 5A –" not in html
    assert str(order.public_id) not in html


@pytest.mark.django_db
def test_given_a_forged_or_mistyped_token_then_it_is_not_genuine(
    client: Any, make_order: Any
) -> None:
    order, other = _pay(make_order(100_000)), _pay(make_order(100_000), txn="T2")
    token = receipt_token(order)
    flipped = ("A" if token[0] != "A" else "B") + token[1:]
    client.cookies["lang"] = "en"
    wrong = [
        f"/pay/receipts/verify/{order.reference}/{flipped}",  # tampered
        f"/pay/receipts/verify/{order.reference}/{receipt_token(other)}",  # another receipt's
        f"/pay/receipts/verify/OPNOSUCHREF0/{token}",  # unknown reference
        f"/pay/receipts/verify/{order.reference}/{token[:-1]}",  # too short
    ]

    for url in wrong:
        page = client.get(url)
        assert page.status_code == 404, url
        html = page.content.decode()
        assert NOT_GENUINE in html and "100,000" not in html

    # Typed from paper in lower case, or with O for 0 and l for 1, it still checks.
    typed = token.lower().replace("0", "o").replace("1", "l")
    assert receipt_verify(reference=order.reference.lower(), token=typed) is not None
    assert set(token) <= set(ALPHABET)  # no I, L, O, U printed
    assert len(token) == TOKEN_LENGTH


@pytest.mark.django_db
def test_given_the_amount_is_changed_in_the_books_then_the_old_token_fails(
    make_order: Any,
) -> None:
    order = _pay(make_order(100_000))
    token = receipt_token(order)

    Order.objects.filter(pk=order.pk).update(amount=10_000)

    assert receipt_verify(reference=order.reference, token=token) is None


@pytest.mark.django_db
def test_given_the_secret_key_is_rotated_with_a_fallback_then_printed_receipts_still_verify(
    make_order: Any, settings: Any
) -> None:
    order = _pay(make_order())
    token = receipt_token(order)

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert receipt_verify(reference=order.reference, token=token) is not None

    settings.SECRET_KEY_FALLBACKS = []
    assert receipt_verify(reference=order.reference, token=token) is None


@pytest.mark.django_db
def test_given_a_paid_order_then_checkout_and_return_pages_link_the_receipt(
    client: Any, make_order: Any
) -> None:
    order = make_order()
    started = client.post(f"/pay/{order.public_id}/start", {"provider": "demo"})
    back = client.post(started["Location"], {"choice": "pay"})
    receipt_url = f"/pay/receipts/{order.public_id}/"

    assert receipt_url in client.get(back["Location"]).content.decode()
    assert receipt_url in client.get(f"/pay/{order.public_id}/").content.decode()


@pytest.mark.django_db
def test_given_a_paid_tuition_bill_then_its_receipt_link_opens_the_receipt(
    client: Any, db: Any
) -> None:
    root = make_agency("TN", type_code="province", name="Tỉnh Tây Ninh")
    school = make_agency("TN.THA", parent=root, type_code="school", name="Trường Tiểu học A")
    csv = ("Mã học sinh,Họ và tên,Ngày sinh,Lớp,Học kỳ,Hạn nộp,Học phí\n"
           "HS001,Nguyễn Văn An,05/09/2015,5A,HK1 2026-2027,30/12/2026,1200000\n")  # fmt: skip
    assert bills_import(school=school, name="hk.csv", content=csv.encode()).ok
    client.post("/tuition/", {"code": "HS001", "birth": "2015-09-05"})
    bill = TuitionBill.objects.get()
    client.post("/tuition/pay", {"bill": [str(bill.public_id)]})
    order = _pay(Order.objects.get())

    page = client.post("/tuition/", {"code": "HS001", "birth": "2015-09-05"})

    assert f"/pay/receipts/{order.public_id}/" in page.content.decode()
    assert client.get(f"/pay/receipts/{order.public_id}/").status_code == 200
