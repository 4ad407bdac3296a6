"""Data: the question workflow (version 1) and the usual topics; admins adjust both and set
which agency answers each topic."""

import json
from pathlib import Path

from django.db import migrations

WORKFLOW = Path(__file__).resolve().parent.parent / "workflows" / "question.json"
# code, name, English, answered by the asker's commune/ward, deadline (working days)
TOPICS = [
    ("ho-tich", "Hộ tịch", "Civil status", False, 7),
    ("cu-tru", "Cư trú, căn cước", "Residence and ID cards", True, 5),
    ("dat-dai", "Đất đai", "Land", False, 10),
    ("xay-dung", "Xây dựng, nhà ở", "Construction and housing", False, 10),
    ("kinh-doanh", "Kinh doanh, thuế", "Business and taxes", False, 7),
    ("giao-duc", "Giáo dục, học phí", "Education and school fees", False, 7),
    ("y-te", "Y tế, bảo hiểm y tế", "Health and health insurance", False, 7),
    ("lao-dong", "Lao động, việc làm, bảo hiểm xã hội", "Work, jobs and social insurance",
     False, 7),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội, người có công", "Social support and veterans", True, 7),
    ("giao-thong", "Giao thông, vận tải", "Traffic and transport", False, 7),
    ("moi-truong", "Môi trường, đô thị", "Environment and town services", True, 7),
    ("dich-vu-cong", "Dịch vụ công trực tuyến, ứng dụng", "Online services and this app", False,
     3),
    ("khac", "Khác", "Something else", False, 7),
]


def add(apps, schema_editor):
    WorkflowDefinition = apps.get_model("cases", "WorkflowDefinition")
    if not WorkflowDefinition.objects.filter(kind="question").exists():
        WorkflowDefinition.objects.create(kind="question", version=1,
                                          data=json.loads(WORKFLOW.read_text(encoding="utf-8")))
    QuestionTopic = apps.get_model("questions", "QuestionTopic")
    for order, (code, name, name_en, local, days) in enumerate(TOPICS):
        QuestionTopic.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "local": local, "sla_working_days": days,
            "order": (order + 1) * 10})


def remove(apps, schema_editor):
    QuestionTopic = apps.get_model("questions", "QuestionTopic")
    Question = apps.get_model("questions", "Question")
    QuestionTopic.objects.filter(code__in=[t[0] for t in TOPICS]).exclude(
        pk__in=Question.objects.values("topic")).delete()


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial"), ("cases", "0003_fill_due_sort")]
    operations = [migrations.RunPython(add, remove)]
