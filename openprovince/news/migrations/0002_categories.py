"""Data: the usual news categories (news/categories.py); admins adjust them."""

from django.db import migrations

from openprovince.news.categories import DEFAULT_CATEGORIES


def add(apps, schema_editor):
    NewsCategory = apps.get_model("news", "NewsCategory")
    for order, (code, name, name_en) in enumerate(DEFAULT_CATEGORIES):
        NewsCategory.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": (order + 1) * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
