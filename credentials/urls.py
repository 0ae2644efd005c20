from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [
    path("certificates/<str:code>/open-badge.jwt", views.credential, name="credential"),
    path(
        "certificates/completion/<id:completion_id>/open-badge/",
        views.for_completion,
        name="for_completion",
    ),
    path(".well-known/did.json", views.did_document, name="did_document"),
    path("credentials/status/<int:number>/", views.status_list, name="status_list"),
    path("credentials/verify/", views.verify_file, name="verify_file"),
]
