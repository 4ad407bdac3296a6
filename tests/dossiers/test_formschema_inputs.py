"""The form engine's other inputs: selects, phones, e-mails, addresses, repeated groups,
documents (checked by their bytes), values kept for showing the form again, and prefill."""

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from openprovince.dossiers.formschema import (
    answers_clean,
    answers_initial,
    group_rows_from,
    schema_check,
)
from tests.core.uploads_helpers import pdf_with_catalog
from tests.dossiers.formschema_helpers import (
    COMMUNE,
    DOCUMENTS,
    GOOD,
    SCHEMA,
    clean,
    pdf_file,
    with_,
)

# Messages are compared with their English source, whatever the catalogue holds.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- select, phone, e-mail, address -----------------------------------------------------------


def test_given_an_unknown_select_key_when_cleaned_then_refused(demo_province):
    form = clean(with_(f_gender="khac"))
    assert form.errors["f_gender"] == ["Choose one of the options."]


@pytest.mark.parametrize("raw", ["12345", "0212 345 678", "+1 202 555 0100", "09123456789"])
def test_given_a_bad_phone_when_cleaned_then_refused(demo_province, raw):
    assert "f_phone" in clean(with_(f_phone=raw)).errors


@pytest.mark.parametrize("raw", ["+84 912 345 678", "84912345678", "0912.345.678"])
def test_given_a_phone_in_any_usual_form_when_cleaned_then_e164(demo_province, raw):
    assert clean(with_(f_phone=raw)).answers["phone"] == "+84912345678"


@pytest.mark.parametrize("raw", ["an", "an@", "an@example", "a n@example.vn", "@example.vn"])
def test_given_a_bad_email_when_cleaned_then_refused(demo_province, raw):
    assert "f_email" in clean(with_(f_email=raw)).errors


def test_given_an_unknown_or_inactive_commune_when_cleaned_then_refused(demo_province):
    form = clean(with_(f_home__commune="TN.X.NOWHERE"))
    assert list(form.errors) == ["f_home__commune"] and "home" not in form.answers
    department = next(code for code, a in demo_province.items() if a.type.code == "department")
    assert "f_home__commune" in clean(with_(f_home__commune=department)).errors
    demo_province[COMMUNE].is_active = False
    demo_province[COMMUNE].save(update_fields=["is_active"])
    assert "f_home__commune" in clean().errors


def test_given_an_address_without_street_when_required_then_refused(demo_province):
    form = clean(with_(f_home__street=" "))
    assert list(form.errors) == ["f_home__street"]


def test_given_an_optional_address_when_half_filled_then_the_commune_is_asked(demo_province):
    schema = {"fields": [{"code": "old", "type": "address", "label": "Nơi ở cũ"}]}
    assert answers_clean(schema, {}, documents=[], files=None).ok
    form = answers_clean(schema, {"f_old__street": "Ấp 3"}, documents=[], files=None)
    assert list(form.errors) == ["f_old__commune"]
    form = answers_clean(schema, {"f_old__commune": COMMUNE}, documents=[], files=None)
    assert form.answers == {"old": {"commune": COMMUNE, "street": ""}}


# --- groups --------------------------------------------------------------------------------


def test_given_empty_rows_when_cleaned_then_they_are_dropped_and_gaps_allowed(demo_province):
    form = clean(
        with_(
            f_members__1__name=" ",
            f_members__1__id="",
            f_members__4__name="Trần Thị Cúc",
        )
    )
    assert form.ok, form.errors
    assert form.answers["members"] == [
        {"name": "Nguyễn Văn Bình", "id": "072090000001"},
        {"name": "Trần Thị Cúc"},
    ]
    assert len(form.values["members"]) == 5  # rows stay in place for showing again


def test_given_fewer_rows_than_min_when_cleaned_then_the_group_has_an_error(demo_province):
    form = clean(with_(f_members__0__name="", f_members__0__id=""))
    assert form.errors == {"f_members": ["Fill in at least 1 row."]}
    assert "members" not in form.answers


