"""The report form keeps its idempotent answer in the report's own transaction
(core.idempotency.answers_in_transaction): one write per submission, and still one report
however the same form arrives twice. The app's API claims the key first and keeps the answer
in the report's transaction (keep_answer on a claimed key): two writes instead of three."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openprovince.core.idempotency_models import IdempotencyRecord
from openprovince.reports import api as api_module
from openprovince.reports.models import Report, ReportDraft
from openprovince.reports.services import submission
from tests.conftest import bearer
from tests.reports.conftest import report_form, stored_files

TABLE = IdempotencyRecord._meta.db_table


@pytest.mark.django_db
def test_given_a_key_when_sent_then_the_answer_is_written_once_inside_the_reports_transaction(
    client, citizen, light
):
    client.force_login(citizen)
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/reports/new", report_form("one-write-0001"))
    assert response.status_code == 302
    sql = [q["sql"] for q in captured.captured_queries]
    answer = [n for n, s in enumerate(sql) if TABLE in s and not s.startswith("SELECT")]
    assert len(answer) == 1 and sql[answer[0]].startswith("INSERT")  # no claim, no UPDATE
    # Inside the test's transaction the view's transaction is a savepoint: the report and
    # the answer are written between its start and its release.
    opened = next(n for n, s in enumerate(sql) if s.startswith("SAVEPOINT"))
    released = sql.index("RELEASE " + sql[opened])
    report = next(n for n, s in enumerate(sql) if s.startswith('INSERT INTO "reports_report"'))
    assert opened < report < answer[0] < released
    kept = IdempotencyRecord.objects.get(key="one-write-0001")
    assert kept.status == "done" and kept.response_status == 302
    assert kept.response_headers["Location"] == response["Location"]
    again = client.post("/reports/new", report_form("one-write-0001"))
    assert again["Location"] == response["Location"] and again["Idempotent-Replayed"] == "true"
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_given_the_same_form_kept_meanwhile_then_this_report_is_rolled_back_and_the_first_answered(
    client, citizen, light, monkeypatch
):
    """Two taps at the same instant: both pass the lookup; the one that keeps its answer
    second rolls its report back (its photo deleted) and gets the first one's answer. (The
    first one's row is written before this one's transaction, as another connection's commit
    would be.)"""
    real = submission.report_precheck

    def first_one_finishes_meanwhile(*, request, **kwargs):
        pending = request._idempotency_pending
        IdempotencyRecord.objects.create(
            scope=pending.scope,
            key=pending.key,
            request_hash=pending.digest,
            status="done",
            response_status=302,
            response_headers={"Location": "/reports/the-first/"},
        )
        return real(request=request, **kwargs)

    monkeypatch.setattr(submission, "report_precheck", first_one_finishes_meanwhile)
    client.force_login(citizen)
    before = stored_files()
    response = client.post("/reports/new", report_form("same-instant-01"))
    assert response.status_code == 302 and response["Location"] == "/reports/the-first/"
    assert response["Idempotent-Replayed"] == "true"
    assert not Report.objects.exists()  # this request's report was rolled back
    assert stored_files() == before  # and its photo deleted
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db
def test_given_a_server_error_then_nothing_is_kept_and_the_retry_sends(
    client, citizen, light, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    client.force_login(citizen)
    client.raise_request_exception = False
    with monkeypatch.context() as patched:
        patched.setattr(submission, "report_write", broken)
        assert client.post("/reports/new", report_form("retry-after-500")).status_code == 500
    assert not IdempotencyRecord.objects.exists()
    retry = client.post("/reports/new", report_form("retry-after-500"))
    assert retry.status_code == 302 and "Idempotent-Replayed" not in retry
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_given_paths_that_keep_nothing_with_their_writes_then_their_answer_is_stored_after(
    client, light
):
    first = client.post("/reports/new", report_form("bad-place-0001", lat="x"))
    again = client.post("/reports/new", report_form("bad-place-0001", lat="x"))
    assert first.status_code == again.status_code == 400
    assert again["Idempotent-Replayed"] == "true" and again.content == first.content
    # A guest's form becomes a draft (sign in first): a repeat goes to the same draft.
    draft = client.post("/reports/new", report_form("guest-draft-01"))
    repeat = client.post("/reports/new", report_form("guest-draft-01"))
    assert "/drafts/" in draft["Location"] and repeat["Location"] == draft["Location"]
    assert ReportDraft.objects.count() == 1


# --- The app's API (POST /api/v1/reports): the key is claimed first, the answer kept inside ---


def _app_form():
    """The form without its field key: the app sends the Idempotency-Key header."""
    return {k: v for k, v in report_form("unused").items() if k != "idempotency_key"}


def test_given_the_apps_key_then_its_answer_is_written_inside_the_reports_transaction(
    client, citizen, light
):
    headers = {"HTTP_IDEMPOTENCY_KEY": "app-answer-0001", **bearer(citizen)}
    with CaptureQueriesContext(connection) as captured:
        first = client.post("/api/v1/reports", _app_form(), **headers)
    assert first.status_code == 201 and first["Content-Type"].startswith("application/json")
    sql = [q["sql"] for q in captured.captured_queries]
    writes = [n for n, s in enumerate(sql) if TABLE in s and not s.startswith("SELECT")]
    # The claim, then the answer between the report's savepoint and its release: no third write.
    assert len(writes) == 2 and sql[writes[0]].startswith("INSERT")
    assert sql[writes[1]].startswith("UPDATE")
    report = next(n for n, s in enumerate(sql) if s.startswith('INSERT INTO "reports_report"'))
    opened = next(n for n, s in enumerate(sql) if n > writes[0] and s.startswith("SAVEPOINT"))
    assert opened < report < writes[1] < sql.index("RELEASE " + sql[opened])
    again = client.post("/api/v1/reports", _app_form(), **headers)
    assert again.status_code == 201 and again.content == first.content
    assert again["Idempotent-Replayed"] == "true" and Report.objects.count() == 1
    assert first.json()["id"] == str(Report.objects.get().case.public_id)


def test_given_the_apps_report_fails_then_its_key_is_free_for_the_retry(
    client, citizen, light, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    headers = {"HTTP_IDEMPOTENCY_KEY": "app-answer-0002", **bearer(citizen)}
    client.raise_request_exception = False
    with monkeypatch.context() as patched:
        patched.setattr(submission, "report_write", broken)
        assert client.post("/api/v1/reports", _app_form(), **headers).status_code == 500
    assert not IdempotencyRecord.objects.exists()
    retry = client.post("/api/v1/reports", _app_form(), **headers)
    assert retry.status_code == 201 and "Idempotent-Replayed" not in retry


def test_given_an_answer_committed_and_then_a_failure_then_the_answer_stays(
    client, citizen, light, monkeypatch
):
    """The report and its answer committed, then something after them failed (500): the
    key keeps the committed answer, so the app's retry gets it instead of a second report."""
    real = submission.report_send

    def fails_after_commit(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("after the commit")

    monkeypatch.setattr(api_module, "report_send", fails_after_commit)
    headers = {"HTTP_IDEMPOTENCY_KEY": "app-answer-0003", **bearer(citizen)}
    client.raise_request_exception = False
    assert client.post("/api/v1/reports", _app_form(), **headers).status_code == 500
    retry = client.post("/api/v1/reports", _app_form(), **headers)
    assert retry.status_code == 201 and retry["Idempotent-Replayed"] == "true"
    assert Report.objects.count() == 1
