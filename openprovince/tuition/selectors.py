"""Reads for the school staff pages: the bills an official may see, filtered, with totals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from openprovince.agencies.models import Agency

from .models import TuitionBill
from .rules import schools_visible_to

Status = TuitionBill.Status
STATUSES = (Status.UNPAID, Status.PAID)


@dataclass(frozen=True)
class BillFilters:
    status: str = ""  # "", "unpaid", "paid"
    term: str = ""
    class_name: str = ""
    q: str = ""  # a student code or part of a name

    @classmethod
    def parse(cls, data: Any) -> BillFilters:
        def value(key: str, limit: int) -> str:
            return " ".join(str(data.get(key, "")).split())[:limit]

        status = value("status", 10)
        return cls(
            status=status if status in STATUSES else "",
            term=value("term", 60),
            class_name=value("class", 40),
            q=value("q", 120),
        )

    def as_query(self) -> dict[str, str]:
        pairs = {"status": self.status, "term": self.term, "class": self.class_name, "q": self.q}
        return {k: v for k, v in pairs.items() if v}


@dataclass(frozen=True)
class BillTotals:
    unpaid_count: int = 0
    unpaid_sum: int = 0
    paid_count: int = 0
    paid_sum: int = 0


def bills_visible_to(user: Any) -> QuerySet[TuitionBill]:
    return TuitionBill.objects.filter(school__in=schools_visible_to(user))


def school_for_official(*, user: Any, code: str) -> Agency | None:
    return schools_visible_to(user).select_related("type").filter(code=code).first()


def bills_of_school(
    *, school: Agency, filters: BillFilters, with_status: bool = True
) -> QuerySet[TuitionBill]:
    """The school's bills matching the filters; `with_status=False` ignores the paid/unpaid
    filter (the totals show both sides of the same selection)."""
    qs = TuitionBill.objects.filter(school=school)
    if with_status and filters.status:
        qs = qs.filter(status=filters.status)
    if filters.term:
        qs = qs.filter(term=filters.term)
    if filters.class_name:
        qs = qs.filter(class_name=filters.class_name)
    if filters.q:
        qs = qs.filter(
            Q(student_code__istartswith=filters.q.upper()) | Q(student_name__icontains=filters.q)
        )
    return qs


def bills_totals(qs: QuerySet[TuitionBill]) -> BillTotals:
    paid, unpaid = Q(status=Status.PAID), Q(status=Status.UNPAID)
    row = qs.aggregate(
        unpaid_count=Count("id", filter=unpaid),
        unpaid_sum=Sum("amount", filter=unpaid),
        paid_count=Count("id", filter=paid),
        paid_sum=Sum("amount", filter=paid),
    )
    return BillTotals(**{k: int(v or 0) for k, v in row.items()})


def school_choices(school: Agency) -> tuple[list[str], list[str]]:
    """The school's terms (newest first) and classes, for the filter lists."""
    bills = TuitionBill.objects.filter(school=school)
    terms = list(bills.order_by("-term").values_list("term", flat=True).distinct())
    classes = list(bills.order_by("class_name").values_list("class_name", flat=True).distinct())
    return terms, classes


def schools_with_totals(schools: QuerySet[Agency]) -> list[tuple[Agency, BillTotals]]:
    """Each school with its unpaid and paid counts and sums (one grouped query)."""
    rows = (
        TuitionBill.objects.filter(school__in=schools)
        .values("school_id")
        .annotate(
            unpaid_count=Count("id", filter=Q(status=Status.UNPAID)),
            unpaid_sum=Sum("amount", filter=Q(status=Status.UNPAID)),
            paid_count=Count("id", filter=Q(status=Status.PAID)),
            paid_sum=Sum("amount", filter=Q(status=Status.PAID)),
        )
    )
    by_school = {
        r.pop("school_id"): BillTotals(**{k: int(v or 0) for k, v in r.items()}) for r in rows
    }
    return [(s, by_school.get(s.pk, BillTotals())) for s in schools]
