from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """One account per person across every service.

    Citizens never pick a user name: they arrive by phone code or Zalo and get a generated one.
    A phone number (E.164) and a Zalo id each belong to at most one account, which is how a
    person who used Zalo yesterday and a phone code today reaches the same account.
    Officials are staff accounts with a password and a second factor.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=16, unique=True, null=True, blank=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    zalo_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # Demo accounts (make run) carry this flag; production refuses to start while any exists.
    is_demo = models.BooleanField(default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_username()

    @property
    def shown_name(self) -> str:
        return self.display_name or self.get_full_name() or self.get_username()
