"""Figures for officials: shops per commune/ward and per kind, how many take more than bank
transfers, and growth month by month — within the agencies an official can see."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from openprovince.agencies.models import Agency

from .models import Shop

WAITING = (Shop.Status.SUBMITTED, Shop.Status.CHANGES_REQUESTED)


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    certified: int
    waiting: int
    wallets: int  # certified shops that also take cards or e-wallets

    @property
    def wallet_share(self) -> float | None:
        return self.wallets / self.certified if self.certified else None


@dataclass(frozen=True)
class MonthRow:
    month: date
    certified: int
    total: int  # certified by the end of the month


def shops_in(areas: QuerySet[Agency]) -> QuerySet[Shop]:
    return Shop.objects.filter(ward__in=areas)


def stats_by_area(shops: QuerySet[Shop]) -> list[AreaRow]:
    rows = (
        shops.values("ward__code", "ward__name")
        .annotate(
            certified=Count("id", filter=Q(status=Shop.Status.APPROVED)),
            waiting=Count("id", filter=Q(status__in=WAITING)),
            wallets=Count("id", filter=Q(status=Shop.Status.APPROVED) & ~Q(methods_key="")),
        )
        .order_by("ward__name")
    )
    return [
        AreaRow(r["ward__code"], r["ward__name"], r["certified"], r["waiting"], r["wallets"])
        for r in rows
        if r["certified"] or r["waiting"]
    ]


def stats_by_category(shops: QuerySet[Shop]) -> list[tuple[str, int]]:
    rows = (
        shops.filter(status=Shop.Status.APPROVED)
        .values("category__name", "category__order")
        .annotate(n=Count("id"))
        .order_by("category__order", "category__name")
    )
    return [(r["category__name"], r["n"]) for r in rows]


def stats_by_month(shops: QuerySet[Shop]) -> list[MonthRow]:
    rows = (
        shops.filter(status=Shop.Status.APPROVED, approved_at__isnull=False)
        .annotate(month=TruncMonth("approved_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    total, out = 0, []
    for r in rows:
        total += r["n"]
        month = r["month"].date() if hasattr(r["month"], "date") else r["month"]
        out.append(MonthRow(month, r["n"], total))
    return out


EXPORT_COLUMNS = [
    "certificate", "name", "category", "ward", "address", "lat", "lng", "certified_at",
    "methods", "banks",
]  # fmt: skip


def _cell(text: str) -> str:
    """Owners type names and addresses: a spreadsheet must not run one as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_rows(shops: QuerySet[Shop]) -> Iterator[list[str]]:
    """Certified shops for a spreadsheet (the owner's phone and account numbers left out)."""
    certified = (
        shops.filter(status=Shop.Status.APPROVED)
        .select_related("category", "ward")
        .prefetch_related("accounts")
        .order_by("ward__name", "name")
    )
    for shop in certified.iterator(chunk_size=2000):
        yield [
            shop.certificate_code or "",
            _cell(shop.name),
            shop.category.name,
            shop.ward.name if shop.ward else "",
            _cell(shop.address),
            "" if shop.lat is None else f"{shop.lat:.6f}",
            "" if shop.lng is None else f"{shop.lng:.6f}",
            shop.approved_at.date().isoformat() if shop.approved_at else "",
            " ".join(["vietqr", *shop.methods]),
            " ".join(sorted({a.bank_bin for a in shop.accounts.all()})),
        ]
