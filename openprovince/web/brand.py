"""The current brand (name, colours, hotline), from the admin row or the settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from openprovince.core.content_versions import content_version_bump, content_version_get

from .models import Brand

NAMESPACE = "brand"
_cached: tuple[int, BrandView] | None = None


@dataclass(frozen=True)
class BrandView:
    name: str
    province: str
    hotline: str
    primary_color: str
    logo_url: str
    welcome: str


def brand_current() -> BrandView:
    global _cached
    version = content_version_get(namespace=NAMESPACE)
    if _cached and _cached[0] == version:
        return _cached[1]
    row = Brand.objects.first()
    view = BrandView(
        name=(row and row.name) or settings.BRAND_NAME,
        province=(row and row.province) or settings.BRAND_PROVINCE,
        hotline=(row and row.hotline) or settings.BRAND_HOTLINE,
        primary_color=(row and row.primary_color) or settings.BRAND_PRIMARY_COLOR,
        # Served by the app (web:brand_logo), so it works with private S3 storage too.
        logo_url=f"{reverse('web:brand_logo')}?v={version}" if row and row.logo else "",
        welcome=(row and row.welcome) or "",
    )
    _cached = (version, view)
    return view


def brand_save(*, brand: Brand) -> Brand:
    with transaction.atomic():
        if brand.pk is None and Brand.objects.exists():
            brand.pk = Brand.objects.values_list("pk", flat=True).first()
        brand.save()
        content_version_bump(namespace=NAMESPACE)
    return brand
