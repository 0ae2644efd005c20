from django.urls import path

from . import sso_views, views
from .views import local_passwords_only

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("nhs/start/", sso_views.SsoStart.as_view(), name="sso_start"),
    path("nhs/callback/", sso_views.SsoCallback.as_view(), name="sso_callback"),
    path("nhs/link/", sso_views.sso_link, name="sso_link"),
    path("register/check-your-email/", views.check_email, name="check_email"),
    path("confirm-email/resend/", views.verify_resend, name="verify_resend"),
    path("confirm-email/<str:token>/", views.verify, name="verify"),
    path(
        "password-reset/",
        local_passwords_only(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
