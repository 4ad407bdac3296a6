"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib (pure Python).

Django's `compilemessages` needs GNU gettext, which a fresh machine with only Python lacks;
the .mo files are build output and are not committed.
Run: `python -m openprovince.core.i18n_compile` (make does it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent.parent / "locale"


def compile_all(root: Path = ROOT) -> list[Path]:
    written = []
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        sys.stdout.write(f"compiled {path}\n")
