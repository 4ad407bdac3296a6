"""A dossier from the form to the result: draft, sending (once, even when replayed), receipt
with its appointment date, supplements that pause the clock, refusal, fee, approval with the
signed result, return, and withdrawal."""

from __future__ import annotations

import pytest
from django.utils import timezone

from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from openprovince.core.errors import AppError
from openprovince.core.models import Holiday
from openprovince.core.working_time import add_working_days, holiday_save
from openprovince.dossiers.models import Dossier, DossierDraft, SupplementRequest
from openprovince.dossiers.services.handling import (
    dossier_fee_paid,
    dossier_fee_request,
    dossier_request_supplement,
    dossier_result_return,
    dossier_result_sign,
    dossier_supply,
)
from tests.conftest import sign_in_official
from tests.dossiers.conftest import FORM, jpeg, pdf, processed

pytestmark = pytest.mark.django_db


def _to_review(dossier: Dossier, handler) -> None:
    for step in ("receive", "start_review"):
        case_transition(case_id=dossier.case_id, action=step, actor=handler)


def test_given_a_half_filled_form_when_saved_as_draft_then_it_comes_back(client, birth, citizen):
    client.force_login(citizen)
    response = client.post(
        f"/procedures/{birth.code}/apply", {"f_child_name": "Nguyễn Văn An", "save_draft": "1"}
    )
    assert response.status_code == 302
    assert DossierDraft.objects.get(user=citizen).answers["child_name"] == "Nguyễn Văn An"
    page = client.get(f"/procedures/{birth.code}/apply").content.decode()
    assert 'value="Nguyễn Văn An"' in page


