from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_accounts_check(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[Error]:
    """`manage.py check --deploy --database default` fails while demo accounts exist."""
    if not databases or not getattr(settings, "REFUSE_DEMO_ACCOUNTS", False):
        return []
    from .demo_guard import demo_accounts_present

    if demo_accounts_present():
        return [
            Error(
                "Demo accounts with published passwords exist.",
                hint="Run manage.py remove_demo_accounts.",
                id="openprovince.E001",
            )
        ]
    return []
