"""A tiny view that opens a case, for the idempotency tests (not routed in the app)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from openprovince.agencies.models import Agency
from openprovince.cases.services.opening import case_open
from openprovince.core.access import public


@public
@require_POST
def open_case(request: HttpRequest) -> HttpResponse:
    case = case_open(
        kind="general-request",
        title=request.POST.get("title", "?"),
        agency=Agency.objects.get(code="TN.P.TANNINH"),
    )
    return HttpResponse(case.code, status=201)


urlpatterns = [path("test/open-case", open_case), path("", include("config.urls"))]
