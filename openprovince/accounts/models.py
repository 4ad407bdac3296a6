from __future__ import annotations

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """One account per person across every service.

    Custom from the first migration so that sign-in methods (Zalo, phone), agency roles and
    consent can be added without swapping the user model later.
    """
