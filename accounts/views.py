import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import error_response

from . import services, sso
from .forms import (
    EmailForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    RegistrationForm,
    SignInForm,
    VerifyForm,
)
from .roles import landing_url


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso_label": sso.config()["LABEL"] if sso.enabled() else "",
            "local_passwords": settings.BRIDGE_LOCAL_PASSWORDS,
        }

    def get_default_redirect_url(self):
        """Without a ?next=, each role lands where its work is."""
        return landing_url(self.request.user)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        codes = {error.code for error in form.errors.as_data().get("__all__", [])}
        response.status_code = 429 if "account_paused" in codes else 400
        return response


class SignOutView(auth_views.LogoutView):
    """Signing out of Bridge; after single sign-on, the provider's session is ended too."""

    def post(self, request, *args, **kwargs):
        provider_url = sso.end_session_url(request, request.session.get("oidc_id_token"))
        response = super().post(request, *args, **kwargs)
        return redirect(provider_url) if provider_url else response


def local_passwords_only(view):
    """Registration and password resets, where a trust signs in through its provider only."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.BRIDGE_LOCAL_PASSWORDS:
            return error_response(
                request,
                404,
                heading=_("Bridge passwords are switched off"),
                message=_("This trust signs in with NHS accounts. Use the sign-in page."),
                back_url="/accounts/sign-in/",
            )
        return view(request, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "POST"])
@local_passwords_only
def register(request):
    if request.user.is_authenticated:
        return redirect("courses:my_training")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_register(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                job_title=data["job_title"],
                registration_body=data["registration_body"],
                registration_number=data["registration_number"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The same page whether or not the address already had an account.
            request.session["accounts_check_email"] = data["email"]
            return redirect("accounts:check_email")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def check_email(request):
    """After registering: the link is on its way (said the same for every address)."""
    email = request.session.get("accounts_check_email", "")
    return render(request, "accounts/check_email.html", {"email": email})


@require_http_methods(["GET", "POST"])
def verify(request, token: str):
    """The link from the e-mail: the person enters their password to confirm the address."""
    form = VerifyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.email_verify(token=token, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password" if error.code == "password" else None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your e-mail address is confirmed. Welcome to Bridge."))
            return redirect("courses:my_training")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/verify.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def verify_resend(request):
    form = EmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.verification_resend(email=form.cleaned_data["email"], request=request)
        request.session["accounts_check_email"] = form.cleaned_data["email"]
        return redirect("accounts:check_email")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/verify_resend.html", {"form": form}, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The next page reads the same whether or not the address has an
    account, and the e-mail goes only to an address that has one."""

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
