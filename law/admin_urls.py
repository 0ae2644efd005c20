from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.Overview.as_view(), name="overview"),
    path(
        "provisions/<id:provision_id>/record-change/",
        admin_views.RecordChange.as_view(),
        name="record_change",
    ),
    path("changes/<id:change_id>/retrain/", admin_views.Retrain.as_view(), name="retrain"),
]
