from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("push-subscription", views.push_subscription, name="push_subscription"),
]
