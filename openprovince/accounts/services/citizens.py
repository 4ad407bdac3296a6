"""Finding or creating the one account of a citizen."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import User


def _new_username() -> str:
    return f"c-{secrets.token_hex(6)}"


def citizen_for_phone(*, phone: str) -> tuple[User, bool]:
    """The account holding this (verified) phone number, created on first sign-in."""
    user = User.objects.filter(phone=phone).first()
    if user:
        if user.phone_verified_at is None:
            user.phone_verified_at = timezone.now()
            user.save(update_fields=["phone_verified_at"])
        return user, False
    try:
        with transaction.atomic():
            user = User(username=_new_username(), phone=phone, phone_verified_at=timezone.now())
            user.set_unusable_password()
            user.save()
            return user, True
    except IntegrityError:  # the same person, twice at once: the other request won
        return User.objects.get(phone=phone), False


def citizen_for_zalo(*, zalo_id: str, name: str, phone: str | None) -> tuple[User, bool]:
    """The account for this Zalo user. With a phone number shared through Zalo, an account
    that already holds that number (from a phone code) is the same person: link them."""
    user = User.objects.filter(zalo_id=zalo_id).first()
    created = False
    if user is None and phone:
        user = User.objects.filter(phone=phone, zalo_id__isnull=True).first()
        if user:
            user.zalo_id = zalo_id
    if user is None:
        user = User(username=_new_username(), zalo_id=zalo_id)
        user.set_unusable_password()
        created = True
    if (
        phone
        and not user.phone
        and not User.objects.filter(phone=phone).exclude(pk=user.pk).exists()
    ):
        user.phone, user.phone_verified_at = phone, timezone.now()
    if name and not user.display_name:
        user.display_name = name
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return User.objects.get(zalo_id=zalo_id), False
    return user, created
