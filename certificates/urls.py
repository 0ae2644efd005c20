from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path(
        "certificates/completion/<id:completion_id>/", views.for_completion, name="for_completion"
    ),
    path("certificates/<str:code>/download/", views.download, name="download"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
]
