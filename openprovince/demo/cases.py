"""Demo requests so the inbox and "My requests" are not empty after `make run`.

A demo citizen (phone 0912 000 001; sign in with the code shown at /dev/sms) has requests in
several wards, in several states, worked by the demo officials.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.cases.definitions import workflow_definition_save
from openprovince.cases.models import Case
from openprovince.cases.services.opening import case_open
from openprovince.cases.services.transitions import case_transition

WORKFLOWS = Path(__file__).resolve().parent.parent / "cases" / "workflows"
CITIZEN_PHONE = "+84912000001"
# (ward, title, steps taken by the ward's handler / the citizen)
REQUESTS = [
    ("TN.P.TANNINH", "Đèn đường tắt ở hẻm 12 đường Cách Mạng Tháng Tám", []),
    ("TN.P.TANNINH", "Xin xác nhận nơi cư trú để làm hồ sơ cho con đi học", ["accept"]),
    ("TN.P.TANNINH", "Cây xanh nghiêng trước trường tiểu học", ["accept", "ask_info"]),
    ("TN.P.TANNINH", "Rác tồn đọng ở chợ đêm", ["accept", "resolve"]),
    ("TN.P.GODAU", "Nước ngập sau mưa ở đường Xuyên Á", ["accept"]),
    ("TN.P.GODAU", "Hỏi thủ tục đăng ký hộ kinh doanh", []),
]


def demo_cases_load() -> int:
    if Case.objects.filter(applicant__phone=CITIZEN_PHONE).exists():
        return 0
    with transaction.atomic():
        workflow_definition_save(
            data=json.loads((WORKFLOWS / "general-request.json").read_text(encoding="utf-8"))
        )
        citizen, _created = User.objects.get_or_create(
            phone=CITIZEN_PHONE,
            defaults={"username": "c-demo-nam", "display_name": "Nguyễn Thị Năm", "is_demo": True},
        )
        handlers = {
            "TN.P.TANNINH": User.objects.get(username="demo.tanninh.xuly"),
            "TN.P.GODAU": User.objects.get(username="demo.godau.xuly"),
        }
        for code, title, steps in REQUESTS:
            case = case_open(
                kind="general-request",
                title=title,
                agency=Agency.objects.get(code=code),
                applicant=citizen,
            )
            for step in steps:
                case_transition(
                    case_id=case.pk,
                    action=step,
                    actor=handlers[code],
                    note="Cán bộ phường đã kiểm tra." if step != "accept" else "",
                )
    return len(REQUESTS)
