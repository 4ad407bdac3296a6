"""Message templates per event and channel, in Vietnamese by default and English on request."""

import pytest
from django.template import TemplateDoesNotExist
from django.utils import translation

from openprovince.notifications.rendering import absolute_link, message_render
from tests.notifications.helpers import CASE, HELLO


def test_given_no_language_then_vietnamese_and_english_when_asked():
    vi = message_render(event="test.hello", channel="in_app", context=HELLO)
    en = message_render(event="test.hello", channel="in_app", context=HELLO | {"language": "en"})
    assert vi.subject == "Hello Lê Thị Mai [vi]" and en.subject == "Hello Lê Thị Mai [en]"
    other = message_render(event="test.hello", channel="in_app", context=HELLO | {"language": "fr"})
    assert other.subject.endswith("[vi]")


def test_the_first_line_is_the_subject_and_nothing_is_html_escaped():
    text = message_render(event="test.hello", channel="in_app", context=HELLO | {"link": "/a?b&c"})
    assert text.subject == "Hello Lê Thị Mai [vi]"
    assert text.body == "Body for Lê Thị Mai & co: /a?b&c"


def test_given_a_channel_without_its_own_template_then_the_in_app_text_is_used():
    assert message_render(event="test.hello", channel="email", context=HELLO).subject == (
        "Hello Lê Thị Mai [vi]"
    )
    assert message_render(event="test.hello", channel="sms", context=HELLO).body.startswith("Chào")


def test_case_updated_renders_in_english_and_in_vietnamese_with_the_catalogue():
    en = message_render(event="case.updated", channel="in_app", context=CASE | {"language": "en"})
    assert en.subject == "Request 000.17.22.H56-261128-0001: Đang xử lý"
    assert en.body == (
        'Your request "Phản ánh hiện trường" at UBND phường Tân Ninh is now: Đang xử lý.'
    )
    vi = message_render(event="case.updated", channel="in_app", context=CASE)
    with translation.override("vi"):
        wanted = translation.gettext("Request %(case_code)s: %(state_name)s") % CASE
    assert vi.subject == wanted  # whatever the Vietnamese catalogue says today
    sms = message_render(event="case.updated", channel="sms", context=CASE | {"language": "en"})
    assert sms.body == (
        'UBND phường Tân Ninh: your request 000.17.22.H56-261128-0001 is now "Đang xử lý".'
        " /me/requests/abc/"
    )
    email = message_render(event="case.updated", channel="email", context=CASE | {"language": "en"})
    assert email.body.startswith("Hello,\n\nYour request") and email.body.endswith("/abc/")


def test_case_overdue_has_a_template_for_the_case_engine():
    text = message_render(event="case.overdue", channel="in_app", context=CASE | {"language": "en"})
    assert text.subject == "Overdue: 000.17.22.H56-261128-0001"


def test_given_an_unknown_event_then_a_clear_error():
    with pytest.raises(TemplateDoesNotExist):
        message_render(event="no.such.event", channel="in_app", context={})


def test_links_leaving_the_site_get_the_public_base(settings):
    settings.PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    assert absolute_link("/me/") == "https://dichvucong.example.vn/me/"
    assert absolute_link("https://zalo.me/x") == "https://zalo.me/x"
    assert absolute_link("//evil.example") == "//evil.example"  # refused earlier, at enqueue
