"""The form engine: schema checks and server-side validation of every field type."""

import copy
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from openprovince.dossiers.formschema import (
    answers_clean,
    answers_initial,
    group_rows_from,
    schema_check,
)
from openprovince.dossiers.formschema.validators import (
    CCCD_PROVINCES,
    Invalid,
    cccd_clean,
    date_clean,
    number_clean,
)
from tests.core.uploads_helpers import pdf_with_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared with their English source, whatever the catalogue holds."""
    with translation.override("en"):
        yield


# The example of docs/dossiers.md "Form schema".
SCHEMA = {
    "fields": [
        {"code": "child_name", "type": "text", "label": "Họ, chữ đệm và tên của trẻ",
         "label_en": "Child's full name", "required": True, "max_length": 100,
         "help": "Viết có dấu", "help_en": "With diacritics"},
        {"code": "birth_date", "type": "date", "label": "Ngày sinh", "required": True,
         "min": "1900-01-01", "max": "today"},
        {"code": "gender", "type": "select", "label": "Giới tính", "required": True,
         "options": [{"key": "nam", "label": "Nam", "label_en": "Male"},
                     {"key": "nu", "label": "Nữ", "label_en": "Female"}]},
        {"code": "children", "type": "number", "label": "Số con", "min": 0, "max": 20,
         "integer": True},
        {"code": "home", "type": "address", "label": "Nơi thường trú", "required": True},
        {"code": "mother_id", "type": "cccd", "label": "Số CCCD của mẹ", "required": True},
        {"code": "phone", "type": "phone", "label": "Số điện thoại", "prefill": "phone"},
        {"code": "email", "type": "email", "label": "Thư điện tử", "prefill": "email"},
        {"code": "note", "type": "textarea", "label": "Ghi chú", "max_length": 2000},
        {"code": "members", "type": "group", "label": "Thành viên hộ", "min": 1, "max": 3,
         "fields": [{"code": "name", "type": "text", "label": "Họ tên", "required": True},
                    {"code": "id", "type": "cccd", "label": "Số CCCD"}]},
    ]
}  # fmt: skip
DOCUMENTS = [
    {"code": "birth_cert", "name": "Giấy chứng sinh", "copies": "01 bản chính", "required": True},
    {"code": "other", "name": "Giấy tờ khác", "required": False},
]
COMMUNE = "TN.P.TANNINH"
GOOD = {
    "f_child_name": "  Nguyễn\u200b Văn  An ",
    "f_birth_date": "2020-05-17",
    "f_gender": "nam",
    "f_children": "2",
    "f_home__commune": COMMUNE,
    "f_home__street": "12 Nguyễn Trãi",
    "f_mother_id": "079 190 012 345",
    "f_phone": "0912 345 678",
    "f_email": "An.Nguyen@Example.VN",
    "f_note": "Dòng 1\r\nDòng 2",
    "f_members__0__name": "Nguyễn Văn Bình",
    "f_members__0__id": "072090000001",
}


def pdf_file(name="giay.pdf"):
    return SimpleUploadedFile(name, pdf_with_catalog(), content_type="application/pdf")


def a_birth_cert():
    return MultiValueDict({"doc_birth_cert": [pdf_file()]})


def clean(data=None, *, files=None, documents=DOCUMENTS, schema=SCHEMA, **kwargs):
    return answers_clean(
        schema,
        GOOD if data is None else data,
        documents=documents,
        files=a_birth_cert() if files is None else files,
        **kwargs,
    )


def with_(**changes):
    data = dict(GOOD)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# --- schema_check -----------------------------------------------------------------------


def test_given_the_documented_schema_when_checked_then_it_has_no_problem():
    assert schema_check(SCHEMA) == []
    assert schema_check({}) == []
    assert schema_check({"fields": []}) == []


def bad(mutate):
    schema = copy.deepcopy(SCHEMA)
    mutate(schema)
    return schema_check(schema)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda s: s["fields"][0].update(type="colour"), "fields[0].type: unknown type colour"),
        (lambda s: s["fields"][0].update(code="Child-Name"), "fields[0].code: Child-Name"),
        (lambda s: s["fields"][0].update(code="a__b"), "fields[0].code: a__b"),
        (lambda s: s["fields"][0].pop("code"), "fields[0].code: missing code"),
        (lambda s: s["fields"][1].update(code="child_name"), "fields[1]: duplicate code"),
        (lambda s: s["fields"][0].update(label=" "), "fields[0].label: missing label"),
        (lambda s: s["fields"][2].update(options=[]), "fields[2].options: a select needs"),
        (
            lambda s: s["fields"][2]["options"].append({"key": "nam", "label": "Nam 2"}),
            "fields[2].options[2].key: duplicate key nam",
        ),
        (
            lambda s: s["fields"][2]["options"][0].update(colour="red"),
            "fields[2].options[0].colour: unknown key",
        ),
        (
            lambda s: s["fields"][9]["fields"].append(
                {"code": "sub", "type": "group", "label": "G", "fields": []}
            ),
            "fields[9].fields[2]: a group cannot be inside a group",
        ),
        (lambda s: s["fields"][9].update(min=5, max=2), "fields[9]: min is greater than max"),
        (lambda s: s["fields"][9].update(max=0), "fields[9].max: must be at least 1"),
        (lambda s: s["fields"][9].update(fields=[]), "fields[9].fields: a group needs fields"),
        (lambda s: s["fields"][3].update(min="zero"), "fields[3].min: must be a number"),
        (lambda s: s["fields"][3].update(min=30), "fields[3]: min is greater than max"),
        (lambda s: s["fields"][1].update(max="31/12/2020"), "fields[1].max: must be a date"),
        (lambda s: s["fields"][1].update(min="2020-02-31"), "fields[1].min: must be a date"),
        (
            lambda s: s["fields"][1].update(min="2021-01-01", max="2020-01-01"),
            "fields[1]: min is after max",
        ),
        (lambda s: s["fields"][6].update(prefill="address"), "fields[6].prefill: address cannot"),
        (lambda s: s["fields"][7].update(prefill="phone"), "fields[7].prefill: phone cannot"),
        (
            lambda s: s["fields"][9]["fields"][0].update(prefill="display_name"),
            "fields[9].fields[0].prefill",
        ),
        (lambda s: s["fields"][0].update(colour="red"), "fields[0].colour: unknown key"),
        (lambda s: s["fields"][5].update(max_length=9), "fields[5].max_length: unknown key"),
        (lambda s: s["fields"][0].update(max_length=0), "fields[0].max_length: must be"),
        (lambda s: s["fields"][0].update(required="yes"), "fields[0].required: must be true"),
        (lambda s: s.update(title="x"), "title: unknown key"),
        (lambda s: s.update(fields={"a": 1}), "fields: must be a list"),
        (lambda s: s["fields"].append("name"), "fields[10]: must be an object"),
    ],
)
def test_given_a_bad_schema_when_checked_then_the_problem_names_its_path(mutate, expected):
    problems = bad(mutate)
    assert any(p.startswith(expected) for p in problems), problems


def test_given_several_problems_when_checked_then_all_are_listed():
    schema = {"fields": [{"code": "1x", "type": "nope"}, {"type": "select", "code": "s"}]}
    problems = schema_check(schema)
    assert len(problems) >= 4, problems  # bad code, unknown type, missing label, no options
    assert schema_check([]) != []


# --- answers_clean: the good form --------------------------------------------------------


@pytest.fixture
def province(demo_province):
    return demo_province


def test_given_a_good_form_when_cleaned_then_answers_have_the_documented_shapes(province):
    form = clean()
    assert form.ok, form.errors
    assert form.answers == {
        "child_name": "Nguyễn Văn An",
        "birth_date": "2020-05-17",
        "gender": "nam",
        "children": 2,
        "home": {"commune": COMMUNE, "street": "12 Nguyễn Trãi"},
        "mother_id": "079190012345",
        "phone": "+84912345678",
        "email": "an.nguyen@example.vn",
        "note": "Dòng 1\nDòng 2",
        "members": [{"name": "Nguyễn Văn Bình", "id": "072090000001"}],
    }
    assert [f.extension for f in form.files["birth_cert"]] == ["pdf"]
    assert form.files["birth_cert"][0].original_name == "giay.pdf"


def test_given_a_querydict_when_cleaned_then_it_reads_like_a_dict(province):
    data = QueryDict(mutable=True)
    for key, value in GOOD.items():
        data[key] = value
    assert clean(data).answers == clean().answers


def test_given_optional_fields_left_empty_when_cleaned_then_they_are_absent(province):
    form = clean(with_(f_children="", f_phone=None, f_email=" ", f_note="\u200b"))
    assert form.ok, form.errors
    assert not {"children", "phone", "email", "note"} & set(form.answers)


def test_given_required_fields_missing_when_cleaned_then_each_has_an_error(province):
    form = clean({})
    assert not form.ok
    assert {
        "f_child_name",
        "f_birth_date",
        "f_gender",
        "f_home__commune",
        "f_home__street",
        "f_mother_id",
        "f_members",
    } <= set(form.errors)
    assert "f_children" not in form.errors and "f_note" not in form.errors
    assert form.errors["f_child_name"] == ["Please fill this in."]


# --- text ----------------------------------------------------------------------------------


def test_given_text_longer_than_its_max_length_when_cleaned_then_refused(province):
    form = clean(with_(f_child_name="a" * 101, f_note="b" * 2001))
    assert form.errors["f_child_name"] == ["At most 100 characters (now 101)."]
    assert "f_note" in form.errors
    default = {"fields": [{"code": "t", "type": "text", "label": "T"}]}
    assert "f_t" in answers_clean(default, {"f_t": "x" * 201}, documents=[], files=None).errors
    assert answers_clean(default, {"f_t": "x" * 200}, documents=[], files=None).ok


# --- CCCD ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("07919001234", "exactly 12 digits"),  # 11 digits
        ("0791900123456", "exactly 12 digits"),  # 13
        ("07919001234A", "exactly 12 digits"),  # a letter
        ("079-190-012-345", "exactly 12 digits"),  # only spaces are removed
        ("003190012345", "province code"),  # 003 is not a province
        ("097190012345", "province code"),  # after 096 Cà Mau
        ("000190012345", "province code"),
        ("079499012345", "in the future"),  # 4 → born 2199
        ("079890012345", "in the future"),  # 8 → the 24th century (2390)
    ],
)
def test_given_a_bad_cccd_when_cleaned_then_refused_with_the_reason(province, raw, why):
    form = clean(with_(f_mother_id=raw))
    assert "f_mother_id" in form.errors and "mother_id" not in form.answers
    assert why in form.errors["f_mother_id"][0]


def test_given_cccd_rules_when_checked_then_they_follow_the_ministry_tables():
    assert len(CCCD_PROVINCES) == 63
    assert CCCD_PROVINCES["001"] == "Hà Nội" and CCCD_PROVINCES["072"] == "Tây Ninh"
    assert CCCD_PROVINCES["096"] == "Cà Mau" and "003" not in CCCD_PROVINCES
    assert cccd_clean("\uff10\uff17\uff12 090 000 001") == "072090000001"  # full-width digits
    # The birth year may be this year but not next year.
    assert cccd_clean("072325000001", today=date(2025, 1, 1)) == "072325000001"
    with pytest.raises(Invalid):
        cccd_clean("072326000001", today=date(2025, 12, 31))


def test_given_a_bad_cccd_in_a_group_row_when_cleaned_then_the_error_names_the_row(province):
    form = clean(with_(f_members__0__id="12345"))
    assert list(form.errors) == ["f_members__0__id"]


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2020-05-17", "2020-05-17"), ("17/05/2020", "2020-05-17"), ("7/5/2020", "2020-05-07"),
     ("17.05.2020", "2020-05-17"), ("29/02/2020", "2020-02-29")],
)  # fmt: skip
def test_given_a_date_in_either_form_when_cleaned_then_iso(province, raw, expected):
    form = clean(with_(f_birth_date=raw))
    assert form.ok, form.errors
    assert form.answers["birth_date"] == expected


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("31/02/2020", "does not exist"),
        ("29/02/2021", "does not exist"),
        ("2020-13-01", "does not exist"),
        ("hôm qua", "day/month/year"),
        ("17/05/20", "day/month/year"),
        ("2020/05/17", "day/month/year"),
        ("31/12/1899", "01/01/1900 or later"),  # min
    ],
)
def test_given_a_bad_date_when_cleaned_then_refused(province, raw, why):
    form = clean(with_(f_birth_date=raw))
    assert "f_birth_date" in form.errors and "birth_date" not in form.answers
    assert why in form.errors["f_birth_date"][0]


def test_given_a_date_after_today_when_max_is_today_then_refused():
    assert date_clean("2025-06-01", max="today", today=date(2025, 6, 1)) == "2025-06-01"
    with pytest.raises(Invalid, match="or earlier"):
        date_clean("2025-06-02", max="today", today=date(2025, 6, 1))
    with pytest.raises(Invalid, match="or later"):
        date_clean("31/05/2025", min="today", today=date(2025, 6, 1))


# --- numbers -------------------------------------------------------------------------------


def test_given_numbers_as_people_type_them_when_cleaned_then_parsed():
    assert number_clean("1,5") == 1.5
    assert number_clean("1.5") == 1.5
    assert number_clean("1.234.567,5") == 1234567.5
    assert number_clean("1.000.000") == 1000000.0
    assert number_clean(" 2 000 ") == 2000.0
    assert number_clean("1.000", integer=True) == 1000
    assert number_clean("-3", integer=True) == -3
    assert isinstance(number_clean("3"), float) and isinstance(number_clean("3", integer=True), int)
    for raw in ("abc", "1,2,3", "1e5", "nan", "inf", "1.5.5,2,2"):
        with pytest.raises(Invalid):
            number_clean(raw)
    with pytest.raises(Invalid, match="whole number"):
        number_clean("1,5", integer=True)


@pytest.mark.parametrize(
    ("raw", "why"), [("21", "at most 20"), ("-1", "at least 0"), ("2,5", "whole"), ("hai", "")]
)
def test_given_a_number_out_of_bounds_or_not_whole_when_cleaned_then_refused(province, raw, why):
    form = clean(with_(f_children=raw))
    assert why in form.errors["f_children"][0]
    assert clean(with_(f_children="20")).answers["children"] == 20


# --- select, phone, e-mail, address -----------------------------------------------------------


def test_given_an_unknown_select_key_when_cleaned_then_refused(province):
    form = clean(with_(f_gender="khac"))
    assert form.errors["f_gender"] == ["Choose one of the options."]


@pytest.mark.parametrize("raw", ["12345", "0212 345 678", "+1 202 555 0100", "09123456789"])
def test_given_a_bad_phone_when_cleaned_then_refused(province, raw):
    assert "f_phone" in clean(with_(f_phone=raw)).errors


@pytest.mark.parametrize("raw", ["+84 912 345 678", "84912345678", "0912.345.678"])
def test_given_a_phone_in_any_usual_form_when_cleaned_then_e164(province, raw):
    assert clean(with_(f_phone=raw)).answers["phone"] == "+84912345678"


@pytest.mark.parametrize("raw", ["an", "an@", "an@example", "a n@example.vn", "@example.vn"])
def test_given_a_bad_email_when_cleaned_then_refused(province, raw):
    assert "f_email" in clean(with_(f_email=raw)).errors


def test_given_an_unknown_or_inactive_commune_when_cleaned_then_refused(province):
    form = clean(with_(f_home__commune="TN.X.NOWHERE"))
    assert list(form.errors) == ["f_home__commune"] and "home" not in form.answers
    department = next(code for code, a in province.items() if a.type.code == "department")
    assert "f_home__commune" in clean(with_(f_home__commune=department)).errors
    province[COMMUNE].is_active = False
    province[COMMUNE].save(update_fields=["is_active"])
    assert "f_home__commune" in clean().errors


def test_given_an_address_without_street_when_required_then_refused(province):
    form = clean(with_(f_home__street=" "))
    assert list(form.errors) == ["f_home__street"]


def test_given_an_optional_address_when_half_filled_then_the_commune_is_asked(province):
    schema = {"fields": [{"code": "old", "type": "address", "label": "Nơi ở cũ"}]}
    assert answers_clean(schema, {}, documents=[], files=None).ok
    form = answers_clean(schema, {"f_old__street": "Ấp 3"}, documents=[], files=None)
    assert list(form.errors) == ["f_old__commune"]
    form = answers_clean(schema, {"f_old__commune": COMMUNE}, documents=[], files=None)
    assert form.answers == {"old": {"commune": COMMUNE, "street": ""}}


# --- groups --------------------------------------------------------------------------------


def test_given_empty_rows_when_cleaned_then_they_are_dropped_and_gaps_allowed(province):
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


def test_given_fewer_rows_than_min_when_cleaned_then_the_group_has_an_error(province):
    form = clean(with_(f_members__0__name="", f_members__0__id=""))
    assert form.errors == {"f_members": ["Fill in at least 1 row."]}
    assert "members" not in form.answers


def test_given_more_rows_than_max_when_cleaned_then_the_group_has_an_error(province):
    rows = {f"f_members__{i}__name": f"Người {i}" for i in range(4)}
    form = clean(with_(**rows))
    assert form.errors == {"f_members": ["At most 3 rows."]}


def test_given_a_filled_row_missing_a_required_field_when_cleaned_then_that_input_errs(province):
    form = clean(with_(f_members__1__id="072090000002"))
    assert list(form.errors) == ["f_members__1__name"]


def test_given_huge_row_numbers_when_posted_then_they_are_ignored(province):
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


def test_given_a_required_document_missing_when_cleaned_then_its_slot_has_an_error(province):
    form = clean(files=MultiValueDict())
    assert list(form.errors) == ["doc_birth_cert"]
    assert form.errors["doc_birth_cert"] == ["Attach at least one file for this document."]
    assert clean(files=MultiValueDict(), require_documents=False).ok
    assert "doc_birth_cert" in answers_clean(SCHEMA, GOOD, documents=DOCUMENTS, files=None).errors


def test_given_several_files_in_a_slot_when_cleaned_then_all_are_processed(province):
    files = MultiValueDict({"doc_birth_cert": [pdf_file("a.pdf"), pdf_file("b.pdf")]})
    files.setlist("doc_other", [pdf_file("c.pdf")])
    form = clean(files=files)
    assert form.ok, form.errors
    assert [f.original_name for f in form.files["birth_cert"]] == ["a.pdf", "b.pdf"]
    assert len(form.files["other"]) == 1


def test_given_too_many_files_in_a_slot_when_cleaned_then_refused(province):
    files = MultiValueDict({"doc_birth_cert": [pdf_file(f"{i}.pdf") for i in range(6)]})
    form = clean(files=files)
    assert form.errors["doc_birth_cert"] == ["At most 5 files for one document."]


def test_given_a_file_too_large_when_cleaned_then_the_error_names_the_file(province):
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
    province, name, content
):
    files = MultiValueDict({"doc_other": [SimpleUploadedFile(name, content)]})
    files.setlist("doc_birth_cert", [pdf_file()])
    form = clean(files=files)
    assert list(form.errors) == ["doc_other"]
    assert form.errors["doc_other"][0].startswith(f"{name}: This type of file is not accepted.")
    assert "other" not in form.files


def test_given_a_pdf_with_javascript_when_cleaned_then_refused(province):
    evil = pdf_with_catalog(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    files = MultiValueDict({"doc_birth_cert": [SimpleUploadedFile("x.pdf", evil)]})
    assert clean(files=files).errors["doc_birth_cert"][0].startswith("x.pdf: This PDF contains")


# --- values for showing the form again ------------------------------------------------------


def test_given_bad_values_when_cleaned_then_values_keep_what_was_typed(province):
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


def test_given_a_commune_code_with_spaces_when_cleaned_then_it_is_found(province):
    form = clean(with_(f_home__commune=f" {COMMUNE} "))
    assert form.ok, form.errors
    assert form.answers["home"]["commune"] == COMMUNE


def test_given_an_address_in_a_group_when_cleaned_then_its_commune_is_checked(province):
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
