"""Drafts nobody sends do not keep the person's photos: drafts past their day are pruned
hourly with their files. ("This is my problem too" deletes them at once: test_submission.py.)"""

import logging
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from openprovince.reports.models import ReportDraft, ReportPhoto
from openprovince.reports.services.drafts import DRAFT_LIFETIME, report_drafts_prune
from openprovince.tasks.registry import schedules
from tests.accounts.helpers import last_code
from tests.reports.conftest import report_form, stored_files

pytestmark = pytest.mark.django_db


def _draft(client, key: str = "draft-files-01") -> tuple[ReportDraft, set[str]]:
    """A guest's form: kept as a draft while they sign in; returns it and the files it stored."""
    before = stored_files()
    response = client.post("/reports/new", report_form(key))
    assert response.status_code == 302 and "/reports/drafts/" in response["Location"]
    added = stored_files() - before
    assert len(added) == 2  # the photo and its thumbnail
    return ReportDraft.objects.latest("pk"), added


def _aged(draft: ReportDraft, age: timedelta) -> None:
    ReportDraft.objects.filter(pk=draft.pk).update(created_at=timezone.now() - age)


def test_given_drafts_older_than_a_day_and_an_hour_then_they_go_with_their_photos(
    client, light, django_capture_on_commit_callbacks
):
    old, old_files = _draft(client)
    _aged(old, DRAFT_LIFETIME + timedelta(hours=1, minutes=1))
    client.cookies.clear()  # another guest
    young, young_files = _draft(client, "draft-files-02")
    _aged(young, DRAFT_LIFETIME + timedelta(minutes=30))  # expired, but may be being sent
    with django_capture_on_commit_callbacks(execute=True):
        assert report_drafts_prune() == 1
    assert list(ReportDraft.objects.values_list("pk", flat=True)) == [young.pk]
    assert not (old_files & stored_files()) and young_files <= stored_files()


def test_given_a_sent_draft_then_its_photos_belong_to_the_report_and_nothing_prunes_them(
    client, light, django_capture_on_commit_callbacks
):
    response = client.post("/reports/new", report_form("draft-files-03"))
    draft_url, files = response["Location"], stored_files()
    client.post("/signin/", {"phone": "0987654321", "next": draft_url})
    client.post("/signin/code/", {"code": last_code("+84987654321")})
    sent = client.post(draft_url, {"send": "1"})["Location"]
    assert sent.startswith("/reports/") and "/drafts/" not in sent
    assert not ReportDraft.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert report_drafts_prune() == 0
    named = {n for p in ReportPhoto.objects.all() for n in (p.storage_name, p.thumbnail_name)}
    assert len(named) == 2 and named <= files == stored_files()


def test_given_a_storage_that_refuses_then_the_drafts_still_go_and_each_file_is_logged(
    client, light, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    draft, _files = _draft(client)
    _aged(draft, timedelta(days=3))

    def refuses(name):
        raise OSError("read-only storage")

    monkeypatch.setattr(default_storage, "delete", refuses)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        assert report_drafts_prune() == 1
    assert not ReportDraft.objects.exists()
    unused = [r for r in caplog.records if "could not delete the unused upload" in r.message]
    assert len(unused) == 2


def test_drafts_are_pruned_every_hour():
    every = {s.name: s.every for s in schedules()}
    assert every["reports.prune_drafts"] == timedelta(hours=1)
