"""Nearby open reports of the same category, and "this is my problem too"."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from openprovince.accounts.models import User
from openprovince.core.audit import audit_record
from openprovince.core.geo import distance_m

from ..models import Report, ReportCategory, ReportFollow

METRES_PER_DEGREE_LAT = 111_320.0
NEARBY = (  # as _candidates (the index report_nearby_idx leads with category, status, lat, lng)
    "category_id = %s AND status = %s AND is_public = %s AND lat >= %s AND lat <= %s "
    "AND lng >= %s AND lng <= %s AND created_at >= %s"
)


def _box(lat: float, lng: float, radius_m: float) -> tuple[float, float, float, float]:
    dlat = radius_m / METRES_PER_DEGREE_LAT
    dlng = radius_m / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


def _candidates(*, category: ReportCategory, lat: float, lng: float) -> QuerySet[Report]:
    """Open, public reports of the category in the box around its duplicate radius, within
    its duplicate window (the indexed prefilter; the exact distance is checked in Python)."""
    south, north, west, east = _box(lat, lng, category.duplicate_radius_m)
    since = timezone.now() - timedelta(days=category.duplicate_days)
    return Report.objects.filter(
        category=category,
        status="open",
        is_public=True,
        lat__gte=south,
        lat__lte=north,
        lng__gte=west,
        lng__lte=east,
        created_at__gte=since,
    )


def reports_nearby(
    *, category: ReportCategory, lat: float, lng: float, limit: int = 5
) -> list[tuple[Report, float]]:
    """Open, public reports of the category within its duplicate radius and window, nearest
    first, with their distance in metres. An indexed box first, then exact distance."""
    radius = category.duplicate_radius_m
    candidates = _candidates(category=category, lat=lat, lng=lng).select_related("case")[:200]
    found = [
        (r, distance_m(lat, lng, r.lat, r.lng))
        for r in candidates
        if r.lat is not None and r.lng is not None
    ]
    return sorted([pair for pair in found if pair[1] <= radius], key=lambda p: p[1])[:limit]


def reports_nearby_exist(*, category: ReportCategory, lat: float, lng: float) -> bool:
    """Whether `reports_nearby` would find any (all the citizen's form needs to know before
    sending): `_candidates`' filter, hand-written (one of the costs of every submission),
    reading coordinates only."""
    radius = category.duplicate_radius_m
    south, north, west, east = _box(lat, lng, radius)
    since = timezone.now() - timedelta(days=category.duplicate_days)
    ops = connection.ops
    table = ops.quote_name(Report._meta.db_table)
    sql = f"SELECT lat, lng FROM {table} WHERE {NEARBY} LIMIT 200"  # noqa: S608 - values are parameters
    params: list[Any] = [category.pk, "open", True, south, north, west, east]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, ops.adapt_datetimefield_value(since)])
        points = cursor.fetchall()
    return any(
        distance_m(lat, lng, r_lat, r_lng) <= radius
        for r_lat, r_lng in points
        if r_lat is not None and r_lng is not None
    )


def report_support(*, report: Report, user: User) -> bool:
    """Follow the report and count one more person affected; False if they already had."""
    with transaction.atomic():
        follow = ReportFollow.objects.filter(report=report, user=user).first()
        if follow is not None and follow.supports:
            return False
        try:
            if follow is None:
                with transaction.atomic():
                    ReportFollow.objects.create(report=report, user=user, supports=True)
            else:
                follow.supports = True
                follow.save(update_fields=["supports"])
        except IntegrityError:  # the same tap twice at once
            return False
        Report.objects.filter(pk=report.pk).update(supporters=F("supporters") + 1)
        audit_record(action="report.support", actor=user, target=report.case)
    return True


def report_follow(*, report: Report, user: User, on: bool = True) -> None:
    if on:
        ReportFollow.objects.get_or_create(report=report, user=user)
    else:
        ReportFollow.objects.filter(report=report, user=user, supports=False).delete()
