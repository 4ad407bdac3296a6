"""`/tuition/`: bill lookup and payment for parents (school staff pages are in the office)."""

from django.urls import path

from . import views

app_name = "tuition"
urlpatterns = [
    path("", views.index, name="index"),
    path("pay", views.pay, name="pay"),
]
