"""`/shops/`: the public "Cửa hàng 4.0" directory and owners' registration (officials verify
in the office: `/office/shops/`)."""

from django.urls import path

from . import views_owner, views_public

app_name = "shops"
urlpatterns = [
    path("", views_public.directory, name="directory"),
    path("map", views_public.shop_map, name="map"),
    path("register", views_owner.register, name="register"),
    path("mine", views_owner.mine, name="mine"),
    path("<str:public_id>/", views_public.detail, name="detail"),
    path("<str:public_id>/certificate", views_public.certificate, name="certificate"),
    path("<str:public_id>/standee.pdf", views_public.standee, name="standee"),
    path("<str:public_id>/edit/<slug:step>", views_owner.edit, name="edit"),
    path("<str:public_id>/review", views_owner.review, name="review"),
    path("<str:public_id>/delete", views_owner.delete_draft, name="delete"),
    path(
        "<str:public_id>/photos/<str:photo_id>/remove",
        views_owner.photo_remove,
        name="photo_remove",
    ),
    path("photos/<str:photo_id>", views_public.photo, name="photo"),
]
