"""Uploads in an S3-compatible bucket: the settings that switch to it, `upload_save` and
`upload_response` on it, and a case file going in and out through the views, against a fake S3
(moto's server, tests/fakes/s3_server.py) running as its own process.

The STORAGES used here are the ones config/settings/base.py builds from S3_* variables (read
in a child process, since settings are computed once at import), pointed at the fake.
"""

import io
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from openprovince.accounts.models import RoleAssignment
from openprovince.agencies.models import Agency
from openprovince.cases.services.opening import case_open
from openprovince.core.errors import AppError
from openprovince.core.uploads import (
    DOCUMENT,
    PHOTO,
    content_disposition,
    upload_process,
    upload_response,
    upload_save,
)
from tests.conftest import sign_in_official
from tests.fakes.process import ROOT, FakeProcess

BUCKET = "openprovince-uploads"
REGION = "ap-southeast-1"
STORED = re.compile(r"private/(?:reports|cases)/\d{4}/\d{2}/([0-9a-f]{32})\.(jpg|png|pdf)")
PRINT_STORAGES = (
    "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))"
)
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def base_settings(**env):
    """Run config.settings.base in a fresh interpreter with these S3_* variables only."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "AWS_"))}
    environ.update(env, DJANGO_SETTINGS_MODULE="config.settings.base")
    return subprocess.run(
        [sys.executable, "-c", PRINT_STORAGES],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def photo_bytes(size=(64, 48)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def served(name, download_name, inline):
    response = upload_response(name=name, download_name=download_name, inline=inline)
    try:
        return dict(response.items()), b"".join(response.streaming_content)
    finally:
        # The storage's file (for S3, a temporary copy); response.close() would also send
        # request_finished, which touches the database.
        response.file_to_stream.close()


def bucket_client():
    return storages["default"].connection.meta.client


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3_server():
    fake = FakeProcess("tests.fakes.s3_server")
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def s3_storages(s3_server):
    run = base_settings(
        S3_BUCKET=BUCKET,
        S3_ENDPOINT_URL=s3_server.url,
        S3_REGION=REGION,
        S3_ACCESS_KEY_ID="test-access-key",
        S3_SECRET_ACCESS_KEY="test-secret-key",
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture
def s3(s3_server, s3_storages):
    """An empty private bucket on the fake, and S3 as the default storage for the test.

    Django caches storage instances (`storages`, `default_storage`); override_settings sends
    `setting_changed`, whose STORAGES receiver drops both caches on the way in and out.
    """
    s3_server.call("/moto-api/reset", {})
    # Only "default" from base: the test settings' static files need no collectstatic manifest.
    with override_settings(STORAGES={**settings.STORAGES, "default": s3_storages["default"]}):
        assert type(storages["default"]).__name__ == "S3Storage"
        bucket_client().create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        yield s3_server
    assert type(storages["default"]).__name__ == "InMemoryStorage"  # the test settings' again


# --- settings -------------------------------------------------------------------------------


def test_the_default_storage_is_the_disk_until_a_bucket_is_set(s3_storages, s3_server):
    local = base_settings()
    assert local.returncode == 0, local.stderr
    local_storages = json.loads(local.stdout)
    assert local_storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}

    assert s3_storages["staticfiles"] == local_storages["staticfiles"]  # static files unchanged
    assert s3_storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3_storages["default"]["OPTIONS"]
    assert {k: options[k] for k in ("bucket_name", "endpoint_url", "region_name")} == {
        "bucket_name": BUCKET,
        "endpoint_url": s3_server.url,
        "region_name": REGION,
    }
    assert (options["access_key"], options["secret_key"]) == ("test-access-key", "test-secret-key")
    assert options["addressing_style"] == "path"  # an endpoint is set: MinIO-style
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["querystring_auth"] is True and 0 < options["querystring_expire"] <= 300


def test_addressing_style_is_path_or_virtual():
    virtual = base_settings(S3_BUCKET=BUCKET)  # AWS itself: virtual-hosted URLs
    assert virtual.returncode == 0, virtual.stderr
    assert json.loads(virtual.stdout)["default"]["OPTIONS"]["addressing_style"] == "virtual"
    wrong = base_settings(S3_BUCKET=BUCKET, S3_ADDRESSING_STYLE="auto")
    assert wrong.returncode != 0 and "S3_ADDRESSING_STYLE must be path or virtual" in wrong.stderr


# --- upload_save / upload_response ----------------------------------------------------------


def test_upload_save_puts_the_file_and_its_thumbnail_in_the_bucket(s3):
    processed = upload_process(data=photo_bytes(), filename="../../ảnh.jpg", kind=PHOTO)

    name, thumb_name = upload_save(processed=processed, prefix="reports")

    stored = STORED.fullmatch(name)
    assert stored and stored[2] == "jpg"
    assert thumb_name == name.removesuffix(".jpg") + ".thumb.jpg"
    client = bucket_client()
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {name, thumb_name}
    assert client.get_object(Bucket=BUCKET, Key=name)["Body"].read() == processed.content
    assert client.get_object(Bucket=BUCKET, Key=thumb_name)["Body"].read() == processed.thumbnail


def test_upload_save_does_not_ask_the_bucket_whether_a_fresh_random_name_is_taken(s3, monkeypatch):
    def refuse(storage, name):
        raise AssertionError(f"a HEAD request for {name}")

    monkeypatch.setattr(type(storages["default"]), "exists", refuse)
    processed = upload_process(data=photo_bytes(), filename="anh.jpg", kind=PHOTO)
    name, thumb_name = upload_save(processed=processed, prefix="reports")
    keys = {o["Key"] for o in bucket_client().list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {name, thumb_name}


@pytest.mark.django_db
def test_the_sweep_finds_and_deletes_an_orphan_in_the_bucket(s3):
    from datetime import timedelta

    from openprovince.core.uploads.sweeping import uploads_sweep

    processed = upload_process(data=photo_bytes(), filename="anh.jpg", kind=PHOTO)
    orphan, orphan_thumb = upload_save(processed=processed, prefix="reports")
    kept = default_storage.save("private/reports/notes.txt", ContentFile(b"not an upload"))
    assert uploads_sweep().orphans == []  # a week old at least, by the bucket's LastModified
    result = uploads_sweep(older_than=timedelta(0))
    assert result.orphans == sorted([orphan, orphan_thumb]) and result.deleted == 2
    keys = {o["Key"] for o in bucket_client().list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {kept}


def test_a_name_already_in_the_bucket_is_never_overwritten(s3):
    first = default_storage.save("private/reports/2025/01/" + "a" * 32 + ".jpg", ContentFile(b"1"))
    second = default_storage.save(first, ContentFile(b"2"))
    assert second != first
    with default_storage.open(first, "rb") as kept:
        assert kept.read() == b"1"


@pytest.mark.parametrize(
    ("data", "kind", "download_name", "inline"),
    [
        (photo_bytes(), PHOTO, "Ảnh hiện trường.heic", True),
        (PDF, DOCUMENT, 'đơn"\r\n.html', False),
    ],
)
def test_upload_response_streams_from_the_bucket_with_the_headers_of_the_disk(
    s3, tmp_path, data, kind, download_name, inline
):
    processed = upload_process(data=data, filename="x", kind=kind)
    name, _thumb = upload_save(processed=processed, prefix="reports")
    from_s3 = served(name, download_name, inline)
    disk = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with override_settings(STORAGES={**storages.backends, **disk}, MEDIA_ROOT=tmp_path):
        disk_name, _thumb = upload_save(processed=processed, prefix="reports")
        assert (tmp_path / disk_name).is_file()  # the nested override really was the disk
        from_disk = served(disk_name, download_name, inline)

    assert from_s3 == from_disk
    headers, body = from_s3
    assert body == processed.content and headers["Content-Length"] == str(len(body))
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private, no-store"
    disposition = "inline" if inline else "attachment"
    expected_name = "Ảnh hiện trường.jpg" if kind is PHOTO else "đơn_.pdf"
    assert headers["Content-Disposition"] == content_disposition(disposition, expected_name)
    assert headers.get("Content-Security-Policy") == (None if kind is PHOTO else "sandbox")


def test_a_name_missing_from_the_bucket_is_a_404(s3):
    with pytest.raises(AppError) as caught:
        upload_response(
            name="private/reports/2025/01/" + "0" * 32 + ".jpg", download_name="x", inline=True
        )
    assert (caught.value.code, caught.value.status) == ("uploads.not_found", 404)


def test_objects_are_private_and_bucket_urls_are_signed_and_short_lived(s3):
    processed = upload_process(data=photo_bytes(), filename="a.jpg", kind=PHOTO)
    name, thumb_name = upload_save(processed=processed, prefix="reports")
    client = bucket_client()
    # The fake does check ACLs: an object made public on purpose is readable by anyone.
    client.put_object(Bucket=BUCKET, Key="public-control.txt", Body=b"x", ACL="public-read")
    with urllib.request.urlopen(f"{s3.url}/{BUCKET}/public-control.txt", timeout=5) as answer:
        assert answer.status == 200

    for key in (name, thumb_name):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{s3.url}/{BUCKET}/{key}", timeout=5)
        assert refused.value.code == 403
        grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert [g["Grantee"]["Type"] for g in grants] == ["CanonicalUser"]  # the owner only

    url = default_storage.url(name)
    query = parse_qs(urlsplit(url).query)
    assert "X-Amz-Signature" in query and int(query["X-Amz-Expires"][0]) <= 300
    with urllib.request.urlopen(url, timeout=5) as signed:
        assert signed.read() == processed.content


# --- a case file through the views ----------------------------------------------------------


@pytest.mark.django_db
def test_a_case_file_goes_to_the_bucket_and_back_through_the_views(
    s3, client, django_user_model, demo_province, workflow
):
    citizen = django_user_model.objects.create_user("dan", password="x" * 12)
    stranger = django_user_model.objects.create_user("nguoila", password="x" * 12)
    handler = django_user_model.objects.create_user("xuly", password="x" * 12, is_staff=True)
    ward = Agency.objects.get(code="TN.P.TANNINH")
    RoleAssignment.objects.create(user=handler, agency=ward, role="handler")
    case = case_open(kind="general-request", title="Đèn đường hỏng", agency=ward, applicant=citizen)
    client.force_login(citizen)

    upload = SimpleUploadedFile("ảnh.jpg", photo_bytes(), content_type="image/jpeg")
    assert client.post(f"/me/requests/{case.public_id}/", {"file": upload}).status_code == 302

    attachment = case.attachments.get()
    assert STORED.fullmatch(attachment.storage_name)
    in_bucket = bucket_client().get_object(Bucket=BUCKET, Key=attachment.storage_name)
    content = in_bucket["Body"].read()
    url = f"/me/requests/{case.public_id}/files/{attachment.public_id}"
    download = client.get(url + "?download=1")
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert "no-store" in download["Cache-Control"]
    assert download["Content-Disposition"].startswith('attachment; filename="anh.jpg"')
    assert b"".join(download.streaming_content) == content

    client.force_login(stranger)
    assert client.get(url).status_code == 404
    sign_in_official(client, handler)
    office = client.get(f"/office/cases/{case.public_id}/files/{attachment.public_id}")
    assert office.status_code == 200 and b"".join(office.streaming_content) == content
