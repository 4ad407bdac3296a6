from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from openprovince.core import health
from openprovince.core.access import SECOND_FACTOR_KEY

from .api import api

admin.site.site_header = "OpenProvince"
admin.site.site_title = "OpenProvince"


def _admin_has_permission(request: HttpRequest) -> bool:
    """The admin, like the office, needs the second factor."""
    user = request.user
    return bool(user.is_active and user.is_staff and request.session.get(SECOND_FACTOR_KEY))


def _admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    return redirect(f"/office/login/?next={request.get_full_path()}")


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("office/", include("openprovince.office.urls")),
    path("agencies/", include("openprovince.agencies.urls")),
    path("reports/", include("openprovince.reports.urls")),
    path("open311/v2/", include("openprovince.reports.open311.urls")),
    path("procedures/", include("openprovince.dossiers.urls_catalogue")),
    path("questions/", include("openprovince.questions.urls")),
    path("pay/", include("openprovince.payments.urls")),
    path("tuition/", include("openprovince.tuition.urls")),
    path("shops/", include("openprovince.shops.urls")),
    path("news/", include("openprovince.news.urls")),
    path("", include("openprovince.dossiers.urls")),
    path("notifications/", include("openprovince.notifications.urls")),
    path("", include("openprovince.accounts.urls")),
    path("", include("openprovince.cases.urls")),
    path("", include("openprovince.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
