"""`/procedures/`: the procedure catalogue (catalogue part)."""

from django.urls import path

from . import views_catalogue

app_name = "procedures"

urlpatterns = [
    path("", views_catalogue.index, name="index"),
    path("<str:code>/", views_catalogue.detail, name="detail"),
]
