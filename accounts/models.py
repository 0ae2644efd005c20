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

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email
