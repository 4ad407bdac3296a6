"""Applying for a procedure and following a dossier (dossiers part)."""

from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("procedures/<str:code>/apply", views.apply, name="apply"),
    path("dossiers/lookup", views.lookup, name="lookup"),
    path("dossiers/<uuid:public_id>/", views.detail, name="detail"),
    path("dossiers/<uuid:public_id>/receipt", views.receipt, name="receipt"),
    path("dossiers/<uuid:public_id>/supply", views.supply, name="supply"),
    path("dossiers/<uuid:public_id>/withdraw", views.withdraw, name="withdraw"),
    path("dossiers/<uuid:public_id>/pay", views.pay_fee, name="pay_fee"),
    path("dossiers/<uuid:public_id>/result", views.result_file, name="result"),
]
