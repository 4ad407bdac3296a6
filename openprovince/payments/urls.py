"""`/pay/`: paying an order, gateway callbacks and returns, receipts."""

from django.urls import path

from . import views, views_callbacks, views_demo, views_receipts

app_name = "payments"
urlpatterns = [
    path("<uuid:public_id>/", views.checkout, name="checkout"),
    path("<uuid:public_id>/start", views.start, name="start"),
    path("<uuid:public_id>/status", views.status, name="status"),
    path("attempts/<uuid:public_id>/", views.attempt_page, name="attempt"),
    path("attempts/<uuid:public_id>/return", views.attempt_return, name="return"),
    path("attempts/<uuid:public_id>/provider-order", views.provider_order, name="provider_order"),
    path("callback/<slug:provider>", views_callbacks.callback, name="callback"),
    path("demo/<uuid:public_id>", views_demo.gateway, name="demo_gateway"),
    path("receipts/<uuid:public_id>/", views_receipts.receipt, name="receipt"),
    path("receipts/<uuid:public_id>.pdf", views_receipts.receipt_download, name="receipt_pdf"),
    # Printed on the receipt (and in its QR): the reference and the check code, nothing personal.
    path(
        "receipts/verify/<slug:reference>/<slug:token>",
        views_receipts.receipt_check,
        name="receipt_verify",
    ),
]
