from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new", views.new, name="new"),
    path("nearby", views.nearby, name="nearby"),
    path("drafts/<uuid:public_id>/", views.draft, name="draft"),
    path("photos/<uuid:photo_id>", views.photo, name="photo"),
    path("<uuid:public_id>/", views.detail, name="detail"),
]
