"""row_insert writes the row objects.create() would, and refuses what it cannot do alike."""

from datetime import timedelta

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db.models.signals import post_save
from django.utils import timezone

from openprovince.accounts.models import User
from openprovince.cases.models import NO_DUE_DATE, Case, CaseEvent
from openprovince.core.models import AuditEvent
from openprovince.core.rows import row_insert
from openprovince.notifications.models import InAppNotification

pytestmark = pytest.mark.django_db

COMPARED = ["actor_id", "actor_label", "action", "success", "target_type", "target_id", "ip"]


def test_an_audit_row_reads_back_as_the_orm_would_have_written_it():
    user = User.objects.create_user("nguoi-ghi")
    values = {
        "actor": user,
        "actor_label": "Nguyễn Văn A",
        "action": "report.submit",
        "success": True,
        "target_type": "cases.case",
        "target_id": "abc",
        "ip": "10.0.0.7",
        "details": {"category": "đèn", "photos": 2, "ok": None},
    }
    before = timezone.now()
    inserted = row_insert(AuditEvent(**values))
    created = AuditEvent.objects.create(**values)
    assert inserted.pk is not None and inserted.pk != created.pk
    assert not inserted._state.adding and inserted._state.db == "default"
    fast, orm = AuditEvent.objects.get(pk=inserted.pk), AuditEvent.objects.get(pk=created.pk)
    for name in COMPARED:
        assert getattr(fast, name) == getattr(orm, name), name
    assert fast.details == orm.details == values["details"]
    assert before <= fast.at <= orm.at  # auto_now_add filled in, in UTC
    assert inserted.at == fast.at  # and set on the instance, as save() does


def test_a_case_gets_its_sort_key_from_its_due_date(workflow, demo_province):
    from openprovince.agencies.models import Agency

    agency = Agency.objects.first()
    now = timezone.now()
    due = now + timedelta(days=3)
    common = {"kind": "test", "definition": workflow, "state": "received", "agency": agency}
    dated = row_insert(Case(code="T-1", title="Có hạn", state_entered_at=now, due_at=due, **common))
    open_ended = row_insert(Case(code="T-2", title="Không hạn", state_entered_at=now, **common))
    assert Case.objects.get(pk=dated.pk).due_sort == due
    assert Case.objects.get(pk=open_ended.pk).due_sort == NO_DUE_DATE
    event = row_insert(CaseEvent(case=dated, action="open", to_state="received"))
    assert CaseEvent.objects.get(pk=event.pk).case_id == dated.pk


def test_what_it_cannot_do_as_save_would_is_refused():
    user = User.objects.create_user("nguoi-nhan")
    with pytest.raises(TypeError, match="overrides save"):
        row_insert(User(username="khac"))  # AbstractBaseUser.save does more than insert
    saved = row_insert(InAppNotification(user=user, event="x", title="Tiêu đề"))
    with pytest.raises(ValueError, match="already"):
        row_insert(saved)
    with pytest.raises(ValueError, match="unsaved related object"):
        row_insert(InAppNotification(user=User(username="chua-luu"), event="x", title="t"))

    def receiver(**kwargs):
        pass

    post_save.connect(receiver, sender=InAppNotification)
    try:
        with pytest.raises(TypeError, match="signal receivers"):
            row_insert(InAppNotification(user=user, event="x", title="t"))
    finally:
        post_save.disconnect(receiver, sender=InAppNotification)
    assert InAppNotification.objects.count() == 1


def test_row_update_writes_the_named_columns_only():
    from openprovince.core.idempotency_models import IdempotencyRecord
    from openprovince.core.rows import row_update

    record = IdempotencyRecord.objects.create(scope="user:1", key="k-12345678", request_hash="h")
    record.status, record.response_status = "done", 302
    record.response_body, record.response_headers = b"\x00<p>", {"Location": "/reports/x/"}
    record.scope = "not written"
    assert row_update(record, ["status", "response_status", "response_body", "response_headers"])
    stored = IdempotencyRecord.objects.get(pk=record.pk)
    assert (stored.status, stored.response_status, stored.scope) == ("done", 302, "user:1")
    assert bytes(stored.response_body) == b"\x00<p>"
    assert stored.response_headers == {"Location": "/reports/x/"}
    with pytest.raises(TypeError, match="not id"):
        row_update(record, ["id"])
    case_event = CaseEvent(pk=1, action="open")
    with pytest.raises(TypeError, match="overrides save"):
        row_update(case_event, ["action"])  # append-only: its save() refuses updates
    record.delete()
    assert row_update(record, ["status"]) == 0


def test_row_insert_new_skips_a_taken_key_without_an_error_inside_a_transaction():
    from django.db import transaction

    from openprovince.core.idempotency_models import IdempotencyRecord
    from openprovince.core.rows import row_insert_new

    def record(digest):
        return IdempotencyRecord(scope="user:1", key="k-0000000001", request_hash=digest)

    with transaction.atomic():
        first = row_insert_new(record("a" * 64), unique=["scope", "key"])
        again = row_insert_new(record("b" * 64), unique=["scope", "key"])
        other = row_insert_new(
            IdempotencyRecord(scope="user:2", key="k-0000000001", request_hash="c" * 64),
            unique=["scope", "key"],
        )
        # No error was raised, so the transaction is still usable without a savepoint.
        assert IdempotencyRecord.objects.count() == 2
    assert first is not None and first.pk and not first._state.adding
    assert again is None
    assert other is not None and other.pk != first.pk
    kept = IdempotencyRecord.objects.get(pk=first.pk)
    assert kept.request_hash == "a" * 64 and kept.created_at is not None
    with pytest.raises(ValueError, match="unique constraint"):
        row_insert_new(record("d" * 64), unique=[])
    with pytest.raises(FieldDoesNotExist):
        row_insert_new(
            IdempotencyRecord(scope="s", key="k-0000000002", request_hash="e" * 64),
            unique=["nope"],
        )
