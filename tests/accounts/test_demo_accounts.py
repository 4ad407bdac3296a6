"""Demo officials exist for `make run` only: production refuses to serve while they exist."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from openprovince.accounts.demo_guard import refuse_demo_accounts
from openprovince.accounts.models import RoleAssignment, User
from openprovince.accounts.totp import totp_at
from openprovince.demo.officials import OFFICIALS, PASSWORD, demo_officials_load
from tests.test_settings import run_django

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_official_per_role_in_several_agencies(demo_province):
    demo_officials_load()
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {"viewer", "handler", "approver", "agency_admin", "province_admin"}
    assert RoleAssignment.objects.values("agency").distinct().count() >= 3
    assert User.objects.filter(is_demo=True).count() == len(OFFICIALS)


def test_a_demo_official_signs_in_with_the_published_password_and_secret(client, demo_province):
    import time

    demo_officials_load()
    username, _name, _code, _role, secret = OFFICIALS[4]
    client.post("/office/login/", {"username": username, "password": PASSWORD})
    response = client.post(
        "/office/login/2fa/", {"code": totp_at(secret, time.time()), "next": "/office/"}
    )
    assert response.status_code == 302 and client.get("/office/").status_code == 200


def test_with_production_guard_demo_accounts_refuse_start_and_fail_the_deploy_check(
    settings, demo_province
):
    settings.REFUSE_DEMO_ACCOUNTS = True
    refuse_demo_accounts()  # none yet: fine
    call_command(
        "check",
        "--deploy",
        "--database",
        "default",
        "--fail-level",
        "ERROR",
        tags=["security"],
        verbosity=0,
    )
    demo_officials_load()
    with pytest.raises(ImproperlyConfigured, match="Demo accounts"):
        refuse_demo_accounts()
    with pytest.raises(SystemCheckError):
        call_command(
            "check",
            "--deploy",
            "--database",
            "default",
            "--fail-level",
            "ERROR",
            tags=["security"],
            verbosity=0,
        )
    call_command("remove_demo_accounts", verbosity=0)
    refuse_demo_accounts()


def test_the_production_wsgi_app_will_not_load_with_demo_accounts(tmp_path):
    from tests.test_settings import GOOD_KEY

    base = {"DJANGO_SETTINGS_MODULE": "config.settings.base", "VAR_DIR": str(tmp_path)}
    setup = run_django(
        "import django; django.setup(); from django.core.management import "
        "call_command as c; c('migrate', verbosity=0); c('load_demo_province')",
        **base,
    )
    assert setup.returncode == 0, setup.stderr[-2000:]
    start = run_django(
        "import config.wsgi",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=GOOD_KEY,
        VAR_DIR=str(tmp_path),
    )
    assert start.returncode != 0 and "Demo accounts with published passwords" in start.stderr
    run_django(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('remove_demo_accounts')",
        **base,
    )
    start = run_django(
        "import config.wsgi",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=GOOD_KEY,
        VAR_DIR=str(tmp_path),
    )
    assert start.returncode == 0, start.stderr[-2000:]


def test_the_demo_open311_key_is_refused_like_a_demo_account_until_removed(settings):
    from openprovince.demo.reports import demo_integrator_key_active, demo_integrator_key_load

    settings.REFUSE_DEMO_ACCOUNTS = True
    demo_integrator_key_load()  # its secret is in the README
    with pytest.raises(ImproperlyConfigured, match="Demo accounts"):
        refuse_demo_accounts()
    call_command("remove_demo_accounts", verbosity=0)
    assert not demo_integrator_key_active()
    refuse_demo_accounts()
