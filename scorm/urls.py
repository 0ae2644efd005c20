from django.urls import path

from . import views

app_name = "scorm"
urlpatterns = [
    path("scorm/launch/<uuid:dispatch_id>/", views.launch, name="launch"),
    path("scorm/status/<str:token>/", views.status, name="status"),
]
