"""The officials' inbox and case page; the citizen's "My requests"."""

import pytest

from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from tests.conftest import sign_in_official

pytestmark = pytest.mark.django_db


def test_the_inbox_shows_my_agencies_cases_with_counts_and_filters(client, open_case, people):
    handler = people("xuly", "TN.P.TANNINH", "handler")
    mine = open_case(title="Cây đổ ở Tân Ninh")
    open_case(code="TN.P.GODAU", title="Rác ở Gò Dầu")
    sign_in_official(client, handler)
    page = client.get("/office/").content.decode()
    assert "Hộp việc" in page and "Cây đổ ở Tân Ninh" in page and "Rác ở Gò Dầu" not in page
    assert "Đã tiếp nhận · 1" in page
    client.post(
        "/office/cases/assign/", {"case": [str(mine.public_id)], "to": "me", "back": "/office/"}
    )
    assert Case.objects.get(pk=mine.pk).assignee == handler
    assert "Cây đổ" in client.get("/office/", {"mine": "1"}).content.decode()
    assert "Cây đổ" not in client.get("/office/", {"unassigned": "1"}).content.decode()
    assert "Cây đổ" not in client.get("/office/", {"overdue": "1"}).content.decode()


def test_an_official_works_a_case_from_its_page(client, open_case, people):
    citizen = people("dan")
    handler = people("xuly", "TN.P.TANNINH", "handler")
    case = open_case(applicant=citizen)
    sign_in_official(client, handler)
    url = f"/office/cases/{case.public_id}/"
    page = client.get(url).content.decode()
    assert "Tiếp nhận xử lý" in page and "Từ chối" not in page  # only allowed steps
    response = client.post(url, {"action": "accept", "version": case.version})
    assert response.status_code == 302
    stale = client.post(url, {"action": "resolve", "note": "x", "version": case.version})
    assert stale.status_code == 409 and "Tải lại trang" in stale.content.decode()
    assert Case.objects.get(pk=case.pk).state == "in_progress"


def test_another_agency_cannot_open_the_case(client, open_case, people):
    case = open_case()
    sign_in_official(client, people("xuly", "TN.P.GODAU", "handler"))
    assert client.get(f"/office/cases/{case.public_id}/").status_code == 404


def test_the_citizen_sees_each_public_step_and_rates_at_the_end(client, open_case, people):
    citizen = people("dan")
    handler = people("xuly", "TN.P.TANNINH", "handler")
    case = open_case(applicant=citizen)
    client.force_login(citizen)
    listing = client.get("/me/requests/").content.decode()
    assert "Đèn đường hỏng" in listing and "Đã tiếp nhận" in listing
    case_transition(case_id=case.pk, action="accept", actor=handler)
    case_transition(case_id=case.pk, action="resolve", actor=handler, note="Đã sửa xong.")
    detail = client.get(f"/me/requests/{case.public_id}/").content.decode()
    assert "Đã giải quyết" in detail and "Đã sửa xong." in detail
    client.post(f"/me/requests/{case.public_id}/", {"rating": "4"})
    assert Case.objects.get(pk=case.pk).rating == 4


def test_another_citizen_gets_404(client, open_case, people):
    case = open_case(applicant=people("dan"))
    client.force_login(people("nguoila"))
    assert client.get(f"/me/requests/{case.public_id}/").status_code == 404
    assert "Đèn đường" not in client.get("/me/requests/").content.decode()


def test_internal_notes_never_reach_the_citizen(client, open_case, people):
    from openprovince.cases.services.comments import case_comment_add

    citizen, handler = people("dan"), people("xuly", "TN.P.TANNINH", "handler")
    case = open_case(applicant=citizen)
    case_comment_add(case=case, author=handler, body="Người này gọi nhiều lần", internal=True)
    client.force_login(citizen)
    assert "gọi nhiều lần" not in client.get(f"/me/requests/{case.public_id}/").content.decode()
