"""Task and notification settings are checked when the settings load."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND must be"),
        ({"NOTIFY_CHANNELS": "sms,pigeon"}, "NOTIFY_CHANNELS takes"),
        ({"ZNS_TEMPLATES": "{not json"}, "ZNS_TEMPLATES must be a JSON object"),
        ({"ZNS_TEMPLATES": "[1]"}, "ZNS_TEMPLATES must be a JSON object"),
    ],
)
def test_given_a_bad_value_then_the_settings_refuse_to_load(tmp_path, env, message):
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            **base,
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and message in result.stderr


def test_given_zns_templates_in_the_environment_then_a_mapping(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.ZNS_TEMPLATES['case.updated'])",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "VAR_DIR": str(tmp_path),
            "ZNS_TEMPLATES": '{"case.updated": "231234"}',
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "231234", result.stderr
