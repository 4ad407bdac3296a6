"""A report whose transaction fails leaves no photo behind: the files it saved first (under
random names no row will ever name) are deleted when the failure is seen. (A second tap of
the same form: test_submission_answer.py.)"""

import logging

import pytest
from django.core.files.storage import default_storage

from openprovince.reports.models import ReportPhoto
from openprovince.reports.services import submission
from tests.reports.conftest import report_form, stored_files

pytestmark = pytest.mark.django_db


def _kept_names() -> set[str]:
    return {
        name
        for p in ReportPhoto.objects.all()
        for name in (p.storage_name, p.thumbnail_name)
        if name
    }


def test_given_a_sent_form_then_its_photo_and_thumbnail_stay(client, citizen, light):
    before = stored_files()
    client.force_login(citizen)
    assert client.post("/reports/new", report_form("files-kept-0001")).status_code == 302
    added = stored_files() - before
    assert len(added) == 2 and added == _kept_names()  # the photo and its thumbnail


def test_given_a_database_error_in_the_form_then_its_photos_are_deleted(
    client, citizen, light, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(submission, "report_write", broken)
    before = stored_files()
    client.force_login(citizen)
    client.raise_request_exception = False
    assert client.post("/reports/new", report_form("files-broken-01")).status_code == 500
    assert stored_files() == before


def test_given_a_database_error_in_report_submit_then_its_photos_are_deleted(
    file_report, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(submission, "report_write", broken)
    before = stored_files()
    with pytest.raises(RuntimeError, match="database gone"):
        file_report()
    assert stored_files() == before


def test_given_a_file_that_cannot_be_deleted_then_the_first_error_is_raised_and_it_is_logged(
    file_report, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    def refuses(name):
        raise OSError("read-only storage")

    monkeypatch.setattr(submission, "report_write", broken)
    monkeypatch.setattr(default_storage, "delete", refuses)
    with caplog.at_level(logging.WARNING), pytest.raises(RuntimeError, match="database gone"):
        file_report()
    unused = [r for r in caplog.records if "could not delete the unused upload" in r.message]
    assert len(unused) == 2  # the photo and its thumbnail, each tried
