from django.urls import path

from . import views

app_name = "law"

urlpatterns = [
    path("law-notices/<id:notice_id>/dismiss/", views.notice_dismiss, name="notice_dismiss"),
]
