"""Which agency handles a report: the category's agency type at the point, else triage."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError

from .lookups import agency_at, category_handled_by_type, category_type_codes
from .models import ReportCategory


def triage_desk() -> Agency:
    """The province's triage desk (REPORTS_TRIAGE_AGENCY), by default the root agency."""
    code = settings.REPORTS_TRIAGE_AGENCY
    desk = Agency.objects.filter(code=code, is_active=True).first() if code else None
    if desk is None:
        desk = Agency.objects.filter(parent__isnull=True, is_active=True).order_by("code").first()
    if desk is None:
        raise AppError(
            "reports.no_agencies", _("No agency is set up to receive reports yet."), status=503
        )
    return desk


def report_route(
    *, category: ReportCategory, lat: float | None, lng: float | None, ward: Agency | None
) -> Agency:
    """The deepest agency of the category's type whose boundary holds the point; a point in
    the province but in no such agency goes to the triage desk; a point outside every agency
    is refused. Without a point, the ward the person chose (if it is of the right type).
    Categories and boundaries come from this process's copies (see lookups.py)."""
    if lat is not None and lng is not None:
        types = category_type_codes(category)
        handler = agency_at(lat=lat, lng=lng, type_codes=types) if types else None
        if handler is not None:
            return handler
        if agency_at(lat=lat, lng=lng) is None:
            message = _("This place is outside the province. Move the pin to where the problem is.")
            raise AppError("reports.outside", message, fields={"location": [message]})
        return triage_desk()
    if ward is not None and category_handled_by_type(category, ward.type_id):
        return ward
    return triage_desk()
