from django.urls import path

from . import views, views_map

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new", views.new, name="new"),
    path("nearby", views.nearby, name="nearby"),
    path("drafts/<uuid:public_id>/", views.draft, name="draft"),
    path("photos/<uuid:photo_id>", views.photo, name="photo"),
    path("map", views_map.map_page, name="map"),
    path("map.json", views_map.map_json, name="map_json"),
    path("stats", views_map.stats, name="stats"),
    path("areas/follow", views_map.area_follow_view, name="area_follow"),
    path("<uuid:public_id>/", views.detail, name="detail"),
]
