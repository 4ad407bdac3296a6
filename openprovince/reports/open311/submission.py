"""POST requests: a report filed by another system, through the same checks, routing and
throttling as the citizen form (reports.services.submission), on the `api` channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.accounts.phone import phone_normalise
from openprovince.accounts.services.citizens import citizen_for_phone
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import LOCAL_TYPES
from openprovince.cases.models import Case
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError
from openprovince.core.models import AuditEvent
from openprovince.core.text import clean_line

from ..models import Report
from ..selectors import categories_active
from ..services.submission import ReportInput, report_check, report_store
from .models import IntegratorKey

MEDIA_URL_KEY = "_media_url"  # in Report.answers: kept for officials, never fetched
MAX_MEDIA_URL = 1000


@dataclass(frozen=True)
class Open311Post:
    """The form fields of POST requests, as sent (strings)."""

    service_code: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    description: str = ""
    media_url: str = ""
    phone: str = ""
    first_name: str = ""
    last_name: str = ""


def integration_account(*, key: IntegratorKey) -> User:
    """The account that files an integrator's reports when no reporter's phone is given:
    `open311-<key id>`, without a password (nobody signs in with it)."""
    username = f"open311-{key.pk}"
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    user = User(username=username, display_name=clean_line(f"Open311: {key.name}", max_length=120))
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # two first reports at once: the other request made it
        return User.objects.get(username=username)
    return user


def _reporter(*, key: IntegratorKey, data: Open311Post) -> User:
    """The citizen with this Vietnamese mobile number (made on first use, like a first
    sign-in), else the integrator's account. Other contact fields are not kept."""
    try:
        phone = phone_normalise(data.phone) if data.phone.strip() else ""
    except AppError:
        phone = ""
    if not phone:
        return integration_account(key=key)
    user, created = citizen_for_phone(phone=phone)
    name = clean_line(f"{data.first_name} {data.last_name}", max_length=120)
    if created and name:
        user.display_name = name
        user.save(update_fields=["display_name"])
    return user


def _media_url(raw: str) -> str:
    url = raw.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if len(url) > MAX_MEDIA_URL or parts.scheme not in {"http", "https"} or not parts.netloc:
        message = _("media_url must be an http or https address.")
        raise AppError("open311.bad_media_url", message, fields={"media_url": [message]})
    return url


def _input(data: Open311Post) -> tuple[ReportInput, str]:
    problems: dict[str, list[str]] = {}
    category = categories_active().filter(code=data.service_code.strip()[:40]).first()
    if category is None:
        problems["service_code"] = [
            _("%(code)s is not one of our services (see services.json).")
            % {"code": clean_line(data.service_code, max_length=40) or "-"}
        ]
    ward = None
    if data.address_id.strip():
        ward = Agency.objects.filter(
            code=data.address_id.strip()[:40], is_active=True, type__code__in=LOCAL_TYPES
        ).first()
        if ward is None:
            problems["address_id"] = [_("address_id must be the code of a commune or ward.")]
    try:
        media_url = _media_url(data.media_url)
    except AppError as exc:
        problems.update(exc.fields)
        media_url = ""
    if problems:
        raise AppError("open311.invalid", _("Some details need attention."), fields=problems)
    return (
        ReportInput(
            category=category,
            lat=data.lat.strip() or None,
            lng=data.long.strip() or None,
            address=data.address_string,
            ward=ward,
            description=data.description,
            answers=dict(data.attributes),
            channel=Case.Channel.API,
        ),
        media_url,
    )


def open311_submit(
    *, key: IntegratorKey, data: Open311Post, request: HttpRequest | None = None
) -> Report:
    """File the report (checked like the citizen form, then stored with report_store: the
    same throttling, routing and case). Every attempt is in the audit log
    (`open311.submit`, success or not)."""
    try:
        _throttle_key(key)
        report_input, media_url = _input(data)
        checked = report_check(report_input)
        if media_url:
            checked.answers[MEDIA_URL_KEY] = media_url
        with transaction.atomic():  # a refused report leaves no new account behind
            user = _reporter(key=key, data=data)
            # The key's own hourly limit replaces the per-person and per-address ones: an
            # integrator files for many people from one server.
            report = report_store(
                checked=checked, photos=[], user=user, request=request, throttle=False
            )
            audit_record(
                action="open311.submit",
                request=request,
                actor=user,
                target=report.case,
                agency_code=report.case.agency.code,
                details={"key": key.pk, "service_code": checked.category.code},
            )
    except AppError as exc:
        audit_record(
            action="open311.submit",
            request=request,
            success=False,
            details={"key": key.pk, "error": exc.code, "fields": sorted(exc.fields)},
        )
        raise
    return report


def _throttle_key(key: IntegratorKey) -> None:
    since = timezone.now() - timedelta(hours=1)
    filed = AuditEvent.objects.filter(
        action="open311.submit", success=True, at__gte=since, details__key=key.pk
    ).count()
    if filed >= settings.OPEN311_MAX_PER_KEY_HOUR:
        raise AppError(
            "reports.too_many",
            _("This key has sent too many reports in the last hour. Please try again later."),
            status=429,
        )
