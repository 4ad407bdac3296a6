"""The form engine: schema checks, and server-side validation of text, CCCD numbers, dates
and numbers. (Other field types, groups, documents and prefill: test_formschema_inputs.py.)"""

import copy
from datetime import date

import pytest
from django.http import QueryDict

from openprovince.dossiers.formschema import (
    answers_clean,
    schema_check,
)
from openprovince.dossiers.formschema.validators import (
    CCCD_PROVINCES,
    Invalid,
    cccd_clean,
    date_clean,
    number_clean,
)
from tests.dossiers.formschema_helpers import (
    COMMUNE,
    GOOD,
    SCHEMA,
    clean,
    with_,
)

# Messages are compared with their English source, whatever the catalogue holds.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


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


def test_given_a_good_form_when_cleaned_then_answers_have_the_documented_shapes(demo_province):
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


def test_given_a_querydict_when_cleaned_then_it_reads_like_a_dict(demo_province):
    data = QueryDict(mutable=True)
    for key, value in GOOD.items():
        data[key] = value
    assert clean(data).answers == clean().answers


def test_given_optional_fields_left_empty_when_cleaned_then_they_are_absent(demo_province):
    form = clean(with_(f_children="", f_phone=None, f_email=" ", f_note="\u200b"))
    assert form.ok, form.errors
    assert not {"children", "phone", "email", "note"} & set(form.answers)


def test_given_required_fields_missing_when_cleaned_then_each_has_an_error(demo_province):
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


def test_given_text_longer_than_its_max_length_when_cleaned_then_refused(demo_province):
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
def test_given_a_bad_cccd_when_cleaned_then_refused_with_the_reason(demo_province, raw, why):
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


def test_given_a_bad_cccd_in_a_group_row_when_cleaned_then_the_error_names_the_row(demo_province):
    form = clean(with_(f_members__0__id="12345"))
    assert list(form.errors) == ["f_members__0__id"]


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2020-05-17", "2020-05-17"), ("17/05/2020", "2020-05-17"), ("7/5/2020", "2020-05-07"),
     ("17.05.2020", "2020-05-17"), ("29/02/2020", "2020-02-29")],
)  # fmt: skip
def test_given_a_date_in_either_form_when_cleaned_then_iso(demo_province, raw, expected):
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
def test_given_a_bad_date_when_cleaned_then_refused(demo_province, raw, why):
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
def test_given_a_number_out_of_bounds_or_not_whole_when_cleaned_then_refused(
    demo_province, raw, why
):
    form = clean(with_(f_children=raw))
    assert why in form.errors["f_children"][0]
    assert clean(with_(f_children="20")).answers["children"] == 20
