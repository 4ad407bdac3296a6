"""`/news/`: the public news and notices (officials write them in `/office/news/`)."""

from django.urls import path

from . import feeds, views_public

app_name = "news"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("rss", feeds.rss, name="rss"),
    path("atom", feeds.atom, name="atom"),
    path("area", views_public.follow, name="follow"),
    path("area/stop", views_public.unfollow, name="unfollow"),
    path("images/<str:public_id>/<int:width>.webp", views_public.image, name="image"),
    path("images/<str:public_id>/fallback", views_public.image_fallback, name="image_fallback"),
    path("<str:public_id>/", views_public.detail, name="detail"),
    path("<str:public_id>/text", views_public.plain, name="plain"),
    path("<str:public_id>/files/<str:file_id>", views_public.attachment, name="attachment"),
]
