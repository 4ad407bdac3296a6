from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from openprovince.core import health

from .api import api

admin.site.site_header = "OpenProvince"
admin.site.site_title = "OpenProvince"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("office/", include("openprovince.office.urls")),
    path("agencies/", include("openprovince.agencies.urls")),
    path("", include("openprovince.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
