from django.urls import path

from . import views

app_name = "cpd"
urlpatterns = [
    path("cpd/", views.cpd_record, name="record"),
    path("cpd/entries/add/", views.cpd_entry_form, name="entry_add"),
    path("cpd/entries/<id:entry_id>/edit/", views.cpd_entry_form, name="entry_edit"),
    path("cpd/entries/<id:entry_id>/delete/", views.cpd_entry_delete, name="entry_delete"),
    path("cpd/reflections/add/", views.reflective_account_form, name="reflective_account_add"),
    path(
        "cpd/reflections/<id:account_id>/edit/",
        views.reflective_account_form,
        name="reflective_account_edit",
    ),
    path(
        "cpd/reflections/<id:account_id>/delete/",
        views.reflective_account_delete,
        name="reflective_account_delete",
    ),
    path("cpd/export.<str:export_format>", views.cpd_export, name="export"),
]
