from django.urls import path

from . import views

app_name = "followups"
urlpatterns = [
    path("follow-up/<id:followup_id>/", views.answer, name="answer"),
    path("follow-up/<id:followup_id>/decline/", views.decline, name="decline"),
]
