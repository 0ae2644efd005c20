"""Did practice change? Some weeks after a course is completed, the learner is asked again: the
staff-attitude statements a third time, and what they now do differently (Kirkpatrick level 3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Behaviour(models.TextChoices):
    """What a learner may report doing differently since the course."""

    TOLD_RIGHT = "told_right", _("I told a patient about their right to an IMHA")
    INVITED_ADVOCATE = (
        "invited_advocate",
        _("I invited an advocate to a ward round, meeting or review"),
    )
    REFERRED = "referred", _("I referred someone to an IMHA who would otherwise have been missed")
    HELPED_ADVOCATE = (
        "helped_advocate",
        _("I helped an advocate to see a patient or their records, with the patient's agreement"),
    )
    CHALLENGED = "challenged", _("I spoke up when a colleague was dismissive of advocacy")


class FollowUp(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        INVITED = "invited", _("Invited")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined")

    completion = models.OneToOneField(
        "courses.CourseCompletion", on_delete=models.CASCADE, related_name="followup"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followups"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(help_text="The day the learner is invited.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    attempt = models.ForeignKey(
        "quizzes.QuizAttempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    behaviours = models.JSONField(default=list, blank=True)
    changes = models.TextField(_("what did you do differently?"), max_length=4000, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="followup_due")]

    def __str__(self) -> str:
        return f"Follow-up of {self.user} on {self.course} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.INVITED

    def behaviour_labels(self) -> list[str]:
        labels = dict(Behaviour.choices)
        return [str(labels[b]) for b in self.behaviours if b in labels]
