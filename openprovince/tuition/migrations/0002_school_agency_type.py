"""Schools are agencies of type "school" (data): the type the tuition service needs."""

from django.db import migrations


def add_school_type(apps, schema_editor):
    AgencyType = apps.get_model("agencies", "AgencyType")
    AgencyType.objects.get_or_create(
        code="school", defaults={"name": "Trường học", "name_en": "School", "order": 50}
    )


def remove_school_type(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    if not Agency.objects.filter(type__code="school").exists():
        apps.get_model("agencies", "AgencyType").objects.filter(code="school").delete()


class Migration(migrations.Migration):
    dependencies = [("tuition", "0001_initial"), ("agencies", "0001_initial")]
    operations = [migrations.RunPython(add_school_type, remove_school_type)]
