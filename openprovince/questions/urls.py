"""`/questions/`: the public Q&A (the office pages are in openprovince/office/urls.py)."""

from django.urls import path

from . import views, views_ask

app_name = "questions"
urlpatterns = [
    path("", views.index, name="index"),
    path("ask", views_ask.ask, name="ask"),
    path("similar", views_ask.similar, name="similar"),
    path("stats", views.stats, name="stats"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/helpful", views.helpful, name="helpful"),
    path("<uuid:public_id>/follow-up", views.follow_up, name="follow_up"),
]
