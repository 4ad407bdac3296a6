"""Demo officials for `make run`: one per role, in several agencies.

Their passwords and authenticator secrets are published in the README, so they exist for local
trials only: production settings refuse to serve while any of them is present
(openprovince/accounts/demo_guard.py); `manage.py remove_demo_accounts` deletes them.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openprovince.accounts.models import RoleAssignment, TotpDevice, User
from openprovince.agencies.models import Agency

PASSWORD = "demo-OpenProvince-2026"  # noqa: S105 - published on purpose, demo only
# (user name, display name, agency code, role, authenticator secret in base32)
OFFICIALS = [
    ("demo.tinh", "Nguyễn Văn Tỉnh", "TN", "province_admin", "DEMOTINHAAAAAAAAAAAAAAAAAAAAAAAA"),
    ("demo.so.nnmt", "Trần Thị Sở", "TN.SNNMT", "agency_admin", "DEMOSOAAAAAAAAAAAAAAAAAAAAAAAAAA"),
    (
        "demo.tanninh.quantri",
        "Lê Văn Quản",
        "TN.P.TANNINH",
        "agency_admin",
        "DEMOQUANTRIAAAAAAAAAAAAAAAAAAAAA",
    ),
    (
        "demo.tanninh.duyet",
        "Phạm Thị Duyệt",
        "TN.P.TANNINH",
        "approver",
        "DEMODUYETAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    (
        "demo.tanninh.xuly",
        "Võ Văn Xử",
        "TN.P.TANNINH",
        "handler",
        "DEMOXULYAAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    (
        "demo.tanninh.xem",
        "Đặng Thị Xem",
        "TN.P.TANNINH",
        "viewer",
        "DEMOXEMAAAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    (
        "demo.godau.xuly",
        "Huỳnh Văn Dầu",
        "TN.P.GODAU",
        "handler",
        "DEMOGODAUAAAAAAAAAAAAAAAAAAAAAAA",
    ),
]


def demo_officials_load() -> int:
    """Create (or reset) the demo officials; returns how many."""
    with transaction.atomic():
        for username, name, code, role, secret in OFFICIALS:
            user, _created = User.objects.get_or_create(username=username)
            user.display_name = name
            user.is_staff = user.is_demo = True
            user.is_superuser = role == "province_admin"  # the platform admin pages too
            user.set_password(PASSWORD)
            user.save()
            TotpDevice.objects.update_or_create(
                user=user,
                defaults={"secret": secret, "confirmed_at": timezone.now(), "last_step": 0},
            )
            RoleAssignment.objects.get_or_create(
                user=user, agency=Agency.objects.get(code=code), role=role
            )
    return len(OFFICIALS)


def demo_accounts_remove() -> int:
    """Delete the demo accounts and disable the demo Open311 key (its secret is published)."""
    from .reports import demo_integrator_key_disable

    deleted, _detail = User.objects.filter(is_demo=True).delete()
    return deleted + demo_integrator_key_disable()
