from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .questions import Question
from .quizzes import Quiz


class QuizAttempt(models.Model):
    """One go at a quiz by one learner, with the snapshot of what they were asked."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        GRADED = "graded", _("Graded")

    class Purpose(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge check")
        ATTITUDE_PRE = "attitude_pre", _("Attitudes before the module")
        ATTITUDE_POST = "attitude_post", _("Attitudes after the module")
        ATTITUDE_FOLLOWUP = "attitude_later", _("Attitudes some weeks after the course")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.KNOWLEDGE)
    # Where the attempt was taken (a module page id); quizzes knows nothing more about pages.
    context_id = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    # Which attempt this is in its round of the course (1 for the first).
    number = models.PositiveSmallIntegerField(default=1)
    # Set when the learner starts a new round (a renewal): the attempt no longer counts toward
    # the limit, and no longer shows its answers (the new round is a fresh test).
    earlier_round = models.BooleanField(default=False)
    snapshot = models.JSONField(default=list, help_text="The questions as they were at the start.")
    pass_mark = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now, editable=False)
    deadline = models.DateTimeField(null=True, blank=True, help_text="When a time limit runs out.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "quiz", "purpose", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "purpose"],
                condition=Q(status="in_progress"),
                name="quizzes_one_open_attempt",
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True)
                | Q(points__gte=0, points__lte=models.F("max_points")),
                name="quizzes_attempt_points_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="quizzes_attempt_closed_has_submitted_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} – {self.user} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def percent(self) -> int | None:
        if self.points is None or not self.max_points:
            return None
        return int((self.points / self.max_points * 100).to_integral_value(rounding="ROUND_FLOOR"))

    def questions(self) -> list[Question]:
        """The questions as they were when the attempt started."""
        return [Question.from_snapshot(item) for item in self.snapshot]


class Response(models.Model):
    """A learner's saved answer to one question in one attempt, kept as soon as it is given."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="responses")
    question_id = models.PositiveIntegerField(
        help_text="The id of the question in the attempt's snapshot."
    )
    answer = models.JSONField()
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="quizzes_one_response_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"Response to question {self.question_id} in attempt {self.attempt_id}"


class ResponseDraft(models.Model):
    """What a learner has put so far into a question they have not finished (an ordering with
    positions still to give, a short answer still being typed). It refills the page if they come
    back; it is never marked. A complete answer replaces it."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="drafts")
    question_id = models.PositiveIntegerField()
    value = models.JSONField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="quizzes_one_draft_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"Draft for question {self.question_id} in attempt {self.attempt_id}"
