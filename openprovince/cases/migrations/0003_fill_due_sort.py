"""Data: the inbox sort key for cases that existed before it."""

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(due_at__isnull=False).update(due_sort=F("due_at"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_inbox_order")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