def test_given_more_rows_than_max_when_cleaned_then_the_group_has_an_error(demo_province):
    rows = {f"f_members__{i}__name": f"Người {i}" for i in range(4)}
    form = clean(with_(**rows))
    assert form.errors == {"f_members": ["At most 3 rows."]}


def test_given_a_filled_row_missing_a_required_field_when_cleaned_then_that_input_errs(
    demo_province,
):
    form = clean(with_(f_members__1__id="072090000002"))
    assert list(form.errors) == ["f_members__1__name"]


def test_given_huge_row_numbers_when_posted_then_they_are_ignored(demo_province):
    form = clean(with_(f_members__999__name="X", f_members__99999999__name="Y"))
    assert form.ok and len(form.answers["members"]) == 1


def test_given_the_add_row_button_when_rows_counted_then_one_more_up_to_max():
    data = {"f_members__0__name": "A", "f_members__1__name": ""}
    assert group_rows_from(data, SCHEMA) == {"members": 2}
    assert group_rows_from({**data, "add_row": "members"}, SCHEMA) == {"members": 3}
    full = {**data, "f_members__2__name": "C", "add_row": "members"}
    assert group_rows_from(full, SCHEMA) == {"members": 3}
    assert group_rows_from({}, SCHEMA) == {"members": 1}
    assert group_rows_from(QueryDict("add_row=members"), SCHEMA) == {"members": 2}


# --- documents -----------------------------------------------------------------------------


def test_given_a_required_document_missing_when_cleaned_then_its_slot_has_an_error(demo_province):
    form = clean(files=MultiValueDict())
    assert list(form.errors) == ["doc_birth_cert"]
    assert form.errors["doc_birth_cert"] == ["Attach at least one file for this document."]
    assert clean(files=MultiValueDict(), require_documents=False).ok
    assert "doc_birth_cert" in answers_clean(SCHEMA, GOOD, documents=DOCUMENTS, files=None).errors


def test_given_several_files_in_a_slot_when_cleaned_then_all_are_processed(demo_province):
    files = MultiValueDict({"doc_birth_cert": [pdf_file("a.pdf"), pdf_file("b.pdf")]})
    files.setlist("doc_other", [pdf_file("c.pdf")])
    form = clean(files=files)
    assert form.ok, form.errors
    assert [f.original_name for f in form.files["birth_cert"]] == ["a.pdf", "b.pdf"]
    assert len(form.files["other"]) == 1


def test_given_too_many_files_in_a_slot_when_cleaned_then_refused(demo_province):
    files = MultiValueDict({"doc_birth_cert": [pdf_file(f"{i}.pdf") for i in range(6)]})
    form = clean(files=files)
    assert form.errors["doc_birth_cert"] == ["At most 5 files for one document."]


def test_given_a_file_too_large_when_cleaned_then_the_error_names_the_file(demo_province):
    from openprovince.core.uploads import DOCUMENT

    big = b"%PDF-1.7\n" + b"0" * DOCUMENT.max_bytes  # one byte more than allowed
    files = MultiValueDict({"doc_birth_cert": [SimpleUploadedFile("to.pdf", big), pdf_file()]})
    form = clean(files=files)
    assert form.errors["doc_birth_cert"] == ["to.pdf: The file is larger than 15 MB."]
    assert len(form.files["birth_cert"]) == 1  # the good one is kept for the caller


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
        ("letter.pdf", b"Xin chao, day la van ban thuong.\n" * 10),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_given_a_file_of_the_wrong_type_when_cleaned_then_refused_by_its_bytes(
    demo_province, name, content
):
    files = MultiValueDict({"doc_other": [SimpleUploadedFile(name, content)]})
    files.setlist("doc_birth_cert", [pdf_file()])
    form = clean(files=files)
    assert list(form.errors) == ["doc_other"]
    assert form.errors["doc_other"][0].startswith(f"{name}: This type of file is not accepted.")
    assert "other" not in form.files


