from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.StaffImportView.as_view(), name="import"),
    path("registrations/", admin_views.RegistrationList.as_view(), name="registrations"),
    path(
        "registrations/<id:profile_id>/confirm/",
        admin_views.RegistrationConfirm.as_view(),
        name="registration_confirm",
    ),
]
