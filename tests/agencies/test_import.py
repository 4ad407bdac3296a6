import csv
import io
import json

import pytest

from openprovince.agencies.exporting import agencies_export_csv, agencies_export_json
from openprovince.agencies.importing import agencies_import, parse_agency_file
from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError
from tests.conftest import square

pytestmark = pytest.mark.django_db

HEADER = "code,parent_code,type,name,phone,email,lat,lng,boundary\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


def test_given_a_good_csv_with_children_first_when_imported_then_tree_is_built():
    content = _csv(
        "P.W1,P,ward,Phường Một,0276 3822 111,p1@example.gov.vn,11.1,106.1,",
        "P,,province,Ủy ban nhân dân tỉnh Thử,,,,,",
    )
    types, rows = parse_agency_file(content=content, filename="agencies.csv")
    report = agencies_import(rows=rows, agency_types=types)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 0)
    ward = Agency.objects.get(code="P.W1")
    assert ward.parent.code == "P"
    assert ward.depth == 1
    assert ward.lat == 11.1


def test_given_bad_rows_when_imported_then_every_problem_is_reported_and_nothing_written():
    boundary = json.dumps({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]})
    content = _csv(
        "P,,province,Tỉnh Thử,,,,,",
        "P.A,P,department,Sở A,not-a-phone,,,,",
        "P.B,NOPE,department,Sở B,,,,,",
        "P.C,P,unknown-type,Sở C,,bad-email,,,",
        "P.D,P,department,,,,,,",
        "P.E,P,department,Sở E,,,95,106,",
        "P,,province,Tỉnh lặp,,,,,",
        f'P.F,P,ward,Phường F,,,,,"{boundary.replace(chr(34), chr(34) * 2)}"',
        "bad code!,P,ward,Phường G,,,,,",
    )
    before = Agency.objects.count()
    types, rows = parse_agency_file(content=content, filename="x.csv")
    report = agencies_import(rows=rows, agency_types=types)
    assert not report.ok
    problems = {(e.row, e.field) for e in report.errors}
    assert {
        (2, "phone"),
        (4, "type"),
        (4, "email"),
        (5, "name"),
        (6, "lat"),
        (7, "code"),
        (8, "boundary"),
        (9, "code"),
    } <= problems
    assert Agency.objects.count() == before  # nothing half-imported
    # The unknown parent is reported too once the rows themselves are fine.
    report = agencies_import(rows=[rows[0], rows[2]])
    assert [(e.row, e.field) for e in report.errors] == [(2, "parent_code")]
    assert "NOPE" in report.errors[0].message
    assert Agency.objects.count() == before


def test_given_a_loop_in_the_file_when_imported_then_refused():
    rows = [
        {"code": "A", "parent_code": "B", "type": "department", "name": "A"},
        {"code": "B", "parent_code": "A", "type": "department", "name": "B"},
    ]
    report = agencies_import(rows=rows)
    assert {e.field for e in report.errors} == {"parent_code"}
    assert not Agency.objects.filter(code__in=["A", "B"]).exists()


def test_given_a_csv_with_extra_cells_or_unknown_columns_when_imported_then_clear_errors():
    content = b"code,type,name,colour\nX,ward,Phuong X,red\nY,ward,Phuong Y,blue,extra\n"
    types, rows = parse_agency_file(content=content, filename="a.csv")
    report = agencies_import(rows=rows, agency_types=types)
    messages = {(e.row, e.field) for e in report.errors}
    assert (1, "colour") in messages
    assert (2, "") in messages


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"\xff\xfe\x00bad", "a.csv", "agencies.not_utf8"),
        (b"name,type\nX,ward\n", "a.csv", "agencies.csv_header"),
        (b"{not json", "a.json", "agencies.bad_json"),
        (b'{"agencies": 5}', "a.json", "agencies.bad_json"),
    ],
)
def test_given_an_unreadable_file_when_parsed_then_app_error(content, filename, code):
    with pytest.raises(AppError) as err:
        parse_agency_file(content=content, filename=filename)
    assert err.value.code == code


def test_given_the_demo_province_when_exported_and_reimported_then_nothing_changes(demo_province):
    exported = agencies_export_json()
    assert exported["format"] == "openprovince.agencies/1"
    report = agencies_import(rows=exported["agencies"], agency_types=exported["agency_types"])
    assert report.ok
    assert report.created == 0
    assert report.updated == len(demo_province)
    assert agencies_export_json() == exported

    out = io.StringIO()
    agencies_export_csv(csv.writer(out))
    types, rows = parse_agency_file(content=out.getvalue().encode(), filename="a.csv")
    assert agencies_import(rows=rows, agency_types=types).ok
    assert agencies_export_json() == exported


def test_given_json_with_new_agency_types_when_imported_then_types_are_created():
    data = {
        "agency_types": [{"code": "hospital", "name": "Bệnh viện", "name_en": "Hospital"}],
        "agencies": [
            {
                "code": "BV1",
                "type": "hospital",
                "name": "Bệnh viện Đa khoa",
                "boundary": square(106.0, 11.0, 0.01),
            }
        ],
    }
    types, rows = parse_agency_file(content=json.dumps(data).encode(), filename="a.json")
    report = agencies_import(rows=rows, agency_types=types)
    assert report.ok, report.errors
    assert Agency.objects.get(code="BV1").type.name_en == "Hospital"
