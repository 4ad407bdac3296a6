"""Data: the agency types every Vietnamese province has (two-tier local government, 2025)."""

from django.db import migrations

DEFAULT_TYPES = [
    ("province", "Ủy ban nhân dân tỉnh", "Provincial People's Committee", 10),
    ("department", "Sở, ban, ngành", "Department", 20),
    ("commune", "Xã", "Commune", 30),
    ("ward", "Phường", "Ward", 31),
    ("special-zone", "Đặc khu", "Special zone", 32),
    ("public-service", "Đơn vị sự nghiệp", "Public service unit", 40),
]


def add_types(apps, schema_editor):
    AgencyType = apps.get_model("agencies", "AgencyType")
    for code, name, name_en, order in DEFAULT_TYPES:
        AgencyType.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )


def remove_unused_types(apps, schema_editor):
    AgencyType = apps.get_model("agencies", "AgencyType")
    AgencyType.objects.filter(code__in=[t[0] for t in DEFAULT_TYPES], agency__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(add_types, remove_unused_types)]
