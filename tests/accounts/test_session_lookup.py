"""Each request's session and user are read by prepared statements (accounts.sessions,
accounts.backends): the same person as Django's own lookups, and the same refusals."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from openprovince.accounts.backends import AccountBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(django_user_model):
    return django_user_model.objects.create_user("cu-dan", phone="0912345678")


def test_the_user_read_is_the_one_the_orm_reads(citizen):
    fast, orm = AccountBackend().get_user(citizen.pk), get_user_model().objects.get(pk=citizen.pk)
    assert fast is not None and not fast._state.adding and fast._state.db == "default"
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(fast, field.attname) == getattr(orm, field.attname), field.name
    assert AccountBackend().get_user(citizen.pk + 1000) is None


def test_a_signed_in_person_stays_signed_in_until_the_session_expires(client, citizen):
    client.force_login(citizen)
    assert client.get("/me/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    response = client.get("/me/")
    assert response.status_code == 302 and "/signin" in response["Location"]


def test_a_deactivated_account_is_signed_out_at_its_next_request(client, citizen):
    client.force_login(citizen)
    get_user_model().objects.filter(pk=citizen.pk).update(is_active=False)
    assert client.get("/me/").status_code == 302
