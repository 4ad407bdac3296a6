"""Data: the report workflow (version 1) and the usual categories; admins adjust both."""

import json
from pathlib import Path

from django.db import migrations

WORKFLOW = Path(__file__).resolve().parent.parent / "workflows" / "report.json"
LOCAL = ["commune", "ward", "special-zone"]
# code, name, English, icon, agency types, deadline (working days), duplicate radius (m)
CATEGORIES = [
    ("streetlight", "Đèn đường hỏng", "Street light out", "light", LOCAL, 3, 150),
    ("rubbish", "Rác thải, vệ sinh môi trường", "Rubbish and litter", "trash", LOCAL, 2, 100),
    ("flooding", "Ngập nước, cống rãnh", "Flooding and drains", "water", LOCAL, 3, 300),
    ("road", "Hư hỏng đường, vỉa hè", "Damaged road or pavement", "road", LOCAL, 10, 100),
    ("tree", "Cây xanh gãy đổ, nguy hiểm", "Fallen or dangerous tree", "tree", LOCAL, 2, 100),
    ("construction", "Xây dựng trái phép, lấn chiếm", "Illegal building or encroachment",
     "building", LOCAL, 10, 100),
    ("noise", "Tiếng ồn, mất trật tự", "Noise and disorder", "noise", LOCAL, 2, 200),
    ("other", "Không rõ / vấn đề khác", "Not sure / something else", "question", ["province"], 5,
     50),
]
QUESTIONS = {
    "streetlight": [{"code": "pole", "label": "Số cột đèn (nếu thấy)", "label_en":
                     "Pole number (if visible)", "type": "text", "required": False}],
    "flooding": [{"code": "depth", "label": "Nước sâu khoảng bao nhiêu (cm)?", "label_en":
                  "About how deep is the water (cm)?", "type": "number", "required": False}],
}


def add(apps, schema_editor):
    WorkflowDefinition = apps.get_model("cases", "WorkflowDefinition")
    if not WorkflowDefinition.objects.filter(kind="report").exists():
        WorkflowDefinition.objects.create(kind="report", version=1,
                                          data=json.loads(WORKFLOW.read_text(encoding="utf-8")))
    AgencyType = apps.get_model("agencies", "AgencyType")
    ReportCategory = apps.get_model("reports", "ReportCategory")
    for order, (code, name, name_en, icon, types, days, radius) in enumerate(CATEGORIES):
        category, created = ReportCategory.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "icon": icon, "sla_working_days": days,
            "duplicate_radius_m": radius, "order": (order + 1) * 10,
            "questions": QUESTIONS.get(code, [])})
        if created:
            category.agency_types.set(AgencyType.objects.filter(code__in=types))


def remove(apps, schema_editor):
    ReportCategory = apps.get_model("reports", "ReportCategory")
    Report = apps.get_model("reports", "Report")
    ReportCategory.objects.filter(code__in=[c[0] for c in CATEGORIES]).exclude(
        pk__in=Report.objects.values("category")).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("cases", "0003_fill_due_sort"),
                    ("agencies", "0002_default_agency_types")]
    operations = [migrations.RunPython(add, remove)]
