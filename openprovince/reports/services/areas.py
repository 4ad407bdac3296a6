"""Following a commune or ward: signed-in people hear about every new report there.

`area_follow` starts or stops following; `area_notify_new_report` tells the followers of a new
report's commune/ward (call it inside the transaction that stores the report). The reads the
map page needs about areas (the province's box, an area by code) live here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import agencies_local
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.notifications.outbox import notification_enqueue
from openprovince.notifications.rendering import absolute_link

from ..models import AreaFollow, Report

MAX_AREAS_PER_USER = 20
NEW_IN_AREA = "report.new_in_area"
# In-app always; then only channels that cost nothing per message. A busy ward gets several
# reports a day, so SMS and Zalo ZNS (paid per message) are left out; add them here if the
# province decides to pay for them (the sms template exists).
AREA_CHANNELS: tuple[str, ...] = ("email", "webpush")


@dataclass(frozen=True)
class Box:
    south: float
    west: float
    north: float
    east: float

    def as_data(self) -> str:
        """For a `data-` attribute: "south,west,north,east"."""
        return ",".join(f"{v:.5f}" for v in (self.south, self.west, self.north, self.east))


def area_by_code(code: str) -> Agency | None:
    return agencies_local().filter(code=code[:40]).first() if code else None


def areas_followed(*, user: User) -> QuerySet[AreaFollow]:
    return AreaFollow.objects.filter(user=user).select_related("agency").order_by("agency__name")


def agency_box(agency: Agency) -> Box | None:
    south, west, north, east = agency.min_lat, agency.min_lng, agency.max_lat, agency.max_lng
    if south is None or west is None or north is None or east is None:
        return None
    return Box(south=south, west=west, north=north, east=east)


def province_box() -> Box | None:
    """The root agency's bounding box; else the box around every agency that has one."""
    root = Agency.objects.filter(parent__isnull=True, is_active=True).order_by("path").first()
    box = agency_box(root) if root is not None else None
    if box is not None:
        return box
    found = Agency.objects.filter(min_lat__isnull=False).aggregate(
        s=Min("min_lat"), w=Min("min_lng"), n=Max("max_lat"), e=Max("max_lng")
    )
    if any(found[k] is None for k in ("s", "w", "n", "e")):
        return None
    return Box(south=found["s"], west=found["w"], north=found["n"], east=found["e"])


def area_follow(*, user: User, agency: Agency, on: bool) -> bool:
    """Start (`on`) or stop following new reports in a commune/ward. Returns whether anything
    changed (following twice, or stopping what was not followed, changes nothing)."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("reports.sign_in_needed", _("Please sign in first."))
    if not on:
        deleted, _rows = AreaFollow.objects.filter(user=user, agency=agency).delete()
        return deleted > 0
    if not agencies_local().filter(pk=agency.pk).exists():
        raise AppError(
            "reports.not_an_area", _("Only a commune or ward can be followed."), status=400
        )
    if AreaFollow.objects.filter(user=user, agency=agency).exists():
        return False
    if AreaFollow.objects.filter(user=user).count() >= MAX_AREAS_PER_USER:
        raise AppError(
            "reports.too_many_areas",
            _("You can follow at most %(n)d communes or wards. Stop following one first.")
            % {"n": MAX_AREAS_PER_USER},
        )
    try:
        with transaction.atomic():
            AreaFollow.objects.create(user=user, agency=agency)
    except IntegrityError:  # the same tap twice at once
        return False
    return True


def area_notify_new_report(*, report: Report) -> int:
    """Tell everyone following the report's commune/ward, except the reporter, that a new
    report arrived there. Public facts only (never who reported). Call inside the transaction
    that stores the report. Returns how many people were told."""
    if not report.is_public:
        return 0
    case = report.case
    agency = case.agency
    link = reverse("reports:detail", kwargs={"public_id": case.public_id})
    context = {
        "case_code": case.code,
        "category_name": report.category.name,
        "area_name": agency.name,
        "address": report.address,
        "areas_link": absolute_link(reverse("reports:index")),
    }
    followers = AreaFollow.objects.filter(agency=agency, user__is_active=True).select_related(
        "user"
    )
    if case.applicant_id is not None:
        followers = followers.exclude(user_id=case.applicant_id)
    told = 0
    for follow in followers.order_by("id").iterator(chunk_size=500):
        notification_enqueue(
            recipient=follow.user,
            event=NEW_IN_AREA,
            context=context,
            link=link,
            channels=AREA_CHANNELS,
        )
        told += 1
    return told
