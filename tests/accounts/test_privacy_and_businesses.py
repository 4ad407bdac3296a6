"""Consent, "My data", deletion, and citizens registering businesses."""

import json

import pytest

from openprovince.accounts.models import Business, BusinessMember, Consent, ConsentPurpose, User
from openprovince.accounts.services.privacy import consent_active
from openprovince.core.models import AuditEvent
from tests.accounts.helpers import last_code

pytestmark = pytest.mark.django_db


def _sign_in(client, phone="0912345678"):
    client.post("/signin/", {"phone": phone})
    e164 = "+84" + phone[1:]
    client.post("/signin/code/", {"code": last_code(e164)})
    return User.objects.get(phone=e164)


def test_consent_is_given_per_purpose_recorded_and_withdrawn(client):
    user = _sign_in(client)
    page = client.get("/me/consents/").content.decode()
    assert "Chia sẻ số điện thoại với cơ quan xử lý" in page and "Bạn chưa đồng ý." in page
    assert not consent_active(user=user, purpose_code="share-phone-with-handler")
    client.post("/me/consents/", {"purpose": "share-phone-with-handler", "action": "give"})
    assert consent_active(user=user, purpose_code="share-phone-with-handler")
    assert not consent_active(user=user, purpose_code="notify-by-zalo-sms")  # per purpose
    client.post("/me/consents/", {"purpose": "share-phone-with-handler", "action": "withdraw"})
    assert not consent_active(user=user, purpose_code="share-phone-with-handler")
    record = Consent.objects.get(user=user)
    assert record.withdrawn_at is not None and record.purpose.version == 1  # kept, reproducible
    assert AuditEvent.objects.filter(action__in=["consent.give", "consent.withdraw"]).count() == 2
    assert client.post("/me/consents/", {"purpose": "nope", "action": "give"}).status_code == 404


def test_a_new_version_of_a_purpose_text_replaces_the_old_consent(client):
    from openprovince.accounts.services.privacy import consent_give

    user = _sign_in(client)
    v1 = ConsentPurpose.objects.get(code="notify-by-zalo-sms")
    consent_give(user=user, purpose=v1)
    v2 = ConsentPurpose.objects.create(code=v1.code, version=2, title=v1.title, text="Nội dung mới")
    consent_give(user=user, purpose=v2)
    current = Consent.objects.get(user=user, withdrawn_at__isnull=True)
    assert current.purpose == v2 and Consent.objects.filter(user=user).count() == 2


def test_my_data_holds_my_data_and_nothing_of_others(client, django_user_model):
    other = django_user_model.objects.create_user(
        "nguoi-khac", password="x" * 12, display_name="Trần Văn Bí Mật", phone="+84987654321"
    )
    me = _sign_in(client)
    client.post("/me/", {"display_name": "Lê Thị Mai"})
    client.post("/me/consents/", {"purpose": "notify-by-zalo-sms", "action": "give"})
    response = client.get("/me/data.json")
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["name"] == "Lê Thị Mai" and data["account"]["phone"] == "0912 345 678"
    assert data["consents"][0]["purpose"] == "notify-by-zalo-sms"
    assert any(a["action"] == "signin.phone" for a in data["activity"])
    text = response.content.decode()
    assert "Bí Mật" not in text and other.username not in text
    assert "987654321" not in text and "0987 654 321" not in text  # the other person's phone
    assert str(me.public_id) in text
    assert AuditEvent.objects.filter(action="account.export", actor=me).exists()


def test_deleting_the_account_anonymises_it_and_signs_out(client):
    user = _sign_in(client)
    client.post("/me/", {"display_name": "Lê Thị Mai"})
    client.post("/me/consents/", {"purpose": "notify-by-zalo-sms", "action": "give"})
    assert client.post("/me/delete/", {}).status_code == 302  # not confirmed
    assert User.objects.get(pk=user.pk).is_active
    response = client.post("/me/delete/", {"confirm": "yes"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active and user.phone is None and user.display_name == ""
    assert user.username.startswith("deleted-") and user.anonymised_at is not None
    assert not Consent.objects.filter(user=user, withdrawn_at__isnull=True).exists()
    deletion = AuditEvent.objects.get(action="account.delete")
    assert deletion.target_id == str(user.public_id) and deletion.actor_label.startswith("c-")
    assert client.get("/me/").status_code == 302  # signed out
    # The same number can start afresh: a new, empty account.
    again = _sign_in(client)
    assert again.pk != user.pk and again.display_name == ""


def test_personal_pages_are_not_cached_and_hold_no_personal_data_in_urls(client):
    _sign_in(client)
    for path in ("/me/", "/me/consents/", "/me/businesses/new/", "/signin/code/"):
        response = client.get(path)
        assert "no-store" in response.get("Cache-Control", ""), path
    page = client.get("/me/").content.decode()
    assert "0912345678" not in page and "+84912345678" not in page


def test_a_citizen_registers_a_business_and_a_second_citizen_joins_it(client, demo_province):
    _sign_in(client)
    bad = client.post(
        "/me/businesses/new/",
        {
            "tax_code": "0100233480",
            "name": "Tiệm Cô Ba",
            "address": "12 Đường 30/4",
            "agency": "TN.P.TANNINH",
        },
    )
    assert bad.status_code == 400 and "Mã số thuế không hợp lệ" in bad.content.decode()
    ok = client.post(
        "/me/businesses/new/",
        {
            "tax_code": "0100109106",
            "name": "Tiệm Cô Ba",
            "address": "12 Đường 30/4",
            "agency": "TN.P.TANNINH",
        },
    )
    assert ok.status_code == 302
    client.post("/signout/")
    _sign_in(client, phone="0987654321")
    client.post(
        "/me/businesses/new/",
        {
            "tax_code": "0100109106",
            "name": "Tiệm Cô Ba",
            "address": "12 Đường 30/4",
            "agency": "TN.P.TANNINH",
        },
    )
    business = Business.objects.get()
    assert business.members.count() == 2
    assert set(BusinessMember.objects.values_list("status", flat=True)) == {"pending"}


def test_a_business_in_a_department_instead_of_a_ward_is_refused(client, demo_province):
    _sign_in(client)
    response = client.post(
        "/me/businesses/new/",
        {"tax_code": "0100109106", "name": "Tiệm", "address": "12 Đường 30/4", "agency": "TN.SYT"},
    )
    assert response.status_code == 400  # not in the choices


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "x" * 500, "Lê\u202eThị\x00"])
def test_hostile_names_are_cleaned_escaped_or_refused_never_500(client, name):
    _sign_in(client)
    response = client.post("/me/", {"display_name": name})
    assert response.status_code in {302, 400}
    page = client.get("/me/").content.decode()
    assert "<script>alert(1)</script>" not in page


def test_a_forged_session_cookie_is_just_a_guest(client, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "forged" * 10
    assert client.get("/me/").status_code == 302
    assert client.get("/").status_code == 200
