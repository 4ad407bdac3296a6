"""Who may see and manage a school's bills: officials whose agency subtree holds the school
(a school is an agency of type "school"). Viewers see the lists and export them; handlers and
above also import bills and send reminders. Built on the shared role rules."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from openprovince.accounts.models import Role
from openprovince.accounts.rules import agencies_visible_to, can_handle, can_view
from openprovince.agencies.models import Agency

SCHOOL_TYPE = "school"


def schools_visible_to(user: Any, *, min_role: str = Role.VIEWER) -> QuerySet[Agency]:
    return agencies_visible_to(user, min_role=min_role).filter(type__code=SCHOOL_TYPE)


def sees_schools(user: Any) -> bool:
    """For the menu and the office tuition pages: the official has at least one school."""
    return schools_visible_to(user).exists()


def can_view_bills(user: Any, school: Agency) -> bool:
    return school.type.code == SCHOOL_TYPE and can_view(user, school)


def can_manage_bills(user: Any, school: Agency) -> bool:
    """Import bills and send reminders (changes, and messages to families)."""
    return school.type.code == SCHOOL_TYPE and can_handle(user, school)
