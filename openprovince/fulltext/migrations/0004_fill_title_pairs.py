"""Title pairs for the documents indexed before migration 0003 (the triggers or the generated
column index them as they are written)."""

from django.db import migrations

from openprovince.fulltext.terms import term_pairs

BATCH = 2000


def fill(apps, schema_editor):
    SearchDocument = apps.get_model("fulltext", "SearchDocument")
    rows = SearchDocument.objects.filter(title_pairs="").exclude(folded_title="")
    changed = []
    for document in rows.only("id", "folded_title").iterator(chunk_size=BATCH):
        document.title_pairs = " ".join(term_pairs(document.folded_title.split(" ")))
        changed.append(document)
        if len(changed) == BATCH:
            SearchDocument.objects.bulk_update(changed, ["title_pairs"])
            changed = []
    SearchDocument.objects.bulk_update(changed, ["title_pairs"])


class Migration(migrations.Migration):

    dependencies = [
        ("fulltext", "0003_title_index"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
