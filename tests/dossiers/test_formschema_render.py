"""The form engine's render model and templates: labels, values, errors, browser hints."""

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from openprovince.dossiers.formschema import (
    answers_clean,
    document_slots,
    form_fields,
    group_rows_from,
)
from openprovince.dossiers.formschema.render import CCCD_PATTERN, DECIMAL_PATTERN
from tests.dossiers.formschema_helpers import COMMUNE, DOCUMENTS, SCHEMA, with_

pytestmark = pytest.mark.django_db

VOID = {"input", "br", "img", "meta", "link", "hr"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


class Page(HTMLParser):
    """Elements with their attributes, label texts by `for`, and a check that tags nest."""

    def __init__(self, html):
        super().__init__()
        self.elements, self.labels, self.stack, self.text_of = [], {}, [], {}
        self._label = None
        self.feed(html)
        assert self.stack == [], f"unclosed: {self.stack}"

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "label":
            self._label = attributes.get("for", "")
            self.labels[self._label] = ""
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        if tag == "label":
            self._label = None

    def handle_data(self, data):
        if self._label is not None:
            self.labels[self._label] += data

    def controls(self):
        return [
            (tag, a)
            for tag, a in self.elements
            if tag in {"input", "select", "textarea"} and a.get("type") != "hidden"
        ]

    def by_id(self, id_):
        found = [a for _, a in self.elements if a.get("id") == id_]
        assert len(found) == 1, (id_, found)
        return found[0]

    def ids(self):
        return [a["id"] for _, a in self.elements if "id" in a]


def render(*, answers=None, errors=None, group_rows=None, slots=True):
    fields = form_fields(SCHEMA, answers=answers, errors=errors, group_rows=group_rows)
    context = {"fields": fields}
    if slots:
        context["slots"] = document_slots(DOCUMENTS, errors=errors)
    html = render_to_string("dossiers/formschema/_form.html", context)
    if slots:
        html += render_to_string("dossiers/formschema/_documents.html", context)
    return html


def test_given_the_full_schema_when_rendered_then_every_control_has_a_label(demo_province):
    with translation.override("vi"):
        html = render()
    page = Page(html)
    controls = page.controls()
    assert len(controls) >= 14
    for _, attrs in controls:
        assert attrs["id"] in page.labels, attrs
        assert page.labels[attrs["id"]].strip(), attrs
        assert attrs["name"] in (attrs["id"],) or attrs["type"] == "file"
    ids = page.ids()
    assert len(ids) == len(set(ids)), "duplicate ids"
    # described-by targets exist
    for _, attrs in page.elements:
        for target in attrs.get("aria-describedby", "").split():
            assert target in ids, target
    assert "<script" not in html and " style=" not in html
    assert "Child&#x27;s full name" not in html  # Vietnamese page: the Vietnamese label
    assert "Họ, chữ đệm và tên của trẻ" in html


def test_given_the_schema_when_rendered_then_inputs_carry_browser_checks(demo_province):
    page = Page(render())
    name = page.by_id("f_child_name")
    assert name["type"] == "text" and name["maxlength"] == "100" and "required" in name
    birth = page.by_id("f_birth_date")
    assert birth["type"] == "date" and birth["min"] == "1900-01-01"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", birth["max"])
    children = page.by_id("f_children")
    assert (children["type"], children["min"], children["max"], children["step"]) == (
        "number", "0", "20", "1",
    )  # fmt: skip
    assert "required" not in children
    cccd = page.by_id("f_mother_id")
    assert cccd["inputmode"] == "numeric" and cccd["pattern"] == CCCD_PATTERN
    phone = page.by_id("f_phone")
    assert (phone["type"], phone["autocomplete"]) == ("tel", "tel")
    assert page.by_id("f_email")["type"] == "email"
    assert page.by_id("f_note")["maxlength"] == "2000"
    assert "required" in page.by_id("f_home__commune") and "required" in page.by_id(
        "f_home__street"
    )
    commune_options = [
        a["value"]
        for tag, a in page.elements
        if tag == "option" and a.get("value", "")[:3] == "TN."
    ]
    assert COMMUNE in commune_options and "TN.SNV" not in commune_options
    assert len(commune_options) == 20
    assert {"f_members__0__name", "f_members__0__id"} <= set(page.ids())
    # row 1 of a group with min 1 is required in the browser
    assert "required" in page.by_id("f_members__0__name")


def test_given_the_patterns_when_compiled_then_they_accept_what_the_server_accepts():
    assert re.fullmatch(CCCD_PATTERN, "079 190 012 345")
    assert not re.fullmatch(CCCD_PATTERN, "07919001234")
    for typed in ("1,5", "1.234.567,5", " 2 000 ", "-3"):
        assert re.fullmatch(DECIMAL_PATTERN, typed), typed
    assert not re.fullmatch(DECIMAL_PATTERN, "hai")


def test_given_answers_when_rendered_then_values_are_shown(demo_province):
    answers = {
        "child_name": "Nguyễn <An>",
        "birth_date": "2020-05-17",
        "gender": "nu",
        "children": 2,
        "home": {"commune": COMMUNE, "street": "12 Nguyễn Trãi"},
        "mother_id": "079190012345",
        "phone": "+84912345678",
        "email": "an@example.vn",
        "note": "Dòng 1\nDòng 2",
        "members": [{"name": "Bình"}, {"name": "Cúc"}],
    }
    html = render(answers=answers)
    page = Page(html)
    assert page.by_id("f_child_name")["value"] == "Nguyễn <An>"
    assert "Nguyễn &lt;An&gt;" in html  # escaped
    assert page.by_id("f_birth_date")["value"] == "2020-05-17"
    assert page.by_id("f_phone")["value"] == "0912 345 678"  # local format
    assert page.by_id("f_children")["value"] == "2"
    assert page.by_id("f_home__street")["value"] == "12 Nguyễn Trãi"
    selected = [a["value"] for tag, a in page.elements if tag == "option" and "selected" in a]
    assert selected == ["nu", COMMUNE]
    assert ">Dòng 1\nDòng 2</textarea>" in html
    assert page.by_id("f_members__1__name")["value"] == "Cúc"
    assert "required" not in page.by_id("f_members__1__name")  # rows past min may stay empty


def test_given_errors_when_rendered_then_each_is_next_to_its_input_and_in_the_summary(
    demo_province,
):
    data = with_(
        f_mother_id="12345",
        f_birth_date="31/02/2020",
        f_home__commune="TN.X.NOWHERE",
        f_members__0__name="",
        f_members__0__id="1",
    )
    form = answers_clean(SCHEMA, data, documents=DOCUMENTS, files=None)
    html = render(answers=form.values, errors=form.errors)
    page = Page(html)
    for name in ("f_mother_id", "f_birth_date", "f_home__commune", "f_members__0__id"):
        attrs = page.by_id(name)
        assert attrs["aria-invalid"] == "true"
        assert f"{name}-err" in attrs["aria-describedby"].split()
        assert f'href="#{name}"' in html
    assert page.by_id("f_birth_date")["value"] == "31/02/2020"  # what was typed, kept
    assert 'id="form-errors"' in html and 'role="alert"' in html
    assert "This date does not exist in the calendar." in html
    assert "Attach at least one file for this document." in html
    assert page.by_id("doc_birth_cert")["aria-invalid"] == "true"
    assert 'href="#doc_birth_cert"' in html


def test_given_no_errors_when_rendered_then_no_summary(demo_province):
    html = render()
    assert "form-errors" not in html and "aria-invalid" not in html


def test_given_add_row_pressed_when_rendered_then_one_more_row_and_a_button_until_max(
    demo_province,
):
    data = {"f_members__0__name": "A", "add_row": "members"}
    form = answers_clean(SCHEMA, data, documents=[], files=None)
    html = render(answers=form.values, group_rows=group_rows_from(data, SCHEMA))
    page = Page(html)
    assert page.by_id("f_members__0__name")["value"] == "A"
    assert page.by_id("f_members__1__name")["value"] == ""
    button = next(a for tag, a in page.elements if tag == "button" and "data-add-row" in a)
    assert (button["name"], button["value"], button["type"]) == ("add_row", "members", "submit")
    assert "formnovalidate" in button and "hidden" not in button
    html = render(group_rows={"members": 3})
    button = next(a for tag, a in Page(html).elements if tag == "button" and "data-add-row" in a)
    assert "hidden" in button  # at max: no more rows
    assert "Thành viên hộ 3" in html


def test_given_documents_when_rendered_then_slots_show_names_copies_marks_and_limits(
    demo_province,
):
    documents = [
        *DOCUMENTS,
        {"code": "form", "name": "Tờ khai", "template": "/static/forms/to-khai.pdf"},
        {"code": "bad", "name": "Xấu", "template": "javascript:alert(1)"},
    ]
    html = render_to_string(
        "dossiers/formschema/_documents.html", {"slots": document_slots(documents)}
    )
    page = Page(html)
    slot = page.by_id("doc_birth_cert")
    assert slot["type"] == "file" and "multiple" in slot and slot["name"] == "doc_birth_cert"
    assert ".pdf" in slot["accept"] and "image/jpeg" in slot["accept"]
    assert "Giấy chứng sinh" in page.labels["doc_birth_cert"]
    assert "(required)" in page.labels["doc_birth_cert"]
    assert "(required)" not in page.labels["doc_other"]
    assert "01 bản chính" in html
    assert "at most 15 MB each, up to 5 files" in html
    assert 'href="/static/forms/to-khai.pdf"' in html and "javascript:" not in html
    for _, attrs in page.controls():
        assert attrs["id"] in page.labels
    assert render_to_string("dossiers/formschema/_documents.html", {"slots": []}).strip() == ""


def test_given_english_when_rendered_then_english_labels_are_used(demo_province):
    with translation.override("en"):
        fields = form_fields(SCHEMA, answers=None, errors=None)
    assert fields[0].label == "Child's full name" and fields[0].help == "With diacritics"
    assert fields[2].options[0].label == "Male"
    assert fields[1].label == "Ngày sinh"  # no English given: the Vietnamese one


def test_given_the_head_partial_when_rendered_then_script_is_deferred_and_small():
    from pathlib import Path

    html = render_to_string("dossiers/formschema/_head.html")
    assert "form.js" in html and "defer" in html and "form.css" in html
    js = Path("openprovince/dossiers/static/dossiers/form.js").read_bytes()
    assert len(js) <= 3 * 1024


def test_given_answers_of_the_wrong_shape_when_rendered_then_no_crash(demo_province):
    odd = {
        "child_name": ["a"],
        "birth_date": 5,
        "gender": None,
        "children": "x",
        "home": "Tây Ninh",
        "phone": 912345678,
        "members": "abc",
    }
    page = Page(render(answers=odd))
    assert page.by_id("f_members__0__name")["value"] == ""
    assert "f_members__1__name" not in page.ids()
    assert page.by_id("f_home__street")["value"] == ""


def test_given_no_script_when_rendered_then_remove_buttons_stay_in_a_template(demo_province):
    html = render(group_rows={"members": 2})
    outside = re.sub(r"<template data-remove>.*?</template>", "", html, flags=re.S)
    assert "<template data-remove>" in html and "data-remove-row" not in outside
