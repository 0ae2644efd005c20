from django.urls import path

from . import views

app_name = "lti"
urlpatterns = [
    path("lti/jwks/", views.jwks, name="jwks"),
    path("lti/login/", views.login_init, name="login"),
    path("lti/login/<uuid:registration_uuid>/", views.login_init, name="login_for"),
    path("lti/launch/", views.launch, name="launch"),
    path("lti/continue/<str:token>/", views.continue_launch, name="continue"),
    path("lti/pick/<str:token>/", views.pick, name="pick"),
    path("lti/roster/<str:token>/", views.roster, name="roster"),
    path("lti/register/<str:token>/", views.register, name="register"),
]
