"""What Bridge keeps of its LTI 1.3 launches, beside django-lti's own records (the platform
registrations, deployments, contexts, users and resource links, in ``lti_tool``): which Bridge
course or module a resource link opens, what was last reported to the platform's gradebook for
each of its learners, and the launch nonces already used."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Placement(models.Model):
    """A Bridge course (or one of its modules) placed in an LMS course as a resource link."""

    resource_link = models.OneToOneField(
        "lti_tool.LtiResourceLink", on_delete=models.CASCADE, related_name="bridge_placement"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="lti_placements"
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lti_placements",
    )
    lineitem_url = models.URLField(max_length=1000, blank=True)  # the gradebook column, if any
    ags_scopes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_launched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.module or self.course} in {self.resource_link}"

    @property
    def target(self):
        return self.module or self.course


class Outcome(models.Model):
    """A learner of a placement, and what their platform's gradebook was last told."""

    class State(models.TextChoices):
        WAITING = "waiting", "Nothing to report yet"
        SENT = "sent", "Reported"
        FAILED = "failed", "Not reported: will try again"

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="outcomes")
    lti_user = models.ForeignKey(
        "lti_tool.LtiUser", on_delete=models.CASCADE, related_name="bridge_outcomes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lti_outcomes",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    activity_progress = models.CharField(max_length=20, blank=True)
    score_given = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["placement", "lti_user"], name="lti_outcome_once")
        ]
        indexes = [models.Index(fields=["user", "placement"])]

    def __str__(self) -> str:
        return f"{self.lti_user} on {self.placement}"


class UsedNonce(models.Model):
    """A launch's nonce, kept once used: the same signed launch posted again is refused."""

    issuer = models.CharField(max_length=255)
    nonce = models.CharField(max_length=255)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "nonce"], name="lti_nonce_once")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.nonce}"
