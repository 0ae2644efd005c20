from django.urls import path

from . import views

app_name = "tracking"
urlpatterns = [
    path("my-team/", views.my_team, name="my_team"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export.<str:export_format>", views.my_data, name="my_data_export"),
]
