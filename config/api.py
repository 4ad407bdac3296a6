"""The JSON API (`/api/v1/`): one NinjaAPI, routers from each module, one error shape."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from openprovince.accounts.api import router as accounts_router
from openprovince.agencies.api import router as agencies_router
from openprovince.core.errors import AppError
from openprovince.news.api import router as news_router
from openprovince.notifications.api import router as notifications_router
from openprovince.questions.api import router as questions_router
from openprovince.questions.api_office import router as questions_office_router
from openprovince.reports.api import router as reports_router
from openprovince.reports.api_office import router as reports_office_router
from openprovince.shops.api import router as shops_router
from openprovince.shops.api_office import router as shops_office_router

api = NinjaAPI(
    title="OpenProvince API",
    version="1",
    description="Public services of the province. Errors are `{code, message, fields}`.",
    urls_namespace="api",
)


@api.exception_handler(AppError)
def app_error(request: HttpRequest, exc: AppError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", []) if p not in {"query", "body", "path", "form"}]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(error.get("msg", "")))
    body = {"code": "invalid_input", "message": _("Some values are not valid."), "fields": fields}
    return api.create_response(request, body, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals (no credentials, CSRF, an unreadable body) in the same shape."""
    known = {
        400: ("bad_request", _("The request could not be read.")),
        401: ("auth.required", _("Please sign in first.")),
        403: ("forbidden", _("You may not do this.")),
        429: ("too_many", _("Too many requests. Please wait a moment.")),
    }
    code, message = known.get(exc.status_code, ("error", _("The request was refused.")))
    body = {"code": code, "message": message, "fields": {}}
    return api.create_response(request, body, status=exc.status_code)


api.add_router("/", agencies_router)
api.add_router("/", accounts_router)
api.add_router("/", notifications_router)
api.add_router("/", reports_router)
api.add_router("/", reports_office_router)
api.add_router("/", questions_router)
api.add_router("/", questions_office_router)
api.add_router("/", shops_router)
api.add_router("/", shops_office_router)
api.add_router("/", news_router)
