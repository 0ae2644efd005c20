from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core.durations import hours_in_words
from core.nmc import CodeThemesField, theme_labels
from courses.models import CourseCompletion, CoursePage

from . import codes


def private_storage():
    return storages["private"]


def new_code() -> str:
    """A verification code of 140 random bits that reads well on paper (see codes.py)."""
    return codes.new_code()


def certificate_path(instance, filename: str) -> str:
    return f"certificates/{instance.issued_at:%Y/%m}/{instance.code}.pdf"


class Certificate(models.Model):
    """Evidence of one completion. What it states is copied in at issue, so it never drifts."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    completion = models.OneToOneField(
        CourseCompletion, on_delete=models.PROTECT, related_name="certificate"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(max_length=64, unique=True, default=new_code, editable=False)
    learner_name = models.CharField(max_length=300)
    registration = models.CharField(max_length=120, blank=True)
    course_title = models.CharField(max_length=255)
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=1)
    participatory_hours = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    learning_outcomes = models.JSONField(default=list)
    code_themes = CodeThemesField()
    module_titles = models.JSONField(default=list)
    content_version = models.CharField(max_length=64, blank=True)
    issuer_name = models.CharField(max_length=255, blank=True)
    signatory_name = models.CharField(max_length=255, blank=True)
    signatory_role = models.CharField(max_length=255, blank=True)
    law_as_at = models.DateField()
    # The provisions of the law the content cited at issue (its modules' and questions').
    provisions = models.ManyToManyField("law.Provision", blank=True, related_name="certificates")
    completed_at = models.DateTimeField()
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(storage=private_storage, upload_to=certificate_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.VALID)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="valid", revoked_at__isnull=True)
                | Q(status="revoked", revoked_at__isnull=False),
                name="certificates_revoked_has_date",
            ),
            models.CheckConstraint(
                condition=Q(cpd_hours__gte=0), name="certificates_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_title} – {self.learner_name} ({self.issued_at:%d %b %Y})"

    def theme_labels(self) -> list[str]:
        return theme_labels(self.code_themes)

    @property
    def hours_words(self) -> str:
        return hours_in_words(self.cpd_hours)

    @property
    def participatory_words(self) -> str:
        return hours_in_words(self.participatory_hours) if self.participatory_hours else ""

    @property
    def grouped_code(self) -> str:
        return codes.grouped(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and (now or timezone.now()) >= self.expires_at

    @property
    def state(self) -> str:
        """valid, revoked or expired: what the verify page says."""
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired() else "valid"


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    """Who issues the certificates: shown on every certificate rendered after a change."""

    issuer_name = models.CharField(
        _("issuing organisation"),
        max_length=255,
        default="Bridge demonstration trust",
        help_text=_("For example, the name of your NHS trust."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signatory_name = models.CharField(_("signatory name"), max_length=255, blank=True)
    signatory_role = models.CharField(_("signatory role"), max_length=255, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An image of the signature, on a transparent or white background."),
    )

    panels = [
        FieldPanel("issuer_name"),
        FieldPanel("logo"),
        FieldPanel("signatory_name"),
        FieldPanel("signatory_role"),
        FieldPanel("signature"),
    ]

    class Meta:
        verbose_name = _("certificate issuer")
