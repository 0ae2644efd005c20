import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import CourseCompletion, CoursePage


def private_storage():
    return storages["private"]


def new_code() -> str:
    """A verification code of 128 random bits (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


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
    learning_outcomes = models.JSONField(default=list)
    law_as_at = models.DateField()
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

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED
