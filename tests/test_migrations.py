"""Migrations match the models and can be reversed."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_our_migrations_reverse_to_zero_and_apply_again():
    for app in ("web", "agencies", "core"):
        call_command("migrate", app, "zero", verbosity=0)
    call_command("migrate", verbosity=0)
    from openprovince.agencies.models import AgencyType

    assert AgencyType.objects.filter(code="ward").exists()
