"""The daily sweep of stored files no row names (core.uploads.sweeping), on the report files:
photos named by reports, by guests' drafts, orphans of a failed request, files too recent to
judge, files outside the swept months, and a row committed while the sweep runs."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from openprovince.cases.models import CaseAttachment
from openprovince.core.models import AuditEvent
from openprovince.core.uploads import sweeping
from openprovince.core.uploads.storage import upload_storage_name
from openprovince.core.uploads.sweeping import stored_name_owners, sweep_months, uploads_sweep
from openprovince.news.models import ArticleAttachment, ArticleImage
from openprovince.reports.models import ReportDraft, ReportPhoto
from openprovince.shops.models import ShopPhoto
from tests.reports.conftest import report_form, stored_files

pytestmark = pytest.mark.django_db
NOW = timedelta(0)  # "older than nothing": every file counts as old enough


def _orphan(prefix: str = "reports", extension: str = "jpg") -> str:
    """A file saved as an upload is, with no row naming it (a crash before the commit)."""
    return default_storage.save(
        upload_storage_name(prefix=prefix, extension=extension), ContentFile(b"x")
    )


def _named(report: Any) -> set[str]:
    return {n for p in report.photos.all() for n in (p.storage_name, p.thumbnail_name)}


def test_every_model_that_names_stored_files_is_declared() -> None:
    columns, scanned = stored_name_owners()
    assert {(m, f) for m, f in columns} == {
        (CaseAttachment, ("storage_name", "thumbnail_name")),
        (ReportPhoto, ("storage_name", "thumbnail_name")),
        (ShopPhoto, ("storage_name", "thumbnail_name")),
        (ArticleAttachment, ("name",)),
    }
    assert set(scanned) == {ReportDraft, ArticleImage}
    # And any column that looks like one holds a storage name is declared (or its model read).
    declared = {(m, f) for m, fields in columns for f in fields}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if re.search(r"(storage|thumbnail|fallback|stored)_name", field.name):
                assert (model, field.name) in declared or model in scanned, field


def test_orphans_go_and_every_named_file_stays(file_report: Any, client: Any) -> None:
    report = file_report()
    response = client.post("/reports/new", report_form("sweep-draft-01"))  # a guest's draft
    assert "/reports/drafts/" in response["Location"]
    draft_files = set(ReportDraft.objects.get().stored_files())
    orphans = {_orphan(), _orphan(), _orphan("dossiers", "pdf")}
    result = uploads_sweep(older_than=NOW)
    assert orphans <= set(result.orphans) and result.deleted == len(result.orphans)
    left = stored_files()
    assert not orphans & left
    assert _named(report) <= left and len(draft_files) == 2 and draft_files <= left
    event = AuditEvent.objects.get(action="uploads.sweep")
    assert event.details["deleted"] == result.deleted and event.success


def test_recent_files_and_a_dry_run_are_left_alone(file_report: Any) -> None:
    orphan = _orphan()
    young = uploads_sweep()  # seven days by default: a file saved just now is not judged yet
    assert orphan not in young.orphans and young.young >= 1 and orphan in stored_files()
    dry = uploads_sweep(older_than=NOW, dry_run=True)
    assert orphan in dry.orphans and dry.deleted == 0 and orphan in stored_files()
    assert not AuditEvent.objects.filter(action="uploads.sweep").exists()


def test_only_names_the_uploads_make_in_the_swept_months_are_looked_at() -> None:
    stray = default_storage.save("private/reports/notes.txt", ContentFile(b"x"))
    old_month = default_storage.save(f"private/reports/2019/01/{'a' * 32}.jpg", ContentFile(b"x"))
    logo = default_storage.save("brand/logo.png", ContentFile(b"x"))
    orphan = _orphan()
    result = uploads_sweep(older_than=NOW)
    assert orphan in result.orphans
    assert {stray, old_month, logo} <= stored_files()
    assert not {stray, old_month, logo} & set(result.orphans)


def test_a_row_committed_during_the_sweep_keeps_its_file(
    file_report: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = file_report()
    # The first look saw no row (as if the report was committed right after it)...
    monkeypatch.setattr(sweeping, "_named_in", lambda folders: set())
    result = uploads_sweep(older_than=NOW)
    # ...the second look, just before deleting, finds it.
    assert not _named(report) & set(result.orphans)
    assert _named(report) <= stored_files()


def test_the_months_swept_run_back_across_the_new_year() -> None:
    assert sweep_months(date(2027, 2, 10), 3) == [("2027", "02"), ("2027", "01"), ("2026", "12")]


def test_the_command_lists_then_deletes(monkeypatch: pytest.MonkeyPatch) -> None:
    orphan = _orphan()
    out, err = StringIO(), StringIO()
    call_command("uploads_sweep", "--dry-run", stdout=out, stderr=err)
    assert orphan not in out.getvalue() and "changed in the last 7 days" in err.getvalue()
    eight_days_ago = timezone.now() - timedelta(days=8)
    monkeypatch.setattr(default_storage, "get_modified_time", lambda name: eight_days_ago)
    call_command("uploads_sweep", "--dry-run", stdout=out, stderr=err)
    assert orphan in out.getvalue().splitlines() and orphan in stored_files()
    call_command("uploads_sweep", stdout=StringIO(), stderr=err)
    assert orphan not in stored_files()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("uploads_sweep", "--older-than-days", "0", stdout=out, stderr=err)
