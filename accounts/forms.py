from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from core.text import SafeTextFormMixin

from . import emails, services
from .models import User
from .services import check_registration_email

ERROR_UNVERIFIED = _(
    "Confirm your e-mail address before you sign in. We have sent a link to %(email)s: it "
    "works for %(days)s days. Check your junk folder if it has not arrived."
)
ERROR_ACCOUNT_PAUSED = _(
    "There have been too many attempts to sign in to this account, so signing in with a password "
    "is paused for up to an hour. To sign in now, reset your password: we will e-mail you a link."
)

ERROR_PASSWORDS_OFF = _(
    "Bridge passwords are switched off at this trust. Sign in with your NHS account instead."
)


class VerifiedSignInMixin:
    """Sign-in rules shared by the service's page and the admin's: a confirmed address, and a
    pause on an account that many addresses have tried to guess."""

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        if email and services.account_failure_count(email) >= settings.BRIDGE_ACCOUNT_FAILURE_LIMIT:
            # Checked before the password, so guesses against a paused account learn nothing.
            raise ValidationError(ERROR_ACCOUNT_PAUSED, code="account_paused")
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not settings.BRIDGE_LOCAL_PASSWORDS and not user.is_superuser:
            raise ValidationError(ERROR_PASSWORDS_OFF, code="passwords_off")
        # Reached only with the right password, so this says nothing to someone guessing.
        if not user.email_verified and not user.is_superuser:
            services.verification_send(user=user, request=self.request)
            raise ValidationError(
                ERROR_UNVERIFIED
                % {"email": user.email, "days": settings.BRIDGE_EMAIL_VERIFY_SECONDS // 86400},
                code="unverified",
            )


class SignInForm(VerifiedSignInMixin, SafeTextFormMixin, AuthenticationForm):
    nhs_phrases = {"username": _("your email address"), "password": _("your password")}
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class AdminSignInForm(VerifiedSignInMixin, WagtailLoginForm):
    """The Wagtail admin's sign-in, with the same rules."""


class EmailForm(SafeTextFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class VerifyForm(SafeTextFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("The one you chose when you created the account."),
    )


class PasswordResetRequestForm(SafeTextFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Queued like every account e-mail (and limited per address), never sent in the request."""
        emails.send_templated(
            to=to_email,
            subject_template=subject_template_name,
            body_template=email_template_name,
            context=context,
        )


class NewPasswordForm(SafeTextFormMixin, SetPasswordForm):
    """A new password from a reset link: saved through the service, which also confirms the
    address the link reached."""

    def save(self, commit=True):
        return services.password_reset_complete(
            user=self.user, password=self.cleaned_data["new_password1"]
        )


class RegistrationForm(SafeTextFormMixin, forms.Form):
    nhs_phrases = {
        "email": _("your work email address"),
        "password1": _("a password"),
        "password2": _("your password again"),
    }

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Work email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    registration_body = forms.ChoiceField(
        label=_("Professional registration (optional)"),
        choices=User.RegistrationBody.choices,
        required=False,
    )
    registration_number = forms.CharField(
        label=_("Registration number, for example your NMC PIN (optional)"),
        max_length=20,
        required=False,
        help_text=_("Shown on your certificates and CPD record."),
    )
    password1 = forms.CharField(
        label=_("Create a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Avoid common words."),
    )
    password2 = forms.CharField(
        label=_("Confirm your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        check_registration_email(email)
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        if p1:
            probe = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SafeModelChoiceField(forms.ModelChoiceField):
    """A model choice that treats an out-of-range id (too big for the database) as invalid."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None