def test_given_a_pdf_with_javascript_when_cleaned_then_refused(demo_province):
    evil = pdf_with_catalog(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    files = MultiValueDict({"doc_birth_cert": [SimpleUploadedFile("x.pdf", evil)]})
    assert clean(files=files).errors["doc_birth_cert"][0].startswith("x.pdf: This PDF contains")


# --- values for showing the form again ------------------------------------------------------


def test_given_bad_values_when_cleaned_then_values_keep_what_was_typed(demo_province):
    form = clean(with_(f_birth_date="31/02/2020", f_phone="0912345678", f_children="x"))
    assert form.values["birth_date"] == "31/02/2020"
    assert form.values["phone"] == "+84912345678"  # valid: the answer, shown as 0912 345 678
    assert form.values["children"] == "x"
    assert form.values["home"] == {"commune": COMMUNE, "street": "12 Nguyễn Trãi"}


# --- prefill -------------------------------------------------------------------------------


def test_given_a_signed_in_person_when_prefilled_then_profile_values_fill_the_fields(
    django_user_model,
):
    user = django_user_model.objects.create(
        username="c1", display_name="Lê Thị Hoa", phone="+84912345678", email="Hoa@Example.vn"
    )
    schema = copy.deepcopy(SCHEMA)
    schema["fields"][0]["prefill"] = "display_name"
    assert answers_initial(schema, user=user) == {
        "child_name": "Lê Thị Hoa",
        "phone": "+84912345678",
        "email": "hoa@example.vn",
    }
    user.phone, user.email = None, ""
    assert answers_initial(schema, user=user) == {"child_name": "Lê Thị Hoa"}


def test_given_an_anonymous_visitor_when_prefilled_then_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert answers_initial(SCHEMA, user=AnonymousUser()) == {}
    assert answers_initial(SCHEMA, user=None) == {}


def test_given_a_commune_code_with_spaces_when_cleaned_then_it_is_found(demo_province):
    form = clean(with_(f_home__commune=f" {COMMUNE} "))
    assert form.ok, form.errors
    assert form.answers["home"]["commune"] == COMMUNE


def test_given_an_address_in_a_group_when_cleaned_then_its_commune_is_checked(demo_province):
    schema = {"fields": [{"code": "homes", "type": "group", "label": "Nơi ở", "fields": [
        {"code": "addr", "type": "address", "label": "Địa chỉ", "required": True}]}]}  # fmt: skip
    assert schema_check(schema) == []
    data = {
        "f_homes__0__addr__commune": COMMUNE,
        "f_homes__0__addr__street": "Ấp 1",
        "f_homes__1__addr__commune": "TN.X.NOWHERE",
        "f_homes__1__addr__street": "Ấp 2",
        "f_homes__2__addr__commune": "",
        "f_homes__2__addr__street": "",
        "f_other__commune": "TN.P.BINHMINH",  # not an input of this form: ignored
    }
    form = answers_clean(schema, data, documents=[], files=None)
    assert form.errors == {
        "f_homes__1__addr__commune": [form.errors["f_homes__1__addr__commune"][0]]
    }
    data["f_homes__1__addr__commune"] = "TN.P.BINHMINH"
    form = answers_clean(schema, data, documents=[], files=None)
    assert form.answers == {
        "homes": [
            {"addr": {"commune": COMMUNE, "street": "Ấp 1"}},
            {"addr": {"commune": "TN.P.BINHMINH", "street": "Ấp 2"}},
        ]
    }


@pytest.mark.parametrize(
    "odd", [None, [], {}, [1], {"a": 1}, "x", 1.5, True, float("nan"), -1, 10**9]
)
def test_given_odd_json_anywhere_when_checked_then_problems_are_listed_not_raised(odd):
    keys = ("code", "type", "label", "label_en", "required", "prefill", "max_length", "min",
            "max", "integer", "options", "fields")  # fmt: skip
    for kind in sorted({"text", "number", "date", "select", "group", "phone"}):
        for key in keys:
            schema = copy.deepcopy(SCHEMA)
            target = next(f for f in schema["fields"] if f["type"] == kind)
            target[key] = odd
            assert isinstance(schema_check(schema), list)
            target = copy.deepcopy(target)
            assert isinstance(schema_check({"fields": [odd, target]}), list)
    assert schema_check({"fields": [{"code": "s", "type": "select", "label": "S",
                                     "options": [odd]}]})  # fmt: skip
