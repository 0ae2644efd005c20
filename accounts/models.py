from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. The username is their e-mail address, kept lower case."""

    class RegistrationBody(models.TextChoices):
        NONE = "", _("None")
        NMC = "nmc", _("Nursing and Midwifery Council (NMC)")
        HCPC = "hcpc", _("Health and Care Professions Council (HCPC)")
        GMC = "gmc", _("General Medical Council (GMC)")
        SWE = "swe", _("Social Work England")

    email = models.EmailField(_("email address"))
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    registration_body = models.CharField(
        _("professional registration body"),
        max_length=8,
        choices=RegistrationBody.choices,
        blank=True,
    )
    registration_number = models.CharField(
        _("registration number (for example NMC PIN)"), max_length=20, blank=True
    )
    # Set when the person proved the address is theirs (a link sent to it, or a password reset
    # through it). Until then they cannot sign in, and no staff record is linked to the account.
    email_verified_at = models.DateTimeField(_("e-mail address confirmed"), null=True, blank=True)
    # Set when an admin checked the registration number against the register; until then it is
    # shown as self-declared.
    registration_confirmed_at = models.DateTimeField(null=True, blank=True)
    registration_confirmed_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def registration_confirmed(self) -> bool:
        return bool(self.registration_number and self.registration_confirmed_at)

    def registration_label(self) -> str:
        """ "NMC 12A3456E", with "(self-declared)" unless an admin confirmed it; "" if none."""
        if not self.registration_number:
            return ""
        body = self.get_registration_body_display() or _("Registration")
        label = f"{body} {self.registration_number}"
        return label if self.registration_confirmed else f"{label} ({_('self-declared')})"

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]


class AuditEvent(models.Model):
    """Who did what, to which record, when (UTC). Written by services; never edited."""

    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class SsoIdentity(models.Model):
    """An account's identity at the trust's single sign-on provider: the provider's issuer and
    its subject for the person, never reassigned. Made on the first sign-in through the provider,
    or when the owner of an existing account proves it with its password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_once")
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
