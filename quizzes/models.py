"""Question types, quizzes and attempts.

Every question type is a django-polymorphic subclass of ``Question`` and answers for itself through
one small interface:

- ``template_name``: the learner's widget; it is given only the question text and option labels;
- ``clean_response(raw)``: turn submitted form values into a stored answer, or raise
  ``ValidationError`` with a message for the learner;
- ``score(answer)``: points earned, from 0 to ``max_points()``;
- ``feedback(answer)``: a ``Feedback`` with the overall and per-option explanation.

An attempt keeps a snapshot of each question (``to_snapshot``) and scores from the rebuilt copy
(``Question.from_snapshot``), so editing a question never changes an earlier result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from polymorphic.models import PolymorphicModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from .blocks import OptionBlock

ERROR_NO_ANSWER = _("Choose an answer.")
ERROR_NOT_AN_OPTION = _("That answer is not one of the options. Reload the page and try again.")


@dataclass
class Feedback:
    """What a learner is told about one answer, once the quiz allows it."""

    correct: bool | None
    message: str = ""
    option_feedback: dict[str, str] = field(default_factory=dict)
    correct_answer_label: str = ""


def _single_value(raw) -> str:
    if isinstance(raw, list | tuple):
        raw = raw[0] if len(raw) == 1 else None
    if raw is None or not isinstance(raw, str) or not raw.strip():
        raise ValidationError(ERROR_NO_ANSWER, code="required")
    if len(raw) > 100:
        raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
    return raw.strip()


class Question(PolymorphicModel):
    """A question in the bank. Use one of the subclasses; the base is never created on its own."""

    text = models.TextField(_("question"), help_text=_("What the learner is asked."))
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Overall feedback, shown after answering when the quiz allows."),
    )
    learning_outcome = models.CharField(
        _("learning outcome"),
        max_length=255,
        blank=True,
        help_text=_("The learning outcome this question checks."),
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    clip_start = models.PositiveIntegerField(
        _("film clip start (seconds)"),
        null=True,
        blank=True,
        help_text=_("Where the film teaches this. A wrong answer offers to rewatch the clip."),
    )
    clip_end = models.PositiveIntegerField(_("film clip end (seconds)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    type_label = _("Question")
    template_name = ""
    scored = True
    snapshot_fields: tuple[str, ...] = ()
    _base_snapshot_fields = (
        "text",
        "explanation",
        "learning_outcome",
        "points",
        "clip_start",
        "clip_end",
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("explanation"),
        FieldPanel("learning_outcome"),
        FieldPanel("points"),
        MultiFieldPanel([FieldPanel("clip_start"), FieldPanel("clip_end")], heading=_("Film clip")),
    ]

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(clip_end__isnull=True)
                | Q(clip_start__isnull=True)
                | Q(clip_end__gt=models.F("clip_start")),
                name="quizzes_question_clip_order",
            )
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return f"{self.type_label}: {text}"

    def clean(self):
        super().clean()
        if (
            self.clip_start is not None
            and self.clip_end is not None
            and self.clip_end <= self.clip_start
        ):
            raise ValidationError({"clip_end": _("The clip must end after it starts.")})

    # -- the interface each type implements ------------------------------------------------------
    def max_points(self) -> Decimal:
        """The most this question can earn."""
        return Decimal(self.points) if self.scored else Decimal(0)

    def clean_response(self, raw):
        """Turn submitted values into a stored answer, or raise ValidationError."""
        raise NotImplementedError

    def score(self, answer) -> Decimal:
        """Points earned by a cleaned answer, between 0 and max_points()."""
        raise NotImplementedError

    def feedback(self, answer) -> Feedback:
        """The explanation for a cleaned answer."""
        raise NotImplementedError

    def widget_options(self) -> list[dict]:
        """Option ids and labels for the widget: never whether an option is correct."""
        return []

    # -- snapshots -------------------------------------------------------------------------------
    def to_snapshot(self) -> dict:
        """Everything needed to rebuild this question as it is now."""
        data = {}
        for name in self._base_snapshot_fields + self.snapshot_fields:
            value = getattr(self, name)
            if hasattr(value, "get_prep_value"):
                value = value.get_prep_value()
            data[name] = value
        return {"id": self.pk, "model": self._meta.label_lower, "fields": data}

    @staticmethod
    def from_snapshot(snapshot: dict) -> Question:
        """An unsaved copy of the question as it was when the snapshot was taken."""
        model = apps.get_model(snapshot["model"])
        if not issubclass(model, Question):
            raise ValueError("not a question snapshot")
        return model(pk=snapshot["id"], **snapshot["fields"])

    @property
    def has_clip(self) -> bool:
        return self.clip_start is not None and self.clip_end is not None


class SingleChoiceQuestion(Question):
    """One right answer among several options."""

    options = StreamField([("option", OptionBlock())], use_json_field=True)

    type_label = _("Single choice")
    template_name = "quizzes/questions/single_choice.html"
    snapshot_fields = ("options",)
    panels = [*Question.panels[:2], FieldPanel("options"), *Question.panels[2:]]

    class Meta:
        verbose_name = _("single choice question")

    def clean(self):
        super().clean()
        options = [child.value for child in self.options]
        if len(options) < 2:
            raise ValidationError({"options": _("Give at least two options.")})
        if sum(1 for option in options if option["correct"]) != 1:
            raise ValidationError({"options": _("Mark exactly one option as correct.")})

    def _options(self) -> dict[str, dict]:
        return {child.id: child.value for child in self.options}

    def widget_options(self) -> list[dict]:
        return [{"id": child.id, "text": child.value["text"]} for child in self.options]

    def clean_response(self, raw) -> str:
        choice = _single_value(raw)
        if choice not in self._options():
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        return choice

    def score(self, answer) -> Decimal:
        option = self._options().get(answer)
        return self.max_points() if option and option["correct"] else Decimal(0)

    def feedback(self, answer) -> Feedback:
        options = self._options()
        chosen = options.get(answer)
        right = next((o for o in options.values() if o["correct"]), None)
        return Feedback(
            correct=bool(chosen and chosen["correct"]),
            message=self.explanation,
            option_feedback={key: o["feedback"] for key, o in options.items() if o["feedback"]},
            correct_answer_label=right["text"] if right else "",
        )


class TrueFalseQuestion(Question):
    """A statement the learner marks true or false."""

    correct_answer = models.BooleanField(_("the statement is true"), default=True)
    feedback_true = models.TextField(_("feedback if they answer true"), blank=True)
    feedback_false = models.TextField(_("feedback if they answer false"), blank=True)

    type_label = _("True or false")
    template_name = "quizzes/questions/true_false.html"
    snapshot_fields = ("correct_answer", "feedback_true", "feedback_false")
    panels = [
        *Question.panels[:1],
        FieldPanel("correct_answer"),
        FieldPanel("feedback_true"),
        FieldPanel("feedback_false"),
        *Question.panels[1:],
    ]

    class Meta:
        verbose_name = _("true or false question")

    def widget_options(self) -> list[dict]:
        return [{"id": "true", "text": _("True")}, {"id": "false", "text": _("False")}]

    def clean_response(self, raw) -> bool:
        value = _single_value(raw)
        if value not in {"true", "false"}:
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        return value == "true"

    def score(self, answer) -> Decimal:
        return self.max_points() if answer is self.correct_answer else Decimal(0)

    def feedback(self, answer) -> Feedback:
        return Feedback(
            correct=answer is self.correct_answer,
            message=self.explanation,
            option_feedback={
                key: text
                for key, text in (("true", self.feedback_true), ("false", self.feedback_false))
                if text
            },
            correct_answer_label=str(_("True") if self.correct_answer else _("False")),
        )


class LikertQuestion(Question):
    """An attitude statement on a 5-point agreement scale. Never scored; never right or wrong."""

    SCALE = (
        (1, _("Strongly disagree")),
        (2, _("Disagree")),
        (3, _("Neither agree nor disagree")),
        (4, _("Agree")),
        (5, _("Strongly agree")),
    )

    reverse_scored = models.BooleanField(
        _("reverse scored"),
        default=False,
        help_text=_("Tick when agreeing shows a less positive attitude to advocacy."),
    )
    subscale = models.CharField(
        _("subscale"),
        max_length=60,
        blank=True,
        help_text=_("For example: value, threat, confidence."),
    )
    myth_fact = models.TextField(
        _("what the evidence says"),
        blank=True,
        help_text=_(
            "Shown with the learner's own change, to answer the worry behind the statement."
        ),
    )

    type_label = _("Attitude statement")
    template_name = "quizzes/questions/likert.html"
    scored = False
    snapshot_fields = ("reverse_scored", "subscale", "myth_fact")
    panels = [
        *Question.panels[:1],
        FieldPanel("reverse_scored"),
        FieldPanel("subscale"),
        FieldPanel("myth_fact"),
        FieldPanel("learning_outcome"),
    ]

    class Meta:
        verbose_name = _("attitude statement")

    def widget_options(self) -> list[dict]:
        return [{"id": str(value), "text": label} for value, label in self.SCALE]

    def clean_response(self, raw) -> int:
        value = _single_value(raw)
        if value not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        return int(value)

    def score(self, answer) -> Decimal:
        return Decimal(0)

    def attitude_value(self, answer: int) -> int:
        """The answer on a scale where 5 is always the most positive attitude to advocacy."""
        return 6 - answer if self.reverse_scored else answer

    def feedback(self, answer) -> Feedback:
        return Feedback(correct=None, message=self.myth_fact)


class Quiz(ClusterableModel):
    """An ordered set of questions from the bank, with the rules for passing."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge check (scored)")
        ATTITUDE = "attitude", _("Attitude questionnaire (never scored)")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.KNOWLEDGE)
    intro = models.TextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, help_text=_("Percentage of points needed to pass.")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("pass_mark"),
        InlinePanel("quiz_questions", heading=_("Questions"), label=_("Question")),
    ]

    class Meta:
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="quizzes_quiz_pass_mark_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_scored(self) -> bool:
        return self.kind == self.Kind.KNOWLEDGE


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

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.KNOWLEDGE)
    # Where the attempt was taken (a module page id); quizzes knows nothing more about pages.
    context_id = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    snapshot = models.JSONField(default=list, help_text="The questions as they were at the start.")
    pass_mark = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
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
