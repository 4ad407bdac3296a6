"""A person's communes/wards for urgent notices."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError

from ..models import NewsAreaFollow

MAX_FOLLOWS = 5


def news_follow(*, user: Any, agency: Agency) -> bool:
    """Start sending `user` urgent notices for `agency`. False when already followed."""
    with transaction.atomic():
        if NewsAreaFollow.objects.filter(user=user, agency=agency).exists():
            return False
        if NewsAreaFollow.objects.filter(user=user).count() >= MAX_FOLLOWS:
            raise AppError(
                "news.too_many_areas",
                _("You can get notices for at most 5 communes/wards; stop one first."),
            )
        try:
            with transaction.atomic():  # a second tab may have followed it just now
                NewsAreaFollow.objects.create(user=user, agency=agency)
        except IntegrityError:
            return False
    return True


def news_unfollow(*, user: Any, agency: Agency) -> bool:
    deleted, _rows = NewsAreaFollow.objects.filter(user=user, agency=agency).delete()
    return bool(deleted)


def news_follows_of(user: Any) -> list[Agency]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        f.agency
        for f in NewsAreaFollow.objects.filter(user=user).select_related("agency").order_by("id")
    ]
