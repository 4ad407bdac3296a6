"""Documents indexed before abbreviations were written in full (terms.ABBREVIATIONS): re-spell
them and recount the vocabulary. Uses the app's service on purpose: the rule is code, and the
model has not changed since migration 0003."""

from django.db import migrations


def refold(apps, schema_editor):
    from openprovince.fulltext.services import fulltext_refold

    fulltext_refold()


class Migration(migrations.Migration):

    dependencies = [
        ("fulltext", "0004_fill_title_pairs"),
    ]

    operations = [
        migrations.RunPython(refold, migrations.RunPython.noop, elidable=False),
    ]
