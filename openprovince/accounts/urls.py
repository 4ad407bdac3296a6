from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signin/code/", views.signin_code, name="signin_code"),
    path("signin/resend/", views.signin_resend, name="signin_resend"),
    path("signout/", views.signout, name="signout"),
    path("me/", views.me, name="me"),
    path("me/data.json", views.my_data, name="my_data"),
    path("me/delete/", views.delete_account, name="delete"),
    path("me/consents/", views.consents, name="consents"),
    path("me/businesses/new/", views.business_new, name="business_new"),
    path("dev/sms", views.dev_sms, name="dev_sms"),  # 404 unless DEBUG
]
