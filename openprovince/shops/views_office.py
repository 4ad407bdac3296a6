"""`/office/shops/`: the figures officials follow (shops per commune/ward and kind, cashless
methods, growth) for the agencies they can see, and the certified shops as CSV. Verifying a
shop happens on the case page (see office.py)."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from openprovince.accounts.rules import agencies_visible_to, is_official
from openprovince.core.access import official_required
from openprovince.core.audit import audit_record
from openprovince.office.views import office_render

from .models import Shop
from .stats import (
    EXPORT_COLUMNS,
    export_rows,
    shops_in,
    stats_by_area,
    stats_by_category,
    stats_by_month,
)

ACTIVE = "shops"


@official_required(is_official, name="official")
def index(request: HttpRequest) -> HttpResponse:
    shops = shops_in(agencies_visible_to(request.user))
    areas = stats_by_area(shops)
    certified = sum(a.certified for a in areas)
    wallets = sum(a.wallets for a in areas)
    context = {
        "areas": areas,
        "categories": stats_by_category(shops),
        "months": stats_by_month(shops),
        "certified": certified,
        "waiting": sum(a.waiting for a in areas),
        "wallet_share": wallets / certified if certified else None,
        "drafts": shops.filter(status=Shop.Status.DRAFT).count(),
    }
    return office_render(request, "shops/office_index.html", context, ACTIVE)


@official_required(is_official, name="official")
def export(request: HttpRequest) -> HttpResponse:
    """UTF-8 with BOM, so spreadsheet programs show Vietnamese."""
    shops = shops_in(agencies_visible_to(request.user))
    audit_record(action="shops.export", request=request)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export_rows(shops))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cua-hang-4-0-{stamp}.csv"'
    return response
