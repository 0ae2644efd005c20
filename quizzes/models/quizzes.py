from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from .questions import Question


def moment_label(moment, *, now=None) -> str:
    """A time as a learner reads it: "14:35" today, "14:35 on 3 December" on another day."""
    local, today = timezone.localtime(moment), timezone.localtime(now or timezone.now()).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return f"{local:%H:%M} on {local.day} {local:%B}"


class Quiz(ClusterableModel):
    """An ordered set of questions from the bank, with the rules for passing."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge check (scored)")
        ATTITUDE = "attitude", _("Attitude questionnaire (never scored)")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.KNOWLEDGE)
    intro = models.TextField(_("introduction"), blank=True)

    class Behaviour(models.TextChoices):
        PRACTICE = "practice", _("Practice: feedback after each answer, retry, show solution")
        ASSESSED = "assessed", _("Assessed: feedback only after submitting")

    behaviour = models.CharField(
        _("behaviour"), max_length=10, choices=Behaviour.choices, default=Behaviour.ASSESSED
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, help_text=_("Percentage of points needed to pass.")
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=0,
        help_text=_("In each round of the course (a renewal starts again). 0 means no limit."),
    )
    attempt_wait_minutes = models.PositiveSmallIntegerField(
        _("wait between attempts (minutes)"),
        null=True,
        blank=True,
        help_text=_("After an attempt that did not pass, how long before the next may start."),
    )

    class Review(models.TextChoices):
        NEVER = "never", _("Never: the score only")
        AFTER_PASS = "after_pass", _("After a pass")
        AFTER_LAST = "after_last", _("After a pass or the last allowed attempt")
        ALWAYS = "always", _("Always (for practice)")

    review = models.CharField(
        _("show the right answers"),
        max_length=10,
        choices=Review.choices,
        default=Review.AFTER_PASS,
        help_text=_(
            "When a learner sees the right answers and explanations of an attempt they "
            "submitted. Before then they see their score and the parts of the film to review."
        ),
    )
    draw_count = models.PositiveSmallIntegerField(
        _("draw this many questions"),
        null=True,
        blank=True,
        help_text=_("Give each attempt a random draw from the pool. Leave blank to ask them all."),
    )
    draw_tag = models.CharField(
        _("pool tag"),
        max_length=100,
        blank=True,
        help_text=_("Draw from every bank question with this tag, not only the ones listed below."),
    )
    shuffle_options = models.BooleanField(_("shuffle answer options"), default=False)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Enforced on the server. Leave blank for no limit."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("behaviour"),
                FieldPanel("pass_mark"),
                FieldPanel("review"),
                FieldPanel("attempts_allowed"),
                FieldPanel("attempt_wait_minutes"),
                FieldPanel("shuffle_options"),
                FieldPanel("time_limit_minutes"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [FieldPanel("draw_count"), FieldPanel("draw_tag")], heading=_("Random draw")
        ),
        InlinePanel("quiz_questions", heading=_("Questions"), label=_("Question")),
    ]

    class Meta:
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="quizzes_quiz_pass_mark_range"
            ),
            models.CheckConstraint(
                condition=Q(draw_count__isnull=True) | Q(draw_count__gte=1),
                name="quizzes_quiz_draw_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.is_practice and self.review != self.Review.ALWAYS:
            raise ValidationError(
                {"review": _("A practice quiz explains each answer as it is given: choose Always.")}
            )
        if self.review == self.Review.AFTER_LAST and not self.attempts_allowed:
            raise ValidationError(
                {"attempts_allowed": _("Set a number of attempts, or choose another review rule.")}
            )

    def review_open(self, attempt) -> bool:
        """Whether this submitted attempt may show its right answers and explanations."""
        if attempt.is_open:
            return False
        if not self.is_scored or self.review == self.Review.ALWAYS:
            return True
        if attempt.earlier_round:
            return False  # a renewal is a fresh test: last round's answers stay closed
        if self.review == self.Review.AFTER_PASS:
            return bool(attempt.passed)
        if self.review == self.Review.AFTER_LAST:
            last = bool(self.attempts_allowed) and attempt.number >= self.attempts_allowed
            return bool(attempt.passed) or last
        return False

    def next_attempt_at(self, last):
        """When the learner may start again after their last attempt (a failed one, while the
        quiz asks for a wait); None if they may now."""
        if not self.is_scored or not self.attempt_wait_minutes:
            return None
        if last is None or last.passed or last.submitted_at is None:
            return None
        return last.submitted_at + timedelta(minutes=self.attempt_wait_minutes)

    @property
    def is_scored(self) -> bool:
        return self.kind == self.Kind.KNOWLEDGE

    @property
    def is_practice(self) -> bool:
        return self.behaviour == self.Behaviour.PRACTICE


class QuizQuestion(Orderable):
    """A question's place in a quiz: a plain link, so every question type survives a publish."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "question"], name="quizzes_question_once_per_quiz"
            )
        ]
