"""`make run` shows the one-stop flow: the demo citizen's dossiers at each step."""

import pytest
from django.core.management import call_command

from openprovince.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_catalogue_and_dossiers_at_each_step_once():
    call_command("load_demo_province", verbosity=0)
    states = sorted(Dossier.objects.values_list("case__state", flat=True))
    assert states == ["in_review", "payment", "returned", "submitted", "supplement"]
    returned = Dossier.objects.get(case__state="returned")
    assert returned.result is not None and returned.documents.filter(round=0).exists()
    assert Dossier.objects.get(case__state="supplement").supplements.count() == 1
    call_command("load_demo_province", "--force", verbosity=0)
    assert Dossier.objects.count() == 5
