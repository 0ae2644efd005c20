"""The question base class and the interface every question type implements.

Raw answers arrive from the module page's form (or its autosave script) in one of two shapes:

- a list of strings, for inputs named ``q<id>`` (radios, checkboxes, one text area);
- a dict of strings, for inputs named ``q<id>-<part>`` (one per blank, ordering item or matching
  prompt).

``clean_response`` must accept anything at all (lists, dicts, numbers, None, huge strings) and
either return a JSON-serialisable answer or raise ``ValidationError`` with a learner's message.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from polymorphic.models import PolymorphicModel
from taggit.managers import TaggableManager
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from core.text import ERROR_UNSAFE_TEXT, contains_unsafe_text

ERROR_NO_ANSWER = _("Choose an answer.")
ERROR_NOT_AN_OPTION = _("That answer is not one of the options. Reload the page and try again.")
MAX_RAW_TEXT = 5000


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


def _string_list(raw, *, max_items: int = 100) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple) or len(raw) > max_items:
        raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
    if not all(isinstance(item, str) and len(item) <= 100 for item in raw):
        raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
    return [item.strip() for item in raw if item.strip()]


def _string_dict(raw, *, keys: set[str]) -> dict[str, str]:
    if not isinstance(raw, dict) or len(raw) > len(keys) or not set(raw) <= keys:
        raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
    result = {}
    for key, value in raw.items():
        if isinstance(value, list | tuple) and len(value) == 1:
            value = value[0]
        if not isinstance(value, str) or len(value) > 300:
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        result[key] = value.strip()
    return result


def fraction_of(points: Decimal, right: int, total: int) -> Decimal:
    """Points for ``right`` out of ``total`` parts, to 2 places, never below zero."""
    if total <= 0 or right <= 0:
        return Decimal(0)
    return (points * right / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


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
    tags = TaggableManager(
        blank=True, help_text=_("Tags group questions into pools a quiz can draw from.")
    )
    provisions = models.ManyToManyField(
        "law.Provision",
        blank=True,
        related_name="questions",
        verbose_name=_("provisions checked"),
        help_text=_("Where the answer depends on the law: a change to one flags the question."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    type_label = _("Question")
    template_name = ""
    scored = True
    # Whether the widget's options are shown in a shuffled order even when the quiz does not ask
    # for shuffling (ordering must be, or the page would show the answer).
    always_shuffle = False
    snapshot_fields: tuple[str, ...] = ()
    _base_snapshot_fields = (
        "text",
        "explanation",
        "learning_outcome",
        "points",
        "clip_start",
        "clip_end",
    )

    common_panels = [
        FieldPanel("explanation"),
        FieldPanel("learning_outcome"),
        FieldPanel("tags"),
        FieldPanel("provisions"),
        FieldPanel("points"),
        MultiFieldPanel([FieldPanel("clip_start"), FieldPanel("clip_end")], heading=_("Film clip")),
    ]
    panels = [FieldPanel("text"), *common_panels]

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

    def clean_answer(self, raw):
        """What callers use: refuse text no database can keep, then the type's own cleaning."""
        if contains_unsafe_text(raw):
            raise ValidationError(ERROR_UNSAFE_TEXT, code="unsafe_text")
        return self.clean_response(raw)

    def clean_response(self, raw):
        """Turn submitted values into a stored answer, or raise ValidationError."""
        raise NotImplementedError

    def draft_answer(self, raw):
        """What callers use for an unfinished answer: the parts given so far, or None when this
        type has no unfinished state (or the input is not from this question's form)."""
        if contains_unsafe_text(raw):
            return None
        try:
            return self.clean_draft(raw)
        except ValidationError:
            return None

    def clean_draft(self, raw):
        """An unfinished answer, kept only to refill the form. Types made of several parts, or
        typed text with a minimum length, override this."""
        return None

    def score(self, answer) -> Decimal:
        """Points earned by a cleaned answer, between 0 and max_points()."""
        raise NotImplementedError

    def feedback(self, answer) -> Feedback:
        """The explanation for a cleaned answer."""
        raise NotImplementedError

    def option_ids(self) -> list[str]:
        """The ids of whatever the learner picks from or orders; used to shuffle the display."""
        return []

    def widget_options(self) -> list[dict]:
        """Option ids and labels for the widget, in display order: never whether one is correct."""
        return []

    def answer_labels(self, answer) -> list[str]:
        """The learner's answer in words, for results and exports."""
        return [str(answer)]

    # -- display order ---------------------------------------------------------------------------
    display_order: list[str] | None = None

    def shuffled_order(self, rng: random.Random) -> list[str]:
        """A shuffled display order that is never the authored one when that is possible."""
        ids = self.option_ids()
        order = ids[:]
        rng.shuffle(order)
        if len(ids) > 1 and order == ids:
            order = order[1:] + order[:1]
        return order

    def in_display_order(self, items: list[dict]) -> list[dict]:
        if not self.display_order:
            return items
        rank = {key: index for index, key in enumerate(self.display_order)}
        return sorted(items, key=lambda item: rank.get(item["id"], len(rank)))

    # -- snapshots -------------------------------------------------------------------------------
    def to_snapshot(self, *, display_order: list[str] | None = None) -> dict:
        """Everything needed to rebuild this question as it is now."""
        data = {}
        for name in self._base_snapshot_fields + self.snapshot_fields:
            value = getattr(self, name)
            if hasattr(value, "get_prep_value"):
                value = value.get_prep_value()
            data[name] = value
        snapshot = {"id": self.pk, "model": self._meta.label_lower, "fields": data}
        if display_order:
            snapshot["order"] = display_order
        return snapshot

    @staticmethod
    def from_snapshot(snapshot: dict) -> Question:
        """An unsaved copy of the question as it was when the snapshot was taken."""
        model = apps.get_model(snapshot["model"])
        if not issubclass(model, Question):
            raise ValueError("not a question snapshot")
        question = model(pk=snapshot["id"], **snapshot["fields"])
        question.display_order = snapshot.get("order")
        return question

    @property
    def has_clip(self) -> bool:
        return self.clip_start is not None and self.clip_end is not None
