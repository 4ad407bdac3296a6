"""Data: the one-stop dossier workflow (version 1); admins adjust it (a new version)."""

import json
from pathlib import Path

from django.db import migrations

WORKFLOW = Path(__file__).resolve().parent.parent / "workflows" / "dossier.json"


def add(apps, schema_editor):
    WorkflowDefinition = apps.get_model("cases", "WorkflowDefinition")
    if not WorkflowDefinition.objects.filter(kind="dossier").exists():
        WorkflowDefinition.objects.create(
            kind="dossier", version=1, data=json.loads(WORKFLOW.read_text(encoding="utf-8"))
        )


def remove(apps, schema_editor):
    apps.get_model("cases", "WorkflowDefinition").objects.filter(kind="dossier").delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial"), ("cases", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
