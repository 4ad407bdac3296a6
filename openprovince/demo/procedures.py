"""Demo procedure catalogue: about 30 common procedures of a province (civil status,
residence, household businesses, land, construction, certification, social protection,
health insurance, criminal records) with their fields and life events.

The data is `data/procedures.json`, in the catalogue's import format
(docs/procedures-import.md), loaded through the importer, so the demo also proves the
importer. Codes, fees, documents and legal bases look like the National Public Service
Portal's, but they are demo data: check the official catalogue before relying on them.
"""

from __future__ import annotations

from pathlib import Path

from openprovince.dossiers.catalogue.importing import procedure_file_parse, procedures_import
from openprovince.dossiers.models import Procedure

DATA = Path(__file__).resolve().parent / "data" / "procedures.json"


def demo_procedures_load() -> int:
    """Import the demo catalogue once; returns how many procedures were created (0 when the
    demo catalogue is already there). Needs the demo province (agencies and their types)."""
    parsed = procedure_file_parse(content=DATA.read_bytes(), filename=DATA.name)
    codes = [str(row.get("code", "")) for row in parsed.rows]
    if Procedure.objects.filter(code__in=codes).exists():
        return 0
    report = procedures_import(file=parsed)
    if not report.ok:
        problems = "; ".join(
            f"row {e.row} [{e.code}] {e.field}: {e.message}" for e in report.errors[:5]
        )
        raise ValueError(f"demo procedures rejected: {problems}")
    return report.created
