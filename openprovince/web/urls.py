from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("prefs", views.preferences, name="preferences"),
    path("offline", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("qr", views.qr_code, name="qr"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("brand/logo", views.brand_logo, name="brand_logo"),
]
