from django.urls import path

from . import views_citizen

app_name = "cases"
urlpatterns = [
    path("me/requests/", views_citizen.my_requests, name="my_requests"),
    path("me/requests/<uuid:public_id>/", views_citizen.my_request, name="my_request"),
    path(
        "me/requests/<uuid:public_id>/files/<uuid:file_id>",
        views_citizen.my_request_file,
        name="my_request_file",
    ),
]
