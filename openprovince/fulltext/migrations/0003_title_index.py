"""The title index: a `title_pairs` column (neighbouring title terms) and a full-text index
over it (see openprovince/fulltext/ddl.py). Migration 0004 fills it for existing documents."""

from django.db import migrations, models

from openprovince.fulltext.ddl import (
    fulltext_index_install,
    fulltext_index_uninstall,
    fulltext_title_index_install,
    fulltext_title_index_uninstall,
)


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # Adding a NOT NULL column makes Django rebuild the table on SQLite, which drops the
        # text index's triggers (models.py): put the text index back first.
        fulltext_index_uninstall(schema_editor)
        fulltext_index_install(schema_editor)
    fulltext_title_index_install(schema_editor)


def uninstall(apps, schema_editor):
    fulltext_title_index_uninstall(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("fulltext", "0002_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_pairs",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