def test_given_the_form_when_sent_with_two_files_then_a_dossier_and_a_receipt(
    client, birth, citizen
):
    client.force_login(citizen)
    DossierDraft.objects.create(user=citizen, procedure=birth, answers={"child_name": "x"})
    data = {**FORM, "doc_to_khai": pdf(), "doc_chung_sinh": jpeg(), "idempotency_key": "key-0001"}
    response = client.post(f"/procedures/{birth.code}/apply", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.select_related("case").get()
    assert response["Location"] == f"/dossiers/{dossier.case.public_id}/receipt"
    assert dossier.case.agency.code == "TN.P.TANNINH" and dossier.case.state == "submitted"
    assert dossier.answers["mother_id"] == "072195001234"
    assert dossier.contact_phone == "+84912345678"
    assert sorted(dossier.documents.values_list("slot", flat=True)) == ["chung_sinh", "to_khai"]
    assert not DossierDraft.objects.exists()  # sent: the draft is gone
    assert dossier.case.code.startswith("TN.P.TANNINH-")
    receipt = client.get(response["Location"]).content.decode()
    assert dossier.case.code in receipt
    assert timezone.localtime(dossier.appointment_at).strftime("%d/%m/%Y") in receipt
    assert "/qr?path=" in receipt and "dossiers/lookup" in receipt


def test_given_a_sent_form_when_the_phone_sends_it_again_then_one_dossier(client, birth, citizen):
    client.force_login(citizen)
    for _ in range(2):
        key = {"idempotency_key": "key-0002"}
        data = {**FORM, "doc_to_khai": pdf(), "doc_chung_sinh": jpeg(), **key}
        response = client.post(f"/procedures/{birth.code}/apply", data)
        assert response.status_code == 302
    assert Dossier.objects.count() == 1


def test_given_bad_input_when_sent_then_400_with_each_problem_and_nothing_saved(
    client, birth, citizen
):
    client.force_login(citizen)
    bad = {**FORM, "f_mother_id": "12345", "f_birth_date": "31/02/2026", "agency": "TN.NOPE",
           "contact_phone": "12", "doc_to_khai": pdf()}  # fmt: skip
    response = client.post(f"/procedures/{birth.code}/apply", bad)
    assert response.status_code == 400
    page = response.content.decode()
    for name in ("f_mother_id", "f_birth_date", "doc_chung_sinh", "agency", "contact_phone"):
        assert f'id="{name}-err"' in page or f'id="{name}-error"' in page or name in page
    assert not Dossier.objects.exists()


def test_given_a_guest_when_opening_the_form_then_asked_to_sign_in(client, birth):
    response = client.get(f"/procedures/{birth.code}/apply")
    assert response.status_code == 302 and "/signin/" in response["Location"]
    assert client.get("/procedures/9.999999/apply").status_code in (302, 404)


def test_given_a_holiday_in_the_next_days_then_the_appointment_skips_it(send):
    now = timezone.now()
    without_holiday = add_working_days(now, 4)
    first_working_day = timezone.localtime(add_working_days(now, 1)).date()
    holiday_save(holiday=Holiday(date=first_working_day, name="Nghỉ bù"))
    dossier = send()  # 3 working days
    assert dossier.appointment_at == without_holiday
    assert dossier.appointment_at == dossier.case.due_at


def test_given_a_supplement_request_then_the_clock_pauses_until_the_citizen_supplies(
    send, handler, citizen
):
    dossier = send()
    _to_review(dossier, handler)
    with pytest.raises(AppError) as no_reason:
        dossier_request_supplement(
            dossier=dossier, items=[{"slot": "ket_hon", "reason": ""}], note="", by=handler
        )
    assert "reason_ket_hon" in no_reason.value.fields
    dossier_request_supplement(
        dossier=dossier,
        items=[
            {"slot": "ket_hon", "reason": "Cha mẹ đã đăng ký kết hôn: cần bản sao giấy."},
            {"slot": "to_khai", "reason": "Tờ khai thiếu chữ ký người đi khai."},
        ],
        note="",
        by=handler,
    )
    case = Case.objects.get(pk=dossier.case_id)
    assert case.state == "supplement" and case.paused_at is not None
    left = case.remaining_seconds
    assert left and left > 0
    with pytest.raises(AppError) as incomplete:  # every document asked for, at once
        dossier_supply(dossier=dossier, user=citizen, files={"ket_hon": [processed(pdf())]})
    assert "doc_to_khai" in incomplete.value.fields
    dossier_supply(
        dossier=dossier,
        user=citizen,
        files={"ket_hon": [processed(pdf())], "to_khai": [processed(pdf("to-khai-2.pdf"))]},
    )
    case.refresh_from_db()
    assert case.state == "in_review" and case.paused_at is None and case.due_at > timezone.now()
    asked = SupplementRequest.objects.get()
    assert asked.answered_at is not None and asked.round == 1
    assert dossier.documents.filter(round=1).count() == 2


def test_given_a_supplement_the_citizen_uploads_it_in_the_app(client, send, handler, citizen):
    dossier = send()
    _to_review(dossier, handler)
    dossier_request_supplement(
        dossier=dossier, items=[{"slot": "ket_hon", "reason": "Cần bản sao."}], note="",
        by=handler,
    )  # fmt: skip
    client.force_login(citizen)
    page = client.get(f"/dossiers/{dossier.case.public_id}/").content.decode()
    assert "Cần bản sao." in page and 'name="doc_ket_hon"' in page
    response = client.post(
        f"/dossiers/{dossier.case.public_id}/supply", {"doc_ket_hon": pdf("kethon.pdf")}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=dossier.case_id).state == "in_review"


def test_refusal_needs_a_reason_and_prints_a_slip(client, send, handler):
    dossier = send()
    with pytest.raises(AppError) as err:
        case_transition(case_id=dossier.case_id, action="refuse", actor=handler)
    assert err.value.code == "cases.note_required"
    case_transition(
        case_id=dossier.case_id, action="refuse", actor=handler, note="Sai cơ quan có thẩm quyền."
    )
    sign_in_official(client, handler)
    slip = client.get(f"/office/dossiers/{dossier.case.public_id}/slips/refusal")
    assert slip.status_code == 200 and "Sai cơ quan có thẩm quyền." in slip.content.decode()
    assert client.get(f"/office/dossiers/{dossier.case.public_id}/slips/nope").status_code == 404


def test_the_payment_step_blocks_until_the_fee_is_paid(send, handler):
    dossier = send()
    _to_review(dossier, handler)
    dossier_fee_request(dossier=dossier, amount=8000, by=handler)
    case = Case.objects.get(pk=dossier.case_id)
    assert case.state == "payment" and case.paused_at is not None
    with pytest.raises(AppError) as unpaid:  # even from the generic case page
        case_transition(case_id=dossier.case_id, action="payment_received", actor=handler)
    assert unpaid.value.code == "dossiers.fee_unpaid" and unpaid.value.status == 409
    with pytest.raises(AppError):
        dossier_fee_paid(dossier=dossier, by=handler, reference=" ")
    dossier = dossier_fee_paid(dossier=dossier, by=handler, reference="BL-000123")
    assert dossier.case.state == "in_approval" and dossier.fee_paid_at is not None


def test_approval_with_the_signed_result_then_return_then_the_citizen_downloads_it(
    client, send, handler, approver, citizen
):
    dossier = send()
    _to_review(dossier, handler)
    case_transition(case_id=dossier.case_id, action="propose", actor=handler)
    with pytest.raises(AppError):  # a handler may not approve
        dossier_result_sign(dossier=dossier, by=handler, upload=processed(pdf("kq.pdf")))
    with pytest.raises(AppError) as no_result:  # returning needs the signed result first
        case_transition(case_id=dossier.case_id, action="return_result", actor=handler)
    assert no_result.value.code in {"cases.wrong_state", "dossiers.no_result"}
    dossier = dossier_result_sign(dossier=dossier, by=approver, upload=processed(pdf("kq.pdf")))
    assert dossier.case.state == "processed" and dossier.result is not None
    dossier = dossier_result_return(dossier=dossier, by=handler)
    assert dossier.case.state == "returned" and dossier.returned_at is not None
    client.force_login(citizen)
    download = client.get(f"/dossiers/{dossier.case.public_id}/result?download=1")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_someone_else_never_sees_a_dossier(client, send, django_user_model):
    dossier = send()
    client.force_login(django_user_model.objects.create_user("la", password="x" * 12))
    for path in ("/", "/receipt", "/result"):
        assert client.get(f"/dossiers/{dossier.case.public_id}{path}").status_code == 404


def test_the_citizen_withdraws_and_the_generic_pages_lead_to_the_dossier_page(
    client, send, citizen
):
    dossier = send()
    client.force_login(citizen)
    generic = client.get(f"/me/requests/{dossier.case.public_id}/")
    assert (
        generic.status_code == 302 and generic["Location"] == f"/dossiers/{dossier.case.public_id}/"
    )
    response = client.post(f"/dossiers/{dossier.case.public_id}/withdraw", {"reason": "Nộp nhầm"})
    assert response.status_code == 302
    assert Case.objects.get(pk=dossier.case_id).state == "withdrawn"


def test_the_daily_limit_stops_a_flood(send, settings):
    settings.DOSSIERS_MAX_PER_USER_DAY = 2
    send(), send()
    with pytest.raises(AppError) as err:
        send()
    assert err.value.status == 429 and Dossier.objects.count() == 2


def test_the_office_page_shows_answers_in_words_and_takes_the_steps(client, send, handler):
    dossier = send()
    sign_in_official(client, handler)
    page = client.get(f"/office/dossiers/{dossier.case.public_id}/").content.decode()
    assert "Nguyễn Văn An" in page and "20/11/2026" in page and "Phường Tân Ninh" in page
    response = client.post(
        f"/office/dossiers/{dossier.case.public_id}/",
        {"do": "step", "action": "receive", "version": dossier.case.version},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=dossier.case_id).state == "received"
    generic = client.get(f"/office/cases/{dossier.case.public_id}/")
    assert generic.status_code == 302 and "/office/dossiers/" in generic["Location"]
