"""The database's full-text index: FTS5 on SQLite, a tsvector column and GIN index on
PostgreSQL (see openprovince/fulltext/ddl.py). Other databases get nothing."""

from django.db import migrations

from openprovince.fulltext.ddl import fulltext_index_install, fulltext_index_uninstall


def install(apps, schema_editor):
    fulltext_index_install(schema_editor)


def uninstall(apps, schema_editor):
    fulltext_index_uninstall(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("fulltext", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
