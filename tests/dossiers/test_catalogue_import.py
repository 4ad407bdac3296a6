"""Catalogue import and export: JSON and CSV, bad rows reported all at once, round trips."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openprovince.core.errors import AppError
from openprovince.dossiers.catalogue.exporting import procedures_export_csv, procedures_export_json
from openprovince.dossiers.catalogue.importing import (
    ProcedureFile,
    procedure_file_parse,
    procedures_import,
)
from openprovince.dossiers.models import LifeEvent, Procedure, ProcedureField

pytestmark = pytest.mark.django_db

FORM = {
    "fields": [
        {"code": "child_name", "type": "text", "label": "Họ, chữ đệm và tên của trẻ",
         "required": True, "max_length": 100},
        {"code": "birth_date", "type": "date", "label": "Ngày sinh", "required": True,
         "max": "today"},
        {"code": "home", "type": "address", "label": "Nơi cư trú", "required": True},
    ]
}  # fmt: skip
DOCUMENTS = [
    {"code": "to_khai", "name": "Tờ khai đăng ký khai sinh", "copies": "01 bản chính",
     "required": True, "template": "/static/dossiers/forms/to-khai.pdf"},
    {"code": "ket_hon", "name": "Giấy chứng nhận kết hôn", "copies": "01 bản sao",
     "required": False},
]  # fmt: skip


def procedure_row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "name_en": "Birth registration",
        "field": "ho-tich",
        "life_events": ["co-con-nho"],
        "agency": "",
        "agency_types": ["commune", "ward"],
        "online_level": "full",
        "processing_days": 1,
        "fees": [],
        "legal_basis": "Luật Hộ tịch 2014;\nNghị định 123/2015/NĐ-CP",
        "result_type": "Giấy khai sinh",
        "steps": [{"text": "Nộp hồ sơ"}, {"text": "Nhận kết quả", "text_en": "Get the result"}],
        "documents": DOCUMENTS,
        "form_schema": FORM,
        "description": "",
        "keywords": "giay khai sinh",
        "is_active": True,
    }
    row.update(overrides)
    return row


def catalogue_file(*rows: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "openprovince.procedures/1",
        "fields": [
            {"code": "ho-tich", "name": "Hộ tịch", "name_en": "Civil status", "order": 10},
            {"code": "chung-thuc", "name": "Chứng thực", "order": 20},
        ],
        "life_events": [
            {"code": "co-con-nho", "name": "Sinh con", "icon": "baby", "order": 10},
            {"code": "ket-hon", "name": "Kết hôn", "icon": "rings", "order": 20},
        ],
        "procedures": list(rows),
    }


def import_json(data: dict[str, Any]) -> Any:
    content = json.dumps(data, ensure_ascii=False).encode()
    return procedures_import(file=procedure_file_parse(content=content, filename="p.json"))


def test_given_a_good_json_file_when_imported_then_procedures_fields_and_events_exist(
    demo_province: Any,
) -> None:
    report = import_json(
        catalogue_file(
            procedure_row(),
            procedure_row(
                code="2.000884.TN",
                name="Chứng thực chữ ký",
                field="chung-thuc",
                life_events="ket-hon;co-con-nho",
                agency="TN.STP",
                agency_types=[],
                fees=[{"label": "Phí chứng thực", "amount": "10000"}],
                steps="Nộp giấy tờ\nKý trước mặt cán bộ",
                form_schema={},
            ),
        )
    )
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 0)
    assert (report.fields_written, report.life_events_written) == (2, 2)
    birth = Procedure.objects.get(code="1.001193")
    assert sorted(t.code for t in birth.agency_types.all()) == ["commune", "ward"]
    assert birth.documents[0]["template"] == "/static/dossiers/forms/to-khai.pdf"
    assert "khai sinh" in birth.search_text and "sinh con" in birth.search_text
    assert birth.name_folded == " dang ky khai sinh birth registration "
    signature = Procedure.objects.get(code="2.000884.TN")
    assert signature.agency is not None and signature.agency.code == "TN.STP"
    assert signature.fees == [{"label": "Phí chứng thực", "amount": 10000}]
    assert signature.steps == [{"text": "Nộp giấy tờ"}, {"text": "Ký trước mặt cán bộ"}]
    assert {e.code for e in signature.life_events.all()} == {"ket-hon", "co-con-nho"}


def test_given_a_known_code_when_imported_again_then_it_is_updated_not_duplicated(
    demo_province: Any,
) -> None:
    assert import_json(catalogue_file(procedure_row())).ok
    report = import_json(catalogue_file(procedure_row(name="Đăng ký khai sinh (mới)")))
    assert (report.created, report.updated) == (0, 1)
    assert Procedure.objects.get(code="1.001193").name == "Đăng ký khai sinh (mới)"
    assert "moi" in Procedure.objects.get(code="1.001193").search_text


def test_given_bad_rows_when_imported_then_every_problem_is_reported_and_nothing_written(
    demo_province: Any,
) -> None:
    rows: list[Any] = [
        procedure_row(),  # 1: good
        procedure_row(code="1001193"),  # 2: code format
        procedure_row(code="1.000001", field="khong-co"),  # 3: unknown field
        procedure_row(code="1.000002", life_events=["khong-co"]),  # 4: unknown life event
        procedure_row(code="1.000003", agency="TN.NOPE", agency_types=[]),  # 5: unknown agency
        procedure_row(code="1.000004", agency_types=["police"]),  # 6: unknown agency type
        procedure_row(code="1.000005", agency="", agency_types=[]),  # 7: no competent agency
        procedure_row(code="1.000006", processing_days=0),  # 8: days
        procedure_row(code="1.000007", fees=[{"label": "Lệ phí", "amount": -5}]),  # 9: fee
        procedure_row(
            code="1.000008",
            documents=[{"code": "a", "name": "A"}, {"code": "a", "name": ""}],
        ),  # 10: duplicate document code, missing name
        procedure_row(code="1.000009", form_schema={"fields": [{"code": "x", "type": "?"}]}),
        procedure_row(code="1.000010", online_level="half"),  # 12: level
        procedure_row(code="1.001193"),  # 13: repeated code
        "not an object",  # 14
        procedure_row(code="1.000011", documents=[{"code": "b", "name": "B",
                                                   "template": "javascript:alert(1)"}]),
        procedure_row(code="1.000012", name="", colour="red"),  # 16: name, unknown column
        procedure_row(code="1.000013", processing_days="²", fees=[{"label": "x", "amount": "١"}]),
    ]  # fmt: skip
    before = (Procedure.objects.count(), ProcedureField.objects.count(), LifeEvent.objects.count())
    report = import_json(catalogue_file(*rows))
    assert not report.ok
    problems = {(e.row, e.field) for e in report.errors}
    assert {
        (2, "code"),
        (3, "field"),
        (4, "life_events"),
        (5, "agency"),
        (6, "agency_types"),
        (7, "agency"),
        (8, "processing_days"),
        (9, "fees"),
        (10, "documents"),
        (11, "form_schema"),
        (12, "online_level"),
        (13, "code"),
        (14, ""),
        (15, "documents"),
        (16, "name"),
        (16, "colour"),
        (17, "processing_days"),
        (17, "fees"),
    } <= problems
    assert not any(e.row == 1 for e in report.errors)
    assert len([e for e in report.errors if e.row == 10]) == 2
    assert all(e.message for e in report.errors)
    after = (Procedure.objects.count(), ProcedureField.objects.count(), LifeEvent.objects.count())
    assert after == before


def test_given_bad_sections_when_imported_then_they_are_reported(demo_province: Any) -> None:
    data = catalogue_file(procedure_row())
    data["fields"].append({"code": "Bad Code", "name": ""})
    data["life_events"].append({"code": "x", "name": "X", "order": "first"})
    report = import_json(data)
    assert {(e.row, e.field) for e in report.errors} >= {(3, "fields"), (3, "life_events")}
    assert Procedure.objects.count() == 0


def test_given_unreadable_files_when_parsed_then_one_clear_error() -> None:
    for content, name in [
        (b"\xff\xfe\x00bad", "p.json"),
        (b"{not json", "p.json"),
        (b'{"procedures": 3}', "p.json"),
        (b"name,field\nA,B\n", "p.csv"),
    ]:
        with pytest.raises(AppError):
            procedure_file_parse(content=content, filename=name)


def test_given_a_csv_file_when_imported_then_lists_and_json_cells_are_read(
    demo_province: Any,
) -> None:
    import_json(catalogue_file())  # fields and life events
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "name", "field", "life_events", "agency_types", "processing_days",
                     "fees", "steps", "documents", "form_schema", "is_active"])  # fmt: skip
    writer.writerow([
        "1.001193", "Đăng ký khai sinh", "ho-tich", "co-con-nho;ket-hon", "commune;ward", "1",
        '[{"label":"Lệ phí","amount":0}]', "Nộp hồ sơ\nNhận kết quả",
        json.dumps(DOCUMENTS, ensure_ascii=False), json.dumps(FORM, ensure_ascii=False), "có",
    ])  # fmt: skip
    writer.writerow(["1.000894", "Đăng ký kết hôn", "ho-tich", "", "ward", "3", "", "", "", "",
                     "0"])  # fmt: skip
    parsed = procedure_file_parse(content=out.getvalue().encode("utf-8-sig"), filename="p.csv")
    report = procedures_import(file=parsed)
    assert report.ok, report.errors
    birth = Procedure.objects.get(code="1.001193")
    assert birth.steps == [{"text": "Nộp hồ sơ"}, {"text": "Nhận kết quả"}]
    assert birth.form_schema == FORM
    assert {e.code for e in birth.life_events.all()} == {"co-con-nho", "ket-hon"}
    assert Procedure.objects.get(code="1.000894").is_active is False


def test_given_a_csv_with_bad_cells_when_imported_then_rows_are_numbered_from_one(
    demo_province: Any,
) -> None:
    import_json(catalogue_file())
    content = (
        "code,name,field,agency_types,processing_days,fees,documents\n"
        "1.001193,Khai sinh,ho-tich,commune,1,,\n"
        '1.000894,Kết hôn,ho-tich,ward,một,"[{""label"": ""x"", ""amount"": 1.5}]",[{\n'
        "1.000656,Khai tử,ho-tich,ward,1,,,extra\n"
    ).encode()
    report = procedures_import(file=procedure_file_parse(content=content, filename="p.csv"))
    problems = {(e.row, e.field) for e in report.errors}
    assert {(2, "processing_days"), (2, "fees"), (2, "documents"), (3, "")} <= problems
    assert Procedure.objects.count() == 0


def _wipe() -> None:
    Procedure.objects.all().delete()
    ProcedureField.objects.all().delete()
    LifeEvent.objects.all().delete()


def test_given_a_catalogue_when_exported_and_imported_as_json_then_it_is_the_same(
    demo_province: Any,
) -> None:
    from openprovince.demo.procedures import demo_procedures_load

    assert demo_procedures_load() > 25
    Procedure.objects.filter(code="1.001193").update(is_active=False)
    first = procedures_export_json()
    _wipe()
    report = procedures_import(file=ProcedureFile(
        rows=json.loads(json.dumps(first["procedures"])),
        fields=first["fields"], life_events=first["life_events"],
    ))  # fmt: skip
    assert report.ok, report.errors[:3]
    assert procedures_export_json() == first


def test_given_a_catalogue_when_exported_and_imported_as_csv_then_it_is_the_same(
    demo_province: Any,
) -> None:
    from openprovince.demo.procedures import demo_procedures_load

    demo_procedures_load()
    first = procedures_export_json()
    out = io.StringIO()
    procedures_export_csv(csv.writer(out))
    Procedure.objects.all().delete()
    parsed = procedure_file_parse(content=out.getvalue().encode(), filename="p.csv")
    report = procedures_import(file=parsed)
    assert report.ok, report.errors[:3]
    assert procedures_export_json() == first


def test_given_the_commands_when_run_then_they_export_and_import(
    demo_province: Any, tmp_path: Any
) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(catalogue_file(procedure_row()), ensure_ascii=False))
    call_command("procedures_import", str(path), stdout=io.StringIO())
    assert Procedure.objects.filter(code="1.001193").exists()
    out = io.StringIO()
    call_command("procedures_export", "--format", "csv", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("code,name,name_en,field")
    out = io.StringIO()
    call_command("procedures_export", stdout=out)
    assert json.loads(out.getvalue())["procedures"][0]["code"] == "1.001193"
    path.write_text(json.dumps(catalogue_file(procedure_row(processing_days=-1))))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("procedures_import", str(path), stdout=io.StringIO(), stderr=err)
    assert "row 1" in err.getvalue() and "processing_days" in err.getvalue()


def test_given_the_demo_when_exported_by_command_as_csv_and_imported_then_unchanged(
    demo_province: Any, tmp_path: Any
) -> None:
    from openprovince.demo.procedures import demo_procedures_load

    demo_procedures_load()
    first = procedures_export_json()
    out = io.StringIO()
    call_command("procedures_export", "--format", "csv", stdout=out)
    (tmp_path / "p.csv").write_text(out.getvalue(), encoding="utf-8")
    Procedure.objects.all().delete()
    call_command("procedures_import", str(tmp_path / "p.csv"), stdout=io.StringIO())
    assert procedures_export_json() == first
