"""Files on cases go through the upload pipeline and are served only to those allowed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from openprovince.cases.services.attachments import case_attachment_add
from tests.conftest import sign_in_official

pytestmark = pytest.mark.django_db


def _photo(name="anh.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def test_the_applicant_uploads_and_downloads_a_file_others_get_404(client, open_case, people):
    citizen, stranger = people("dan"), people("nguoila")
    case = open_case(applicant=citizen)
    client.force_login(citizen)
    response = client.post(
        f"/me/requests/{case.public_id}/", {"file": _photo("../../etc/passwd.jpg")}
    )
    assert response.status_code == 302
    attachment = case.attachments.get()
    assert attachment.original_name == "passwd.jpg" and ".." not in attachment.storage_name
    url = f"/me/requests/{case.public_id}/files/{attachment.public_id}"
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert "no-store" in download["Cache-Control"]
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_an_internal_file_stays_with_the_officials(client, open_case, people):
    citizen = people("dan")
    handler = people("xuly", "TN.P.TANNINH", "handler")
    case = open_case(applicant=citizen)
    internal = case_attachment_add(case=case, user=handler, upload=_photo(), internal=True)
    sign_in_official(client, handler)
    assert (
        client.get(f"/office/cases/{case.public_id}/files/{internal.public_id}").status_code == 200
    )
    client.force_login(citizen)
    assert (
        client.get(f"/me/requests/{case.public_id}/files/{internal.public_id}").status_code == 404
    )


def test_a_bad_file_gets_a_clear_message_not_a_500(client, open_case, people):
    citizen = people("dan")
    case = open_case(applicant=citizen)
    client.force_login(citizen)
    fake = SimpleUploadedFile(
        "hoso.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf"
    )
    response = client.post(f"/me/requests/{case.public_id}/", {"file": fake})
    assert response.status_code == 400
    assert "Loại tệp này không được chấp nhận" in response.content.decode()
    assert not case.attachments.exists()


def test_an_official_of_another_ward_cannot_fetch_the_file(client, open_case, people):
    citizen = people("dan")
    case = open_case(applicant=citizen)
    attachment = case_attachment_add(case=case, user=citizen, upload=_photo())
    sign_in_official(client, people("xuly", "TN.P.GODAU", "handler"))
    assert (
        client.get(f"/office/cases/{case.public_id}/files/{attachment.public_id}").status_code
        == 404
    )


def test_an_official_attaches_a_photo_to_a_step(client, open_case, people):
    citizen = people("dan")
    handler = people("xuly", "TN.P.TANNINH", "handler")
    case = open_case(applicant=citizen)
    sign_in_official(client, handler)
    url = f"/office/cases/{case.public_id}/"
    client.post(url, {"action": "accept", "version": case.version})
    response = client.post(
        url,
        {
            "action": "resolve",
            "note": "Ảnh sau khi sửa",
            "version": 2,
            "file": _photo("sau-khi-sua.jpg"),
        },
    )
    assert response.status_code == 302
    event = case.events.get(action="resolve")
    attachment = case.attachments.get()
    assert event.data["attachments"] == [attachment.pk] and not attachment.is_internal
    client.force_login(citizen)
    assert (
        client.get(f"/me/requests/{case.public_id}/files/{attachment.public_id}").status_code == 200
    )
