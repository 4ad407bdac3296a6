"""PostgreSQL: the full-text GIN indexes without a pending list (`fastupdate = off`).

With the default, new entries wait in an unsorted pending list that every search scans in
full until autovacuum merges it: after a few thousand documents were indexed, a search that
took 0.4 ms took 10–15 ms (and 100+ ms for a long query). Documents are written rarely
(a question answered, a procedure edited), so each write updating the index at once costs
little. The pending entries already there are merged now.
"""

from django.db import migrations

INDEXES = ("fulltext_doc_vector_gin", "fulltext_doc_title_gin")


def fastupdate_off(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def fastupdate_on(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} RESET (fastupdate)")


class Migration(migrations.Migration):

    dependencies = [
        ("fulltext", "0005_abbreviations"),
    ]

    operations = [
        migrations.RunPython(fastupdate_off, fastupdate_on, elidable=False),
    ]
