from django.urls import path

from . import views

app_name = "tracking"
urlpatterns = [path("my-team/", views.my_team, name="my_team")]
