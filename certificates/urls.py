from django.urls import path

from . import cpd_views, views

app_name = "certificates"
urlpatterns = [
    path(
        "certificates/completion/<id:completion_id>/", views.for_completion, name="for_completion"
    ),
    path("certificates/<str:code>/download/", views.download, name="download"),
    path("verify/", views.verify, name="verify"),
    path("cpd/", cpd_views.cpd_record, name="cpd_record"),
    path("cpd/entries/add/", cpd_views.cpd_entry_form, name="cpd_entry_add"),
    path("cpd/entries/<id:entry_id>/edit/", cpd_views.cpd_entry_form, name="cpd_entry_edit"),
    path("cpd/entries/<id:entry_id>/delete/", cpd_views.cpd_entry_delete, name="cpd_entry_delete"),
    path("cpd/reflections/add/", cpd_views.reflective_account_form, name="reflective_account_add"),
    path(
        "cpd/reflections/<id:account_id>/edit/",
        cpd_views.reflective_account_form,
        name="reflective_account_edit",
    ),
    path(
        "cpd/reflections/<id:account_id>/delete/",
        cpd_views.reflective_account_delete,
        name="reflective_account_delete",
    ),
    path("cpd/export.<str:export_format>", cpd_views.cpd_export, name="cpd_export"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
]
