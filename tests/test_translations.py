"""Vietnamese is complete: every source string has a reviewed translation, and the catalogue
is in step with the code (a new string without a translation fails here)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
VI_PO = ROOT / "locale/vi/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%\(\w+\)\.\d+f|\{\w*\}")


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(VI_PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_every_translation_keeps_the_placeholders_of_its_source():
    for entry in polib.pofile(str(VI_PO)):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            for text in entry.msgstr_plural.values():
                got = sorted(set(PLACEHOLDER.findall(text)))
                assert got == sorted(set(wanted + PLACEHOLDER.findall(entry.msgid_plural))), (
                    entry.msgid
                )
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == wanted, entry.msgid


def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is required in CI to check the catalogue")
        pytest.skip("GNU gettext not installed: cannot extract strings here")
    for name in ("openprovince", "config", "manage.py", "locale"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-obsolete",
            "--ignore",
            "__pycache__",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "VAR_DIR": str(tmp_path / "var"),
        },
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in fresh if e.msgid and not e.translated()]
    assert missing == [], (
        f"new strings need a Vietnamese translation (make makemessages): {missing}"
    )


@pytest.mark.django_db
def test_given_english_when_rendering_then_no_vietnamese_interface_text_leaks(client):
    client.cookies["lang"] = "en"
    page = client.get("/").content.decode()
    assert "Cơ quan, UBND xã/phường" not in page
    assert "Agencies and ward offices" in page
