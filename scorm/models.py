"""SCORM dispatch: a course exported as a package an LMS (ESR's Oracle Learning Management,
Moodle, Totara) plays, while the content and the learning stay in Bridge.

A ``Dispatch`` is one exported package of one course for one LMS. The package holds no secret:
at its first launch for a learner it makes a random token, keeps it in the LMS's own record of
that learner (``cmi.suspend_data``), and opens Bridge with it. The learner signs in to Bridge (NHS
account or password) and confirms the link once; that makes a ``Registration``. From then on the
package asks Bridge for the course's status with the token, and writes completion, pass and
score back through the LMS's SCORM runtime."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Dispatch(models.Model):
    class Version(models.TextChoices):
        SCORM_12 = "1.2", _("SCORM 1.2")
        SCORM_2004 = "2004", _("SCORM 2004 4th edition")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="scorm_dispatches"
    )
    version = models.CharField(max_length=8, choices=Version.choices)
    lms_name = models.CharField(
        _("the LMS it is for"),
        max_length=120,
        help_text=_("Shown to learners when they link their record, for example 'ESR'."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SCORM package")

    def __str__(self) -> str:
        return f"{self.course} ({self.get_version_display()}, {self.lms_name})"

    @property
    def stopped(self) -> bool:
        return self.stopped_at is not None


class Registration(models.Model):
    """A learner's record in the LMS, linked to their Bridge account when they first launch."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="registrations")
    # The SHA-256 of the package's token: the token itself is the LMS's, kept in its suspend data.
    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_registrations"
    )
    lms_learner_id = models.CharField(max_length=255)
    lms_learner_name = models.CharField(max_length=255, blank=True)
    linked_at = models.DateTimeField(default=timezone.now)
    last_launched_at = models.DateTimeField(default=timezone.now)
    last_reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["dispatch", "lms_learner_id"])]

    def __str__(self) -> str:
        return f"{self.lms_learner_id} in {self.dispatch.lms_name} is {self.user}"
