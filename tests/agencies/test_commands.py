import io
import json

import pytest
from django.core.management import CommandError, call_command

from openprovince.agencies.models import Agency

pytestmark = pytest.mark.django_db


def test_given_an_export_when_imported_by_command_then_same_tree(demo_province, tmp_path):
    out = io.StringIO()
    call_command("agencies_export", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    data["agencies"][1]["name"] = "Văn phòng UBND tỉnh (mới)"
    path = tmp_path / "agencies.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = io.StringIO()
    call_command("agencies_import", str(path), stdout=done)
    assert "0 new" in done.getvalue()
    assert Agency.objects.get(code=data["agencies"][1]["code"]).name.endswith("(mới)")


def test_given_a_bad_csv_when_imported_by_command_then_rows_listed_and_nothing_written(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("code,type,name\nX,ward,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("agencies_import", str(path), stderr=err)
    assert "row 1 [X] name" in err.getvalue()
    assert not Agency.objects.exists()


def test_given_csv_export_when_run_then_header_and_rows(demo_province):
    out = io.StringIO()
    call_command("agencies_export", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("code,parent_code,type,name")
    assert len(lines) == len(demo_province) + 1
