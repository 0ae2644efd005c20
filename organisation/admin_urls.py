from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.StaffImportView.as_view(), name="import"),
    path("history/", admin_views.ImportHistory.as_view(), name="history"),
    path("history/<id:import_id>/", admin_views.ImportDetail.as_view(), name="detail"),
    path("held/", admin_views.HeldRows.as_view(), name="held"),
    path("held/held-rows.csv", admin_views.HeldRowsCsv.as_view(), name="held_csv"),
    path("registrations/", admin_views.RegistrationList.as_view(), name="registrations"),
    path(
        "registrations/<id:profile_id>/confirm/",
        admin_views.RegistrationConfirm.as_view(),
        name="registration_confirm",
    ),
]
