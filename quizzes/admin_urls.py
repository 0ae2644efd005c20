from django.urls import path

from . import admin_views

urlpatterns = [
    path("item-analysis/", admin_views.ItemAnalysisIndex.as_view(), name="item_analysis_index"),
    path(
        "item-analysis/<id:quiz_id>/", admin_views.ItemAnalysisView.as_view(), name="item_analysis"
    ),
    path(
        "item-analysis/<id:quiz_id>/csv/", admin_views.item_analysis_csv, name="item_analysis_csv"
    ),
    path("attitudes/", admin_views.AttitudeIndex.as_view(), name="attitude_index"),
    path("attitudes/<id:quiz_id>/", admin_views.AttitudeView.as_view(), name="attitude"),
]
