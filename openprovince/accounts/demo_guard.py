"""Demo accounts (`make run`) have published passwords, and the demo Open311 key a published
secret: production must never serve with them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def demo_accounts_present() -> bool:
    from openprovince.demo.reports import demo_integrator_key_active

    from .models import User

    try:
        return (
            User.objects.filter(is_demo=True, is_active=True).exists()
            or demo_integrator_key_active()
        )
    except DatabaseError:  # not migrated yet: nothing to refuse (readyz reports it)
        return False


def refuse_demo_accounts() -> None:
    """Called by config/wsgi.py when REFUSE_DEMO_ACCOUNTS is set (production settings)."""
    if getattr(settings, "REFUSE_DEMO_ACCOUNTS", False) and demo_accounts_present():
        raise ImproperlyConfigured(
            "Demo accounts with published passwords exist in this database. Remove them "
            "(manage.py remove_demo_accounts) before serving with production settings."
        )
