"""Demo dossiers so that `make run` shows the one-stop flow: the demo citizen (0912 000 001)
has sent five dossiers to Phường Tân Ninh, each at another step — waiting for reception, in
review, asked for a supplement, asked for the fee, and returned with its e-result. The ward's
demo handler and approver (README, demo accounts) can work them on.

Answers are made from each procedure's form schema (plausible values per field type); the
files are tiny generated PDFs. Everything goes through the services, as a person's would."""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from PIL import Image

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.cases.services.transitions import case_transition
from openprovince.core.uploads import DOCUMENT, upload_process
from openprovince.dossiers.models import Dossier, Procedure
from openprovince.dossiers.services.handling import (
    dossier_fee_request,
    dossier_request_supplement,
    dossier_result_return,
    dossier_result_sign,
)
from openprovince.dossiers.services.submission import Sending, dossier_submit

from .cases import CITIZEN_PHONE

WARD = "TN.P.TANNINH"
# (procedure code, steps after sending)
DOSSIERS = [
    ("1.001193", []),  # birth registration, waiting for reception
    ("1.004222", ["receive", "start_review"]),  # temporary residence, in review
    ("2.000720", ["receive", "start_review", "supplement"]),  # household business
    ("1.009994", ["receive", "start_review", "fee"]),  # building permit, fee asked
    ("2.000815", ["receive", "start_review", "propose", "approve", "return"]),  # certified copy
]
SAMPLE = {
    "text": "Nguyễn Thị Năm",
    "textarea": "Xin được giải quyết sớm.",
    "date": "1990-05-12",
    "cccd": "072190001234",
    "phone": CITIZEN_PHONE,
    "email": "nam.nguyen@example.vn",
}


def _value(spec: dict[str, Any]) -> Any:
    kind = spec.get("type", "text")
    if kind == "select":
        return spec["options"][0]["key"]
    if kind == "number":
        return int(spec.get("min") or 1)
    if kind == "address":
        return {"commune": WARD, "street": "12 Trần Hưng Đạo"}
    if kind == "group":
        return [{sub["code"]: _value(sub) for sub in spec.get("fields", [])}]
    return SAMPLE.get(kind, SAMPLE["text"])


def _answers(procedure: Procedure) -> dict[str, Any]:
    return {f["code"]: _value(f) for f in procedure.form_schema.get("fields", [])}


def _pdf(name: str) -> Any:
    out = io.BytesIO()
    Image.new("RGB", (120, 160), (252, 252, 250)).save(out, "PDF")
    return upload_process(data=out.getvalue(), filename=name, kind=DOCUMENT)


def demo_dossiers_load() -> int:
    """Once; returns how many dossiers were made (0 when present or without the catalogue)."""
    citizen = User.objects.filter(phone=CITIZEN_PHONE).first()
    codes = [code for code, _steps in DOSSIERS]
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=codes)}
    if citizen is None or len(procedures) < len(codes):
        return 0
    if Dossier.objects.filter(case__applicant=citizen).exists():
        return 0
    handler = User.objects.get(username="demo.tanninh.xuly")
    approver = User.objects.get(username="demo.tanninh.duyet")
    ward = Agency.objects.get(code=WARD)
    with transaction.atomic():
        for code, steps in DOSSIERS:
            procedure = procedures[code]
            files = {
                d["code"]: [_pdf(f"{d['code']}.pdf")] for d in procedure.documents if d["required"]
            }
            dossier = dossier_submit(
                procedure=procedure,
                user=citizen,
                answers=_answers(procedure),
                files=files,
                sending=Sending(agency=ward, contact_phone=CITIZEN_PHONE),
            )
            for step in steps:
                _take(dossier, step, handler, approver)
    return len(DOSSIERS)


def _take(dossier: Dossier, step: str, handler: User, approver: User) -> None:
    if step == "supplement":
        slot = dossier.procedure.documents[0]["code"]
        dossier_request_supplement(
            dossier=dossier,
            items=[{"slot": slot, "reason": "Bản chụp bị mờ, không đọc được số giấy tờ."}],
            note="",
            by=handler,
        )
    elif step == "fee":
        dossier_fee_request(dossier=dossier, amount=75_000, by=handler)
    elif step == "approve":
        dossier_result_sign(dossier=dossier, by=approver, upload=_pdf("ket-qua.pdf"))
    elif step == "return":
        dossier_result_return(dossier=dossier, by=handler, note="Trả kết quả điện tử.")
    else:
        case_transition(case_id=dossier.case_id, action=step, actor=handler)
