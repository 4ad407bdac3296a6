"""Open311 GeoReport v2 at /open311/v2/ (docs/open311.md).

Every view is CSRF-exempt: this is an API for other machines, which send no cookies and
carry no CSRF token. Reading needs nothing (public data only); POST requests is
authenticated by its own `api_key` form field, checked in the view, never by a session, so
a browser's cookies cannot be abused to send reports (the usual reason for CSRF checks)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from openprovince.core.access import public
from openprovince.core.errors import AppError
from openprovince.web.brand import brand_current

from . import selectors
from .keys import integrator_key_check
from .params import request_query, update_query
from .rendering import app_error_response, error_response, iso, render
from .serialise import (
    discovery_dict,
    request_dict,
    service_definition_dict,
    service_dict,
    submitted_dict,
    update_dict,
)
from .submission import Open311Post, open311_submit

View = Callable[..., HttpResponse]


def _errors_as_open311(view: View) -> View:
    """AppErrors (bad parameters, refused keys, refused reports) as the spec's error list."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except AppError as exc:
            return app_error_response(fmt=fmt, error=exc)

    return wrapper


def _base_url(request: HttpRequest) -> str:
    return settings.PUBLIC_BASE_URL or f"{request.scheme}://{request.get_host()}"


def _not_found(fmt: str, what: str) -> HttpResponse:
    return error_response(fmt=fmt, status=404, descriptions=[what])


@public
@csrf_exempt
@require_GET
@_errors_as_open311
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    brand = brand_current()
    endpoint = reverse("open311:discovery", kwargs={"fmt": fmt}).rsplit("/", 1)[0] + "/"
    data = discovery_dict(
        endpoint_url=_base_url(request) + endpoint,
        changeset=iso(selectors.services_changeset()),
        contact=f"{brand.name} – {brand.province} – {brand.hotline}",
    )
    return render(fmt=fmt, root="discovery", data=data)


@public
@csrf_exempt
@require_GET
@_errors_as_open311
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    data = [service_dict(c) for c in selectors.services_active()]
    return render(fmt=fmt, root="services", data=data)


@public
@csrf_exempt
@require_GET
@_errors_as_open311
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = selectors.service_active(code=code)
    if category is None:
        return _not_found(fmt, _("service_code %(code)s was not found.") % {"code": code[:40]})
    return render(fmt=fmt, root="service_definition", data=service_definition_dict(category))


def _post_data(request: HttpRequest) -> Open311Post:
    post = request.POST
    attributes = {
        k[len("attribute[") : -1]: str(v)
        for k, v in post.items()
        if k.startswith("attribute[") and k.endswith("]") and len(k) <= 60
    }
    return Open311Post(
        service_code=post.get("service_code", ""),
        lat=post.get("lat", ""),
        long=post.get("long", ""),
        address_string=post.get("address_string", ""),
        address_id=post.get("address_id", ""),
        attributes=attributes,
        description=post.get("description", ""),
        media_url=post.get("media_url", ""),
        phone=post.get("phone", ""),
        first_name=post.get("first_name", ""),
        last_name=post.get("last_name", ""),
    )


@public
@csrf_exempt
@require_http_methods(["GET", "POST"])
@_errors_as_open311
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        key = integrator_key_check(raw=request.POST.get("api_key", ""), request=request)
        report = open311_submit(key=key, data=_post_data(request), request=request)
        return render(fmt=fmt, root="service_requests", data=[submitted_dict(report=report)])
    query = request_query(request.GET)
    base_url = _base_url(request)
    data = [
        request_dict(report=r, base_url=base_url, extensions=query.extensions)
        for r in selectors.requests_find(query)
    ]
    return render(fmt=fmt, root="service_requests", data=data)


@public
@csrf_exempt
@require_GET
@_errors_as_open311
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    report = selectors.request_by_code(code=request_id)
    if report is None:
        message = _("service_request_id %(id)s was not found.") % {"id": request_id[:80]}
        return _not_found(fmt, message)
    extensions = request.GET.get("extensions", "").strip().lower() in {"true", "1"}
    data = [request_dict(report=report, base_url=_base_url(request), extensions=extensions)]
    return render(fmt=fmt, root="service_requests", data=data)


@public
@csrf_exempt
@require_GET
@_errors_as_open311
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """Reports are created at once (POST answers with service_request_id), so no token is
    ever handed out and every token is unknown."""
    return _not_found(fmt, _("token %(token)s was not found.") % {"token": token[:80]})


@public
@csrf_exempt
@require_GET
@_errors_as_open311
def updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """FixMyStreet's servicerequestupdates: the public steps of public reports."""
    events = selectors.updates_find(update_query(request.GET))
    photos = selectors.update_photos(events)
    base_url = _base_url(request)
    data = [update_dict(event=e, base_url=base_url, photo=photos.get(e.pk)) for e in events]
    return render(fmt=fmt, root="service_requests_updates", data=data)
