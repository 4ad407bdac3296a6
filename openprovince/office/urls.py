from django.urls import path, re_path

from . import views

app_name = "office"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/import/", views.agencies_import_view, name="agencies_import"),
    re_path(
        r"^agencies/export\.(?P<fmt>csv|json)$", views.agencies_export_view, name="agencies_export"
    ),
]
