"""The records of a learner's progress: enrolment, module progress, reflections, checkpoint answers
and completions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .pages import CoursePage, ModulePage


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_one_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.course}"


class ModuleProgress(models.Model):
    """What the server has seen a learner do in one module."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="progress")
    film_block_id = models.CharField(max_length=64, blank=True)
    film_duration = models.FloatField(null=True, blank=True)
    # Merged [start, end] second ranges the player reported, heartbeat by heartbeat.
    film_segments = models.JSONField(default=list, blank=True)
    # Seconds of film credited: the ranges covered, bounded by the server's clock since opening.
    film_seconds_watched = models.FloatField(default=0)
    # When the learner started the film (the player's first heartbeat, by the server's clock).
    film_opened_at = models.DateTimeField(null=True, blank=True)
    film_last_heartbeat_at = models.DateTimeField(null=True, blank=True)
    film_watched_at = models.DateTimeField(null=True, blank=True)
    transcript_confirmed_at = models.DateTimeField(null=True, blank=True)
    quiz_passed_at = models.DateTimeField(null=True, blank=True)
    reflection_at = models.DateTimeField(null=True, blank=True)
    attitude_post_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], name="courses_one_progress_per_module"
            ),
            models.CheckConstraint(
                condition=Q(film_seconds_watched__gte=0), name="courses_watched_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.module}"

    @property
    def film_percent(self) -> int:
        if not self.film_duration:
            return 0
        return min(100, int(self.film_seconds_watched * 100 // self.film_duration))

    @property
    def film_done(self) -> bool:
        return bool(self.film_watched_at or self.transcript_confirmed_at)


class ModuleReflection(models.Model):
    """What a learner wrote in answer to a module's reflection prompt: kept for their CPD record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="reflections")
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="courses_one_reflection")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.module}"


class CheckpointAnswer(models.Model):
    """A learner's answer to a question a film paused for (or that they answered from the
    transcript). Formative: it never counts toward a pass, but it is kept like any answer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkpoint_answers"
    )
    module = models.ForeignKey(
        ModulePage, on_delete=models.CASCADE, related_name="checkpoint_answers"
    )
    block_id = models.CharField(max_length=64)
    question_id = models.PositiveIntegerField()
    question_snapshot = models.JSONField()
    answer = models.JSONField()
    points = models.DecimalField(max_digits=7, decimal_places=2)
    max_points = models.DecimalField(max_digits=7, decimal_places=2)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "block_id", "question_id"],
                name="courses_one_answer_per_checkpoint",
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0, points__lte=models.F("max_points")),
                name="courses_checkpoint_points_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at checkpoint {self.question_id} in {self.module}"


class CourseCompletion(models.Model):
    """A learner finished a course. Recorded once per round; a retake (renewal) is a new round."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_completions"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="completions")
    round = models.PositiveSmallIntegerField(default=1)
    completed_at = models.DateTimeField()
    # The published revision of the course in force at completion: the content version.
    course_revision_id = models.PositiveIntegerField(null=True, blank=True)
    module_revision_ids = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "round"], name="courses_one_completion_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.course} ({self.completed_at:%d %b %Y})"
