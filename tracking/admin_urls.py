from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.Dashboard.as_view(), name="dashboard"),
    path("people/<id:profile_id>/", admin_views.Person.as_view(), name="person"),
    path("export.<str:export_format>", admin_views.Export.as_view(), name="export"),
    path("assignments/", admin_views.Assignments.as_view(), name="assignments"),
    path(
        "assignments/<id:assignment_id>/remove/",
        admin_views.AssignmentRemove.as_view(),
        name="assignment_remove",
    ),
    path("people/<id:user_id>/erase/", admin_views.PersonErase.as_view(), name="erase"),
]
